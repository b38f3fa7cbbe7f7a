//! Answers kept under an `Idempotency-Key`, so a client that retries a POST after a timeout gets the first
//! answer instead of a second effect. A key belongs to one caller (`principal`, a hash of its credentials) and
//! one request: the same key with another body or path is refused rather than answered with something unrelated.
//!
//! A claim without an answer is a lease: a request whose client went away or whose process died never finishes
//! or abandons its key, so after the lease a retry claims the key and runs the request again.

use std::time::Duration;

use crate::{Engine, EngineResult, now_ms};

/// How long an answer is kept: a day covers any sensible retry policy.
pub const KEEP_MS: i64 = 24 * 3600 * 1000;

/// How long a claim without an answer holds its key: longer than any request runs, short enough for a client's
/// retry policy.
pub const IDEMPOTENCY_LEASE: Duration = Duration::from_secs(60);

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Idempotency {
    /// First time: run it, then [`Engine::finish_idempotent`] (or [`Engine::abandon_idempotent`] on a 5xx).
    Proceed,
    /// Answered before: send this status and body again.
    Replay {
        /// HTTP status.
        status: u16,
        /// JSON body.
        body: String,
    },
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InFlight,
}

impl Engine {
    /// Claims `key` for `principal`'s request with `request_hash`, or says how it was used before. A claim older
    /// than `lease` that never got an answer is taken over (the server uses [`IDEMPOTENCY_LEASE`]).
    pub async fn begin_idempotent(
        &self,
        principal: &str,
        key: &str,
        request_hash: &str,
        lease: Duration,
    ) -> EngineResult<Idempotency> {
        let now = now_ms();
        let lease_ms = i64::try_from(lease.as_millis()).unwrap_or(KEEP_MS);
        let mut tx = self.db.begin_write().await?;
        // An expired answer, or a claim whose holder never answered within the lease, no longer binds the key.
        sqlx::query(
            "DELETE FROM idempotent_requests WHERE principal = $1 AND idem_key = $2
             AND (created_at < $3 OR (status = 0 AND created_at < $4))",
        )
        .bind(principal)
        .bind(key)
        .bind(now - KEEP_MS)
        .bind(now - lease_ms)
        .execute(&mut **tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotent_requests (principal, idem_key, request_hash, status, created_at)
             VALUES ($1, $2, $3, 0, $4) ON CONFLICT (principal, idem_key) DO NOTHING",
        )
        .bind(principal)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        let answer = if inserted.rows_affected() == 1 {
            Idempotency::Proceed
        } else {
            let (hash, status, body): (String, i64, String) = sqlx::query_as(
                "SELECT request_hash, status, body FROM idempotent_requests WHERE principal = $1 AND idem_key = $2",
            )
            .bind(principal)
            .bind(key)
            .fetch_one(&mut **tx)
            .await?;
            if hash != request_hash {
                Idempotency::Mismatch
            } else if status == 0 {
                Idempotency::InFlight
            } else {
                Idempotency::Replay {
                    status: u16::try_from(status).unwrap_or(200),
                    body,
                }
            }
        };
        tx.commit().await?;
        Ok(answer)
    }

    /// Keeps the answer to a claimed request.
    pub async fn finish_idempotent(
        &self,
        principal: &str,
        key: &str,
        status: u16,
        body: &str,
    ) -> EngineResult<()> {
        self.db
            .execute(
                sqlx::query(
                    "UPDATE idempotent_requests SET status = $1, body = $2 WHERE principal = $3 AND idem_key = $4",
                )
                .bind(i64::from(status))
                .bind(body)
                .bind(principal)
                .bind(key),
            )
            .await?;
        Ok(())
    }

    /// Frees a claimed key whose request failed on the server's side, so a retry runs it again.
    pub async fn abandon_idempotent(&self, principal: &str, key: &str) -> EngineResult<()> {
        self.db
            .execute(
                sqlx::query(
                    "DELETE FROM idempotent_requests WHERE principal = $1 AND idem_key = $2",
                )
                .bind(principal)
                .bind(key),
            )
            .await?;
        Ok(())
    }

    /// Drops answers older than a day.
    pub async fn purge_idempotent(&self) -> EngineResult<u64> {
        let done = self
            .db
            .execute(
                sqlx::query("DELETE FROM idempotent_requests WHERE created_at < $1")
                    .bind(now_ms() - KEEP_MS),
            )
            .await?;
        Ok(done.rows_affected())
    }
}
