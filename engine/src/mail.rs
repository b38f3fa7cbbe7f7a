//! The mail outbox. Messages are written in the transaction of what caused them (an order, a reset request) and
//! sent afterwards by the host's mailer, so a crash between commit and sending loses nothing: the mailer picks
//! them up on its next round. Delivery is at least once; a failed attempt is retried with a growing pause.

use sqlx::{Any, FromRow, Transaction};

use crate::{Engine, EngineResult, now_ms};

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
}

pub(crate) async fn enqueue(
    tx: &mut Transaction<'static, Any>,
    to: &str,
    subject: &str,
    body: &str,
) -> EngineResult<()> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO outbox_emails (to_address, subject, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(to)
    .bind(subject)
    .bind(body)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Engine {
    /// Claims up to `limit` messages due for sending, oldest first. A claimed message is hidden from other app
    /// servers' mailers for a minute, so two mailers do not send it twice; one that dies holding it only delays it.
    pub async fn claim_emails(&self, limit: i64) -> EngineResult<Vec<OutgoingEmail>> {
        let now = now_ms();
        let due: Vec<OutgoingEmail> = sqlx::query_as(
            "SELECT id, to_address, subject, body, created_at, attempts FROM outbox_emails
             WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.db.pool)
        .await?;
        let mut claimed = Vec::with_capacity(due.len());
        for email in due {
            let taken = self
                .db
                .execute(
                    sqlx::query(
                        "UPDATE outbox_emails SET next_attempt_at = $1
                 WHERE id = $2 AND sent_at IS NULL AND next_attempt_at <= $3",
                    )
                    .bind(now + 60_000)
                    .bind(email.id)
                    .bind(now),
                )
                .await?;
            if taken.rows_affected() == 1 {
                claimed.push(email);
            }
        }
        Ok(claimed)
    }

    /// Records a message as sent.
    pub async fn mark_email_sent(&self, id: i64) -> EngineResult<()> {
        self.db
            .execute(
                sqlx::query(
                    "UPDATE outbox_emails SET sent_at = $1, attempts = attempts + 1 WHERE id = $2",
                )
                .bind(now_ms())
                .bind(id),
            )
            .await?;
        Ok(())
    }

    /// Records a failed attempt; the next one waits 30 s doubled per attempt, at most six hours.
    pub async fn mark_email_failed(&self, id: i64, attempts: i64, error: &str) -> EngineResult<()> {
        let wait = (30_000_i64 << attempts.clamp(0, 10)).min(6 * 3600 * 1000);
        self.db.execute(sqlx::query(
            "UPDATE outbox_emails SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(now_ms() + wait)
        .bind(id)
        )
        .await?;
        Ok(())
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
