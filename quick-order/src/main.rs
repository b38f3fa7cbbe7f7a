//! `quick-order`: order by SKU from a terminal, through Kontor's public API.
//!
//! ```text
//! export KONTOR_URL=http://127.0.0.1:3000 KONTOR_EMAIL=buyer@acme.example KONTOR_PASSWORD=kontor-demo
//! quick-order search "hex bolt m8"
//! # the session is kept in ~/.cache/kontor (or --session-file); the same order run twice is placed once
//! quick-order order --po PO-4711 --name "Goods in" --street "Dock 4" --postal-code 20457 --city Hamburg \
//!     HB-M8-30-ZINC-100:5 SN-M8-ZINC-100:5
//! ```

use clap::{Parser, Subcommand};
use quick_order::{QuickOrder, SessionFile, parse_line};

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
    /// Where the session is kept between runs (readable by you only); default: your cache folder.
    #[arg(long, env = "KONTOR_SESSION_FILE")]
    session_file: Option<std::path::PathBuf>,
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
    let sessions = match cli.session_file {
        Some(path) => SessionFile::at(path),
        None => SessionFile::default_location()?,
    };
    let mut shop = QuickOrder::resume(&cli.url, &cli.email, &cli.password, sessions)?;
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
            let cart = shop.fill_cart(&lines)?;
            let ship_to = serde_json::json!({
                "name": name, "line1": street, "postal_code": postal_code, "city": city, "country": country,
            });
            // The key comes from the cart and the PO number: rerunning the command returns this order again.
            let number = shop.place(&cart, &po, ship_to, &payment)?;
            println!(
                "order {number} placed (goods {}, excl. shipping and tax)",
                cart.subtotal
            );
        }
    }
    Ok(())
}
