//! Finished pages for guests, kept in memory: a category, product or search page is the same HTML for every guest
//! of a channel until the catalog changes, so the hot pages of a shop are sent without rendering them again.
//!
//! The cache sits outside compression, so a hit is the compressed bytes as they were sent the first time. What it
//! will not share:
//! - a request carrying any cookie but the channel's (a cart, later a session): that page may be the buyer's own;
//! - a response that is not a `200` HTML page, sets a cookie, or says `private` / `no-store`.
//!
//! Keys carry the engine's catalog version ([`engine::Engine::catalog_version`]), so a catalog change on any app
//! server retires every page at once; entries also expire after [`engine::GUEST_PAGE_TTL`], as the engine's own
//! guest cache does, for what changes without a catalog write (a price list's dates, stock).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use app::api::CHANNEL_COOKIE;
use axum::{
    body::{Body, Bytes, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::{Engine, GUEST_PAGE_TTL};
use quick_cache::{Weighter, sync::Cache};
use tokio::sync::watch;

/// A page larger than this is sent but not kept.
pub(crate) const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;

/// Request headers longer than this make the request uncacheable, so no client can inflate keys.
pub(crate) const MAX_KEY_PART: usize = 256;

/// Tells clients and tests whether the page came from the cache.
pub(crate) const X_CACHE: &str = "x-cache";

/// A finished page as it was sent (or, for a company's page, as it was rendered with its slots).
#[derive(Clone)]
pub(crate) struct Page {
    pub(crate) at: Instant,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

#[derive(Clone)]
pub(crate) struct BySize;

impl Weighter<String, Arc<Page>> for BySize {
    fn weight(&self, key: &String, page: &Arc<Page>) -> u64 {
        (key.len() + page.body.len() + 512) as u64
    }
}

/// Pages by key, weighed by their size.
pub(crate) type PageStore = Cache<String, Arc<Page>, BySize>;

/// Renders under way, by key: when a hot page expires (or the catalog changes), one request renders it while the
/// others asking for it wait for that render instead of rendering it too, which on two cores turned every expiry
/// into a burst of slow answers.
#[derive(Clone, Default)]
pub(crate) struct Flights(Arc<std::sync::Mutex<HashMap<String, watch::Receiver<()>>>>);

/// A request's part in rendering a key.
enum Flight {
    /// It renders; the others are let go when this is dropped.
    Leader(FlightGuard),
    /// Another request renders; this resolves when it is done (or gave up).
    Follower(watch::Receiver<()>),
}

/// Held while rendering a key.
pub(crate) struct FlightGuard {
    flights: Flights,
    key: String,
    _done: watch::Sender<()>,
}

impl Drop for FlightGuard {
    fn drop(&mut self) {
        self.flights
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&self.key);
    }
}

impl Flights {
    /// Joins the render of `key`, leading it when nobody else is.
    fn join(&self, key: &str) -> Flight {
        let mut flights = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(done) = flights.get(key) {
            return Flight::Follower(done.clone());
        }
        let (done, waiting) = watch::channel(());
        flights.insert(key.to_owned(), waiting);
        Flight::Leader(FlightGuard {
            flights: self.clone(),
            key: key.to_owned(),
            _done: done,
        })
    }
}

impl Flights {
    /// Leads the render of `key` (the guard, held while rendering), or waits for the one under way and answers
    /// the page it stored (`Err`); `Ok(None)` when it stored none, so this request renders for itself.
    pub(crate) async fn lead_or_wait(
        &self,
        pages: &PageStore,
        key: &str,
    ) -> Result<Option<FlightGuard>, Arc<Page>> {
        match self.join(key) {
            Flight::Leader(guard) => Ok(Some(guard)),
            Flight::Follower(mut done) => {
                // The leader's sender is dropped when it is done, whatever the outcome.
                while done.changed().await.is_ok() {}
                fresh(pages, key).map_or(Ok(None), Err)
            }
        }
    }
}

/// The shared page stores, guests' and companies' (`crate::company_pages`), each of the same budget, and the
/// renders under way; cheap to clone. `None` when configured off.
#[derive(Clone)]
pub struct ResponseCache {
    pages: Option<Arc<PageStore>>,
    pub(crate) company: Option<Arc<PageStore>>,
    pub(crate) flights: Flights,
}

impl ResponseCache {
    /// Caches holding up to `budget` bytes of keys and pages each; `0` keeps nothing.
    pub fn new(budget: u64) -> Self {
        let store = || (budget > 0).then(|| Arc::new(Cache::with_weighter(4_096, budget, BySize)));
        Self {
            pages: store(),
            company: store(),
            flights: Flights::default(),
        }
    }
}

/// What the middleware needs: the cache and the engine that knows the catalog version.
#[derive(Clone)]
pub struct CacheState {
    pub cache: ResponseCache,
    pub engine: Engine,
}

/// A request header as part of a cache key: empty when absent, `None` when it is not text or longer than
/// [`MAX_KEY_PART`], so no client can inflate keys.
pub(crate) fn key_part(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    let value = headers.get(name).map_or(Some(""), |v| v.to_str().ok())?;
    (value.len() <= MAX_KEY_PART).then_some(value)
}

/// The key of a request whose page may be shared, or `None`.
fn key(request: &Request, version: i64) -> Option<String> {
    if request.method() != Method::GET {
        return None;
    }
    let headers = request.headers();
    let cookies = headers
        .get_all(header::COOKIE)
        .iter()
        .map(|v| v.to_str().ok())
        .collect::<Option<Vec<_>>>()?;
    let only_channel = cookies
        .iter()
        .flat_map(|h| h.split(';'))
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .all(|pair| {
            pair.split_once('=')
                .is_some_and(|(name, _)| name == CHANNEL_COOKIE)
        });
    if !only_channel {
        return None;
    }
    // The page reads the channel with the same function, so key and page agree on a repeated cookie.
    let channel = domain::cookie::value(cookies.iter().copied(), CHANNEL_COOKIE).unwrap_or("");
    let host = key_part(headers, header::HOST)?;
    let encoding = key_part(headers, header::ACCEPT_ENCODING)?;
    let uri = request.uri().path_and_query()?.as_str();
    (uri.len() <= 2 * MAX_KEY_PART + channel.len())
        .then(|| format!("{version}\n{host}\n{channel}\n{encoding}\n{uri}"))
}

fn shareable(response: &Response) -> bool {
    let headers = response.headers();
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let private = headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("private") || v.contains("no-store"));
    response.status() == StatusCode::OK
        && html
        && !private
        && !headers.contains_key(header::SET_COOKIE)
}

/// The page stored under `key`, while it is young enough to serve.
pub(crate) fn fresh(pages: &PageStore, key: &str) -> Option<Arc<Page>> {
    pages
        .get(key)
        .filter(|page| page.at.elapsed() < GUEST_PAGE_TTL)
}

fn respond(page: &Page, outcome: &'static str) -> Response {
    let mut response = Response::new(Body::from(page.body.clone()));
    *response.status_mut() = page.status;
    *response.headers_mut() = page.headers.clone();
    response
        .headers_mut()
        .insert(X_CACHE, HeaderValue::from_static(outcome));
    response
}

/// The middleware: answers from the cache, or renders and keeps what may be shared.
pub async fn serve(State(state): State<CacheState>, request: Request, next: Next) -> Response {
    let Some(pages) = state.cache.pages.as_deref() else {
        return next.run(request).await;
    };
    let Some(key) = state
        .engine
        .catalog_version()
        .and_then(|version| key(&request, version))
    else {
        return next.run(request).await;
    };
    if let Some(page) = fresh(pages, &key) {
        return respond(&page, "hit");
    }
    let _leading = match state.cache.flights.lead_or_wait(pages, &key).await {
        Ok(leading) => leading,
        Err(page) => return respond(&page, "hit"),
    };
    let response = next.run(request).await;
    if !shareable(&response) {
        return response;
    }
    let page = match buffered(response).await {
        Ok(page) => page,
        Err(failed) => return failed,
    };
    let response = respond(&page, "miss");
    if page.body.len() <= MAX_PAGE_BYTES {
        pages.insert(key, Arc::new(page));
    }
    response
}

/// A rendered response as a [`Page`], its body read whole (the storefront's own pages are bounded, so that is safe);
/// a `500` when the body cannot be read.
pub(crate) async fn buffered(response: Response) -> Result<Page, Response> {
    let (parts, body) = response.into_parts();
    match to_bytes(body, usize::MAX).await {
        Ok(body) => Ok(Page {
            at: Instant::now(),
            status: parts.status,
            headers: parts.headers,
            body,
        }),
        Err(e) => {
            tracing::error!(error = %e, "a page could not be buffered for the page cache");
            Err(StatusCode::INTERNAL_SERVER_ERROR.into_response())
        }
    }
}
