//! Versions of resources for safe concurrent updates: every `200` JSON answer to a `GET` carries an `ETag` (a
//! hash of the representation; `If-None-Match` with it answers `304`), and a change sent with `If-Match` is
//! refused with `412` unless the resource still has that version — two people editing one cart or one order do not
//! overwrite each other blindly.
//!
//! The current version is read by asking the API itself for the resource (`GET` with the caller's credentials), so
//! every resource gets the same rule without each handler keeping version numbers. The check and the change hold
//! a lock per resource, so within an app server they cannot interleave; across app servers the gap between check
//! and change is milliseconds, which `If-Match` narrows but does not close.

mod locks;

use std::sync::LazyLock;

use axum::{
    Router,
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};
use tower::ServiceExt;

use super::error::ApiError;

/// The largest answer an ETag is computed for.
const MAX_BODY: usize = 8 << 20;

/// The API, for reading a resource's current version.
#[derive(Clone)]
pub struct Versions {
    /// The API's routes with their state.
    pub api: Router,
}

static LOCKS: LazyLock<locks::KeyedLocks> = LazyLock::new(Default::default);

/// The resource a change addresses: the `GET` path whose version `If-Match` names.
fn resource_of(method: &Method, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        // /api/v1/carts/{id}/lines[/{sku}]
        (_, ["", "api", "v1", "carts", id, "lines", ..]) => Some(format!("/api/v1/carts/{id}")),
        // /api/v1/admin/orders/{number}/{confirm|shipments|cancel}
        ("POST", ["", "api", "v1", "admin", "orders", number, _]) => {
            Some(format!("/api/v1/admin/orders/{number}"))
        }
        ("PUT", ["", "api", "v1", "admin", "products", _]) => Some(path.to_owned()),
        ("PUT", ["", "api", "v1", "admin", "stock", sku, _]) => {
            Some(format!("/api/v1/admin/stock/{sku}"))
        }
        _ => None,
    }
}

/// The middleware.
pub async fn layer(State(versions): State<Versions>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/v1/") {
        return next.run(request).await;
    }
    if request.method() == Method::GET {
        return with_etag(request, next).await;
    }
    let Some(expected) = request.headers().get(header::IF_MATCH).cloned() else {
        return next.run(request).await;
    };
    let Some(resource) = resource_of(request.method(), &path) else {
        return next.run(request).await;
    };
    let held = LOCKS.hold(resource.clone());
    let _turn = held.turn().await;
    let mut probe = Request::get(&resource);
    for name in [header::AUTHORIZATION, header::HOST] {
        if let Some(v) = request.headers().get(&name) {
            probe = probe.header(name, v);
        }
    }
    if let Some(v) = request.headers().get(super::keys::PUBLISHABLE_HEADER) {
        probe = probe.header(super::keys::PUBLISHABLE_HEADER, v);
    }
    let current = match probe.body(Body::empty()) {
        Ok(probe) => versions.api.clone().oneshot(probe).await.ok(),
        Err(_) => None,
    };
    let current = match current {
        Some(r) if r.status() == StatusCode::OK => to_bytes(r.into_body(), MAX_BODY)
            .await
            .ok()
            .map(|b| etag_of(&b)),
        // The caller cannot read it (absent, another company's): let the change itself answer, as it would.
        _ => None,
    };
    match current {
        Some(current) if !matches(&expected, &current) => ApiError::status(
            StatusCode::PRECONDITION_FAILED,
            "stale",
            format!("the resource changed since the version sent in If-Match; it is now {current}"),
            Some("If-Match"),
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

fn matches(expected: &HeaderValue, current: &str) -> bool {
    expected
        .to_str()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == current)
}

/// The version of a representation: a hash of its bytes, quoted as an entity tag.
fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let tag: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{tag}\"")
}

async fn with_etag(request: Request, next: Next) -> Response {
    let if_none_match = request.headers().get(header::IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::OK || !is_json {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let etag = etag_of(&bytes);
    if let Ok(value) = HeaderValue::from_str(&etag) {
        parts.headers.insert(header::ETAG, value);
    }
    if if_none_match.is_some_and(|v| matches(&v, &etag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use axum::{
        Json, Router,
        body::Body,
        http::{Request, StatusCode, header},
        middleware::from_fn_with_state,
        routing::get,
    };
    use tower::ServiceExt;

    use super::{LOCKS, Versions, layer};

    #[tokio::test]
    async fn resources_changed_once_leave_no_lock_behind() {
        let api = Router::new().route(
            "/api/v1/admin/products/{handle}",
            get(|| async { Json(serde_json::json!({ "version": 1 })) }).put(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                StatusCode::NO_CONTENT
            }),
        );
        let app = api
            .clone()
            .layer(from_fn_with_state(Versions { api }, layer));
        let change = |i: usize, tag: &str| {
            Request::put(format!("/api/v1/admin/products/forgotten-{i}"))
                .header(header::IF_MATCH, tag)
                .body(Body::empty())
                .unwrap()
        };
        for i in 0..300 {
            let stale = app.clone().oneshot(change(i, "\"stale\"")).await.unwrap();
            assert_eq!(stale.status(), StatusCode::PRECONDITION_FAILED);
            let any = app.clone().oneshot(change(i, "*")).await.unwrap();
            assert_eq!(any.status(), StatusCode::NO_CONTENT);
            // A client that goes away while its change runs.
            let gone = tokio::time::timeout(
                std::time::Duration::from_millis(5),
                app.clone().oneshot(change(i, "*")),
            )
            .await;
            assert!(gone.is_err());
        }
        let left: Vec<String> = LOCKS
            .names()
            .into_iter()
            .filter(|n| n.contains("/forgotten-"))
            .collect();
        assert!(left.is_empty(), "{} locks left: {left:?}", left.len());
    }
}
