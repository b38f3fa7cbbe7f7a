//! `/robots.txt`, the sitemap index at `/sitemap.xml` and its shards: categories in one file, products in files of
//! at most 50,000 URLs each (the sitemap protocol's limit), so a catalog of any size is listed whole.

use axum::{
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use engine::SitemapEntry;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

use crate::AppState;

/// URLs per product shard.
pub const SHARD_SIZE: u32 = 50_000;

/// `GET /robots.txt`: crawl everything but the cart and the RPC endpoints, and where the sitemap is.
pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /cart\nDisallow: /api/\n\nSitemap: {}/sitemap.xml\n",
        state.site_url.0
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

/// `GET /sitemap.xml`: the index of shards.
pub async fn index(State(state): State<AppState>) -> Response {
    let base = &state.site_url.0;
    match state.engine.sitemap_counts().await {
        Ok(counts) => {
            let shards = counts.products.div_ceil(u64::from(SHARD_SIZE)).max(1);
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            xml.push_str(&format!(
                "<sitemap><loc>{}/sitemaps/categories.xml</loc></sitemap>\n",
                escape(base)
            ));
            for n in 1..=shards {
                xml.push_str(&format!(
                    "<sitemap><loc>{}/sitemaps/products-{n}.xml</loc></sitemap>\n",
                    escape(base)
                ));
            }
            xml.push_str("</sitemapindex>\n");
            xml_response(xml)
        }
        Err(e) => unavailable(e),
    }
}

/// `GET /sitemaps/{file}`: `categories.xml` or `products-{n}.xml`; a shard past the last one is a 404.
pub async fn shard(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let base = &state.site_url.0;
    if file == "categories.xml" {
        return match state.engine.category_sitemap().await {
            Ok(entries) => xml_response(urlset(base, "/categories/", &entries)),
            Err(e) => unavailable(e),
        };
    }
    let Some(n) = file
        .strip_prefix("products-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .and_then(|n| n.parse::<u64>().ok())
        .filter(|&n| n >= 1)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match state
        .engine
        .product_sitemap((n - 1) * u64::from(SHARD_SIZE), SHARD_SIZE)
        .await
    {
        Ok(entries) if entries.is_empty() && n > 1 => StatusCode::NOT_FOUND.into_response(),
        Ok(entries) => xml_response(urlset(base, "/products/", &entries)),
        Err(e) => unavailable(e),
    }
}

fn urlset(base: &str, prefix: &str, entries: &[SitemapEntry]) -> String {
    let mut xml = String::with_capacity(64 + entries.len() * 120);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for entry in entries {
        xml.push_str(&format!(
            "<url><loc>{}{prefix}{}</loc><lastmod>{}</lastmod></url>\n",
            escape(base),
            escape(&entry.slug),
            lastmod(entry.updated_at)
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}

/// W3C datetime (RFC 3339, UTC), as the sitemap protocol asks.
fn lastmod(epoch_ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(epoch_ms) * 1_000_000)
        .ok()
        .and_then(|t| t.replace_nanosecond(0).ok())
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_owned())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml_response(xml: String) -> Response {
    let mut response = (
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response();
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    response
}

fn unavailable(e: engine::EngineError) -> Response {
    tracing::error!(error = %e, "sitemap failed");
    (StatusCode::SERVICE_UNAVAILABLE, "unavailable").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lastmod_is_an_rfc3339_utc_second() {
        assert_eq!(lastmod(1_763_800_000_123), "2025-11-22T08:26:40Z");
    }

    #[test]
    fn urls_are_escaped() {
        assert_eq!(escape("a&b<c>"), "a&amp;b&lt;c&gt;");
    }
}
