//! Server-side plumbing for the server functions: the engine from context, the shopper and signed-in account of a
//! request, the cart, channel and session cookies, and what a plain (JavaScript-free) form post gets back.

use domain::{Account, CartToken, Locale};
use engine::{Engine, Shopper};
use http::{HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::error::AppError;

/// Name of the cookie that holds the guest cart's token.
pub const CART_COOKIE: &str = "kontor_cart";

/// Name of the cookie that holds the chosen channel's code.
pub const CHANNEL_COOKIE: &str = "kontor_channel";

/// Name of the cookie that holds the session token. The session itself lives in the database, so any app server
/// can serve the buyer.
pub const SESSION_COOKIE: &str = "kontor_session";

/// How long the session cookie lives; the session row expires after the same 30 days.
const SESSION_COOKIE_MAX_AGE: u32 = 60 * 60 * 24 * 30;

/// How long a guest cart survives without a visit: 30 days, as buyers come back to finish a large order.
const CART_COOKIE_MAX_AGE: u32 = 60 * 60 * 24 * 30;

pub fn engine() -> Result<Engine, AppError> {
    use_context::<Engine>().ok_or_else(|| {
        leptos::logging::error!("the engine is missing from the server function context");
        AppError::Unavailable
    })
}

pub(crate) fn request() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

/// Where this request comes from, as the host determined it; the engine keys its per-client limits by it.
pub fn client() -> engine::ClientAddr {
    request()
        .and_then(|parts| parts.extensions.get::<engine::ClientAddr>().copied())
        .unwrap_or(engine::ClientAddr::LOCAL)
}

pub(crate) fn cookie(name: &str) -> Option<String> {
    let parts = request()?;
    let headers = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok());
    domain::cookie::value(headers, name).map(str::to_owned)
}

/// The cart token from the request's cookie, if it is well-formed.
pub fn cart_token() -> Option<CartToken> {
    cookie(CART_COOKIE).and_then(|value| CartToken::parse(&value).ok())
}

/// The session token from the request's cookie.
pub fn session_token() -> Option<String> {
    cookie(SESSION_COOKIE)
}

/// The signed-in account of this request, if its session cookie names a live session.
pub async fn account() -> Result<Option<Account>, AppError> {
    Ok(session("").await?.1)
}

/// The signed-in account and the shopper acting for it (company prices, account cart); `Unauthenticated`
/// without a session.
pub async fn signed_in() -> Result<(Shopper, Account), AppError> {
    match session("").await? {
        (shopper, Some(account)) => Ok((shopper, account)),
        (_, None) => Err(AppError::Unauthenticated),
    }
}

/// The shopper of this request in `locale`, acting for the signed-in account if there is one, and that
/// account: one query for both.
pub async fn session(locale: &str) -> Result<(Shopper, Option<Account>), AppError> {
    let shopper = guest(locale).await?;
    let Some(token) = session_token() else {
        return Ok((shopper, None));
    };
    match engine()?.session_shopper(&token, shopper.clone()).await? {
        Some((account, shopper)) => Ok((shopper, Some(account))),
        None => Ok((shopper, None)),
    }
}

/// The shopper of this request in `locale` and, when a live session is signed in, that session with what its
/// page's header shows: one query.
pub async fn session_page(
    locale: &str,
) -> Result<(Shopper, Option<engine::SessionPage>), AppError> {
    let shopper = guest(locale).await?;
    let Some(token) = session_token() else {
        return Ok((shopper, None));
    };
    match engine()?.session_page(&token, shopper.clone()).await? {
        Some(page) => Ok((page.shopper.clone(), Some(page))),
        None => Ok((shopper, None)),
    }
}

/// The cart token to act on: a signed-in buyer's account cart, else the guest cart's cookie.
pub async fn cart_token_for(shopper: &Shopper) -> Result<Option<CartToken>, AppError> {
    if shopper.customer.is_some() {
        return Ok(engine()?.account_cart(shopper).await?.map(|c| c.token));
    }
    Ok(cart_token())
}

/// The shopper of this request: the channel named by the host (or the channel cookie, or the default), in
/// `locale` (the URL's prefix; empty for the channel's default), acting for the signed-in account if there is
/// one. A locale the channel does not serve is a 404.
pub async fn shopper(locale: &str) -> Result<Shopper, AppError> {
    Ok(session(locale).await?.0)
}

/// The shopper of this request as a guest, whoever is signed in.
pub async fn guest(locale: &str) -> Result<Shopper, AppError> {
    let engine = engine()?;
    let host = request().and_then(|p| {
        p.headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
    });
    let channel = engine
        .resolve_channel(host.as_deref(), cookie(CHANNEL_COOKIE).as_deref())
        .await?;
    let shopper = Shopper::guest(channel);
    if locale.is_empty() {
        return Ok(shopper);
    }
    let locale = shopper
        .channel
        .locale_for_prefix(locale)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok(shopper.in_locale(locale)?)
}

/// The shopper for a form post, in the language of the page the form was on.
pub async fn shopper_from_referer() -> Result<Shopper, AppError> {
    let prefix = request()
        .and_then(|p| {
            p.headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(same_site_path)
        })
        .and_then(|path| {
            let first = path
                .trim_start_matches('/')
                .split(['/', '?'])
                .next()?
                .to_owned();
            Locale::parse(&first).ok().map(|_| first)
        })
        .unwrap_or_default();
    match shopper(&prefix).await {
        Ok(s) => Ok(s),
        Err(AppError::NotFound) => shopper("").await,
        Err(e) => Err(e),
    }
}

