//! Shipping methods: a price per currency, flat or by weight, free above an order value, for the countries they
//! deliver to.

use domain::{Currency, DomainError};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::{code, country, text};
use crate::{Actor, Engine, EngineResult, Scope};

/// A shipping method, keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShippingMethodRecord {
    /// The key (`parcel-eur`).
    pub code: String,
    /// What buyers read at checkout.
    pub name: String,
    /// ISO 4217; checkout offers it to carts in this currency.
    pub currency: String,
    /// `flat`, or `by_weight` (the price plus `per_kg` for each kilogram).
    pub kind: String,
    /// The price, excluding tax.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub price: Decimal,
    /// With `by_weight`: the price per kilogram.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub per_kg: Decimal,
    /// Free from this order value (excluding tax) on; never when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub free_above: Option<Decimal>,
    /// The countries it delivers to (two-letter codes).
    pub countries: Vec<String>,
}

/// An amount as micro-units of its currency, refused (naming `field`) when negative or absurd.
fn micros(field: &str, amount: Decimal) -> Result<i64, DomainError> {
    if amount < Decimal::ZERO || amount > Decimal::from(1_000_000_000) || amount.scale() > 6 {
        return Err(DomainError::new(
            field,
            "must be 0 to 1,000,000,000 with at most 6 decimals",
        ));
    }
    use rust_decimal::prelude::ToPrimitive;
    (amount * Decimal::from(1_000_000))
        .to_i64()
        .ok_or_else(|| DomainError::new(field, "is out of range"))
}

impl ShippingMethodRecord {
    /// The record checked and normalized; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        if !matches!(self.kind.as_str(), "flat" | "by_weight") {
            return Err(DomainError::new("kind", "must be `flat` or `by_weight`"));
        }
        micros("price", self.price)?;
        micros("per_kg", self.per_kg)?;
        if let Some(free) = self.free_above {
            micros("free_above", free)?;
        }
        let countries = self
            .countries
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| country("countries", c))
            .collect::<Result<Vec<_>, _>>()?;
        if countries.is_empty() {
            return Err(DomainError::new(
                "countries",
                "name at least one country it delivers to",
            ));
        }
        Ok(Self {
            code: code("code", &self.code)?,
            name: text("name", &self.name, 100, true)?,
            currency: Currency::parse(&self.currency)
                .map_err(|e| DomainError::new("currency", e.message))?
                .code()
                .to_owned(),
            kind: self.kind.clone(),
            price: self.price.normalize(),
            per_kg: self.per_kg.normalize(),
            free_above: self.free_above.map(|f| f.normalize()),
            countries,
        })
    }

    fn fields(&self) -> [(&'static str, String); 7] {
        [
            ("name", self.name.clone()),
            ("currency", self.currency.clone()),
            ("kind", self.kind.clone()),
            ("price", self.price.to_string()),
            ("per_kg", self.per_kg.to_string()),
            (
                "free_above",
                self.free_above.map(|f| f.to_string()).unwrap_or_default(),
            ),
            ("countries", self.countries.join(",")),
        ]
    }
}

/// Creates or changes the (validated) method in `tx`.
pub(crate) async fn write_shipping_method(
    tx: &mut Transaction<'_, Any>,
    m: &ShippingMethodRecord,
) -> EngineResult<()> {
    sqlx::query(
        "INSERT INTO shipping_methods (code, name, currency, kind, price_micros, per_kg_micros, free_above_micros,
                                       countries, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, (SELECT COALESCE(MAX(position), -1) + 1 FROM shipping_methods))
         ON CONFLICT (code) DO UPDATE SET name = $2, currency = $3, kind = $4, price_micros = $5, per_kg_micros = $6,
             free_above_micros = $7, countries = $8",
    )
    .bind(&m.code)
    .bind(&m.name)
    .bind(&m.currency)
    .bind(&m.kind)
    .bind(micros("price", m.price)?)
    .bind(micros("per_kg", m.per_kg)?)
    .bind(m.free_above.map(|f| micros("free_above", f)).transpose()?)
    .bind(m.countries.join(","))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

type Row = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    Option<i64>,
    String,
);

impl Engine {
    /// Every shipping method in checkout's order; needs `settings:read`.
    pub async fn shipping_method_records(
        &self,
        actor: &Actor,
    ) -> EngineResult<Vec<ShippingMethodRecord>> {
        actor.require(Scope::SettingsRead)?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT code, name, currency, kind, price_micros, per_kg_micros, free_above_micros, countries
             FROM shipping_methods ORDER BY position, id",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let amount = |m: i64| Decimal::new(m, 6).normalize();
        Ok(rows
            .into_iter()
            .map(
                |(code, name, currency, kind, price, per_kg, free, countries)| {
                    ShippingMethodRecord {
                        code,
                        name,
                        currency,
                        kind,
                        price: amount(price),
                        per_kg: amount(per_kg),
                        free_above: free.map(amount),
                        countries: countries
                            .split(',')
                            .filter(|c| !c.is_empty())
                            .map(str::to_owned)
                            .collect(),
                    }
                },
            )
            .collect())
    }

    /// Creates or changes a shipping method; needs `settings:write`.
    pub async fn save_shipping_method(
        &self,
        actor: &Actor,
        method: &ShippingMethodRecord,
    ) -> EngineResult<ShippingMethodRecord> {
        super::require_write(actor)?;
        let method = method.validated()?;
        let before = self
            .shipping_method_records(actor)
            .await?
            .into_iter()
            .find(|m| m.code == method.code);
        let mut tx = self.db.begin_write().await?;
        write_shipping_method(&mut tx, &method).await?;
        let before = before.as_ref().map(ShippingMethodRecord::fields);
        super::record_change(
            &mut tx,
            actor,
            ("settings.shipping_created", "settings.shipping_changed"),
            ("shipping_method", &method.code),
            before.as_ref().map(|f| f.as_slice()),
            &method.fields(),
        )
        .await?;
        tx.commit().await?;
        Ok(method)
    }
}
