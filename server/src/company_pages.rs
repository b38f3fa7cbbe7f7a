//! Finished pages for signed-in buyers, shared within their company. A buyer's category, product, search and home
//! pages differ from a colleague's only in the header (name, cart count, company switch) and the product page's
//! list choice; everything else, their company's prices included, is the company's. So such a page is rendered once
//! per company with those parts left as slots ([`app::slots`]), kept, and filled per request from the person's
//! session, which is read in one query.
//!
//! Keys carry the catalog version (every price-list, price and product write bumps it, on any app server), the
//! company, its customer group (a company moved to another group gets other prices at once) and whether the person
//! may order (a viewer's product page offers no lists), besides host, channel cookie and URL; entries expire after
//! [`engine::GUEST_PAGE_TTL`] for what changes without a catalog write (a price list's dates, stock). Staff shopping
//! as a buyer always get a fresh page: theirs carries a banner and every step of theirs is audited.
//!
//! The cache sits inside compression (a filled page is compressed as any other) and outside the page's rendering
//! and security headers, which it keeps with the page. A request saying `Cache-Control: no-cache` is rendered as an
//! ordinary page.

use app::api::{CHANNEL_COOKIE, SESSION_COOKIE};
use app::slots::{self, PersonSlots};
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::{Engine, SessionPage, Shopper};

use crate::response_cache::{
    CacheState, MAX_KEY_PART, MAX_PAGE_BYTES, Page, X_CACHE, buffered, fresh, key_part,
};

/// Whether `path` is a page a company shares: home, category, product and search, in any language.
fn shared_path(path: &str) -> bool {
    let rest = match path.trim_start_matches('/').split_once('/') {
        Some((first, rest)) if domain::Locale::parse(first).is_ok() => rest,
        None if domain::Locale::parse(path.trim_start_matches('/')).is_ok() => "",
        _ => path.trim_start_matches('/'),
    };
    rest.is_empty()
        || rest == "search"
        || rest
            .strip_prefix("categories/")
            .is_some_and(|s| !s.is_empty())
        || rest
            .strip_prefix("products/")
            .is_some_and(|s| !s.is_empty())
}

/// The request's cookie `name`.
fn cookie<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let headers = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok());
    domain::cookie::value(headers, name)
}

/// The session token of a request whose page may come from its company's store.
fn candidate(request: &Request) -> Option<String> {
    if request.method() != Method::GET || !shared_path(request.uri().path()) {
        return None;
    }
    let fresh = request
        .headers()
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("no-cache") || v.contains("no-store"));
    // `?listed=` names one of the person's lists, to say a product went into it: that page is the person's own.
    let own = request
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|p| p.starts_with("listed=")));
    if fresh || own {
        return None;
    }
    cookie(request, SESSION_COOKIE).map(str::to_owned)
}

/// The key of the company's page, or `None` when it is not to be kept.
fn key(request: &Request, version: i64, page: &SessionPage) -> Option<String> {
    let shopper = &page.shopper;
    let host = key_part(request.headers(), header::HOST)?;
    let channel = cookie(request, CHANNEL_COOKIE).unwrap_or("");
    let uri = request.uri().path_and_query()?.as_str();
    (uri.len() <= 2 * MAX_KEY_PART && channel.len() <= MAX_KEY_PART).then(|| {
        format!(
            "company\n{version}\n{host}\n{channel}\n{uri}\n{:?}\n{:?}\n{}\n{}",
            shopper.company,
            shopper.customer_group,
            page.account.can_order(),
            shopper.channel.id
        )
    })
}

/// The session of a signed-in request, as its page's header needs it: from the request's host, channel cookie and
/// session token, read before any await (a request's body is not shared between threads).
async fn session(
    engine: &Engine,
    host: Option<String>,
    channel: Option<String>,
    token: &str,
) -> Option<SessionPage> {
    let channel = engine
        .resolve_channel(host.as_deref(), channel.as_deref())
        .await
        .ok()?;
    engine
        .session_page(token, Shopper::guest(channel))
        .await
        .ok()
        .flatten()
}

/// `page` filled for the person of `session`.
async fn filled(
    engine: &Engine,
    session: &SessionPage,
    page: &Page,
    outcome: &'static str,
) -> Response {
    let html = std::str::from_utf8(&page.body).unwrap_or_default();
    let person = slots::header_person(engine, session).await;
    let lists = match slots::wants_lists(html) && session.account.can_order() {
        true => slots::buyer_lists(engine, &session.account).await.map(Some),
        false => Ok(None),
    };
    match (person, lists) {
        (Ok(person), Ok(lists)) => {
            respond(page, slots::fill(html, &person, lists.as_ref()), outcome)
        }
        (Err(e), _) | (_, Err(e)) => {
            tracing::error!(error = ?e, "the person's parts of a company page could not be read");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

fn respond(page: &Page, body: String, outcome: &'static str) -> Response {
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = page.status;
    *response.headers_mut() = page.headers.clone();
    response.headers_mut().remove(header::CONTENT_LENGTH);
    response
        .headers_mut()
        .insert(X_CACHE, HeaderValue::from_static(outcome));
    response
}

fn html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The middleware: a company's page from the store, filled for the person, or rendered with slots, kept and
/// filled.
pub async fn serve(State(state): State<CacheState>, mut request: Request, next: Next) -> Response {
    let Some(pages) = state.cache.company.clone() else {
        return next.run(request).await;
    };
    let Some(token) = candidate(&request) else {
        return next.run(request).await;
    };
    let engine = &state.engine;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let channel = cookie(&request, CHANNEL_COOKIE).map(str::to_owned);
    let Some(session) = session(engine, host, channel, &token).await else {
        return next.run(request).await;
    };
    let key = engine
        .catalog_version()
        .filter(|_| session.shopper.acting_staff.is_none())
        .and_then(|version| key(&request, version, &session));
    let Some(key) = key else {
        return next.run(request).await;
    };
    if let Some(page) = fresh(&pages, &key) {
        return filled(engine, &session, &page, "hit").await;
    }
    let _leading = match state.cache.flights.lead_or_wait(&pages, &key).await {
        Ok(leading) => leading,
        Err(page) => return filled(engine, &session, &page, "hit").await,
    };
    request.extensions_mut().insert(PersonSlots);
    let response = next.run(request).await;
    // Whatever was rendered with slots is filled, a failed page too; only a finished page is kept.
    if !html(&response) {
        return response;
    }
    let keep =
        response.status() == StatusCode::OK && !response.headers().contains_key(header::SET_COOKIE);
    let page = match buffered(response).await {
        Ok(page) => page,
        Err(failed) => return failed,
    };
    let response = filled(engine, &session, &page, if keep { "miss" } else { "pass" }).await;
    if keep && page.body.len() <= MAX_PAGE_BYTES {
        pages.insert(key, std::sync::Arc::new(page));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::shared_path;

    #[test]
    fn only_the_pages_a_company_shares_are_candidates() {
        for path in [
            "/",
            "/de",
            "/de/",
            "/categories/hex-bolts",
            "/de/categories/hex-bolts",
            "/products/a-bolt",
            "/search",
            "/fr/search",
        ] {
            assert!(shared_path(path), "{path}");
        }
        for path in [
            "/cart",
            "/account",
            "/account/lists",
            "/checkout",
            "/quick-order",
            "/de/cart",
            "/categories/",
            "/products",
            "/admin",
            "/searches",
        ] {
            assert!(!shared_path(path), "{path}");
        }
    }
}
