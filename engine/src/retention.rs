//! What the shop no longer needs is deleted: abandoned guest carts, sessions (buyers' and staff's) and one-time
//! links that can no longer be used, sign-in failures outside the throttle's window, and history older than the operator's retention window
//! (sent emails, finished webhook deliveries, events), and audit entries older than the trail's own retention. Every app server runs the purge now and then; running it
//! twice at once only deletes nothing the second time.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{Engine, EngineResult, accounts::SIGN_IN_WINDOW_MS};

/// How long a guest cart lives untouched: as long as its cookie, after which nobody can find it again.
const GUEST_CART_MS: i64 = 30 * 24 * 3600 * 1000;

/// Rows deleted per statement: a long delete on SQLite would hold the one writer turn from buyers meanwhile.
const BATCH: i64 = 1000;

/// How many rows one purge deleted, per kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    /// Guest carts not touched for 30 days, with their lines.
    pub guest_carts: u64,
    /// Expired sessions.
    pub sessions: u64,
    /// Back-office sessions ended by their idle or absolute timeout.
    pub staff_sessions: u64,
    /// Back-office one-time password links past their expiry.
    pub staff_tokens: u64,
    /// Used or expired password-reset links.
    pub password_resets: u64,
    /// Failed sign-ins older than the throttle's window.
    pub sign_in_failures: u64,
    /// Emails sent longer ago than the retention window.
    pub emails: u64,
    /// Webhook deliveries delivered (or given up) longer ago than the retention window, with their attempts.
    pub webhook_deliveries: u64,
    /// Events older than the retention window, except each resource's latest (the order export pages orders by
    /// it) and any a delivery still waits for.
    pub events: u64,
    /// Audit entries older than the trail's own retention, when the merchant set one.
    pub audit_entries: u64,
}

impl Engine {
    /// Deletes what has expired as of `now` (the current time, but for tests); `history` is how long sent emails,
    /// finished webhook deliveries and events are kept.
    pub async fn purge_expired(&self, now: SystemTime, history: Duration) -> EngineResult<Purged> {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let kept_since = now.saturating_sub(i64::try_from(history.as_millis()).unwrap_or(i64::MAX));
        let audit_days = crate::audit_retention::retention_days(&self.db.pool).await?;
        let audit_entries = match audit_days {
            0 => 0,
            days => {
                self.purge("audit_log", "id", "at < $1", now - days * 86_400_000)
                    .await?
            }
        };
        Ok(Purged {
            audit_entries,
            guest_carts: self
                .purge(
                    "carts",
                    "id",
                    "customer_id IS NULL AND updated_at < $1",
                    now - GUEST_CART_MS,
                )
                .await?,
            sessions: self
                .purge("sessions", "token_hash", "expires_at <= $1", now)
                .await?,
            staff_sessions: self
                .purge(
                    "staff_sessions",
                    "token_hash",
                    "expires_at <= $1 OR idle_until <= $1",
                    now,
                )
                .await?,
            staff_tokens: self
                .purge("staff_tokens", "token_hash", "expires_at <= $1", now)
                .await?,
            password_resets: self
                .purge(
                    "password_resets",
                    "token_hash",
                    "used_at IS NOT NULL OR expires_at <= $1",
                    now,
                )
                .await?,
            sign_in_failures: self
                .purge(
                    "sign_in_failures",
                    "id",
                    "at <= $1",
                    now - SIGN_IN_WINDOW_MS,
                )
                .await?,
            emails: self
                .purge(
                    "outbox_emails",
                    "id",
                    "sent_at IS NOT NULL AND sent_at < $1",
                    kept_since,
                )
                .await?,
            webhook_deliveries: self
                .purge(
                    "webhook_deliveries",
                    "id",
                    "status <> 'pending' AND COALESCE(delivered_at, next_attempt_at) < $1",
                    kept_since,
                )
                .await?,
            events: self
                .purge(
                    "events",
                    "id",
                    "created_at < $1
                     AND EXISTS (SELECT 1 FROM events later WHERE later.resource = events.resource
                                 AND later.id > events.id)
                     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id
                                     AND d.status = 'pending')",
                    kept_since,
                )
                .await?,
        })
    }

    /// Deletes the rows of `table` matching `filter` (with `$1` bound to `before`) in batches, each its own turn.
    async fn purge(&self, table: &str, key: &str, filter: &str, before: i64) -> EngineResult<u64> {
        let sql = format!(
            "DELETE FROM {table} WHERE {key} IN (SELECT {key} FROM {table} WHERE {filter} LIMIT {BATCH})"
        );
        let mut total = 0;
        loop {
            let done = self.db.execute(sqlx::query(&sql).bind(before)).await?;
            total += done.rows_affected();
            if done.rows_affected() < BATCH as u64 {
                return Ok(total);
            }
        }
    }
}
