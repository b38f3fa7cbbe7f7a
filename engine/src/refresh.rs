//! Keeping every app server current: the catalog clock, the change log, the [`CatalogMeta`] snapshot and the
//! search index.
//!
//! Every catalog write bumps the clock and logs the products it touched in its own transaction
//! ([`record_changes`]). [`Engine::refresh`] compares the clock with what this process has applied, reloads the
//! snapshot and re-indexes the logged products. The writing process refreshes right after its commit; every other
//! process polls the clock ([`Engine::spawn_refresher`]), a one-row read every 250 ms.

use std::sync::{
    Arc, RwLock,
    atomic::{AtomicI64, Ordering},
};
use std::time::Duration;

use sqlx::{Any, Transaction};

use crate::search::{
    docs::{Batch, load_docs, price_key},
    index::SearchIndex,
};
use crate::{
    Engine, EngineError, EngineResult, meta::CatalogMeta, meta::load_meta, page_cache::PageCache,
};

/// A change-log entry meaning "re-index everything": categories, channels or attributes changed.
pub(crate) const EVERYTHING: i64 = 0;

/// Products read and indexed per step while the index is built.
const BUILD_CHUNK: usize = 5_000;

/// Products re-indexed per committed step of a refresh.
const REINDEX_CHUNK: usize = 2_000;

/// How this process's search index came to be.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStart {
    /// Whether an index kept on disk was reopened and caught up, rather than built from the database.
    pub reopened: bool,
    /// Products read from the database for it: those changed since the kept version, or all of them.
    pub products: usize,
}

/// Hands memory freed after the index build back to the operating system: glibc keeps freed heap for reuse, which
/// would leave an idle server holding the build's peak for good.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's own heap to the kernel.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// How often other processes' changes are looked for.
pub const REFRESH_INTERVAL: Duration = Duration::from_millis(250);

/// Per-process caches, shared by every clone of an [`Engine`].
#[derive(Default)]
pub(crate) struct Caches {
    pub(crate) listings: PageCache<domain::CategoryPage>,
    pub(crate) searches: PageCache<domain::SearchPage>,
    pub(crate) products: PageCache<domain::Product>,
    pub(crate) pricing: crate::pricing::KeptPricing,
    meta: RwLock<Option<Arc<CatalogMeta>>>,
    search: RwLock<Option<Arc<SearchIndex>>>,
    /// The clock version the search index reflects.
    search_version: AtomicI64,
    search_start: std::sync::OnceLock<SearchStart>,
    refresh: tokio::sync::Mutex<()>,
}

/// Bumps the catalog clock and logs `product_ids` (or [`EVERYTHING`]) as changed, inside the caller's transaction.
/// The clock row's lock orders catalog writers, so versions become visible in order.
pub(crate) async fn record_changes(
    tx: &mut Transaction<'_, Any>,
    product_ids: &[i64],
) -> EngineResult<i64> {
    let (version,): (i64,) = sqlx::query_as(
        "UPDATE catalog_clock SET version = version + 1 WHERE id = 1 RETURNING version",
    )
    .fetch_one(&mut **tx)
    .await?;
    for chunk in product_ids.chunks(400) {
        let values = chunk
            .iter()
            .map(|id| format!("({version}, {id})"))
            .collect::<Vec<_>>()
            .join(",");
        sqlx::query(&format!(
            "INSERT INTO catalog_changes (version, product_id) VALUES {values} ON CONFLICT DO NOTHING"
        ))
.persistent(false)
        .execute(&mut **tx)
        .await?;
    }
    Ok(version)
}

fn poisoned() -> EngineError {
    EngineError::Conflict("a cache lock was poisoned".into())
}

impl Engine {
    /// The snapshot of channels, categories, attributes, brands and tax rates.
    pub(crate) async fn meta(&self) -> EngineResult<Arc<CatalogMeta>> {
        if let Some(meta) = self.caches.meta.read().map_err(|_| poisoned())?.clone() {
            return Ok(meta);
        }
        let _guard = self.caches.refresh.lock().await;
        if let Some(meta) = self.caches.meta.read().map_err(|_| poisoned())?.clone() {
            return Ok(meta);
        }
        let meta = Arc::new(load_meta(&self.db.pool).await?);
        *self.caches.meta.write().map_err(|_| poisoned())? = Some(meta.clone());
        Ok(meta)
    }

    /// The catalog version this process serves, once its snapshot and search index are both loaded: whatever
    /// caches what a page shows keys it by this, so a catalog change on any app server retires the entry. `None`
    /// before the first load, when nothing should be cached yet.
    pub fn catalog_version(&self) -> Option<i64> {
        let meta = self.caches.meta.read().ok()?.as_ref()?.version;
        self.caches.search.read().ok()?.as_ref()?;
        Some(meta.min(self.caches.search_version.load(Ordering::SeqCst)))
    }

