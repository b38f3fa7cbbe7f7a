//! `quick-order`: order by SKU from a terminal, through Kontor's public API.
//!
//! ```text
//! export KONTOR_URL=http://127.0.0.1:3000 KONTOR_EMAIL=buyer@acme.example KONTOR_PASSWORD=kontor-demo
//! quick-order search "hex bolt m8"
//! quick-order order --po PO-4711 --name "Goods in" --street "Dock 4" --postal-code 20457 --city Hamburg \
//!     HB-M8-30-ZINC-100:5 SN-M8-ZINC-100:5
//! ```

use clap::{Parser, Subcommand};
use quick_order::{QuickOrder, parse_line};

#[derive(Parser)]
#[command(name = "quick-order", about = "Order by SKU through Kontor's API")]
struct Cli {
    /// The shop's address.
    #[arg(long, env = "KONTOR_URL", default_value = "http://127.0.0.1:3000")]
    url: String,
    /// The buyer's email address.
    #[arg(long, env = "KONTOR_EMAIL")]
    email: String,
    /// The buyer's password (prefer the environment variable to the command line).
    #[arg(long, env = "KONTOR_PASSWORD", hide_env_values = true)]
    password: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find products and their SKUs.
    Search {
        /// What to look for.
        text: String,
    },
    /// Put SKU:QUANTITY lines into the cart and place the order.
    Order {
        /// Your purchase-order number.
        #[arg(long, default_value = "")]
        po: String,
        /// `invoice` (on account) or `bank_transfer`.
        #[arg(long, default_value = "invoice")]
        payment: String,
        /// Recipient.
        #[arg(long)]
        name: String,
        /// Street and number.
        #[arg(long)]
        street: String,
        /// Postal code.
        #[arg(long)]
        postal_code: String,
        /// City.
        #[arg(long)]
        city: String,
        /// Two-letter country code.
        #[arg(long, default_value = "DE")]
        country: String,
        /// Lines as SKU:QUANTITY.
        #[arg(required = true)]
        lines: Vec<String>,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let shop = QuickOrder::sign_in(&cli.url, &cli.email, &cli.password)?;
    match cli.command {
        Command::Search { text } => {
            for found in shop.search(&text, 10)? {
                println!("{:<28} {:>14}  {}", found.sku, found.price, found.name);
            }
        }
        Command::Order {
            po,
            payment,
            name,
            street,
            postal_code,
            city,
            country,
            lines,
        } => {
            let lines = lines
                .iter()
                .map(|l| parse_line(l))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let subtotal = shop.fill_cart(&lines)?;
            // One key per invocation: rerunning the command after a timeout cannot order twice within it.
            let key = format!(
                "quick-order-{}",
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)?
                    .as_millis()
            );
            let ship_to = serde_json::json!({
                "name": name, "line1": street, "postal_code": postal_code, "city": city, "country": country,
            });
            let number = shop.place(&key, &po, ship_to, &payment)?;
            println!("order {number} placed (goods {subtotal}, excl. shipping and tax)");
        }
    }
    Ok(())
}
