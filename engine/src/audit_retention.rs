//! How long the audit trail keeps its entries. Kept for good unless the merchant sets a window (at least 30 days);
//! the retention job then deletes older entries, and nothing else ever does.

use domain::DomainError;
use serde::{Deserialize, Serialize};

use crate::{Actor, Engine, EngineResult, Scope, audit_log, now_ms, settings::require_write};

/// The audit trail's retention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditRetention {
    /// Days an entry is kept: 0 for good, otherwise 30 to 36,500.
    pub retention_days: u32,
}

impl AuditRetention {
    /// The setting checked; an error names the field.
    pub fn validated(self) -> Result<Self, DomainError> {
        if self.retention_days != 0 && !(30..=36_500).contains(&self.retention_days) {
            return Err(DomainError::new(
                "retention_days",
                "must be 0 (keep for good) or 30 to 36,500",
            ));
        }
        Ok(self)
    }
}

/// The stored window in days; 0 keeps entries for good.
pub(crate) async fn retention_days(pool: &sqlx::AnyPool) -> EngineResult<i64> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT retention_days FROM audit_settings WHERE id = 1")
            .fetch_optional(pool)
            .await?;
    Ok(row.map_or(0, |(days,)| days))
}

impl Engine {
    /// The audit trail's retention; needs `audit:read`.
    pub async fn audit_retention(&self, actor: &Actor) -> EngineResult<AuditRetention> {
        actor.require(Scope::AuditRead)?;
        let days = retention_days(&self.db.pool).await?;
        Ok(AuditRetention {
            retention_days: u32::try_from(days).unwrap_or(0),
        })
    }

    /// Changes how long the audit trail keeps entries; needs `settings:write`. The change itself is an entry.
    pub async fn save_audit_retention(
        &self,
        actor: &Actor,
        setting: AuditRetention,
    ) -> EngineResult<AuditRetention> {
        require_write(actor)?;
        let setting = setting.validated()?;
        let before = retention_days(&self.db.pool).await?;
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE audit_settings SET retention_days = $1, updated_at = $2 WHERE id = 1")
            .bind(i64::from(setting.retention_days))
            .bind(now_ms())
            .execute(&mut **tx)
            .await?;
        if before != i64::from(setting.retention_days) {
            audit_log::record(
                &mut tx,
                actor,
                "settings.audit_retention_changed",
                ("settings", "audit"),
                &[audit_log::Change::new(
                    "retention_days",
                    Some(before.to_string()),
                    Some(setting.retention_days.to_string()),
                )],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(setting)
    }
}
