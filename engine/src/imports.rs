//! Imports started from the back office: a file of products, prices, stock or customers is written in chunks by a
//! background task through the same engine calls as the bulk API and `kontor import`, and its progress and bad
//! lines are kept here, so the merchant watches a progress bar on any app server and can come back to the result.

use domain::DomainError;
use sqlx::FromRow;

use crate::{
    Engine, EngineError, EngineResult, Scope,
    audit_log::{self, Change},
    now_ms,
    staff::Actor,
};

/// A running import that has not moved for this long died with its app server.
const STALE_MS: i64 = 10 * 60 * 1000;
/// Bad lines shown and kept per import: a file that is wrong on every line needs fixing, not a longer list.
pub const MAX_KEPT_ERRORS: u64 = 10_000;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    /// Products: Shopify's product CSV or Kontor's NDJSON.
    Products,
    /// Price list entries, NDJSON.
    Prices,
    /// Stock counts per warehouse, NDJSON.
    Stock,
    /// Companies and their people, NDJSON.
    Customers,
}

impl ImportKind {
    /// Every kind, in the order the back office offers them.
    pub const ALL: [ImportKind; 4] = [
        ImportKind::Products,
        ImportKind::Prices,
        ImportKind::Stock,
        ImportKind::Customers,
    ];

    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Products => "products",
            ImportKind::Prices => "prices",
            ImportKind::Stock => "stock",
            ImportKind::Customers => "customers",
        }
    }

    /// Reads the stored form; anything else is refused naming `kind`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
            .ok_or_else(|| DomainError::new("kind", "must be products, prices, stock or customers"))
    }

    /// The permission writing it takes.
    pub fn permission(self) -> Scope {
        match self {
            ImportKind::Products | ImportKind::Prices => Scope::CatalogWrite,
            ImportKind::Stock => Scope::InventoryWrite,
            ImportKind::Customers => Scope::CustomersWrite,
        }
    }
}

/// Where an import stands.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ImportJob {
    /// Its id, for its page.
    pub id: i64,
    /// What the file holds (`products`, …).
    pub kind: String,
    /// The file's name as uploaded.
    pub file_name: String,
    /// `running`, `done` or `failed` (also for one whose app server stopped while it ran).
    pub status: String,
    /// Records in the file.
    pub total: i64,
    /// Records handled so far.
    pub done: i64,
    /// Records written.
    pub ok: i64,
    /// Records refused.
    pub failed: i64,
    /// Why it failed, if it did.
    pub message: String,
    /// Who started it.
    pub started_by: String,
    /// When, epoch milliseconds.
    pub started_at: i64,
    /// Its last progress, epoch milliseconds.
    pub updated_at: i64,
}

/// A line of the file that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ImportLineError {
    /// The line, as an editor numbers it.
    pub line: i64,
    /// What is wrong, naming the field.
    pub message: String,
}

const JOB_COLUMNS: &str = "id, kind, file_name, status, total, done, ok, failed, message, started_by, started_at, updated_at";

/// A company-bound key writes its company's data only, never a shop-wide file.
fn require_import(by: &Actor, kind: ImportKind) -> EngineResult<()> {
    by.require(kind.permission())?;
    if by.company().is_some() {
        return Err(EngineError::forbidden(
            "A key bound to a company cannot import files.",
        ));
    }
    Ok(())
}

