//! How buyers may pay: the methods the shop offers, the payment terms a new company starts with, and how long an
//! order paid in advance may stay unpaid before it expires and releases its stock.

use domain::DomainError;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use crate::{Actor, Engine, EngineResult, Scope, now_ms};

/// The shop's payment settings. Bank details for transfers come from the shop's profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentSettings {
    /// Whether companies the merchant approved may buy on account (invoice).
    pub invoice_enabled: bool,
    /// Days to pay an invoice that a new company starts with (0 to 365); each company's own terms, changed on its
    /// page, override them.
    pub default_terms_days: u16,
    /// Whether anyone may pay by bank transfer in advance.
    pub bank_transfer_enabled: bool,
    /// Days a buyer has to pay by bank transfer before the order expires and its stock is released (1 to 365).
    pub bank_transfer_days: u16,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            invoice_enabled: true,
            default_terms_days: 30,
            bank_transfer_enabled: true,
            bank_transfer_days: 7,
        }
    }
}

impl PaymentSettings {
    /// The settings checked; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        if self.default_terms_days > 365 {
            return Err(DomainError::new("default_terms_days", "must be 0 to 365"));
        }
        if !(1..=365).contains(&self.bank_transfer_days) {
            return Err(DomainError::new("bank_transfer_days", "must be 1 to 365"));
        }
        if !self.invoice_enabled && !self.bank_transfer_enabled {
            return Err(DomainError::new(
                "bank_transfer_enabled",
                "at least one payment method must stay on, or nobody can order",
            ));
        }
        Ok(self.clone())
    }

    fn fields(&self) -> [(&'static str, String); 4] {
        [
            ("invoice_enabled", self.invoice_enabled.to_string()),
            ("default_terms_days", self.default_terms_days.to_string()),
            (
                "bank_transfer_enabled",
                self.bank_transfer_enabled.to_string(),
            ),
            ("bank_transfer_days", self.bank_transfer_days.to_string()),
        ]
    }
}

/// The stored settings; the defaults until someone changes them.
pub(crate) async fn read_payment_settings(pool: &sqlx::AnyPool) -> EngineResult<PaymentSettings> {
    let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT invoice_enabled, default_terms_days, bank_transfer_enabled, bank_transfer_days
         FROM payment_settings WHERE id = 1",
    )
    .fetch_optional(pool)
    .await?;
    Ok(match row {
        Some((invoice, terms, transfer, days)) => PaymentSettings {
            invoice_enabled: invoice != 0,
            default_terms_days: u16::try_from(terms).unwrap_or(30),
            bank_transfer_enabled: transfer != 0,
            bank_transfer_days: u16::try_from(days).unwrap_or(7),
        },
        None => PaymentSettings::default(),
    })
}

/// Writes the (validated) settings in `tx`.
pub(crate) async fn write_payment_settings(
    tx: &mut Transaction<'_, Any>,
    settings: &PaymentSettings,
) -> EngineResult<()> {
    sqlx::query(
        "INSERT INTO payment_settings (id, invoice_enabled, default_terms_days, bank_transfer_enabled,
                                       bank_transfer_days, updated_at)
         VALUES (1, $1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET invoice_enabled = $1, default_terms_days = $2,
             bank_transfer_enabled = $3, bank_transfer_days = $4, updated_at = $5",
    )
    .bind(i64::from(settings.invoice_enabled))
    .bind(i64::from(settings.default_terms_days))
    .bind(i64::from(settings.bank_transfer_enabled))
    .bind(i64::from(settings.bank_transfer_days))
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Engine {
    /// The payment settings as checkout applies them, from the snapshot every app server keeps.
    pub async fn payment_settings(&self) -> EngineResult<PaymentSettings> {
        Ok(self.meta().await?.payments.clone())
    }

    /// The payment settings as the back office and the admin API read them; needs `settings:read`.
    pub async fn payment_settings_as(&self, actor: &Actor) -> EngineResult<PaymentSettings> {
        actor.require(Scope::SettingsRead)?;
        self.payment_settings().await
    }

    /// Changes the payment settings; needs `settings:write`. Orders already placed keep their terms and their
    /// date to pay by.
    pub async fn save_payment_settings(
        &self,
        actor: &Actor,
        settings: &PaymentSettings,
    ) -> EngineResult<PaymentSettings> {
        super::require_write(actor)?;
        let settings = settings.validated()?;
        let before = self.payment_settings().await?.fields();
        let mut tx = self.db.begin_write().await?;
        write_payment_settings(&mut tx, &settings).await?;
        let action = "settings.payments_changed";
        super::record_change(
            &mut tx,
            actor,
            (action, action),
            ("settings", "payments"),
            Some(&before),
            &settings.fields(),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(settings)
    }
}