/// Every cookie Kontor sets is HttpOnly (no script needs one), SameSite=Lax (sent on top-level navigation
/// only, so another site cannot post a form as the buyer) and, when the shop is served over https, Secure (never
/// sent in clear). A `max_age` of 0 deletes the cookie.
fn set_cookie(name: &str, value: &str, max_age: u32) {
    if let Some(options) = use_context::<ResponseOptions>() {
        let secure = if site_base().starts_with("https://") {
            "; Secure"
        } else {
            ""
        };
        let cookie =
            format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            options.append_header(header::SET_COOKIE, value);
        }
    }
}

/// Remembers the chosen channel for a year.
pub fn set_channel_cookie(code: &str) {
    set_cookie(CHANNEL_COOKIE, code, 31_536_000);
}

/// Sets the guest cart cookie.
pub fn set_cart_cookie(token: &CartToken) {
    set_cookie(CART_COOKIE, token.as_str(), CART_COOKIE_MAX_AGE);
}

/// The `Set-Cookie` value of a guest's cart cookie, for a route the host answers itself (the quick-order upload).
pub fn cart_cookie_header(token: &CartToken) -> String {
    let secure = if site_base().starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{CART_COOKIE}={}; Path=/; Max-Age={CART_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax{secure}",
        token.as_str()
    )
}

/// Forgets the guest cart (it was merged into the account's).
pub fn clear_cart_cookie() {
    set_cookie(CART_COOKIE, "", 0);
}

/// Sets the session cookie after sign-in or sign-up.
pub fn set_session_cookie(token: &str) {
    set_cookie(SESSION_COOKIE, token, SESSION_COOKIE_MAX_AGE);
}

/// Ends the session cookie at sign-out.
pub fn clear_session_cookie() {
    set_cookie(SESSION_COOKIE, "", 0);
}

/// The shop's public base URL, for links in emails.
pub fn site_base() -> String {
    crate::seo::site_url()
}

/// A plain form post (no JavaScript) expects a page, not JSON. On success it goes to `success_path` (or back where
/// it came from); on failure it goes back with the message in `?error=`, so the page can show what went wrong.
/// Calls from the hydrated page (which accept JSON) get the result as it is.
pub fn finish_form<T>(
    result: Result<T, AppError>,
    success_path: Option<&str>,
) -> Result<T, AppError> {
    finish_form_to(result, |_| success_path.map(str::to_owned))
}

/// [`finish_form`] where the page to go to depends on the result (the new order's page).
pub fn finish_form_to<T>(
    result: Result<T, AppError>,
    success_path: impl FnOnce(&T) -> Option<String>,
) -> Result<T, AppError> {
    let Some(parts) = request() else {
        return result;
    };
    let accepts_html = parts
        .headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !accepts_html {
        return result;
    }
    let back = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(same_site_path)
        .unwrap_or_else(|| "/".to_owned());
    let target = match &result {
        Ok(value) => success_path(value).unwrap_or(back),
        Err(AppError::Unauthenticated) => format!(
            "/account/sign-in?next={}",
            encode(back.split('?').next().unwrap_or("/"))
        ),
        Err(e) => with_error(&back, &e.message()),
    };
    if let (Some(options), Ok(value)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&target),
    ) {
        options.insert_header(header::LOCATION, value);
        options.set_status(http::StatusCode::SEE_OTHER);
    }
    result
}

/// The path and query of a referer URL: redirects stay on this site whatever the header says.
fn same_site_path(referer: &str) -> Option<String> {
    let after_scheme = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    domain::redirect::local_target(path).map(str::to_owned)
}

/// The page the form was posted from (the referer, on this site), with `key=value` added to its query: how a form
/// that stays on its page says what it did.
pub fn back_with(key: &str, value: &str) -> String {
    let back = request()
        .and_then(|p| {
            p.headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(same_site_path)
        })
        .unwrap_or_else(|| "/".to_owned());
    with_param(&back, key, value)
}

pub(crate) fn with_error(path: &str, message: &str) -> String {
    with_param(path, "error", message)
}

/// `path` with `key=value` in its query, in place of an earlier `key` and of an earlier error; other parameters
/// stay (`next` after sign-in, a listing's filters).
fn with_param(path: &str, key: &str, value: &str) -> String {
    let (base, query) = path.split_once('?').unwrap_or((path, ""));
    let prefix = format!("{key}=");
    let mut target = format!("{base}?");
    for pair in query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("error=") && !p.starts_with(&prefix))
    {
        target.push_str(pair);
        target.push('&');
    }
    target.push_str(&prefix);
    target.push_str(&encode(value));
    target
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    let mut encoded = String::new();
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(b as char)
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_referer_is_reduced_to_a_path_on_this_site() {
        assert_eq!(
            same_site_path("http://evil.example/x?y=1").unwrap(),
            "/x?y=1"
        );
        assert_eq!(same_site_path("https://shop.example").as_deref(), None);
        assert_eq!(
            same_site_path("http://evil.example//evil.example/").as_deref(),
            None
        );
    }

    #[test]
    fn the_error_replaces_the_query_and_is_encoded() {
        assert_eq!(
            with_error("/cart?error=old", "Only 2 left."),
            "/cart?error=Only%202%20left."
        );
        assert_eq!(
            with_error("/account/sign-in?next=/checkout", "Password: wrong"),
            "/account/sign-in?next=/checkout&error=Password%3A%20wrong"
        );
    }
}
