//! Synthetic order history for load tests of the back office: `n` orders of the shop's own buyers for its own
//! variants over the last 180 days, in every status, written straight to the tables (checkout's rules would make
//! 100,000 orders a matter of minutes, and no stock is reserved for orders this old). Deterministic, so two runs
//! give the same figures.

use domain::AddressInput;

use crate::{Engine, EngineError, EngineResult, now_ms};

/// A variant as an order line needs it: id, SKU, product name, variant title, unit price in micro-units.
type Variant = (i64, String, String, String, i64);

/// Orders written per transaction: big enough to be quick, small enough not to hold the writer for long.
const BATCH: u32 = 2_000;
const DAY_MS: i64 = 86_400_000;

/// A small linear congruential generator: the same sequence on every machine, no dependency for test data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Status, and whether it is paid, by share out of 100.
fn status_of(roll: u64) -> (&'static str, bool) {
    match roll {
        0..10 => ("placed", false),
        10..22 => ("confirmed", false),
        22..27 => ("partially_shipped", false),
        27..60 => ("shipped", false),
        60..94 => ("delivered", true),
        _ => ("cancelled", false),
    }
}

impl Engine {
    /// Writes `n` synthetic orders placed by the shop's buyers (each for their company, if they have one) for the
    /// shop's variants; answers how many were written. Refused on a shop without buyers, channels or priced
    /// variants. For load tests only: never run it on a real shop.
    pub async fn seed_orders(&self, n: u32) -> EngineResult<u64> {
        let buyers: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT c.id, c.email, (SELECT MIN(m.company_id) FROM company_members m WHERE m.customer_id = c.id)
             FROM customers c ORDER BY c.id",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let mut channels = Vec::new();
        let all: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, currency FROM channels ORDER BY id")
                .fetch_all(&self.db.pool)
                .await?;
        for (channel, currency) in all {
            // A channel's orders are in its currency, so its lines are the variants priced in it.
            let variants: Vec<Variant> = sqlx::query_as(
                "SELECT v.id, v.sku, p.name, v.title, pr.amount_micros
                 FROM variants v JOIN products p ON p.id = v.product_id JOIN prices pr ON pr.variant_id = v.id
                 WHERE pr.currency = $1 ORDER BY v.id LIMIT 5000",
            )
            .bind(&currency)
            .fetch_all(&self.db.pool)
            .await?;
            if !variants.is_empty() {
                channels.push((channel, currency, variants));
            }
        }
        if buyers.is_empty() || channels.is_empty() {
            return Err(EngineError::Conflict(
                "orders need buyers, channels and priced variants: seed a catalog first".into(),
            ));
        }
        let address = AddressInput {
            name: "Goods in".into(),
            company: String::new(),
            line1: "Dock 4".into(),
            line2: String::new(),
            postal_code: "20457".into(),
            city: "Hamburg".into(),
            country: "DE".into(),
            phone: String::new(),
        }
        .validate()?;
        let address = serde_json::to_string(&address)
            .map_err(|e| EngineError::Conflict(format!("address: {e}")))?;
        let now = now_ms();
        let mut rng = Lcg(0x4b6f_6e74_6f72);
        let mut written = 0_u32;
        while written < n {
            let mut tx = self.db.begin_write().await?;
            for _ in 0..BATCH.min(n - written) {
                let (customer, email, company) = &buyers[rng.next(buyers.len() as u64) as usize];
                let (channel, currency, variants) =
                    &channels[rng.next(channels.len() as u64) as usize];
                let (status, paid) = status_of(rng.next(100));
                // Spread over 180 days, then one order per index so ties sort the same on both backends.
                let at = now - i64::try_from(rng.next(180 * DAY_MS as u64)).unwrap_or(0);
                let mut lines = Vec::new();
                for _ in 0..=rng.next(4) {
                    let v = &variants[rng.next(variants.len() as u64) as usize];
                    let quantity = 1 + i64::try_from(rng.next(24)).unwrap_or(0);
                    lines.push((v, quantity));
                }
                let subtotal: i64 = lines.iter().map(|(v, q)| v.4 * q).sum();
                let tax = subtotal / 100 * 19;
                let total = subtotal + tax;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO orders (customer_id, company_id, channel_id, idempotency_key, status, email,
                         currency, payment_method, payment_terms_days, shipping_method, shipping_address,
                         billing_address, subtotal_net_micros, shipping_net_micros, shipping_tax_micros, tax_micros,
                         total_micros, created_at, updated_at, payment_status, paid_micros)
                     VALUES ($1, NULLIF($2, 0), $3, $4, $5, $6, $7, 'invoice', 30, 'Parcel', $8, $8, $9, 0, 0, $10,
                         $11, $12, $12, $13, $14)
                     RETURNING id",
                )
                .bind(customer)
                .bind(company.unwrap_or(0))
                .bind(channel)
                .bind(format!("seed-{now}-{written}"))
                .bind(status)
                .bind(email)
                .bind(currency)
                .bind(&address)
                .bind(subtotal)
                .bind(tax)
                .bind(total)
                .bind(at)
                .bind(if paid { "paid" } else { "unpaid" })
                .bind(if paid { total } else { 0 })
                .fetch_one(&mut **tx)
                .await?;
                for ((variant, sku, product, title, unit), quantity) in lines {
                    let shipped = match status {
                        "shipped" | "delivered" => quantity,
                        "partially_shipped" => quantity / 2,
                        _ => 0,
                    };
                    let net = unit * quantity;
                    sqlx::query(
                        "INSERT INTO order_lines (order_id, variant_id, sku, product_name, variant_title, quantity,
                             unit_net_micros, line_net_micros, line_tax_micros, line_gross_micros, shipped)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(id)
                    .bind(variant)
                    .bind(sku)
                    .bind(product)
                    .bind(title)
                    .bind(quantity)
                    .bind(unit)
                    .bind(net)
                    .bind(net / 100 * 19)
                    .bind(net + net / 100 * 19)
                    .bind(shipped)
                    .execute(&mut **tx)
                    .await?;
                }
                sqlx::query(
                    "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, 'placed', '', $2)",
                )
                .bind(id)
                .bind(at)
                .execute(&mut **tx)
                .await?;
                written += 1;
            }
            tx.commit().await?;
        }
        Ok(u64::from(written))
    }
}
