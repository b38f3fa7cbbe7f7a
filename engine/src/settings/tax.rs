//! Tax rates: a percentage per tax class and country, each from a moment on, so a change of the law is entered
//! before the day it applies; and whether deliveries to businesses elsewhere in the EU are reverse charged.

use domain::{DomainError, TaxClass};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::country;
use crate::{Actor, Engine, EngineError, EngineResult, Scope};

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
    /// From when it applies (Unix milliseconds); always when absent. The rate with the latest start that has
    /// passed applies; a later one waits for its moment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from_ms: Option<i64>,
}

/// The shop's tax rules beyond rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaxSettings {
    /// Whether a delivery to a business in another EU member state, with a VAT number of that state, is
    /// reverse charged (no VAT; the buyer accounts for it). Off, such deliveries are taxed like a consumer's.
    pub reverse_charge: bool,
}

impl Default for TaxSettings {
    fn default() -> Self {
        Self {
            reverse_charge: true,
        }
    }
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
        if self.valid_from_ms.is_some_and(|ms| ms < 0) {
            return Err(DomainError::new("valid_from_ms", "must not be before 1970"));
        }
        Ok(Self {
            tax_class: TaxClass::parse(&self.tax_class)?.as_str().to_owned(),
            country: country("country", &self.country)?,
            rate_percent: self.rate_percent.normalize(),
            valid_from_ms: self.valid_from_ms.filter(|&ms| ms > 0),
        })
    }
}

/// Sets the (validated) rate in `tx`.
pub(crate) async fn write_tax_rate(
    tx: &mut Transaction<'_, Any>,
    rate: &TaxRateRecord,
) -> EngineResult<()> {
    sqlx::query(
        "INSERT INTO tax_rates (tax_class, country, rate_percent, valid_from) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tax_class, country, valid_from) DO UPDATE SET rate_percent = $3",
    )
    .bind(&rate.tax_class)
    .bind(&rate.country)
    .bind(rate.rate_percent.to_string())
    .bind(rate.valid_from_ms.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Engine {
    /// Every tax rate by country, class and start, scheduled ones included; needs `settings:read`.
    pub async fn tax_rate_records(&self, actor: &Actor) -> EngineResult<Vec<TaxRateRecord>> {
        actor.require(Scope::SettingsRead)?;
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT tax_class, country, rate_percent, valid_from FROM tax_rates
             ORDER BY country, tax_class, valid_from",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(tax_class, country, rate, from)| {
                Some(TaxRateRecord {
                    tax_class,
                    country,
                    rate_percent: rate.parse().ok()?,
                    valid_from_ms: (from > 0).then_some(from),
                })
            })
            .collect())
    }

    /// Takes back a scheduled rate before it starts; needs `settings:write`. A rate that has started is history
    /// (orders were taxed by it) and is replaced by setting a new one, never removed.
    pub async fn remove_tax_rate(
        &self,
        actor: &Actor,
        tax_class: &str,
        country_code: &str,
        valid_from_ms: i64,
    ) -> EngineResult<()> {
        super::require_write(actor)?;
        if valid_from_ms <= crate::now_ms() {
            return Err(DomainError::new(
                "valid_from_ms",
                "only a rate that has not started yet can be removed; set a new rate instead",
            )
            .into());
        }
        let tax_class = TaxClass::parse(tax_class)?.as_str().to_owned();
        let country = country("country", country_code)?;
        let mut tx = self.db.begin_write().await?;
        let rate: Option<(String,)> = sqlx::query_as(
            "DELETE FROM tax_rates WHERE tax_class = $1 AND country = $2 AND valid_from = $3 RETURNING rate_percent",
        )
        .bind(&tax_class)
        .bind(&country)
        .bind(valid_from_ms)
        .fetch_optional(&mut **tx)
        .await?;
        let key = format!(
            "{country} {tax_class} from {}",
            domain::calendar_day(valid_from_ms)
        );
        let (rate,) = rate.ok_or_else(|| EngineError::not_found("tax rate", key.as_str()))?;
        crate::audit_log::record(
            &mut tx,
            actor,
            "settings.tax_rate_removed",
            ("tax_rate", &key),
            &[crate::audit_log::Change::new(
                "rate_percent",
                Some(rate),
                None,
            )],
        )
        .await?;
        crate::refresh::record_changes(&mut tx, &[crate::refresh::EVERYTHING]).await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(())
    }

    /// The shop's tax rules as checkout applies them, from the snapshot every app server keeps.
    pub async fn tax_settings(&self) -> EngineResult<TaxSettings> {
        Ok(self.meta().await?.tax_settings.clone())
    }

    /// The tax rules as the back office and the admin API read them; needs `settings:read`.
    pub async fn tax_settings_as(&self, actor: &Actor) -> EngineResult<TaxSettings> {
        actor.require(Scope::SettingsRead)?;
        self.tax_settings().await
    }

    /// Changes the tax rules; needs `settings:write`. Orders already placed keep how they were taxed.
    pub async fn save_tax_settings(
        &self,
        actor: &Actor,
        settings: &TaxSettings,
    ) -> EngineResult<TaxSettings> {
        super::require_write(actor)?;
        let before = self.tax_settings().await?;
        let field = |s: &TaxSettings| [("reverse_charge", s.reverse_charge.to_string())];
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE tax_settings SET reverse_charge = $1, updated_at = $2 WHERE id = 1")
            .bind(i64::from(settings.reverse_charge))
            .bind(crate::now_ms())
            .execute(&mut **tx)
            .await?;
        let action = "settings.tax_changed";
        super::record_change(
            &mut tx,
            actor,
            (action, action),
            ("settings", "tax"),
            Some(&field(&before)),
            &field(settings),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(settings.clone())
    }

    /// Sets a tax rate, from its start on; needs `settings:write`. Prices shown with tax change everywhere at once,
    /// or at the start of a scheduled rate.
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
            .find(|r| {
                r.tax_class == rate.tax_class
                    && r.country == rate.country
                    && r.valid_from_ms == rate.valid_from_ms
            })
            .map(|r| [("rate_percent", r.rate_percent.to_string())]);
        let after = [("rate_percent", rate.rate_percent.to_string())];
        let mut tx = self.db.begin_write().await?;
        write_tax_rate(&mut tx, &rate).await?;
        let id = match rate.valid_from_ms {
            Some(from) => format!(
                "{} {} from {}",
                rate.country,
                rate.tax_class,
                domain::calendar_day(from)
            ),
            None => format!("{} {}", rate.country, rate.tax_class),
        };
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

/// The stored tax rules; the defaults until someone changes them.
pub(crate) async fn read_tax_settings(pool: &sqlx::AnyPool) -> EngineResult<TaxSettings> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT reverse_charge FROM tax_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map_or_else(TaxSettings::default, |(on,)| TaxSettings {
        reverse_charge: on != 0,
    }))
}

