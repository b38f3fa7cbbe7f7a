//! Confirming a self-registered buyer's email address: until they open the emailed link they may browse and fill
//! a cart but not order, so nobody can place orders (and hold stock) under an address they do not own.

use domain::{DomainError, Email};

use super::secret;
use crate::{Engine, EngineError, EngineResult, now_ms};

/// How long a confirmation link works: a week, as people sign up and come back later.
const CONFIRM_MS: i64 = 7 * 24 * 3600 * 1000;

/// Queues the confirmation email for a new account, in the sign-up's transaction.
pub(super) async fn send_link(
    tx: &mut crate::db::WriteTx,
    customer_id: i64,
    email: &Email,
    name: &str,
    confirm_url: &str,
    now: i64,
) -> EngineResult<()> {
    let token = secret::new_token();
    sqlx::query(
        "INSERT INTO email_confirmations (token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(secret::token_hash(&token))
    .bind(customer_id)
    .bind(now)
    .bind(now + CONFIRM_MS)
    .execute(&mut ***tx)
    .await?;
    let body = format!(
        "Hello {name},\n\nwelcome! Please confirm your email address by opening\n\n{confirm_url}?token={token}\n\n\
         You can order once it is confirmed. The link works for a week. If you did not sign up, ignore this \
         message.\n"
    );
    crate::mail::enqueue(tx, email.as_str(), "Confirm your email address", &body).await
}

impl Engine {
    /// Confirms the address behind an emailed token; the token then stops working. Confirming twice is harmless.
    pub async fn confirm_email(&self, token: &str) -> EngineResult<()> {
        let invalid = || DomainError::new("token", "is invalid or has expired");
        if !secret::looks_like_token(token) {
            return Err(invalid().into());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let row: Option<(i64,)> = sqlx::query_as(
            "DELETE FROM email_confirmations WHERE token_hash = $1 AND expires_at > $2 RETURNING customer_id",
        )
        .bind(secret::token_hash(token))
        .bind(now)
        .fetch_optional(&mut **tx)
        .await?;
        let (id,) = row.ok_or_else(invalid)?;
        mark_confirmed(&mut tx, id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Confirms an account's address without a link: for staff who checked it another way, the command line and
    /// load tests. `NotFound` for an unknown account.
    pub async fn confirm_email_of(&self, customer_id: i64) -> EngineResult<()> {
        let mut tx = self.db.begin_write().await?;
        let changed = mark_confirmed(&mut tx, customer_id, now_ms()).await?;
        if !changed {
            return Err(EngineError::not_found("account", customer_id.to_string()));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether the account has confirmed its email address.
    pub async fn email_confirmed(&self, customer_id: i64) -> EngineResult<bool> {
        let row: Option<(Option<i64>,)> =
            sqlx::query_as("SELECT email_confirmed_at FROM customers WHERE id = $1")
                .bind(customer_id)
                .fetch_optional(&self.db.pool)
                .await?;
        Ok(row.is_some_and(|(at,)| at.is_some()))
    }
}

/// Marks the account confirmed (keeping the first time); whether the account exists.
pub(super) async fn mark_confirmed(
    tx: &mut crate::db::WriteTx,
    customer_id: i64,
    now: i64,
) -> EngineResult<bool> {
    let done = sqlx::query(
        "UPDATE customers SET email_confirmed_at = COALESCE(email_confirmed_at, $1) WHERE id = $2",
    )
    .bind(now)
    .bind(customer_id)
    .execute(&mut ***tx)
    .await?;
    Ok(done.rows_affected() > 0)
}