    /// The version to key cached page data by: [`Engine::catalog_version`] once the index is loaded, else the
    /// snapshot's. A refresh swaps the snapshot before the index has the changed products; keying by the snapshot
    /// alone would cache a result of the old index under the new version, to be served until it expires.
    pub(crate) fn cache_version(&self, meta: &CatalogMeta) -> i64 {
        self.catalog_version().unwrap_or(meta.version)
    }

    /// The search index: on first use reopened from its folder and caught up, or built from the database
    /// (`warm_up` does it at start).
    pub(crate) async fn search_index(&self) -> EngineResult<Arc<SearchIndex>> {
        if let Some(index) = self.caches.search.read().map_err(|_| poisoned())?.clone() {
            return Ok(index);
        }
        let meta = self.meta().await?;
        let _guard = self.caches.refresh.lock().await;
        if let Some(index) = self.caches.search.read().map_err(|_| poisoned())?.clone() {
            return Ok(index);
        }
        let keys: Vec<String> = meta.channels.iter().map(price_key).collect();
        let channels: Vec<&str> = keys.iter().map(String::as_str).collect();
        let (index, kept) = match &self.config.search_dir {
            Some(dir) => {
                let (database,): (String,) =
                    sqlx::query_as("SELECT database_id FROM catalog_clock WHERE id = 1")
                        .fetch_one(&self.db.pool)
                        .await?;
                SearchIndex::in_folder(dir, &database, &channels)
            }
            None => SearchIndex::in_ram(&channels).map(|index| (index, None)),
        }
        .map_err(search_error)?;
        let index = Arc::new(index);
        // A kept index catches up from the change log, unless the log says "everything" or the database is behind
        // the index (restored from a backup): then it is built again in place.
        let changed = match kept.filter(|&version| version <= meta.version) {
            Some(version) => self
                .changed_since(version, meta.version)
                .await?
                .map(|ids| (version, ids)),
            None => None,
        };
        let start = match changed {
            Some((version, ids)) => {
                self.reindex(&index, &meta, &ids, version).await?;
                SearchStart {
                    reopened: true,
                    products: ids.len(),
                }
            }
            None => {
                if kept.is_some() {
                    index.clear().map_err(search_error)?;
                }
                let products = self.build(&index, &meta).await?;
                release_freed_memory();
                SearchStart {
                    reopened: false,
                    products,
                }
            }
        };
        self.caches
            .search_version
            .store(meta.version, Ordering::SeqCst);
        let _ = self.caches.search_start.set(start);
        *self.caches.search.write().map_err(|_| poisoned())? = Some(index.clone());
        Ok(index)
    }

    /// Indexes every product, reading the next few thousand from the database while the writer indexes the last.
    /// Documents are read after the snapshot's version: anything newer is re-applied by the next refresh.
    async fn build(
        &self,
        index: &Arc<SearchIndex>,
        meta: &Arc<CatalogMeta>,
    ) -> EngineResult<usize> {
        let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM products ORDER BY id")
            .fetch_all(&self.db.pool)
            .await?;
        let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        let (sender, mut chunks) = tokio::sync::mpsc::channel(1);
        let reader = {
            let (pool, backend, meta) = (self.db.pool.clone(), self.db.backend, meta.clone());
            tokio::spawn(async move {
                let mut reading = std::time::Duration::ZERO;
                for chunk in ids.chunks(BUILD_CHUNK) {
                    let started = std::time::Instant::now();
                    let docs = load_docs(
                        &pool,
                        backend,
                        &meta,
                        Batch::Between(chunk[0], chunk[chunk.len() - 1]),
                    )
                    .await;
                    reading += started.elapsed();
                    let failed = docs.is_err();
                    if sender.send(docs).await.is_err() || failed {
                        break;
                    }
                }
                reading
            })
        };
        let started = std::time::Instant::now();
        let mut products = 0;
        while let Some(docs) = chunks.recv().await {
            let docs = docs?;
            products += docs.len();
            // The writer blocks while its queue is full: off the runtime's threads, which serve pages meanwhile.
            let writer = index.clone();
            tokio::task::spawn_blocking(move || writer.add_new(docs))
                .await
                .map_err(|e| EngineError::Conflict(format!("search index build: {e}")))?
                .map_err(search_error)?;
        }
        let reading = reader
            .await
            .map_err(|e| EngineError::Conflict(format!("search index build: {e}")))?;
        let committing = std::time::Instant::now();
        let (writer, version) = (index.clone(), meta.version);
        tokio::task::spawn_blocking(move || writer.finish_build(version))
            .await
            .map_err(|e| EngineError::Conflict(format!("search index build: {e}")))?
            .map_err(search_error)?;
        tracing::info!(
            products,
            read_ms = reading.as_millis() as u64,
            commit_ms = committing.elapsed().as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "built the search index"
        );
        Ok(products)
    }

