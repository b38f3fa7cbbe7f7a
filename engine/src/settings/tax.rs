//! Tax rates: a percentage per tax class and country.

use domain::{DomainError, TaxClass};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::country;
use crate::{Actor, Engine, EngineResult, Scope};

/// The rate of a tax class in a country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaxRateRecord {
    /// The class (`standard`, `reduced`).
    pub tax_class: String,
    /// ISO 3166 two-letter country code.
    pub country: String,
    /// Percent, 0 to 100 (`19`, `7.7`).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub rate_percent: Decimal,
}

impl TaxRateRecord {
    /// The record checked and normalized; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        if self.rate_percent < Decimal::ZERO
            || self.rate_percent > Decimal::ONE_HUNDRED
            || self.rate_percent.scale() > 4
        {
            return Err(DomainError::new(
                "rate_percent",
                "must be 0 to 100, with at most 4 decimals",
            ));
        }
        Ok(Self {
            tax_class: TaxClass::parse(&self.tax_class)?.as_str().to_owned(),
            country: country("country", &self.country)?,
            rate_percent: self.rate_percent.normalize(),
        })
    }
}

/// Sets the (validated) rate in `tx`.
pub(crate) async fn write_tax_rate(
    tx: &mut Transaction<'_, Any>,
    rate: &TaxRateRecord,
) -> EngineResult<()> {
    sqlx::query(
        "INSERT INTO tax_rates (tax_class, country, rate_percent) VALUES ($1, $2, $3)
         ON CONFLICT (tax_class, country) DO UPDATE SET rate_percent = $3",
    )
    .bind(&rate.tax_class)
    .bind(&rate.country)
    .bind(rate.rate_percent.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Engine {
    /// Every tax rate by country and class; needs `settings:read`.
    pub async fn tax_rate_records(&self, actor: &Actor) -> EngineResult<Vec<TaxRateRecord>> {
        actor.require(Scope::SettingsRead)?;
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT tax_class, country, rate_percent FROM tax_rates ORDER BY country, tax_class",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(tax_class, country, rate)| {
                Some(TaxRateRecord {
                    tax_class,
                    country,
                    rate_percent: rate.parse().ok()?,
                })
            })
            .collect())
    }

    /// Sets a tax rate; needs `settings:write`. Prices shown with tax change at once everywhere.
    pub async fn save_tax_rate(
        &self,
        actor: &Actor,
        rate: &TaxRateRecord,
    ) -> EngineResult<TaxRateRecord> {
        super::require_write(actor)?;
        let rate = rate.validated()?;
        let before = self
            .tax_rate_records(actor)
            .await?
            .into_iter()
            .find(|r| r.tax_class == rate.tax_class && r.country == rate.country)
            .map(|r| [("rate_percent", r.rate_percent.to_string())]);
        let after = [("rate_percent", rate.rate_percent.to_string())];
        let mut tx = self.db.begin_write().await?;
        write_tax_rate(&mut tx, &rate).await?;
        let id = format!("{} {}", rate.country, rate.tax_class);
        let action = "settings.tax_rate_set";
        let before = before.as_ref().map(|b| b.as_slice());
        super::record_change(
            &mut tx,
            actor,
            (action, action),
            ("tax_rate", &id),
            before,
            &after,
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(rate)
    }
}
