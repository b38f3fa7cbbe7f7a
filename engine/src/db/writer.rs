//! SQLite's writers, committed in groups. A durable commit waits for the disk (`synchronous = FULL` syncs the WAL),
//! and with one writer at a time that wait, not the work, bounded writes per second. So writers that queue behind
//! each other share one transaction: each runs inside its own savepoint (undone alone if it fails), then hands the
//! open transaction to the next in line and waits; a closer queued behind them commits the group with one sync and
//! tells every writer in it the outcome. A writer is answered only after its group is on disk, as before.
//!
//! Each group has exactly one closer, spawned by the writer that opens the group, so a group never waits for a
//! writer that will not come: the turn is a fair (first in, first out) lock, and the closer's place in the queue
//! bounds the group to the writers already waiting when it opened.

use std::sync::Arc;

use sqlx::{Any, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

/// The outcome of a group's commit, as every writer in it is told.
type Outcome = Option<Result<(), Arc<str>>>;

/// The savepoint each write runs in.
const SAVEPOINT: &str = "kontor_write";

/// The writer turn and the group it holds open.
#[derive(Default)]
pub(crate) struct Group {
    /// Writes released into the group's transaction and not yet committed.
    open: Option<Transaction<'static, Any>>,
    /// Tells the group's writers how its commit went.
    done: Option<watch::Sender<Outcome>>,
}

/// SQLite's one writer turn; cheap to clone.
#[derive(Clone, Default)]
pub(crate) struct Writer {
    turn: Arc<Mutex<Group>>,
}

/// One write's hold on the turn and the group's transaction.
pub(crate) struct Turn {
    guard: OwnedMutexGuard<Group>,
}

/// Runs `sql` on `conn`. Boxed: the compiler cannot otherwise prove a future holding sqlx's executor `Send` for
/// every lifetime, which spawning the abandoned writes' rollbacks needs.
fn run<'a>(
    conn: &'a mut sqlx::AnyConnection,
    sql: String,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + 'a>> {
    Box::pin(async move { sqlx::query(&sql).execute(conn).await.map(|_| ()) })
}

fn group_error(message: &str) -> sqlx::Error {
    sqlx::Error::Io(std::io::Error::other(format!(
        "the group of writes was not committed: {message}"
    )))
}

impl Writer {
    /// Waits for the turn and opens a savepoint for one write in the group's transaction, opening the group (and
    /// queueing its closer) when none is open.
    pub(crate) async fn begin(
        &self,
        pool: &sqlx::AnyPool,
    ) -> Result<(Transaction<'static, Any>, Turn), sqlx::Error> {
        let mut guard = self.turn.clone().lock_owned().await;
        let mut tx = match guard.open.take() {
            Some(tx) => tx,
            None => {
                let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                guard.done = Some(watch::channel(None).0);
                let closer = self.clone();
                tokio::spawn(async move { closer.close().await });
                tx
            }
        };
        if let Err(e) = run(&mut tx, format!("SAVEPOINT {SAVEPOINT}")).await {
            abandon(&mut guard, tx, &e).await;
            return Err(e);
        }
        Ok((tx, Turn { guard }))
    }

    /// The closer: takes the turn after the writers queued before it and commits what they released.
    async fn close(self) {
        let mut guard = self.turn.lock_owned().await;
        let Some(tx) = guard.open.take() else {
            return;
        };
        let outcome = tx
            .commit()
            .await
            .map_err(|e| Arc::<str>::from(e.to_string()));
        if let Err(e) = &outcome {
            tracing::error!(error = %e, "committing a group of writes failed");
        }
        if let Some(done) = guard.done.take() {
            done.send_replace(Some(outcome));
        }
    }
}

/// Rolls back a group whose transaction can no longer be trusted (a savepoint could not be set or undone) and tells
/// its writers.
async fn abandon(guard: &mut Group, tx: Transaction<'static, Any>, cause: &sqlx::Error) {
    tracing::error!(error = %cause, "a group of writes is rolled back whole");
    if let Err(e) = tx.rollback().await {
        tracing::warn!(error = %e, "rolling back a group of writes failed");
    }
    if let Some(done) = guard.done.take() {
        done.send_replace(Some(Err(Arc::from(cause.to_string()))));
    }
}

