//! Reading the shipping methods a checkout offers.

use domain::{Currency, ShippingMethod, ShippingRate};
use rust_decimal::Decimal;
use sqlx::FromRow;

use crate::{Engine, EngineResult};

#[derive(FromRow)]
struct MethodRow {
    code: String,
    name: String,
    kind: String,
    price_micros: i64,
    per_kg_micros: i64,
    free_above_micros: Option<i64>,
    countries: String,
}

fn amount(micros: i64) -> Decimal {
    Decimal::new(micros, 6).normalize()
}

impl MethodRow {
    fn method(self, currency: &Currency) -> ShippingMethod {
        let price = amount(self.price_micros);
        let rate = match self.kind.as_str() {
            "by_weight" => ShippingRate::ByWeight {
                base: price,
                per_kg: amount(self.per_kg_micros),
            },
            _ => ShippingRate::Flat { price },
        };
        ShippingMethod {
            code: self.code,
            name: self.name,
            rate,
            free_above: self.free_above_micros.map(amount),
            currency: currency.clone(),
            countries: self
                .countries
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
        }
    }
}

impl Engine {
    /// The shipping methods sold in `currency`, in display order.
    pub async fn shipping_methods(&self, currency: &Currency) -> EngineResult<Vec<ShippingMethod>> {
        let rows: Vec<MethodRow> = sqlx::query_as(
            "SELECT code, name, kind, price_micros, per_kg_micros, free_above_micros, countries
             FROM shipping_methods WHERE currency = $1 ORDER BY position, id",
        )
        .bind(currency.code())
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.method(currency)).collect())
    }
}
