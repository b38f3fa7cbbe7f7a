//! The connection pool and migrations for both backends.
//!
//! One `AnyPool` serves SQLite and PostgreSQL, so each query is written once (with `$1` placeholders, which both
//! accept) and tested on both. The price of that choice: only the common column types (BIGINT, TEXT) decode, so
//! money is stored as integer micro-units and times as epoch milliseconds.

use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{
    Any, AnyPool, Executor,
    any::{AnyConnectOptions, AnyPoolOptions},
};

use crate::{EngineError, EngineResult};

mod writer;

/// The database product behind an engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// An embedded SQLite file (or memory): the zero-setup default.
    Sqlite,
    /// A PostgreSQL server: for several app servers on one database.
    Postgres,
}

#[derive(Clone)]
pub(crate) struct Db {
    pub(crate) pool: AnyPool,
    pub(crate) backend: Backend,
    /// SQLite's one writer at a time, taken in this process before `BEGIN IMMEDIATE`: writers queue here in
    /// order instead of in SQLite's busy handler, which sleeps up to 100 ms between tries and so turns a short
    /// queue into long tails, and writers that queue together are committed together ([`writer`]). Other
    /// processes on the same file still meet the busy handler.
    writer: writer::Writer,
}

/// A write transaction. On SQLite it holds this process's writer turn and runs in a savepoint of its group's
/// transaction ([`writer`]): it commits when its group does.
///
/// One dropped unfinished (an early `?` return) is rolled back explicitly on a task that keeps the turn until the
/// rollback is done: sqlx's own rollback-on-drop is lazy, and the next writer could otherwise take the same
/// connection while it is still inside the old transaction.
pub(crate) struct WriteTx {
    tx: Option<sqlx::Transaction<'static, sqlx::Any>>,
    /// SQLite's writer turn; `None` on PostgreSQL.
    turn: Option<writer::Turn>,
    backend: Backend,
    /// Events of this transaction, written only at commit: see [`crate::events`] for why.
    events: Vec<crate::events::PendingEvent>,
}

/// Ends `tx` without its changes, giving up `turn` after.
async fn undo(
    tx: sqlx::Transaction<'static, sqlx::Any>,
    turn: Option<writer::Turn>,
) -> Result<(), sqlx::Error> {
    match turn {
        Some(turn) => turn.rollback(tx).await,
        None => tx.rollback().await,
    }
}

impl WriteTx {
    /// Commits (on SQLite: waits until its group is committed), then gives the writer turn to the next in line.
    pub(crate) async fn commit(mut self) -> Result<(), sqlx::Error> {
        let Some(mut tx) = self.tx.take() else {
            return Ok(());
        };
        let turn = self.turn.take();
        let events = std::mem::take(&mut self.events);
        if !events.is_empty()
            && let Err(e) = crate::events::write_pending(&mut tx, self.backend, &events).await
        {
            // Rolled back here, before the writer turn is given on, for the reason `Drop` gives.
            let _ = undo(tx, turn).await;
            return Err(e);
        }
        match turn {
            Some(turn) => turn.commit(tx).await,
            None => tx.commit().await,
        }
    }

    /// Queues an event to be written when the transaction commits.
    pub(crate) fn push_event(&mut self, event: crate::events::PendingEvent) {
        self.events.push(event);
    }

