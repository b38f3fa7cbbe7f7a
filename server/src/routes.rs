//! Plain axum handlers outside the storefront: health and generated media.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use engine::{Engine, EngineError};

use crate::http_cache;

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
pub async fn healthz(State(engine): State<Engine>) -> Response {
    match engine.health().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

/// `GET /media/{path}`: a generated image, with an ETag so browsers revalidate cheaply.
pub async fn media(
    State(engine): State<Engine>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    match engine.media(&path).await {
        Ok(media) => {
            let etag = format!("\"{:x}-{:x}\"", media.updated_at, media.body.len());
            let fresh = headers
                .get(header::IF_NONE_MATCH)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v == etag);
            let mut response = if fresh {
                StatusCode::NOT_MODIFIED.into_response()
            } else {
                ([(header::CONTENT_TYPE, media.content_type)], media.body).into_response()
            };
            let h = response.headers_mut();
            // An upload's files are named for their content and never change; a generated one may be redrawn.
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(if media.immutable {
                    http_cache::IMMUTABLE
                } else {
                    http_cache::MEDIA
                }),
            );
            if let Ok(v) = HeaderValue::from_str(&etag) {
                h.insert(header::ETAG, v);
            }
            // A generated SVG is an image, never a document that runs script; nor is an upload, whatever it holds.
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
            );
            response
        }
        Err(EngineError::NotFound { .. }) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "media lookup failed");
            (StatusCode::SERVICE_UNAVAILABLE, "unavailable").into_response()
        }
    }
}

/// A shop without a channel has no storefront to show: its pages answer a plain "not open yet" page (503, so
/// crawlers come back later) instead of the 404 or 500 a missing channel would otherwise give. The API, health
/// check, media, static files and the back office are untouched: the shop is set up through them.
pub async fn not_open(
    State(engine): State<Engine>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = request.uri().path();
    // The back office stays reachable: it is where the shop gets set up.
    let page = !(path.starts_with("/api/")
        || path.starts_with("/admin")
        || path == "/healthz"
        || path.starts_with("/pkg/")
        || path.starts_with("/media/")
        || path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.')));
    if page && engine.channels().await.is_ok_and(|c| c.is_empty()) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                (header::RETRY_AFTER, "3600"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            NOT_OPEN_PAGE,
        )
            .into_response();
    }
    next.run(request).await
}

const NOT_OPEN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"robots\" content=\"noindex\">\
<title>This shop is not open yet</title></head><body><main><h1>This shop is not open yet</h1>\
<p>Please come back soon.</p></main></body></html>\n";
