//! What a shop needs to take orders: shipping methods per currency, and for every seeded company an admin, a
//! buyer and a viewer (`admin@acme.example`, … with the password `kontor-demo`) with a billing and a shipping
//! address, so anyone can try the B2B flow at once; the first company keeps a shared list, "Workshop restock", and the
//! second company's buyer has an order limit of 500, so their larger orders wait for its admin's approval.

use domain::{Password, Role};
use sqlx::{Any, Transaction};

use rust_decimal::Decimal;

use super::SeedSetup;
use crate::{
    EngineResult,
    accounts::hash_password,
    settings::{ShippingMethodRecord, ShopProfile, write_profile, write_shipping_method},
};

/// The demo wholesaler's own details, as invoices and the storefront's footer show them.
fn demo_profile() -> ShopProfile {
    ShopProfile {
        legal_name: "Kontor Trade GmbH".into(),
        street: "Hafenstraße 12".into(),
        postal_code: "20457".into(),
        city: "Hamburg".into(),
        country: "DE".into(),
        vat_id: "DE123456789".into(),
        registration: "HRB 123456, Amtsgericht Hamburg".into(),
        bank_name: "Hamburger Handelsbank".into(),
        iban: "DE89370400440532013000".into(),
        bic: "HHBADEHH".into(),
        contact_email: "orders@kontor.example".into(),
        logo_url: "/favicon.svg".into(),
    }
}

/// The demo accounts' password, listed in the README.
pub const DEMO_PASSWORD: &str = "kontor-demo";

/// (code, name, currency, kind, price, per kg, free above, countries), amounts in micro-units.
type ShippingSeed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    Option<i64>,
    &'static str,
);

const SHIPPING: &[ShippingSeed] = &[
    (
        "parcel",
        "Parcel (DHL), 1–2 working days",
        "EUR",
        "flat",
        9_500_000,
        0,
        Some(250_000_000),
        "DE,AT,CH,LI",
    ),
    (
        "freight",
        "Freight forwarder, pallets",
        "EUR",
        "by_weight",
        39_000_000,
        150_000,
        None,
        "DE,AT",
    ),
    (
        "pickup",
        "Collect from our warehouse",
        "EUR",
        "flat",
        0,
        0,
        None,
        "DE",
    ),
    (
        "parcel",
        "Paket (Post CH), 1–2 Werktage",
        "CHF",
        "flat",
        12_000_000,
        0,
        Some(300_000_000),
        "CH,LI,DE,AT",
    ),
    (
        "pickup",
        "Abholung im Lager",
        "CHF",
        "flat",
        0,
        0,
        None,
        "CH",
    ),
];

