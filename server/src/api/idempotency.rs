//! `Idempotency-Key` on every `POST` of the API: the first request under a key runs and its answer is kept for a
//! day; a retry with the same key and the same request gets that answer again (with `Idempotent-Replayed: true`);
//! the same key on a different request is a `422`; a retry while the first still runs is a `409`. A `5xx` is not
//! kept, so a retry after a server failure runs again; neither is a request that never answered (its client went
//! away, the process stopped): its claim lapses after [`engine::IDEMPOTENCY_LEASE`] and a retry runs it again.
//!
//! A key's namespace is the caller: a buyer's token or a secret key, and for a guest of an app (a publishable key
//! alone, which every user of the app shares) also the guest cart the path names or else the client's address, so
//! one guest's retry never replays another guest's answer.
//!
//! Not kept: answers that carry a credential (sessions, API keys, webhook secrets), which must exist nowhere but in
//! the one answer; bulk uploads, which are upserts and safe to repeat as they are; and calls without credentials,
//! whose answers (a new guest cart's secret id) must not be handed to whoever guesses the key.

use std::net::IpAddr;

use axum::{
    body::{Body, to_bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use engine::{Engine, Idempotency};
use sha2::{Digest, Sha256};

use super::{client, error::ApiError, keys::PUBLISHABLE_HEADER};

/// The largest request body a keyed POST may have (bulk uploads are not keyed).
const MAX_BODY: usize = 1 << 20;
/// The largest answer kept.
const MAX_ANSWER: usize = 4 << 20;

const NOT_KEPT: [&str; 4] = [
    "/api/v1/sessions",
    "/api/v1/admin/api-keys",
    "/api/v1/admin/webhooks",
    "/api/v1/admin/bulk/",
];

/// The middleware.
pub async fn layer(State(engine): State<Engine>, request: Request, next: Next) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    if !path.starts_with("/api/v1/") || NOT_KEPT.iter().any(|p| path.starts_with(p)) {
        return next.run(request).await;
    }
    let Some(key) = request.headers().get("idempotency-key") else {
        return next.run(request).await;
    };
    let key = match key.to_str() {
        Ok(k) if valid_key(k) => k.to_owned(),
        _ => {
            return ApiError::invalid(
                "Idempotency-Key",
                "must be 8 to 100 letters, digits, '-' or '_'",
            )
            .into_response();
        }
    };
    let Some(principal) = principal(request.headers(), &path, client::current()) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::status(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid",
                format!("the body is larger than {MAX_BODY} bytes"),
                Some("body"),
            )
            .into_response();
        }
    };
    let mut hasher = Sha256::new();
    hasher.update(parts.uri.to_string().as_bytes());
    hasher.update([0]);
    hasher.update(&bytes);
    let request_hash = hex(&hasher.finalize());
    match engine
        .begin_idempotent(&principal, &key, &request_hash, engine::IDEMPOTENCY_LEASE)
        .await
    {
        Err(e) => return ApiError::from(e).into_response(),
        Ok(Idempotency::Mismatch) => {
            return ApiError::status(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_mismatch",
                "this Idempotency-Key was used for a different request; use a new key",
                Some("Idempotency-Key"),
            )
            .into_response();
        }
        Ok(Idempotency::InFlight) => {
            return ApiError::status(
                StatusCode::CONFLICT,
                "conflict",
                "the first request with this Idempotency-Key is still running; retry shortly",
                Some("Idempotency-Key"),
            )
            .into_response();
        }
        Ok(Idempotency::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = (status, body).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
            return response;
        }
        Ok(Idempotency::Proceed) => {}
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status();
    if status.is_server_error() {
        if let Err(e) = engine.abandon_idempotent(&principal, &key).await {
            tracing::error!(error = %e, "could not free an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_ANSWER).await {
        Ok(b) => b,
        Err(_) => {
            let _ = engine.abandon_idempotent(&principal, &key).await;
            return ApiError::status(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "the answer could not be kept; retry",
                None,
            )
            .into_response();
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    if let Err(e) = engine
        .finish_idempotent(&principal, &key, status.as_u16(), &text)
        .await
    {
        tracing::error!(error = %e, "could not keep an idempotent answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn valid_key(key: &str) -> bool {
    (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Who is calling, as a hash of the credentials they sent; `None` without any. A guest (no `Authorization`) is
/// told apart from the app's other guests by the cart in `path`, else by `client`.
fn principal(headers: &HeaderMap, path: &str, client: IpAddr) -> Option<String> {
    let auth = headers.get(header::AUTHORIZATION).map(|v| v.as_bytes());
    let key = headers.get(PUBLISHABLE_HEADER).map(|v| v.as_bytes());
    if auth.is_none() && key.is_none() {
        return None;
    }
    let mut hasher = Sha256::new();
    hasher.update(auth.unwrap_or_default());
    hasher.update([0]);
    hasher.update(key.unwrap_or_default());
    if auth.is_none() {
        hasher.update([0]);
        match guest_cart(path) {
            Some(cart) => hasher.update(format!("cart {cart}")),
            None => hasher.update(format!("client {client}")),
        }
    }
    Some(hex(&hasher.finalize()))
}

/// The guest cart id in an API path (`/api/v1/carts/{id}/…`): a secret only that guest holds.
fn guest_cart(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v1/carts/")?
        .split('/')
        .next()
        .filter(|id| !id.is_empty())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
