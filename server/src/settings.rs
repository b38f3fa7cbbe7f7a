//! Settings from the environment, parsed once at start-up. Every variable has a safe default (SQLite under
//! `./data`, listening on 127.0.0.1:3000), and a malformed one stops start-up with one line that names it.

use std::{env, net::SocketAddr};

use domain::Currency;

/// Everything the host needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `DATABASE_URL`: `sqlite://…` or `postgres://…`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`: where to listen.
    pub site_addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`: the folder cargo-leptos built the site into.
    pub site_root: String,
    /// `LEPTOS_SITE_PKG_DIR`: the folder below the site root holding the JS, wasm and CSS.
    pub site_pkg_dir: String,
    /// `LEPTOS_OUTPUT_NAME`: the bundle's file name.
    pub output_name: String,
    /// `LEPTOS_HASH_FILES`: whether bundle names carry a content hash.
    pub hash_files: bool,
    /// `LEPTOS_ENV`: `DEV` or `PROD`.
    pub leptos_env: String,
    /// `KONTOR_PUBLIC_URL`: the shop's public address, for canonical links.
    pub public_url: String,
    /// `KONTOR_CURRENCY`: the shop's base currency (import/export records, seeded base prices).
    pub currency: Currency,
    /// `KONTOR_SEARCH_DIR`: where search indexes are kept between starts, one folder per database (and per process
    /// running at once, each locking its own); `memory` keeps the index on the heap and builds it at every start.
    /// Default: `search` under the data folder.
    pub search_dir: Option<std::path::PathBuf>,
    /// `KONTOR_MEDIA_STORE`: where uploaded images go: `database` (the default), `dir:/path`, or `s3:bucket` with
    /// `KONTOR_MEDIA_S3_ENDPOINT` for a service other than AWS. S3 credentials and region come from the standard
    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_REGION`, never from here.
    pub media: engine::MediaStorage,
    /// `KONTOR_DB_MAX_CONNECTIONS`: the pool size.
    pub db_max_connections: u32,
    /// `KONTOR_PAGE_CACHE_MB`: memory for finished guest pages (default 24); `0` renders every request.
    pub page_cache_mb: u32,
    /// `KONTOR_DEMO`: seed the demo shop (catalog, companies and accounts with a published password) when
    /// `serve` finds the shop empty. Off by default, so a shop put on the internet has no account anyone knows.
    pub demo: bool,
    /// `KONTOR_LOG_FORMAT`: `text` or `json`.
    pub log_json: bool,
    /// `KONTOR_SMTP_URL`: the SMTP relay (`smtp://user:pass@host:587`); unset writes `.eml` files instead.
    pub smtp_url: Option<String>,
    /// `KONTOR_MAIL_DIR`: where `.eml` files go without SMTP (default `<data folder>/mail`).
    pub mail_dir: std::path::PathBuf,
    /// `KONTOR_MAIL_FROM`: the sender of the shop's emails.
    pub mail_from: String,
    /// `KONTOR_ERP_URL`: where live prices and availability are asked (the reference HTTP connector); unset uses
    /// stored data only.
    pub erp_url: Option<String>,
    /// `KONTOR_ERP_TIMEOUT_MS`: how long a request waits for the ERP before answering from stored data (default
    /// 800).
    pub erp_timeout_ms: u64,
    /// `KONTOR_ERP_CONNECT_TIMEOUT_MS` (default 1000) and `KONTOR_ERP_TOTAL_TIMEOUT_MS` (default 5000): when a call
    /// to the ERP is given up while connecting, and altogether. They end the call itself, after the request has
    /// stopped waiting, so a hung ERP does not hold a call slot for ever.
    pub erp_connect_timeout_ms: u64,
    /// See `erp_connect_timeout_ms`.
    pub erp_total_timeout_ms: u64,
    /// `KONTOR_ERP_MAX_CONCURRENT`: ERP calls under way at once per app server (default 16); a request beyond it
    /// answers from stored data at once, as after a timeout.
    pub erp_max_concurrent: u32,
    /// `KONTOR_TRUSTED_PROXIES`: addresses of reverse proxies whose `X-Forwarded-For` names the client (comma
    /// separated); none by default, so the socket's address is the client's.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `KONTOR_API_ANONYMOUS_PER_MINUTE`: API calls a client address may make per minute without a token or key
    /// (default 600, with a burst of as many).
    pub api_anonymous_per_minute: u32,
    /// `KONTOR_AUTH_PER_ADDRESS_PER_MINUTE` (30), `KONTOR_AUTH_RESETS_PER_HOUR` (3), `KONTOR_AUTH_FREE_FAILURES`
    /// (4), `KONTOR_AUTH_ACCOUNT_FAILURES` (20) and `KONTOR_HASH_CONCURRENCY` (the cores): limits on sign-in,
    /// sign-up and password reset (see `engine::AuthLimits`).
    pub auth: engine::AuthLimits,
    /// `KONTOR_SQLITE_SYNC`: `full` (default: an acknowledged order survives a power cut) or `normal` (faster
    /// writes; the last commits before a power cut may be lost).
    pub sqlite_sync_every_commit: bool,
    /// `KONTOR_STAFF_IDLE_MINUTES` (default 30) and `KONTOR_STAFF_SESSION_HOURS` (default 12): a back-office
    /// session ends after so long without a request, and so long after sign-in whatever happens.
    pub staff_sessions: engine::StaffSessions,
    /// `KONTOR_RETENTION_DAYS`: how long sent emails, finished webhook deliveries and events are kept (default
    /// 90); the hourly purge deletes older ones.
    pub retention_days: u32,
    /// `KONTOR_BULK_MAX_MB`: the largest NDJSON body a bulk upload may send, in MiB (default 64); a larger one is
    /// refused with `413`.
    pub bulk_max_mb: u32,
    /// `KONTOR_ALLOW_PRIVATE_TARGETS`: let webhooks and the ERP connector call loopback, private, link-local and
    /// other non-public addresses, and plain `http://` (default 0: https to public addresses only). For development
    /// and receivers on the shop's own network.
    pub allow_private_targets: bool,
    /// `KONTOR_DATA_DIR`: the folder for the shop's files (default `./data`): the key file, mail without SMTP and
    /// the search index, unless their own settings put them elsewhere.
    pub data_dir: std::path::PathBuf,
    /// `KONTOR_SECRET_KEY`: the key stored secrets (webhook signing secrets) are sealed with, 32 bytes as 64 hex
    /// digits or base64. Unset, a key is made on first start and kept in `<data folder>/secret.key` (readable by
    /// its owner only); several app servers on one database need the same key.
    pub secret_key: Option<engine::SecretKey>,
}