pub(super) async fn write_commerce(
    tx: &mut Transaction<'_, Any>,
    setup: &SeedSetup,
    now: i64,
) -> EngineResult<()> {
    for (code, name, currency, kind, price, per_kg, free, countries) in SHIPPING {
        let amount = |micros: i64| Decimal::new(micros, 6);
        let method = ShippingMethodRecord {
            code: format!("{code}-{}", currency.to_ascii_lowercase()),
            name: (*name).to_owned(),
            currency: (*currency).to_owned(),
            kind: (*kind).to_owned(),
            price: amount(*price),
            per_kg: amount(*per_kg),
            free_above: free.map(amount),
            countries: countries.split(',').map(str::to_owned).collect(),
        }
        .validated()?;
        write_shipping_method(tx, &method).await?;
    }
    write_profile(tx, &demo_profile().validated()?).await?;
    let password = Password::parse(DEMO_PASSWORD)?;
    for company in &setup.companies {
        for role in Role::ALL {
            let hash = hash_password(&password).await?;
            let (customer_id,): (i64,) = sqlx::query_as(
                "INSERT INTO customers (email, name, password_hash, created_at, updated_at, email_confirmed_at)
                 VALUES ($1, $2, $3, $4, $4, $4) RETURNING id",
            )
            .bind(format!("{}@{}.example", role.as_str(), company.code))
            .bind(format!("{} ({})", role.label(), company.name))
            .bind(&hash)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            let (company_id,): (i64,) = sqlx::query_as("SELECT id FROM companies WHERE code = $1")
                .bind(&company.code)
                .fetch_one(&mut **tx)
                .await?;
            crate::company::add_member(tx, company_id, customer_id, role, now).await?;
        }
        for (kind, line1) in [
            ("billing", "Rechnungsstelle, Postfach 12 40"),
            ("shipping", "Werkstraße 7, Tor 3"),
        ] {
            sqlx::query(
                "INSERT INTO addresses (company_id, kind, name, company, line1, postal_code, city, country, created_at)
                 VALUES ((SELECT id FROM companies WHERE code = $1), $2, $3, $4, $5, '70173', 'Stuttgart', $6, $7)",
            )
            .bind(&company.code)
            .bind(kind)
            .bind(if kind == "billing" { "Accounts payable" } else { "Goods receiving" })
            .bind(&company.name)
            .bind(line1)
            .bind(&company.country)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        }
    }
    if let Some(first) = setup.companies.first() {
        write_demo_list(tx, &first.code, now).await?;
        write_demo_quote(tx, &first.code, now).await?;
    }
    if let Some(second) = setup.companies.get(1) {
        // The second company's buyer orders up to 500 (net, base currency) alone; larger orders wait for its admin.
        sqlx::query(
            "UPDATE company_members SET order_limit_micros = 500000000
             WHERE customer_id = (SELECT id FROM customers WHERE email = $1)
               AND company_id = (SELECT id FROM companies WHERE code = $2)",
        )
        .bind(format!("buyer@{}.example", second.code))
        .bind(&second.code)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// The first company's buyer keeps a list shared with the company, "Workshop restock", of its first products that
/// ten units may be ordered of, so shared lists can be tried at once.
async fn write_demo_list(
    tx: &mut Transaction<'_, Any>,
    company: &str,
    now: i64,
) -> EngineResult<()> {
    let (list_id,): (i64,) = sqlx::query_as(
        "INSERT INTO shopping_lists (customer_id, company_id, name, shared, created_at, updated_at)
         VALUES ((SELECT id FROM customers WHERE email = $1), (SELECT id FROM companies WHERE code = $2),
                 'Workshop restock', 1, $3, $3) RETURNING id",
    )
    .bind(format!("buyer@{company}.example"))
    .bind(company)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO shopping_list_lines (list_id, variant_id, quantity, added_at)
         SELECT $1, id, 10, $2 + id FROM variants
         WHERE min_quantity <= 10 AND 10 % quantity_increment = 0 AND (max_quantity IS NULL OR max_quantity >= 10)
         ORDER BY id LIMIT 5",
    )
    .bind(list_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The first company's buyer has asked for a quote on 100 units each of two products, one with a target price,
/// and it waits for the shop's answer, so the back office's quote desk has work at once.
async fn write_demo_quote(
    tx: &mut Transaction<'_, Any>,
    company: &str,
    now: i64,
) -> EngineResult<()> {
    let (quote_id,): (i64,) = sqlx::query_as(
        "INSERT INTO quotes (customer_id, company_id, channel_id, currency, status, message, created_at, updated_at)
         SELECT (SELECT id FROM customers WHERE email = $1), (SELECT id FROM companies WHERE code = $2), c.id,
                c.currency, 'requested', $3, $4, $4
         FROM channels c ORDER BY c.id LIMIT 1 RETURNING id",
    )
    .bind(format!("buyer@{company}.example"))
    .bind(company)
    .bind("We re-equip two workshops this spring. What is your best price for 100 of each?")
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let lines: Vec<(i64, String, String, String, i64)> = sqlx::query_as(&format!(
        "SELECT v.id, v.sku, p.name, v.title, pr.amount_micros FROM variants v JOIN products p ON p.id = v.product_id
         JOIN prices pr ON pr.variant_id = v.id AND pr.currency = (SELECT currency FROM channels ORDER BY id LIMIT 1)
         WHERE {} AND v.min_quantity <= 100 AND 100 % v.quantity_increment = 0
           AND (v.max_quantity IS NULL OR v.max_quantity >= 100)
         ORDER BY v.id LIMIT 2 OFFSET 5",
        crate::products::SHOWN
    ))
    .fetch_all(&mut **tx)
    .await?;
    for (i, (variant_id, sku, product, title, price)) in lines.into_iter().enumerate() {
        // The first line names a target of 80 % of the list price, as a buyer haggling would.
        let target = (i == 0).then(|| price / 5 * 4);
        sqlx::query(
            "INSERT INTO quote_lines (quote_id, variant_id, sku, product_name, variant_title, quantity, target_unit_micros)
             VALUES ($1, $2, $3, $4, $5, 100, $6)",
        )
        .bind(quote_id)
        .bind(variant_id)
        .bind(sku)
        .bind(product)
        .bind(title)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl crate::Engine {
    /// The accounts (buyers' and staff's) that still accept the published demo password, by email: `kontor serve`
    /// warns about them, because anyone who has read the README can sign in as them. Only addresses shaped like the seed's
    /// (`…@….example`) are tried, so a shop of real buyers costs no hashing at start.
    pub async fn demo_accounts(&self) -> EngineResult<Vec<String>> {
        let candidates: Vec<(String, String)> = sqlx::query_as(
            "SELECT email, password_hash FROM customers WHERE email LIKE '%.example'
             UNION ALL SELECT email, password_hash FROM staff WHERE email LIKE '%.example' AND disabled_at IS NULL
             LIMIT 64",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let mut found = Vec::new();
        for (email, hash) in candidates {
            if self.verify(DEMO_PASSWORD, &hash).await? {
                found.push(email);
            }
        }
        Ok(found)
    }
}
