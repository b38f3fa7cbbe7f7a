//! Slowing down password guessing, per account and client address. Every attempt is counted as a failure before
//! the password is checked, in a transaction that first reads the count (under a lock per address on
//! PostgreSQL, in the one writer turn on SQLite): parallel guesses are each counted, none races past the check
//! while the others are still hashing. A success removes the client's rows again.
//!
//! A client that has failed for an account more than [`AuthLimits::free_failures`] times waits twice as long per
//! further failure (2 s, 4 s, … up to 15 minutes). Failures of all clients together beyond
//! [`AuthLimits::account_failures`] slow down every client that has failed for the account too, but never one that
//! has not: a stranger cannot lock a buyer out of their own account. Counted in the database, so every app server
//! enforces the same limit.

use sha2::{Digest, Sha256};
use sqlx::{Any, Transaction};

use crate::{AuthLimits, ClientAddr, Engine, EngineError, EngineResult, db::Backend, now_ms};

/// Failures older than this are forgotten.
pub(crate) const WINDOW_MS: i64 = 15 * 60 * 1000;
const MAX_WAIT_MS: i64 = WINDOW_MS;

/// The wait after `excess` failures beyond the free ones: 2 s, doubling, at most the window.
fn wait_ms(excess: i64) -> i64 {
    if excess <= 0 {
        return 0;
    }
    (1000_i64 << excess.min(20)).min(MAX_WAIT_MS)
}

/// When the next attempt may come, given the failures counted and the last one's time.
fn ready_at(failures: i64, free: u32, last: Option<i64>) -> i64 {
    last.unwrap_or(0) + wait_ms(failures - i64::from(free))
}

/// Counts an attempt for `email` from `client`, or refuses it with `TooManyAttempts` while the client must wait.
pub(crate) async fn begin(
    engine: &Engine,
    limits: &AuthLimits,
    email: &str,
    client: ClientAddr,
) -> EngineResult<()> {
    let now = now_ms();
    let since = now - WINDOW_MS;
    let client = client.key();
    let mut tx = engine.db.begin_write().await?;
    if engine.backend() == Backend::Postgres {
        // Attempts for one address queue here until the one before has counted itself and committed.
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(lock_key(email))
            .execute(&mut **tx)
            .await?;
    }
    let (mine, my_last): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE email = $1 AND client = $2 AND at > $3",
    )
    .bind(email)
    .bind(&client)
    .bind(since)
    .fetch_one(&mut **tx)
    .await?;
    let mut ready = ready_at(mine, limits.free_failures, my_last);
    if mine > 0 {
        let (all, last): (i64, Option<i64>) = sqlx::query_as(
            "SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE email = $1 AND at > $2",
        )
        .bind(email)
        .bind(since)
        .fetch_one(&mut **tx)
        .await?;
        ready = ready.max(ready_at(all, limits.account_failures, last));
    }
    if ready > now {
        return Err(EngineError::TooManyAttempts {
            retry_after_secs: ((ready - now + 999) / 1000) as u64,
        });
    }
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND at <= $2")
        .bind(email)
        .bind(since)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO sign_in_failures (email, client, at) VALUES ($1, $2, $3)")
        .bind(email)
        .bind(&client)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets the client's failures (this attempt's included) after a successful sign-in; other clients' stay.
pub(crate) async fn succeeded(
    tx: &mut Transaction<'static, Any>,
    email: &str,
    client: ClientAddr,
) -> EngineResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND client = $2")
        .bind(email)
        .bind(client.key())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A stable 64-bit key for PostgreSQL's advisory lock on an address.
fn lock_key(email: &str) -> i64 {
    let digest = Sha256::digest(email.as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

#[cfg(test)]
mod tests {
    use super::{ready_at, wait_ms};

    #[test]
    fn the_wait_doubles_after_the_free_failures_and_is_capped() {
        assert_eq!(wait_ms(0), 0);
        assert_eq!(wait_ms(1), 2_000);
        assert_eq!(wait_ms(2), 4_000);
        assert_eq!(wait_ms(26), 15 * 60 * 1000);
        assert_eq!(ready_at(4, 4, Some(10_000)), 10_000);
        assert_eq!(ready_at(5, 4, Some(10_000)), 12_000);
    }
}
