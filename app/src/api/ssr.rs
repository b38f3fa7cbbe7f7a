//! Server-side plumbing for the server functions: the engine from context, the shopper of a request, the cart and
//! channel cookies, and what a plain (JavaScript-free) form post gets back.

use domain::{CartToken, Locale};
use engine::{Engine, Shopper};
use http::{HeaderValue, header};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::error::AppError;

/// Name of the cookie that holds the guest cart's token.
pub const CART_COOKIE: &str = "kontor_cart";

/// Name of the cookie that holds the chosen channel's code.
pub const CHANNEL_COOKIE: &str = "kontor_channel";

/// How long a guest cart survives without a visit: 30 days, as buyers come back to finish a large order.
const CART_COOKIE_MAX_AGE: u32 = 60 * 60 * 24 * 30;

pub fn engine() -> Result<Engine, AppError> {
    use_context::<Engine>().ok_or_else(|| {
        leptos::logging::error!("the engine is missing from the server function context");
        AppError::Unavailable
    })
}

fn request() -> Option<http::request::Parts> {
    use_context::<http::request::Parts>()
}

fn cookie(name: &str) -> Option<String> {
    let parts = request()?;
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
}

/// The cart token from the request's cookie, if it is well-formed.
pub fn cart_token() -> Option<CartToken> {
    cookie(CART_COOKIE).and_then(|value| CartToken::parse(&value).ok())
}

/// The shopper of this request: the channel named by the host (or the channel cookie, or the default), in
/// `locale` (the URL's prefix; empty for the channel's default). A locale the channel does not serve is a 404.
pub async fn shopper(locale: &str) -> Result<Shopper, AppError> {
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

/// Remembers the chosen channel for a year; not HttpOnly-sensitive, but no script needs it either.
pub fn set_channel_cookie(code: &str) {
    if let Some(options) = use_context::<ResponseOptions>() {
        let cookie =
            format!("{CHANNEL_COOKIE}={code}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax");
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            options.append_header(header::SET_COOKIE, value);
        }
    }
}

/// Sets the cart cookie: HttpOnly (no script needs it), SameSite=Lax (sent on top-level navigation only).
pub fn set_cart_cookie(token: &CartToken) {
    if let Some(options) = use_context::<ResponseOptions>() {
        let cookie = format!(
            "{CART_COOKIE}={}; Path=/; Max-Age={CART_COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax",
            token.as_str()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            options.append_header(header::SET_COOKIE, value);
        }
    }
}

/// A plain form post (no JavaScript) expects a page, not JSON. On success it goes to `success_path` (or back where
/// it came from); on failure it goes back with the message in `?error=`, so the page can show what went wrong.
/// Calls from the hydrated page (which accept JSON) get the result as it is.
pub fn finish_form<T>(
    result: Result<T, AppError>,
    success_path: Option<&str>,
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
        Ok(_) => success_path.map_or(back, str::to_owned),
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
    Some(path.to_owned())
}

fn with_error(path: &str, message: &str) -> String {
    let base = path.split_once('?').map_or(path, |(p, _)| p);
    let mut encoded = String::new();
    for b in message.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(b as char)
            }
            _ => encoded.push_str(&format!("%{b:02X}")),
        }
    }
    format!("{base}?error={encoded}")
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
    }

    #[test]
    fn the_error_replaces_the_query_and_is_encoded() {
        assert_eq!(
            with_error("/cart?error=old", "Only 2 left."),
            "/cart?error=Only%202%20left."
        );
    }
}