impl Engine {
    /// Starts an import of `kind` from `file_name` holding `total` records; needs the permission writing `kind`
    /// takes. Answers the job's id; the caller writes the records and reports each chunk.
    pub async fn start_import(
        &self,
        by: &Actor,
        kind: ImportKind,
        file_name: &str,
        total: u64,
    ) -> EngineResult<i64> {
        require_import(by, kind)?;
        let name: String = file_name.trim().chars().take(200).collect();
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO import_jobs (kind, file_name, status, total, started_by, started_at, updated_at)
             VALUES ($1, $2, 'running', $3, $4, $5, $5) RETURNING id",
        )
        .bind(kind.as_str())
        .bind(&name)
        .bind(i64::try_from(total).unwrap_or(i64::MAX))
        .bind(by.name())
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        let changes = [
            Change::new("kind", None, Some(kind.as_str().to_owned())),
            Change::new("file", None, Some(name)),
            Change::new("records", None, Some(total.to_string())),
        ];
        audit_log::record(
            &mut tx,
            by,
            "import.started",
            ("import", &id.to_string()),
            &changes,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Records a chunk of import `id`: `handled` more records, `written` of them written, and the bad lines.
    pub async fn record_import_chunk(
        &self,
        id: i64,
        handled: u64,
        written: u64,
        errors: &[(usize, String)],
    ) -> EngineResult<()> {
        let mut tx = self.db.begin_write().await?;
        let (failed_so_far,): (i64,) =
            sqlx::query_as("SELECT failed FROM import_jobs WHERE id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await?;
        let room = (MAX_KEPT_ERRORS as i64 - failed_so_far).max(0) as usize;
        for (line, message) in errors.iter().take(room) {
            sqlx::query(
                "INSERT INTO import_job_errors (job_id, line, message) VALUES ($1, $2, $3)
                 ON CONFLICT (job_id, line) DO NOTHING",
            )
            .bind(id)
            .bind(i64::try_from(*line).unwrap_or(i64::MAX))
            .bind(message.chars().take(1000).collect::<String>())
            .execute(&mut **tx)
            .await?;
        }
        sqlx::query(
            "UPDATE import_jobs SET done = done + $2, ok = ok + $3, failed = failed + $4, updated_at = $5
             WHERE id = $1",
        )
        .bind(id)
        .bind(i64::try_from(handled).unwrap_or(0))
        .bind(i64::try_from(written).unwrap_or(0))
        .bind(i64::try_from(errors.len()).unwrap_or(0))
        .bind(now_ms())
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends import `id`: done, or failed with `failure` (what was written stays written).
    pub async fn finish_import(&self, id: i64, failure: Option<&str>) -> EngineResult<()> {
        sqlx::query(
            "UPDATE import_jobs SET status = $2, message = $3, updated_at = $4 WHERE id = $1",
        )
        .bind(id)
        .bind(if failure.is_some() { "failed" } else { "done" })
        .bind(failure.unwrap_or(""))
        .bind(now_ms())
        .execute(&self.db.pool)
        .await?;
        Ok(())
    }

    /// Import `id` with its bad lines (at most [`MAX_KEPT_ERRORS`], in line order), for a member who may write its
    /// kind; `NotFound` otherwise.
    pub async fn import_job(
        &self,
        by: &Actor,
        id: i64,
    ) -> EngineResult<(ImportJob, Vec<ImportLineError>)> {
        let job: Option<ImportJob> = sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM import_jobs WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await?;
        let job = job.ok_or_else(|| EngineError::not_found("import", id.to_string()))?;
        require_import(by, ImportKind::parse(&job.kind)?)?;
        let errors = sqlx::query_as(
            "SELECT line, message FROM import_job_errors WHERE job_id = $1 ORDER BY line",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        Ok((stale_checked(job), errors))
    }

    /// The 20 latest imports of the kinds `by` may write, newest first.
    pub async fn recent_imports(&self, by: &Actor) -> EngineResult<Vec<ImportJob>> {
        let kinds: Vec<&str> = ImportKind::ALL
            .into_iter()
            .filter(|k| require_import(by, *k).is_ok())
            .map(ImportKind::as_str)
            .collect();
        if kinds.is_empty() {
            return Err(EngineError::forbidden("Your role may not import anything."));
        }
        let jobs: Vec<ImportJob> = sqlx::query_as(&format!(
            "SELECT {JOB_COLUMNS} FROM import_jobs ORDER BY started_at DESC, id DESC LIMIT 100"
        ))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(jobs
            .into_iter()
            .filter(|j| kinds.contains(&j.kind.as_str()))
            .take(20)
            .map(stale_checked)
            .collect())
    }
}

/// A job still marked running whose progress stopped long ago is shown as failed: its app server stopped.
fn stale_checked(mut job: ImportJob) -> ImportJob {
    if job.status == "running" && now_ms() - job.updated_at > STALE_MS {
        job.status = "failed".into();
        job.message = "the import stopped (its app server was shut down); import the file again: every record is an upsert".into();
    }
    job
}