    /// The products logged as changed after `from` up to `to`; `None` when the log says "everything".
    async fn changed_since(&self, from: i64, to: i64) -> EngineResult<Option<Vec<i64>>> {
        let changed: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT product_id FROM catalog_changes WHERE version > $1 AND version <= $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = changed.into_iter().map(|(id,)| id).collect();
        Ok((!ids.contains(&EVERYTHING)).then_some(ids))
    }

    /// Re-indexes `ids` as of `meta`, a couple of thousand at a time. Each step is committed at the version the
    /// index already had, the last at `meta.version`, so an index kept on disk never claims changes it lacks.
    async fn reindex(
        &self,
        index: &SearchIndex,
        meta: &CatalogMeta,
        ids: &[i64],
        applied: i64,
    ) -> EngineResult<()> {
        let steps = ids.chunks(REINDEX_CHUNK).count();
        for (step, chunk) in ids.chunks(REINDEX_CHUNK).enumerate() {
            let docs = load_docs(&self.db.pool, self.db.backend, meta, Batch::Ids(chunk)).await?;
            let removed: Vec<i64> = chunk
                .iter()
                .copied()
                .filter(|id| !docs.iter().any(|d| d.product_id == *id))
                .collect();
            let version = if step + 1 == steps {
                meta.version
            } else {
                applied
            };
            index.apply(docs, &removed, version).map_err(search_error)?;
        }
        Ok(())
    }

    /// Reopens or builds the search index now, so the first buyer does not wait for it, and says which it did.
    pub async fn warm_up(&self) -> EngineResult<SearchStart> {
        self.search_index().await?;
        Ok(self.caches.search_start.get().copied().unwrap_or_default())
    }

    /// Applies every catalog change committed since the last refresh, by this process or any other.
    pub async fn refresh(&self) -> EngineResult<()> {
        let _guard = self.caches.refresh.lock().await;
        let (scheduled, publish_at) = self
            .caches
            .meta
            .read()
            .map_err(|_| poisoned())?
            .as_ref()
            .map_or((None, None), |m| (m.tax_changes_at, m.next_publish_at));
        let now = crate::now_ms();
        if let Some(start) = scheduled.filter(|&start| start <= now) {
            crate::settings::bring_into_force(&self.db, start).await?;
        }
        if publish_at.is_some_and(|at| at <= now) {
            crate::products::publish_due(&self.db, now).await?;
        }
        let (clock,): (i64,) = sqlx::query_as("SELECT version FROM catalog_clock WHERE id = 1")
            .fetch_one(&self.db.pool)
            .await?;
        let current = self.caches.meta.read().map_err(|_| poisoned())?.clone();
        let meta = match current {
            Some(meta) if meta.version >= clock => meta,
            _ => {
                let meta = Arc::new(load_meta(&self.db.pool).await?);
                *self.caches.meta.write().map_err(|_| poisoned())? = Some(meta.clone());
                meta
            }
        };
        let Some(index) = self.caches.search.read().map_err(|_| poisoned())?.clone() else {
            return Ok(());
        };
        let applied = self.caches.search_version.load(Ordering::SeqCst);
        if applied >= meta.version {
            return Ok(());
        }
        let ids = match self.changed_since(applied, meta.version).await? {
            Some(ids) => ids,
            None => {
                let all: Vec<(i64,)> = sqlx::query_as("SELECT id FROM products")
                    .fetch_all(&self.db.pool)
                    .await?;
                all.into_iter().map(|(id,)| id).collect()
            }
        };
        self.reindex(&index, &meta, &ids, applied).await?;
        self.caches
            .search_version
            .store(meta.version, Ordering::SeqCst);
        Ok(())
    }

    /// Polls for other processes' catalog changes every [`REFRESH_INTERVAL`] until the task is aborted.
    pub fn spawn_refresher(&self) -> tokio::task::JoinHandle<()> {
        let engine = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(REFRESH_INTERVAL);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(error) = engine.refresh().await {
                    tracing::warn!(%error, "catalog refresh failed; retrying");
                }
            }
        })
    }
}

pub(crate) fn search_error(error: tantivy::TantivyError) -> EngineError {
    EngineError::Conflict(format!("search index: {error}"))
}
