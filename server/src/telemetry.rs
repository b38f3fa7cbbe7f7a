//! Structured logs: one line per request with method, path, status and latency; JSON when asked for.
//!
//! A log is read by more people than the shop's secrets are meant for, so the request log carries no header (no
//! `Authorization`, `X-Publishable-Key` or `Cookie`), no query string, and paths with their secret segments
//! replaced by `…` ([`redact_path`]).

use std::{borrow::Cow, time::Duration};

use axum::{body::Body, http::Request, http::Response};
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::TraceLayer,
};
use tracing::Span;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber. `RUST_LOG` filters (default: info for Kontor, warn for libraries).
pub fn init(json: bool) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| {
        EnvFilter::new("warn,kontor=info,server=info,engine=info,app=info,tower_http=info")
    });
    let registry = tracing_subscriber::registry().with(filter);
    let result = if json {
        registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init()
    } else {
        registry.with(fmt::layer().compact()).try_init()
    };
    // A second init (tests) keeps the first subscriber.
    drop(result);
}

type MakeSpan = fn(&Request<Body>) -> Span;
type OnResponse = fn(&Response<Body>, Duration, &Span);

/// The request log: a span per request and one event when the response leaves. Only the method and the redacted
/// path of a request are recorded.
pub fn request_trace_layer()
-> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, MakeSpan, (), OnResponse> {
    TraceLayer::new_for_http()
        .make_span_with(make_span as MakeSpan)
        .on_request(())
        .on_response(on_response as OnResponse)
}

fn make_span(request: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %redact_path(request.uri().path())
    )
}

/// Segments that name the secret in the next segment: a guest cart's id is the cart's only key.
const SECRET_AFTER: [&str; 1] = ["carts"];

/// Key prefixes that mark a segment as a credential wherever it appears.
const SECRET_PREFIXES: [&str; 2] = ["kontor_sk_", "kontor_pk_"];

/// `path` with every segment that is a secret replaced by `…`: the segment after `carts`, API keys, and anything
/// shaped like a token (32 or more hex digits).
pub fn redact_path(path: &str) -> Cow<'_, str> {
    let mut previous = "";
    let mut redacted = false;
    let segments: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let secret = (SECRET_AFTER.contains(&previous) && !segment.is_empty())
                || SECRET_PREFIXES.iter().any(|p| segment.starts_with(p))
                || (segment.len() >= 32 && segment.bytes().all(|b| b.is_ascii_hexdigit()));
            previous = segment;
            redacted |= secret;
            if secret { "…" } else { segment }
        })
        .collect();
    if redacted {
        Cow::Owned(segments.join("/"))
    } else {
        Cow::Borrowed(path)
    }
}

fn on_response(response: &Response<Body>, latency: Duration, _span: &Span) {
    tracing::info!(
        target: "kontor::http",
        status = response.status().as_u16(),
        latency_us = latency.as_micros() as u64,
        "response"
    );
}

#[cfg(test)]
mod tests {
    use super::redact_path;

    #[test]
    fn secrets_in_paths_are_redacted() {
        let cart = "0123456789abcdef0123456789abcdef";
        for (path, logged) in [
            (format!("/api/v1/carts/{cart}"), "/api/v1/carts/…"),
            (
                format!("/api/v1/carts/{cart}/lines/HX-M8"),
                "/api/v1/carts/…/lines/HX-M8",
            ),
            ("/api/v1/carts/not-a-token".into(), "/api/v1/carts/…"),
            (
                "/api/v1/admin/api-keys/kontor_sk_abc123".into(),
                "/api/v1/admin/api-keys/…",
            ),
            (
                format!("/somewhere/{}", cart.to_uppercase()),
                "/somewhere/…",
            ),
        ] {
            assert_eq!(redact_path(&path), logged, "{path}");
        }
    }

    #[test]
    fn other_paths_are_logged_as_they_are() {
        for path in [
            "/",
            "/api/v1/carts",
            "/api/v1/carts/",
            "/products/hex-bolt-m8-40",
            "/account/orders/K-1001",
            "/api/v1/admin/api-keys/17",
        ] {
            assert_eq!(redact_path(path), path);
        }
    }
}
