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
    docs::{load_docs, price_key},
    index::SearchIndex,
};
use crate::{
    Engine, EngineError, EngineResult, meta::CatalogMeta, meta::load_meta, page_cache::PageCache,
};

/// A change-log entry meaning "re-index everything": categories, channels or attributes changed.
pub(crate) const EVERYTHING: i64 = 0;

/// Products read and indexed per step while the index is built.
const BUILD_CHUNK: usize = 5_000;

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
    meta: RwLock<Option<Arc<CatalogMeta>>>,
    search: RwLock<Option<Arc<SearchIndex>>>,
    /// The clock version the search index reflects.
    search_version: AtomicI64,
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

    /// The search index, built from the database on first use (`warm_up` does it at start).
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
        let index = match &self.config.search_dir {
            Some(dir) => SearchIndex::in_dir(dir, &channels),
            None => SearchIndex::in_ram(&channels),
        }
        .map_err(search_error)?;
        // Documents are read after the snapshot's version: anything newer is re-applied by the next refresh. They
        // are read and indexed a few thousand at a time, so the start-up peak stays small at any catalog size.
        let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM products ORDER BY id")
            .fetch_all(&self.db.pool)
            .await?;
        let ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
        for chunk in ids.chunks(BUILD_CHUNK) {
            let docs = load_docs(&self.db.pool, &meta, Some(chunk)).await?;
            index.add_new(docs).map_err(search_error)?;
        }
        release_freed_memory();
        self.caches
            .search_version
            .store(meta.version, Ordering::SeqCst);
        let index = Arc::new(index);
        *self.caches.search.write().map_err(|_| poisoned())? = Some(index.clone());
        Ok(index)
    }

    /// Loads the snapshot and builds the search index now, so the first buyer does not wait for it.
    pub async fn warm_up(&self) -> EngineResult<()> {
        self.search_index().await.map(|_| ())
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
        let changed: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT product_id FROM catalog_changes WHERE version > $1 AND version <= $2",
        )
        .bind(applied)
        .bind(meta.version)
        .fetch_all(&self.db.pool)
        .await?;
        let mut ids: Vec<i64> = changed.into_iter().map(|(id,)| id).collect();
        if ids.contains(&EVERYTHING) {
            let all: Vec<(i64,)> = sqlx::query_as("SELECT id FROM products")
                .fetch_all(&self.db.pool)
                .await?;
            ids = all.into_iter().map(|(id,)| id).collect();
        }
        for chunk in ids.chunks(2_000) {
            let docs = load_docs(&self.db.pool, &meta, Some(chunk)).await?;
            let removed: Vec<i64> = chunk
                .iter()
                .copied()
                .filter(|id| !docs.iter().any(|d| d.product_id == *id))
                .collect();
            index.apply(docs, &removed).map_err(search_error)?;
        }
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
