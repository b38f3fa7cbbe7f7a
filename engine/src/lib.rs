//! Kontor's commerce engine.
//!
//! Takes typed inputs from `domain`, keeps state in SQLite or PostgreSQL, returns `domain` types. It knows nothing
//! of HTTP or HTML, so every head (storefront, REST API, CLI, worker) drives the same rules.

mod accounts;
mod api_keys;
pub mod approvals;
mod audit;
pub mod audit_log;
mod audit_retention;
mod cart;
mod catalog;
mod checkout;
mod company;
pub mod customers;
pub mod dashboard;
mod db;
mod erp;
mod error;
pub mod events;
pub mod exchange;
mod idempotency;
pub mod imports;
pub mod inventory;
mod limits;
mod mail;
pub mod media;
mod meta;
mod orders;
pub mod outbound;
mod page_cache;
pub mod payments;
mod pricing;
mod products;
pub mod quotes;
mod refresh;
mod retention;
mod search;
mod secrets;
pub mod seed;
pub mod settings;
mod shopper;
pub mod shopping_lists;
mod sitemap;
pub mod staff;

pub use accounts::{BusinessRegistration, SessionPage, SignedIn, hash_password};
pub use api_keys::{ApiKey, CreatedApiKey, KeyKind, NewApiKey, Scope};
pub use audit_retention::AuditRetention;
pub use cart::{MAX_CART_LINES, read_order_file};
pub use checkout::{CheckoutRequest, LineChange, ShipTo};
pub use db::Backend;
pub use domain::{OrderList, ReorderReport};
pub use erp::{
    ErpConnector, ErpFuture, ErpLimits, ErpLine, ErpLineRequest, ErpRequest, ErpStatus, LiveCheck,
    LiveLine, Source,
};
pub use error::{EngineError, EngineResult};
pub use idempotency::{IDEMPOTENCY_LEASE, Idempotency};
pub use limits::{AuthLimits, ClientAddr};
pub use mail::OutgoingEmail;
pub use media::{Media, MediaStorage};
pub use orders::{
    COUNT_CAP, MERCHANT_PAGE, MerchantOrder, MerchantOrderPage, NewPayment, OrderSearch,
    PaymentState, TimelineEntry, TimelineKind,
};
pub use page_cache::TTL as GUEST_PAGE_TTL;
pub use products::{
    BULK_LIMIT, BulkChange, EditableProduct, PRODUCT_PAGE, ProductEdit, ProductList, ProductQuery,
    ProductRow, ProductSort,
};
pub use quotes::{QuoteAnswer, QuoteRequestLine};
pub use refresh::{REFRESH_INTERVAL, SearchStart};
pub use retention::Purged;
pub use secrets::{SecretKey, WrongKey};
pub use shopper::Shopper;
pub use sitemap::{SitemapCounts, SitemapEntry};
pub use staff::{Actor, ActorKind, StaffSessions};

use domain::Currency;

/// Settings the engine needs, handed in by the host; the engine never reads the environment.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The shop's base currency: the currency of import and export records and of seeded base prices.
    pub currency: Currency,
    /// Connections in the pool; SQLite in memory always uses one.
    pub max_connections: u32,
    /// The folder search indexes are kept in (memory-mapped files, so they stay out of the heap); `None` keeps
    /// the index in RAM and builds it at every start. In a folder, each database's index has a folder of its own,
    /// reopened at the next start and caught up from the change log; one the database does not vouch for (another
    /// database's, a half-built one, an older layout) is built again. The database remains the only truth.
    pub search_dir: Option<std::path::PathBuf>,
    /// Limits on sign-in, sign-up and password reset.
    pub auth: AuthLimits,
    /// SQLite only: sync the log at every commit (`synchronous = FULL`, the default), so an acknowledged order
    /// survives a power cut. Off trades the last commits before a crash for write throughput.
    pub sqlite_sync_every_commit: bool,
    /// Whether webhooks (and the head's other outgoing calls) may target loopback, private and other non-public
    /// addresses, and plain `http://`. Off by default: a URL from an API caller must not reach into the shop's own
    /// network. For development and receivers on the same network only.
    pub allow_private_targets: bool,
    /// The key stored secrets (webhook signing secrets) are sealed with. The default is a random key of this
    /// process, which suits a shop in memory; a shop on disk needs the same key at every start.
    pub secret_key: SecretKey,
    /// How long back-office sessions last.
    pub staff_sessions: staff::StaffSessions,
    /// Where uploaded media are stored.
    pub media: media::MediaStorage,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            currency: Currency::eur(),
            max_connections: 16,
            search_dir: None,
            auth: AuthLimits::default(),
            sqlite_sync_every_commit: true,
            allow_private_targets: false,
            secret_key: SecretKey::default(),
            staff_sessions: staff::StaffSessions::default(),
            media: media::MediaStorage::Database,
        }
    }
}

/// The commerce engine: cheap to clone, shared by every request.
#[derive(Clone)]
pub struct Engine {
    db: db::Db,
    config: EngineConfig,
    caches: std::sync::Arc<refresh::Caches>,
    erp: Option<erp::ErpLink>,
    limits: std::sync::Arc<limits::Limiters>,
    max_cart_lines: usize,
    media_store: media::MediaStore,
}

impl Engine {
    /// Connects to `database_url` (`sqlite://path`, `sqlite::memory:` or `postgres://...`), creating a SQLite file
    /// and its folder when missing. Does not migrate; call [`Engine::migrate`].
    pub async fn connect(database_url: &str, config: EngineConfig) -> EngineResult<Self> {
        let db = db::Db::connect(
            database_url,
            config.max_connections,
            config.sqlite_sync_every_commit,
        )
        .await?;
        let media_store = media::MediaStore::open(&config.media)?;
        Ok(Self {
            media_store,
            db,
            limits: std::sync::Arc::new(limits::Limiters::new(&config.auth)),
            config,
            caches: Default::default(),
            erp: None,
            max_cart_lines: cart::MAX_CART_LINES,
        })
    }

    /// Applies the embedded migrations for the backend that is connected.
    pub async fn migrate(&self) -> EngineResult<()> {
        self.db.migrate(i64::MAX).await
    }

    /// Applies the embedded migrations up to `version` only: for tests that a migration carries the data an
    /// older version wrote.
    #[doc(hidden)]
    pub async fn migrate_until(&self, version: i64) -> EngineResult<()> {
        self.db.migrate(version).await
    }

    /// Which database this engine runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    /// The settings the engine was started with.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The shop's currency: the one every product's main price is in.
    pub fn currency(&self) -> &domain::Currency {
        &self.config.currency
    }

    /// Answers when the database does: the readiness check.
    pub async fn health(&self) -> EngineResult<()> {
        sqlx::query("SELECT 1").execute(&self.db.pool).await?;
        Ok(())
    }

    /// Closes the pool, waiting for connections in use: part of a graceful shutdown.
    pub async fn close(&self) {
        self.db.pool.close().await;
    }
}

/// The wall clock in epoch milliseconds, as the engine stamps what it writes; heads use it to ask "does this
/// still hold now" the way the engine will.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