    /// Rolls back, then gives the writer turn to the next in line.
    pub(crate) async fn rollback(mut self) -> Result<(), sqlx::Error> {
        match self.tx.take() {
            Some(tx) => undo(tx, self.turn.take()).await,
            None => Ok(()),
        }
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        let Some(tx) = self.tx.take() else {
            return;
        };
        let turn = self.turn.take();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(e) = undo(tx, turn).await {
                    tracing::warn!(error = %e, "rolling back an abandoned write transaction failed");
                }
            });
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::Transaction<'static, sqlx::Any>;
    fn deref(&self) -> &Self::Target {
        self.tx
            .as_ref()
            .expect("a write transaction is used only until it ends")
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.tx
            .as_mut()
            .expect("a write transaction is used only until it ends")
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Db {
    pub(crate) async fn connect(
        url: &str,
        max_connections: u32,
        durable: bool,
    ) -> EngineResult<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(EngineError::Domain(domain::DomainError::new(
                "DATABASE_URL",
                "must start with sqlite: or postgres://",
            )));
        };
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let url = if backend == Backend::Sqlite && !in_memory {
            prepare_sqlite_file(url)?
        } else {
            url.to_owned()
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let mut pool = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        pool = match backend {
            Backend::Sqlite => {
                // An in-memory database lives and dies with its connection, so the pool must keep exactly one.
                let size = if in_memory { 1 } else { max_connections.max(1) };
                pool.max_connections(size)
                    .min_connections(if in_memory { 1 } else { 0 })
                    .idle_timeout(if in_memory {
                        None
                    } else {
                        Some(Duration::from_secs(600))
                    })
                    .max_lifetime(if in_memory {
                        None
                    } else {
                        Some(Duration::from_secs(1800))
                    })
                    .after_connect(move |conn, _| {
                        Box::pin(async move {
                            // WAL lets readers run beside the one writer; the busy timeout makes writers queue
                            // instead of failing; foreign keys are off by default in SQLite. FULL syncs the WAL
                            // at every commit, so an order the buyer was told about survives a power cut;
                            // NORMAL may lose the last commits (the database stays consistent either way).
                            conn.execute(sqlx::raw_sql(if durable {
                                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                                 PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                            } else {
                                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; \
                                 PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                            }))
                            .await?;
                            Ok(())
                        })
                    })
            }
            Backend::Postgres => pool.max_connections(max_connections.max(1)),
        };
        let pool = pool.connect_with(options).await?;
        Ok(Self {
            pool,
            backend,
            writer: Default::default(),
        })
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`): a
    /// deferred transaction that reads first and then writes fails at once with "database is locked" when another
    /// connection wrote in between, instead of waiting its turn.
    pub(crate) async fn begin_write(&self) -> EngineResult<WriteTx> {
        Ok(match self.backend {
            Backend::Sqlite => {
                let (tx, turn) = self.writer.begin(&self.pool).await?;
                WriteTx {
                    tx: Some(tx),
                    turn: Some(turn),
                    backend: self.backend,
                    events: Vec::new(),
                }
            }
            Backend::Postgres => WriteTx {
                tx: Some(self.pool.begin().await?),
                turn: None,
                backend: self.backend,
                events: Vec::new(),
            },
        })
    }

    /// Runs one writing statement: on SQLite in its turn among this process's writers, in their group.
    pub(crate) async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> EngineResult<sqlx::any::AnyQueryResult> {
        if self.backend == Backend::Postgres {
            return Ok(query.execute(&self.pool).await?);
        }
        let mut tx = self.begin_write().await?;
        match execute_on(&mut tx, query).await {
            Ok(done) => {
                tx.commit().await?;
                Ok(done)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e.into())
            }
        }
    }

    /// Locks rows of `table` by id until `tx` ends, in id order so two transactions locking overlapping sets never
    /// deadlock. On PostgreSQL a rule that reads several rows and then writes (the last admin, stock under
    /// reservations) holds only if a concurrent writer waits for it; SQLite's writers take turns anyway.
    pub(crate) async fn lock_rows<T>(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        table: &str,
        column: &str,
        values: &[T],
    ) -> EngineResult<()>
    where
        T: for<'q> sqlx::Encode<'q, sqlx::Any> + sqlx::Type<sqlx::Any> + Clone + Send + 'static,
    {
        if self.backend != Backend::Postgres || values.is_empty() {
            return Ok(());
        }
        let placeholders = (1..=values.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT id FROM {table} WHERE {column} IN ({placeholders}) ORDER BY id FOR UPDATE"
        );
        let mut query = sqlx::query(&sql).persistent(false);
        for value in values {
            query = query.bind(value.clone());
        }
        query.execute(&mut **tx).await?;
        Ok(())
    }

    /// Applies the migrations up to `version`.
    pub(crate) async fn migrate(&self, version: i64) -> EngineResult<()> {
        let all = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        if version == i64::MAX {
            all.run(&self.pool).await?;
            return Ok(());
        }
        let migrator = sqlx::migrate::Migrator {
            migrations: all
                .iter()
                .filter(|m| m.version <= version)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ignore_missing: all.ignore_missing,
            locking: all.locking,
            no_tx: all.no_tx,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }
}

/// Runs `query` on `conn`. Boxed: the compiler cannot otherwise prove a future holding sqlx's executor `Send` for
/// every lifetime, which spawned callers need.
fn execute_on<'a, 'q: 'a>(
    conn: &'a mut sqlx::AnyConnection,
    query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> std::pin::Pin<
    Box<
        dyn std::future::Future<Output = Result<sqlx::any::AnyQueryResult, sqlx::Error>>
            + Send
            + 'a,
    >,
> {
    Box::pin(query.execute(conn))
}

/// Creates the folder of a SQLite file and asks SQLite to create the file itself on first run.
fn prepare_sqlite_file(url: &str) -> EngineResult<String> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if let Some(dir) = Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            EngineError::Domain(domain::DomainError::new(
                "DATABASE_URL",
                format!("cannot create folder {}: {e}", dir.display()),
            ))
        })?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// A value bound to a query built at run time, whose filters (and so whose parameters) vary per request.
pub(crate) enum Arg {
    Int(i64),
    Text(String),
}

/// Binds `args` to `query` in order.
pub(crate) fn bound<'q, O>(
    mut query: sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>>,
    args: &'q [Arg],
) -> sqlx::query::QueryAs<'q, Any, O, sqlx::any::AnyArguments<'q>> {
    for arg in args {
        query = match arg {
            Arg::Int(v) => query.bind(*v),
            Arg::Text(v) => query.bind(v.as_str()),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::prepare_sqlite_file;

    #[test]
    fn a_sqlite_file_url_is_created_on_first_run() {
        let dir = std::env::temp_dir().join(format!("kontor-db-{}", std::process::id()));
        let url = format!("sqlite://{}/sub/shop.db", dir.display());
        let prepared = prepare_sqlite_file(&url).unwrap();
        assert!(prepared.ends_with("shop.db?mode=rwc"));
        assert!(dir.join("sub").is_dir());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[tokio::test]
    async fn a_sqlite_file_syncs_every_commit_unless_told_otherwise() {
        let dir = std::env::temp_dir().join(format!("kontor-sync-{}", std::process::id()));
        for (durable, expected) in [(true, 2_i64), (false, 1)] {
            let url = format!("sqlite://{}/shop-{durable}.db", dir.display());
            let db = super::Db::connect(&url, 2, durable).await.unwrap();
            let (level,): (i64,) = sqlx::query_as("PRAGMA synchronous")
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(level, expected, "durable = {durable}");
            db.pool.close().await;
        }
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn an_explicit_mode_is_kept() {
        assert_eq!(
            prepare_sqlite_file("sqlite:x.db?mode=ro").unwrap(),
            "sqlite://x.db?mode=ro"
        );
    }
}