/// Of stored rates (class, country, percent, start), the ones in force at `now` — per class and country the one
/// with the latest start that has passed — and the next start still to come, when the snapshot must be reloaded.
pub(crate) fn rates_in_force(
    mut rows: Vec<(String, String, String, i64)>,
    now: i64,
) -> (Vec<(String, String, String)>, Option<i64>) {
    let next = rows.iter().map(|r| r.3).filter(|&from| from > now).min();
    rows.retain(|r| r.3 <= now);
    rows.sort_by(|a, b| (&a.0, &a.1, a.3).cmp(&(&b.0, &b.1, b.3)));
    let mut in_force: Vec<(String, String, String)> = Vec::with_capacity(rows.len());
    for (class, country, rate, _) in rows {
        match in_force.last_mut() {
            Some(last) if last.0 == class && last.1 == country => last.2 = rate,
            _ => in_force.push((class, country, rate)),
        }
    }
    (in_force, next)
}

/// Moves the catalog version once when the scheduled rate starting at `start` has come into force, so every app
/// server reloads its rates; the first server past the moment does it, the others find it done.
pub(crate) async fn bring_into_force(db: &crate::db::Db, start: i64) -> EngineResult<()> {
    let mut tx = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE tax_settings SET rates_effective_at = $1 WHERE id = 1 AND rates_effective_at < $1",
    )
    .bind(start)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() > 0 {
        crate::refresh::record_changes(&mut tx, &[crate::refresh::EVERYTHING]).await?;
    }
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rates_in_force;

    fn row(class: &str, country: &str, rate: &str, from: i64) -> (String, String, String, i64) {
        (class.into(), country.into(), rate.into(), from)
    }

    #[test]
    fn the_latest_start_that_has_passed_applies_and_the_next_one_is_known() {
        let rows = vec![
            row("standard", "DE", "19", 0),
            row("standard", "DE", "16", 1_000),
            row("standard", "DE", "19", 2_000),
            row("reduced", "DE", "7", 0),
        ];
        let (rates, next) = rates_in_force(rows.clone(), 1_500);
        assert!(rates.contains(&("standard".into(), "DE".into(), "16".into())));
        assert!(rates.contains(&("reduced".into(), "DE".into(), "7".into())));
        assert_eq!(rates.len(), 2);
        assert_eq!(next, Some(2_000));
        let (rates, next) = rates_in_force(rows, 2_000);
        assert!(rates.contains(&("standard".into(), "DE".into(), "19".into())));
        assert_eq!(next, None);
    }
}
