//! Disabling a person: their sessions end at once and they cannot sign in, reset their way back in, or be shopped
//! as, until staff enable them again. The person and their orders stay, so invoices and history keep naming them.

use domain::{DomainError, Email};

use crate::{
    Engine, EngineResult,
    audit_log::{self, Change},
    now_ms,
    settings::require_customers_write,
    staff::Actor,
};

impl Engine {
    /// Disables (`disabled`) or enables the person with `email`; needs `customers:write` and a caller not bound to
    /// a company. Disabling ends every session of theirs in the same transaction. Setting the state they already
    /// have changes nothing and writes no audit entry.
    pub async fn set_person_disabled(
        &self,
        by: &Actor,
        email: &str,
        disabled: bool,
    ) -> EngineResult<()> {
        require_customers_write(by)?;
        let email = Email::parse(email)?;
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, disabled_at FROM customers WHERE email = $1")
                .bind(email.as_str())
                .fetch_optional(&mut **tx)
                .await?;
        let (id, was) =
            row.ok_or_else(|| DomainError::new("email", "no person has this address"))?;
        if was.is_some() == disabled {
            return Ok(());
        }
        let now = now_ms();
        sqlx::query("UPDATE customers SET disabled_at = $1, updated_at = $2 WHERE id = $3")
            .bind(disabled.then_some(now))
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE customer_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        let (before, after, action) = if disabled {
            ("active", "disabled", "customer.disabled")
        } else {
            ("disabled", "active", "customer.enabled")
        };
        let change = Change::new("status", Some(before.into()), Some(after.into()));
        audit_log::record(&mut tx, by, action, ("customer", email.as_str()), &[change]).await?;
        tx.commit().await?;
        Ok(())
    }
}
