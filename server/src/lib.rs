//! The axum host: storefront routes, health check, media, static files and the middleware around them.
//! `main.rs` parses the command line; this builds the router so tests can drive it in-process.

mod acting;
mod admin_download;
mod admin_image;
mod admin_import;
mod admin_upload;
pub mod api;
pub mod cli;
pub mod client;
mod company_pages;
pub mod erp;
mod http_cache;
pub mod key_file;
pub mod mailer;
pub mod outbound;
mod quick_order_upload;
mod renamed;
mod response_cache;
mod routes;
pub mod security;
pub mod settings;
pub mod setup_file;
mod sitemap;
pub mod telemetry;
pub mod webhooks;

use app::{App, SiteUrl, shell};
use axum::{Router, extract::FromRef, routing::get};
use engine::Engine;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
};

/// What every handler can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// The commerce engine.
    pub engine: Engine,
    /// Leptos' options (site root, bundle name, ...).
    pub leptos: LeptosOptions,
    /// The shop's public base URL.
    pub site_url: SiteUrl,
    /// Bytes of finished guest pages kept in memory; 0 renders every request.
    pub page_cache_bytes: u64,
    /// Who the client is (trusted proxies) and the budget of anonymous API calls per client address.
    pub clients: client::Clients,
    /// The largest body a bulk upload may send, in bytes (`KONTOR_BULK_MAX_MB`).
    #[from_ref(skip)]
    pub bulk_max_bytes: u64,
}

/// The bulk upload cap when none is configured: 64 MiB.
pub const DEFAULT_BULK_MAX_BYTES: u64 = 64 << 20;

/// The whole application: pages, server functions, `/healthz`, `/media`, `/pkg` and static files.
pub fn router(state: AppState) -> Router {
    let context = {
        let engine = state.engine.clone();
        let site_url = state.site_url.clone();
        move || {
            provide_context(engine.clone());
            provide_context(site_url.clone());
        }
    };
    let options = state.leptos.clone();
    let security = security::Security::new(&state.site_url.0);
    let pkg_dir = format!("{}/{}", options.site_root, options.site_pkg_dir);
    let pkg_route = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    // Bundle names carry a content hash when hash files are on, so they may be cached for a year; without hashes a
    // browser must revalidate them.
    let pkg_cache = if options.hash_files {
        http_cache::IMMUTABLE
    } else {
        http_cache::REVALIDATE
    };
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(http_cache::cache_control(pkg_cache));

    // The icons and the manifest are named outright: the storefront's `/{locale}` route would otherwise take
    // `/favicon.ico` for a language and answer 404.
    let root = options.site_root.to_string();
    let icons = Router::new()
        .route_service(
            "/favicon.ico",
            ServeFile::new(format!("{root}/favicon.ico")),
        )
        .route_service(
            "/favicon.svg",
            ServeFile::new(format!("{root}/favicon.svg")),
        )
        .route_service(
            "/manifest.webmanifest",
            ServeFile::new_with_mime(
                format!("{root}/manifest.webmanifest"),
                &"application/manifest+json"
                    .parse()
                    .expect("a valid media type"),
            ),
        )
        .nest_service("/icons", ServeDir::new(format!("{root}/icons")))
        .layer(http_cache::cache_control(http_cache::MEDIA));
    // The back office's stylesheet, named outright for the same reason; its name carries no hash, so browsers
    // revalidate it.
    let admin_css = Router::new()
        .route_service("/admin.css", ServeFile::new(format!("{root}/admin.css")))
        .layer(http_cache::cache_control(http_cache::REVALIDATE));

    let pages = response_cache::CacheState {
        cache: response_cache::ResponseCache::new(state.page_cache_bytes),
        engine: state.engine.clone(),
    };
    Router::new()
        .merge(icons)
        .merge(admin_css)
        .route("/healthz", get(routes::healthz))
        .route("/media/{*path}", get(routes::media))
        .route("/robots.txt", get(sitemap::robots))
        .route("/sitemap.xml", get(sitemap::index))
        .route("/sitemaps/{file}", get(sitemap::shard))
        .route(app::admin::ORDERS_CSV_URL, get(admin_download::orders_csv))
        .route(
            "/admin/imports/{id}/errors.csv",
            get(admin_download::import_errors),
        )
        .route("/admin/exports/{file}", get(admin_download::export))
        .route(
            app::admin::imports_api::IMPORT_UPLOAD_URL,
            axum::routing::post(admin_import::upload).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(state.bulk_max_bytes).unwrap_or(usize::MAX),
            )),
        )
        .route(
            app::admin::products_api::IMAGE_UPLOAD_URL,
            axum::routing::post(admin_image::upload).layer(axum::extract::DefaultBodyLimit::max(
                admin_image::MAX_BODY_BYTES,
            )),
        )
        .route(
            quick_order_upload::UPLOAD_URL,
            axum::routing::post(quick_order_upload::upload).layer(
                axum::extract::DefaultBodyLimit::max(quick_order_upload::MAX_FILE_BYTES),
            ),
        )
        .route(
            app::admin::prices_api::PRICE_FILE_URL,
            axum::routing::post(admin_upload::price_file).layer(
                axum::extract::DefaultBodyLimit::max(admin_upload::MAX_FILE_BYTES),
            ),
        )
        .merge(
            api::router()
                .layer(axum::middleware::from_fn_with_state(
                    api::etag::Versions {
                        api: api::router().with_state(state.clone()),
                    },
                    api::etag::layer,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.engine.clone(),
                    api::idempotency::layer,
                ))
                .layer(axum::middleware::from_fn_with_state(
                    state.clients.clone(),
                    client::anonymous_budget,
                ))
                .layer(axum::middleware::from_fn(api::client::layer)),
        )
        .leptos_routes_with_context(&state, generate_route_list(App), context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest(&pkg_route, pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::middleware::from_fn_with_state(
            state.engine.clone(),
            routes::not_open,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.engine.clone(),
            renamed::layer,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.engine.clone(),
            acting::audit_actions,
        ))
        .layer(axum::middleware::from_fn_with_state(
            security.clone(),
            security::same_origin,
        ))
        // Inside compression and the page cache: it reads the page as rendered, and a cached page keeps its
        // policy.
        .layer(axum::middleware::from_fn_with_state(
            security,
            security::headers,
        ))
        .layer(axum::middleware::from_fn_with_state(
            pages.clone(),
            company_pages::serve,
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            pages,
            response_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clients.clone(),
            client::layer,
        ))
        .layer(telemetry::request_trace_layer())
        .with_state(state)
}