impl Turn {
    /// Releases the write into the group and waits until the group is committed.
    pub(crate) async fn commit(
        mut self,
        mut tx: Transaction<'static, Any>,
    ) -> Result<(), sqlx::Error> {
        if let Err(e) = run(&mut tx, format!("RELEASE SAVEPOINT {SAVEPOINT}")).await {
            abandon(&mut self.guard, tx, &e).await;
            return Err(e);
        }
        let Some(mut done) = self.guard.done.as_ref().map(watch::Sender::subscribe) else {
            return Err(group_error("it was closed"));
        };
        self.guard.open = Some(tx);
        drop(self.guard);
        let outcome = done
            .wait_for(Option::is_some)
            .await
            .map(|o| o.clone())
            .map_err(|_| group_error("its closer stopped"))?;
        match outcome {
            Some(Err(e)) => Err(group_error(&e)),
            _ => Ok(()),
        }
    }

    /// Undoes the write and leaves the group to the others.
    pub(crate) async fn rollback(
        mut self,
        mut tx: Transaction<'static, Any>,
    ) -> Result<(), sqlx::Error> {
        let mut undone = run(&mut tx, format!("ROLLBACK TO SAVEPOINT {SAVEPOINT}")).await;
        if undone.is_ok() {
            undone = run(&mut tx, format!("RELEASE SAVEPOINT {SAVEPOINT}")).await;
        }
        match undone {
            Ok(_) => {
                self.guard.open = Some(tx);
                Ok(())
            }
            Err(e) => {
                abandon(&mut self.guard, tx, &e).await;
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::db::Db;

    /// Writers queued together share a commit, yet each is all or nothing on its own: a write that rolls back or
    /// is dropped half done leaves nothing, the others in its group are committed, and each writer is answered only
    /// once its write can be read from another connection.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn grouped_writes_commit_together_and_fail_alone() {
        let dir = std::env::temp_dir().join(format!(
            "kontor-group-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let url = format!("sqlite://{}/shop.db", dir.display());
        let db = Arc::new(Db::connect(&url, 8, true).await.unwrap());
        sqlx::query("CREATE TABLE t (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)")
            .execute(&db.pool)
            .await
            .unwrap();
        let tasks: Vec<_> = (0..120_i64)
            .map(|i| {
                let db = db.clone();
                tokio::spawn(async move {
                    let mut tx = db.begin_write().await.unwrap();
                    sqlx::query("INSERT INTO t (id, n) VALUES ($1, $2)")
                        .bind(i)
                        .bind(i)
                        .execute(&mut **tx)
                        .await
                        .unwrap();
                    match i % 4 {
                        // Written, then refused: a unique key taken inside the same write.
                        0 => {
                            let again = sqlx::query("INSERT INTO t (id, n) VALUES ($1, 0)")
                                .bind(i)
                                .execute(&mut **tx)
                                .await;
                            assert!(again.is_err());
                            tx.rollback().await.unwrap();
                            false
                        }
                        // Abandoned half done, as an early `?` return leaves it.
                        1 => {
                            drop(tx);
                            false
                        }
                        _ => {
                            tx.commit().await.unwrap();
                            let seen: Option<(i64,)> =
                                sqlx::query_as("SELECT n FROM t WHERE id = $1")
                                    .bind(i)
                                    .fetch_optional(&db.pool)
                                    .await
                                    .unwrap();
                            assert_eq!(seen, Some((i,)), "committed before the writer is answered");
                            true
                        }
                    }
                })
            })
            .collect();
        let mut expected = Vec::new();
        for (i, task) in tasks.into_iter().enumerate() {
            if task.await.unwrap() {
                expected.push(i as i64);
            }
        }
        // A last write after the others: the abandoned ones' rollbacks have run by the time it has its turn.
        db.execute(sqlx::query("INSERT INTO t (id, n) VALUES (1000, 1000)"))
            .await
            .unwrap();
        expected.push(1000);
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM t ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(rows.into_iter().map(|r| r.0).collect::<Vec<_>>(), expected);
        db.pool.close().await;
        std::fs::remove_dir_all(dir).unwrap();
    }
}