/// A setting that could not be used; the message names the variable.
#[derive(Debug, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct SettingError {
    /// The environment variable.
    pub variable: &'static str,
    /// What is wrong with it.
    pub message: String,
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, SettingError> {
        Self::from_lookup(|key| env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests need not touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingError> {
        let get = |key: &'static str| lookup(key).filter(|v| !v.trim().is_empty());
        let bad = |variable: &'static str, message: String| SettingError { variable, message };

        let database_url =
            get("DATABASE_URL").unwrap_or_else(|| "sqlite://data/kontor.db".to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return Err(bad(
                "DATABASE_URL",
                "must start with sqlite: or postgres:// (e.g. sqlite://data/kontor.db)".into(),
            ));
        }
        let addr_text = get("LEPTOS_SITE_ADDR").unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let site_addr: SocketAddr = addr_text.parse().map_err(|_| {
            bad(
                "LEPTOS_SITE_ADDR",
                format!("{addr_text:?} is not an address and port such as 127.0.0.1:3000"),
            )
        })?;
        let hash_text = get("LEPTOS_HASH_FILES")
            .or_else(|| option_env!("LEPTOS_HASH_FILES").map(str::to_owned))
            .unwrap_or_else(|| "false".to_owned());
        let hash_files = parse_bool(&hash_text)
            .ok_or_else(|| bad("LEPTOS_HASH_FILES", "must be true or false".into()))?;
        let currency_text = get("KONTOR_CURRENCY").unwrap_or_else(|| "EUR".to_owned());
        let currency = Currency::parse(&currency_text).map_err(|_| {
            bad(
                "KONTOR_CURRENCY",
                format!("{currency_text:?} is not a three-letter currency code"),
            )
        })?;
        let page_cache_mb = get("KONTOR_PAGE_CACHE_MB")
            .unwrap_or_else(|| "24".to_owned())
            .parse::<u32>()
            .ok()
            .filter(|mb| *mb <= 4096)
            .ok_or_else(|| {
                bad(
                    "KONTOR_PAGE_CACHE_MB",
                    "must be a whole number of megabytes from 0 to 4096".into(),
                )
            })?;
        let pool_text = get("KONTOR_DB_MAX_CONNECTIONS").unwrap_or_else(|| "16".to_owned());
        let db_max_connections = pool_text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                bad(
                    "KONTOR_DB_MAX_CONNECTIONS",
                    "must be a whole number from 1 to 1000".into(),
                )
            })?;
        // The old switch seeded the demo unless told not to; silently ignoring it could leave a shop without the
        // demo its operator expects, or with one they meant to turn off.
        if get("KONTOR_AUTO_SEED").is_some() {
            return Err(bad(
                "KONTOR_AUTO_SEED",
                "is gone: `kontor serve` never seeds by itself now; set KONTOR_DEMO=1 for the demo shop".into(),
            ));
        }
        let demo = match get("KONTOR_DEMO") {
            Some(v) => parse_bool(&v).ok_or_else(|| bad("KONTOR_DEMO", "must be 1 or 0".into()))?,
            None => false,
        };
        let log_json = match get("KONTOR_LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(_) => return Err(bad("KONTOR_LOG_FORMAT", "must be text or json".into())),
        };
        let public_url = get("KONTOR_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{site_addr}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return Err(bad(
                "KONTOR_PUBLIC_URL",
                "must start with http:// or https://".into(),
            ));
        }
        let data_dir =
            std::path::PathBuf::from(get("KONTOR_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        let secret_key = match get("KONTOR_SECRET_KEY") {
            Some(text) => {
                Some(engine::SecretKey::parse(&text).map_err(|why| bad("KONTOR_SECRET_KEY", why))?)
            }
            None => None,
        };
        let search_dir = match get("KONTOR_SEARCH_DIR").as_deref() {
            Some("memory") => None,
            Some(dir) => Some(std::path::PathBuf::from(dir)),
            None => Some(data_dir.join("search")),
        };
        let media = match get("KONTOR_MEDIA_STORE").as_deref().map(str::trim) {
            None | Some("" | "database") => engine::MediaStorage::Database,
            Some(text) => match text.split_once(':') {
                Some(("dir", dir)) if !dir.is_empty() => {
                    engine::MediaStorage::Directory(std::path::PathBuf::from(dir))
                }
                Some(("s3", bucket)) if !bucket.is_empty() => engine::MediaStorage::S3 {
                    bucket: bucket.to_owned(),
                    endpoint: get("KONTOR_MEDIA_S3_ENDPOINT"),
                },
                _ => {
                    return Err(bad(
                        "KONTOR_MEDIA_STORE",
                        "must be `database`, `dir:/path` or `s3:bucket`".into(),
                    ));
                }
            },
        };
        let allow_private_targets = match get("KONTOR_ALLOW_PRIVATE_TARGETS") {
            Some(v) => parse_bool(&v)
                .ok_or_else(|| bad("KONTOR_ALLOW_PRIVATE_TARGETS", "must be 1 or 0".into()))?,
            None => false,
        };
        let erp_url = get("KONTOR_ERP_URL");
        if let Some(url) = &erp_url {
            engine::outbound::check_target_url(url, allow_private_targets)
                .map_err(|why| bad("KONTOR_ERP_URL", why))?;
        }
        let erp_timeout_ms = get("KONTOR_ERP_TIMEOUT_MS")
            .unwrap_or_else(|| "800".to_owned())
            .parse::<u64>()
            .ok()
            .filter(|ms| (1..=60_000).contains(ms))
            .ok_or_else(|| {
                bad(
                    "KONTOR_ERP_TIMEOUT_MS",
                    "must be a whole number of milliseconds from 1 to 60000".into(),
                )
            })?;
        let millis = |variable: &'static str, default: u64| match get(variable) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|ms| (1..=600_000).contains(ms))
                .ok_or_else(|| {
                    bad(
                        variable,
                        "must be a whole number of milliseconds from 1 to 600000".into(),
                    )
                }),
        };
        let erp_connect_timeout_ms = millis("KONTOR_ERP_CONNECT_TIMEOUT_MS", 1000)?;
        let erp_total_timeout_ms = millis("KONTOR_ERP_TOTAL_TIMEOUT_MS", 5000)?;
        if erp_connect_timeout_ms > erp_total_timeout_ms {
            return Err(bad(
                "KONTOR_ERP_CONNECT_TIMEOUT_MS",
                format!(
                    "must not be longer than KONTOR_ERP_TOTAL_TIMEOUT_MS ({erp_total_timeout_ms})"
                ),
            ));
        }
        let erp_max_concurrent = match get("KONTOR_ERP_MAX_CONCURRENT") {
            None => 16,
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=10_000).contains(n))
                .ok_or_else(|| {
                    bad(
                        "KONTOR_ERP_MAX_CONCURRENT",
                        "must be a whole number from 1 to 10000".into(),
                    )
                })?,
        };
        let smtp_url = get("KONTOR_SMTP_URL");
        if let Some(url) = &smtp_url
            && !(url.starts_with("smtp://") || url.starts_with("smtps://"))
        {
            return Err(bad(
                "KONTOR_SMTP_URL",
                "must start with smtp:// or smtps:// (e.g. smtp://user:pass@mail.example:587)"
                    .into(),
            ));
        }
        let trusted_proxies = get("KONTOR_TRUSTED_PROXIES")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<std::net::IpAddr>().map_err(|_| {
                    bad(
                        "KONTOR_TRUSTED_PROXIES",
                        format!("{s:?} is not an IP address (list them separated by commas)"),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let defaults = engine::AuthLimits::default();
        let number = |variable: &'static str, default: u32, max: u32| match get(variable) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| bad(variable, format!("must be a whole number from 1 to {max}"))),
        };
        let auth = engine::AuthLimits {
            hash_concurrency: number(
                "KONTOR_HASH_CONCURRENCY",
                defaults.hash_concurrency as u32,
                1024,
            )? as usize,
            per_address_per_minute: number(
                "KONTOR_AUTH_PER_ADDRESS_PER_MINUTE",
                defaults.per_address_per_minute,
                100_000,
            )?,
            resets_per_account_per_hour: number(
                "KONTOR_AUTH_RESETS_PER_HOUR",
                defaults.resets_per_account_per_hour,
                1000,
            )?,
            free_failures: number("KONTOR_AUTH_FREE_FAILURES", defaults.free_failures, 1000)?,
            account_failures: number(
                "KONTOR_AUTH_ACCOUNT_FAILURES",
                defaults.account_failures,
                100_000,
            )?,
        };
        let api_anonymous_per_minute =
            number("KONTOR_API_ANONYMOUS_PER_MINUTE", 600, 1_000_000_000)?;
        let sqlite_sync_every_commit = match get("KONTOR_SQLITE_SYNC").as_deref() {
            None | Some("full") => true,
            Some("normal") => false,
            Some(_) => return Err(bad("KONTOR_SQLITE_SYNC", "must be full or normal".into())),
        };
        let retention_days = number("KONTOR_RETENTION_DAYS", 90, 36_500)?;
        let bulk_max_mb = number("KONTOR_BULK_MAX_MB", 64, 4096)?;
        let staff_sessions = engine::StaffSessions {
            idle: std::time::Duration::from_secs(
                60 * u64::from(number("KONTOR_STAFF_IDLE_MINUTES", 30, 24 * 60)?),
            ),
            absolute: std::time::Duration::from_secs(
                3600 * u64::from(number("KONTOR_STAFF_SESSION_HOURS", 12, 24 * 7)?),
            ),
        };
        Ok(Self {
            staff_sessions,
            retention_days,
            bulk_max_mb,
            allow_private_targets,
            sqlite_sync_every_commit,
            api_anonymous_per_minute,
            trusted_proxies,
            auth,
            erp_url,
            erp_timeout_ms,
            erp_connect_timeout_ms,
            erp_total_timeout_ms,
            erp_max_concurrent,
            smtp_url,
            mail_dir: get("KONTOR_MAIL_DIR")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| data_dir.join("mail")),
            data_dir,
            secret_key,
            mail_from: get("KONTOR_MAIL_FROM")
                .unwrap_or_else(|| "Kontor Supply <orders@kontor.example>".to_owned()),
            search_dir,
            media,
            database_url,
            site_addr,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()),
            site_pkg_dir: get("LEPTOS_SITE_PKG_DIR").unwrap_or_else(|| "pkg".to_owned()),
            output_name: get("LEPTOS_OUTPUT_NAME")
                .or_else(|| option_env!("LEPTOS_OUTPUT_NAME").map(str::to_owned))
                .unwrap_or_else(|| "kontor".to_owned()),
            hash_files,
            leptos_env: get("LEPTOS_ENV").unwrap_or_else(|| "PROD".to_owned()),
            public_url,
            currency,
            db_max_connections,
            page_cache_mb,
            demo,
            log_json,
        })
    }

    /// The Leptos options these settings describe.
    pub fn leptos_options(&self) -> leptos::config::LeptosOptions {
        let env = if self.leptos_env.eq_ignore_ascii_case("dev")
            || self.leptos_env.eq_ignore_ascii_case("development")
        {
            leptos::config::Env::DEV
        } else {
            leptos::config::Env::PROD
        };
        leptos::config::LeptosOptions::builder()
            .output_name(self.output_name.as_str())
            .site_root(self.site_root.as_str())
            .site_pkg_dir(self.site_pkg_dir.as_str())
            .site_addr(self.site_addr)
            .hash_files(self.hash_files)
            .env(env)
            .build()
    }

    /// How long history is kept: the retention window of `KONTOR_RETENTION_DAYS`.
    pub fn retention(&self) -> std::time::Duration {
        std::time::Duration::from_secs(u64::from(self.retention_days) * 24 * 3600)
    }

    /// The largest bulk upload, in bytes.
    pub fn bulk_max_bytes(&self) -> u64 {
        u64::from(self.bulk_max_mb) << 20
    }

    /// How long requests wait for the ERP and how many calls may be under way.
    pub fn erp_limits(&self) -> engine::ErpLimits {
        engine::ErpLimits {
            timeout: std::time::Duration::from_millis(self.erp_timeout_ms),
            max_concurrent: self.erp_max_concurrent as usize,
        }
    }

    /// How the HTTP connector reaches the ERP.
    pub fn http_erp_options(&self) -> crate::erp::HttpErpOptions {
        crate::erp::HttpErpOptions {
            allow_private_targets: self.allow_private_targets,
            timeouts: crate::outbound::Timeouts {
                connect: std::time::Duration::from_millis(self.erp_connect_timeout_ms),
                total: std::time::Duration::from_millis(self.erp_total_timeout_ms),
            },
        }
    }

    /// The settings the engine gets: it never reads the environment itself. Without `KONTOR_SECRET_KEY` the key
    /// is a stand-in for this process only: `kontor` puts the data folder's key file in its place.
    pub fn engine_config(&self) -> engine::EngineConfig {
        engine::EngineConfig {
            currency: self.currency.clone(),
            max_connections: self.db_max_connections,
            search_dir: self.search_dir.clone(),
            auth: self.auth.clone(),
            sqlite_sync_every_commit: self.sqlite_sync_every_commit,
            allow_private_targets: self.allow_private_targets,
            secret_key: self.secret_key.clone().unwrap_or_default(),
            staff_sessions: self.staff_sessions,
            media: self.media.clone(),
        }
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(vars: &[(&str, &str)]) -> Result<Settings, SettingError> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(move |key| {
            vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn no_variables_mean_sqlite_under_data_on_port_3000() {
        let s = with(&[]).unwrap();
        assert_eq!(s.database_url, "sqlite://data/kontor.db");
        assert_eq!(s.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.public_url, "http://127.0.0.1:3000");
        assert!(!s.demo, "the demo is opt-in");
    }

    #[test]
    fn a_malformed_address_names_the_variable() {
        let err = with(&[("LEPTOS_SITE_ADDR", "localhost")]).unwrap_err();
        assert_eq!(err.variable, "LEPTOS_SITE_ADDR");
        assert!(err.to_string().starts_with("LEPTOS_SITE_ADDR: "));
    }

    #[test]
    fn an_unknown_database_scheme_is_refused() {
        assert_eq!(
            with(&[("DATABASE_URL", "mysql://x")]).unwrap_err().variable,
            "DATABASE_URL"
        );
    }

    #[test]
    fn other_malformed_settings_name_their_variable() {
        for (key, value) in [
            ("KONTOR_CURRENCY", "EURO"),
            ("KONTOR_DB_MAX_CONNECTIONS", "0"),
            ("KONTOR_PAGE_CACHE_MB", "lots"),
            ("KONTOR_DEMO", "maybe"),
            ("KONTOR_LOG_FORMAT", "xml"),
            ("KONTOR_PUBLIC_URL", "shop.example"),
            ("LEPTOS_HASH_FILES", "perhaps"),
            ("KONTOR_SMTP_URL", "mail.example:587"),
            ("KONTOR_TRUSTED_PROXIES", "10.0.0.1, proxy.example"),
            ("KONTOR_AUTH_PER_ADDRESS_PER_MINUTE", "0"),
            ("KONTOR_HASH_CONCURRENCY", "many"),
        ] {
            assert_eq!(with(&[(key, value)]).unwrap_err().variable, key);
        }
    }

    #[test]
    fn the_old_auto_seed_switch_stops_start_up_naming_kontor_demo() {
        for value in ["true", "false"] {
            let err = with(&[("KONTOR_AUTO_SEED", value)]).unwrap_err();
            assert_eq!(err.variable, "KONTOR_AUTO_SEED");
            assert!(err.message.contains("KONTOR_DEMO"), "{err}");
        }
        assert!(with(&[("KONTOR_DEMO", "1")]).unwrap().demo);
    }

    #[test]
    fn auth_limits_have_documented_defaults_and_proxies_are_listed_by_address() {
        let s = with(&[]).unwrap();
        assert_eq!(s.auth, engine::AuthLimits::default());
        assert_eq!(s.auth.per_address_per_minute, 30);
        assert!(s.trusted_proxies.is_empty());
        let s = with(&[
            ("KONTOR_TRUSTED_PROXIES", "10.0.0.1, ::1"),
            ("KONTOR_AUTH_PER_ADDRESS_PER_MINUTE", "120"),
        ])
        .unwrap();
        assert_eq!(s.trusted_proxies.len(), 2);
        assert_eq!(s.auth.per_address_per_minute, 120);
    }

    #[test]
    fn the_page_cache_defaults_to_24_mb_and_zero_turns_it_off() {
        assert_eq!(with(&[]).unwrap().page_cache_mb, 24);
        assert_eq!(
            with(&[("KONTOR_PAGE_CACHE_MB", "0")])
                .unwrap()
                .page_cache_mb,
            0
        );
    }

    #[test]
    fn outgoing_calls_reach_public_https_addresses_unless_private_targets_are_allowed() {
        assert!(!with(&[]).unwrap().allow_private_targets);
        for url in ["http://erp.example/lookup", "https://127.0.0.1:8080/lookup"] {
            let err = with(&[("KONTOR_ERP_URL", url)]).unwrap_err();
            assert_eq!(err.variable, "KONTOR_ERP_URL", "{url}");
            let allowed = with(&[
                ("KONTOR_ERP_URL", url),
                ("KONTOR_ALLOW_PRIVATE_TARGETS", "1"),
            ])
            .unwrap();
            assert!(allowed.allow_private_targets && allowed.engine_config().allow_private_targets);
        }
        assert!(
            with(&[("KONTOR_ERP_URL", "https://erp.example/lookup")])
                .unwrap()
                .erp_url
                .is_some()
        );
        assert_eq!(
            with(&[("KONTOR_ALLOW_PRIVATE_TARGETS", "sometimes")])
                .unwrap_err()
                .variable,
            "KONTOR_ALLOW_PRIVATE_TARGETS"
        );
    }

    #[test]
    fn erp_calls_have_documented_timeouts_and_a_cap() {
        let s = with(&[]).unwrap();
        assert_eq!(
            (
                s.erp_timeout_ms,
                s.erp_connect_timeout_ms,
                s.erp_total_timeout_ms,
                s.erp_max_concurrent
            ),
            (800, 1000, 5000, 16)
        );
        assert_eq!(s.erp_limits().max_concurrent, 16);
        assert_eq!(
            s.http_erp_options().timeouts.total,
            std::time::Duration::from_secs(5)
        );
        for (key, value) in [
            ("KONTOR_ERP_CONNECT_TIMEOUT_MS", "0"),
            ("KONTOR_ERP_CONNECT_TIMEOUT_MS", "6000"),
            ("KONTOR_ERP_TOTAL_TIMEOUT_MS", "soon"),
            ("KONTOR_ERP_MAX_CONCURRENT", "0"),
        ] {
            assert_eq!(
                with(&[(key, value)]).unwrap_err().variable,
                key,
                "{key}={value}"
            );
        }
    }

    #[test]
    fn files_live_under_the_data_folder_and_search_indexes_are_kept_there() {
        let s = with(&[]).unwrap();
        assert_eq!(s.data_dir, std::path::PathBuf::from("./data"));
        assert_eq!(s.mail_dir, s.data_dir.join("mail"));
        assert_eq!(s.search_dir, Some(s.data_dir.join("search")));
        assert_eq!(
            with(&[("KONTOR_SEARCH_DIR", "memory")]).unwrap().search_dir,
            None
        );
        let s = with(&[("KONTOR_DATA_DIR", "/srv/kontor")]).unwrap();
        assert_eq!(s.mail_dir, std::path::PathBuf::from("/srv/kontor/mail"));
        assert!(s.search_dir.unwrap().starts_with("/srv/kontor"));
        assert!(s.secret_key.is_none());
    }

    #[test]
    fn uploaded_media_go_to_the_database_unless_a_directory_or_a_bucket_is_named() {
        assert_eq!(with(&[]).unwrap().media, engine::MediaStorage::Database);
        assert_eq!(
            with(&[("KONTOR_MEDIA_STORE", "dir:/srv/media")])
                .unwrap()
                .media,
            engine::MediaStorage::Directory("/srv/media".into())
        );
        assert_eq!(
            with(&[
                ("KONTOR_MEDIA_STORE", "s3:shop-media"),
                ("KONTOR_MEDIA_S3_ENDPOINT", "http://127.0.0.1:9000")
            ])
            .unwrap()
            .media,
            engine::MediaStorage::S3 {
                bucket: "shop-media".into(),
                endpoint: Some("http://127.0.0.1:9000".into())
            }
        );
        for bad in ["s3:", "dir:", "ftp:host", "cloud"] {
            assert_eq!(
                with(&[("KONTOR_MEDIA_STORE", bad)]).unwrap_err().variable,
                "KONTOR_MEDIA_STORE"
            );
        }
    }

    #[test]
    fn the_secret_key_is_32_bytes_in_hex_or_base64() {
        let hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let from_hex = with(&[("KONTOR_SECRET_KEY", hex)])
            .unwrap()
            .secret_key
            .unwrap();
        let base64 = from_hex.to_base64();
        assert_eq!(
            with(&[("KONTOR_SECRET_KEY", &base64)]).unwrap().secret_key,
            Some(from_hex)
        );
        for bad in ["too-short", "00112233", "c2hvcnQ="] {
            let err = with(&[("KONTOR_SECRET_KEY", bad)]).unwrap_err();
            assert_eq!(err.variable, "KONTOR_SECRET_KEY");
            assert!(
                !err.to_string().contains(bad),
                "the message does not repeat the key"
            );
        }
        assert!(
            !format!("{:?}", with(&[("KONTOR_SECRET_KEY", hex)]).unwrap()).contains("0011223344"),
            "settings never print the key"
        );
    }

    #[test]
    fn the_public_url_loses_its_trailing_slash() {
        assert_eq!(
            with(&[("KONTOR_PUBLIC_URL", "https://shop.example/")])
                .unwrap()
                .public_url,
            "https://shop.example"
        );
    }

    #[test]
    fn retention_and_the_bulk_cap_have_documented_defaults() {
        let s = with(&[]).unwrap();
        assert_eq!((s.retention_days, s.bulk_max_mb), (90, 64));
        assert_eq!(s.retention().as_secs(), 90 * 24 * 3600);
        assert_eq!(s.bulk_max_bytes(), 64 << 20);
        let s = with(&[("KONTOR_RETENTION_DAYS", "7"), ("KONTOR_BULK_MAX_MB", "1")]).unwrap();
        assert_eq!((s.retention_days, s.bulk_max_bytes()), (7, 1 << 20));
        for (key, value) in [
            ("KONTOR_RETENTION_DAYS", "0"),
            ("KONTOR_RETENTION_DAYS", "forever"),
            ("KONTOR_BULK_MAX_MB", "-1"),
            ("KONTOR_BULK_MAX_MB", "5000"),
        ] {
            assert_eq!(with(&[(key, value)]).unwrap_err().variable, key);
        }
    }
}
