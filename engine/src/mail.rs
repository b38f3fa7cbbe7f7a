//! The mail outbox. Messages are written in the transaction of what caused them (an order, a reset request) and
//! sent afterwards by the host's mailer, so a crash between commit and sending loses nothing: the mailer picks
//! them up on its next round. Delivery is at least once; a failed attempt is retried with a growing pause.
//!
//! A claim is a lease under a fresh token. Before each message the mailer renews its lease for at most one send
//! ([`Engine::hold_email`]), which fails once the lease ran out (another app server may have claimed it since),
//! and only the holder of the current token can mark a message sent or failed. So a slow mailer whose lease
//! expired neither sends a message another mailer now holds nor marks that one's work as its own.

use std::time::Duration;

use sqlx::{Any, FromRow, Transaction};

use crate::{Engine, EngineResult, accounts::new_secret, now_ms};

/// A message waiting to be sent.
#[derive(Debug, Clone, FromRow)]
pub struct OutgoingEmail {
    /// Outbox row id, for [`Engine::mark_email_sent`].
    pub id: i64,
    /// Recipient address.
    pub to_address: String,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// When it was written, epoch milliseconds.
    pub created_at: i64,
    /// Attempts so far.
    pub attempts: i64,
    /// The token of the claim that handed this message out: only its holder may renew, send or mark it.
    pub claim: String,
}

pub(crate) async fn enqueue(
    tx: &mut Transaction<'static, Any>,
    to: &str,
    subject: &str,
    body: &str,
) -> EngineResult<()> {
    write(tx, None, to, subject, body).await
}

/// Queues a message about order `order_id`, so the order's timeline lists it.
pub(crate) async fn enqueue_about_order(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
    to: &str,
    subject: &str,
    body: &str,
) -> EngineResult<()> {
    write(tx, Some(order_id), to, subject, body).await
}

async fn write(
    tx: &mut Transaction<'static, Any>,
    order_id: Option<i64>,
    to: &str,
    subject: &str,
    body: &str,
) -> EngineResult<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO outbox_emails (to_address, subject, body, created_at, next_attempt_at, order_id)
         VALUES ($1, $2, $3, $4, $4, NULLIF($5, 0))",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .bind(order_id.unwrap_or(0))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2)
}

impl Engine {
    /// Claims up to `limit` messages due for sending, oldest first, for `lease`: until then they are hidden from
    /// other app servers' mailers, so two do not send one twice; a mailer that dies holding them only delays them.
    /// The lease must cover the wait until the mailer holds each one for its send ([`Engine::hold_email`]).
    pub async fn claim_emails(
        &self,
        limit: i64,
        lease: Duration,
    ) -> EngineResult<Vec<OutgoingEmail>> {
        let now = now_ms();
        let due: Vec<OutgoingEmail> = sqlx::query_as(
            "SELECT id, to_address, subject, body, created_at, attempts, '' AS claim FROM outbox_emails
             WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await?;
        let token = new_secret();
        let mut claimed = Vec::with_capacity(due.len());
        for mut email in due {
            let taken = self
                .db
                .execute(
                    sqlx::query(
                        "UPDATE outbox_emails SET next_attempt_at = $1, claim_token = $2
                         WHERE id = $3 AND sent_at IS NULL AND next_attempt_at <= $4",
                    )
                    .bind(now.saturating_add(millis(lease)))
                    .bind(&token)
                    .bind(email.id)
                    .bind(now),
                )
                .await?;
            if taken.rows_affected() == 1 {
                email.claim.clone_from(&token);
                claimed.push(email);
            }
        }
        Ok(claimed)
    }

    /// Renews the lease on a claimed message for `lease` (at least the longest one send may take), if its claim
    /// still holds: `false` when the lease ran out or another claim took the message, and then it must not be
    /// sent.
    pub async fn hold_email(&self, email: &OutgoingEmail, lease: Duration) -> EngineResult<bool> {
        let now = now_ms();
        let held = self
            .db
            .execute(
                sqlx::query(
                    "UPDATE outbox_emails SET next_attempt_at = $1
                     WHERE id = $2 AND claim_token = $3 AND sent_at IS NULL AND next_attempt_at > $4",
                )
                .bind(now.saturating_add(millis(lease)))
                .bind(email.id)
                .bind(&email.claim)
                .bind(now),
            )
            .await?;
        Ok(held.rows_affected() == 1)
    }

    /// Records a message as sent, if `email`'s claim is still the message's; `false` when another claim took it.
    pub async fn mark_email_sent(&self, email: &OutgoingEmail) -> EngineResult<bool> {
        let done = self
            .db
            .execute(
                sqlx::query(
                    "UPDATE outbox_emails SET sent_at = $1, attempts = attempts + 1
                     WHERE id = $2 AND claim_token = $3 AND sent_at IS NULL",
                )
                .bind(now_ms())
                .bind(email.id)
                .bind(&email.claim),
            )
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed attempt, if `email`'s claim is still the message's; the next one waits 30 s doubled per
    /// attempt, at most six hours.
    pub async fn mark_email_failed(
        &self,
        email: &OutgoingEmail,
        error: &str,
    ) -> EngineResult<bool> {
        let wait = (30_000_i64 << (email.attempts + 1).clamp(0, 10)).min(6 * 3600 * 1000);
        let done = self
            .db
            .execute(
                sqlx::query(
                    "UPDATE outbox_emails SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2
                     WHERE id = $3 AND claim_token = $4 AND sent_at IS NULL",
                )
                .bind(error)
                .bind(now_ms() + wait)
                .bind(email.id)
                .bind(&email.claim),
            )
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Emails not yet sent, and the failed delivery attempts among them: what an operator watches.
    pub async fn outbox_counts(&self) -> EngineResult<(i64, i64)> {
        let (unsent, attempts): (i64, i64) = sqlx::query_as(
            "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM outbox_emails
             WHERE sent_at IS NULL",
        )
        .fetch_one(&self.db.pool)
        .await?;
        Ok((unsent, attempts))
    }
}
