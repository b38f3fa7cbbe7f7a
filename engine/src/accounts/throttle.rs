//! Slowing down password guessing: from the fifth failed sign-in for an address within a quarter of an hour,
//! each further attempt waits twice as long as the one before (2 s, 4 s, … up to 15 minutes). Counted in the
//! database, so every app server enforces the same limit.

use sqlx::{Any, Transaction};

use crate::{Engine, EngineError, EngineResult, now_ms};

const WINDOW_MS: i64 = 15 * 60 * 1000;
const FREE_FAILURES: i64 = 4;
const MAX_WAIT_MS: i64 = WINDOW_MS;

/// The wait after `failures` failures in the window.
fn wait_ms(failures: i64) -> i64 {
    if failures <= FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20) as u32;
    (1000_i64 << doublings).min(MAX_WAIT_MS)
}

/// `TooManyAttempts` while the address must still wait.
pub(super) async fn check(engine: &Engine, email: &str) -> EngineResult<()> {
    let now = now_ms();
    let (failures, last): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM sign_in_failures WHERE email = $1 AND at > $2",
    )
    .bind(email)
    .bind(now - WINDOW_MS)
    .fetch_one(&engine.db.pool)
    .await?;
    let ready_at = last.unwrap_or(0) + wait_ms(failures);
    if failures > FREE_FAILURES && ready_at > now {
        return Err(EngineError::TooManyAttempts {
            retry_after_secs: ((ready_at - now + 999) / 1000) as u64,
        });
    }
    Ok(())
}

/// Counts a failure; old ones for the address are dropped on the way.
pub(super) async fn record_failure(engine: &Engine, email: &str) -> EngineResult<()> {
    let now = now_ms();
    let mut tx = engine.db.begin_write().await?;
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1 AND at <= $2")
        .bind(email)
        .bind(now - WINDOW_MS)
        .execute(&mut **tx)
        .await?;
    sqlx::query("INSERT INTO sign_in_failures (email, at) VALUES ($1, $2)")
        .bind(email)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets the failures after a successful sign-in.
pub(super) async fn clear(tx: &mut Transaction<'static, Any>, email: &str) -> EngineResult<()> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1")
        .bind(email)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wait_ms;

    #[test]
    fn the_wait_doubles_after_four_free_failures_and_is_capped() {
        assert_eq!(wait_ms(4), 0);
        assert_eq!(wait_ms(5), 2_000);
        assert_eq!(wait_ms(6), 4_000);
        assert_eq!(wait_ms(30), 15 * 60 * 1000);
    }
}
