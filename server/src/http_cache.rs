//! `Cache-Control` policies, named so each route says what it means.

use axum::http::{HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// Content-addressed files: the name changes when the content does.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files whose name stays the same across releases: cache, but ask first.
pub const REVALIDATE: &str = "public, max-age=0, must-revalidate";
/// Generated media: may change when the catalog is re-seeded, rarely otherwise.
pub const MEDIA: &str = "public, max-age=86400";

/// A layer that sets `Cache-Control` unless the handler already did.
pub fn cache_control(value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static(value))
}
