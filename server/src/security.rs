//! Response headers that make a browser refuse what the shop never meant to do, and the same-origin check on
//! every state-changing form and server function.
//!
//! The Content-Security-Policy lists the SHA-256 of each inline script a page actually carries (the hydration
//! loader and Leptos' resource bootstrap), computed from the finished HTML. A nonce would have to differ per
//! response, which a cached guest page cannot; a hash is the same for every copy of the same bytes, so cached
//! pages stay valid and nothing injected into a page can run.

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// Pages larger than this are sent without a script allowance rather than buffered (none comes near it).
const MAX_HTML: usize = 16 * 1024 * 1024;

/// What the policies depend on: the shop's public origin.
#[derive(Debug, Clone)]
pub struct Security {
    /// `scheme://host[:port]` of `KONTOR_PUBLIC_URL`.
    origin: String,
    /// Whether the shop is served over https: then HSTS, `Secure` cookies and upgraded requests.
    https: bool,
}

impl Security {
    /// The policies for a shop at `public_url`.
    pub fn new(public_url: &str) -> Self {
        let origin = origin_of(public_url).unwrap_or_default().to_owned();
        Self {
            https: origin.starts_with("https://"),
            origin,
        }
    }
}

/// `scheme://authority` of a URL.
fn origin_of(url: &str) -> Option<&str> {
    let rest_at = url.find("://")? + 3;
    let end = url[rest_at..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| rest_at + i);
    Some(&url[..end])
}

/// Sets the security headers on every response, and `Cache-Control: private, no-store` on every answer that
/// depends on a credential (a session or cart cookie, a bearer token or key, a guest cart's secret id).
pub async fn headers(State(security): State<Security>, request: Request, next: Next) -> Response {
    let credentialed = carries_credential(request.headers(), request.uri().path());
    let docs = request.uri().path().starts_with("/api/docs");
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let mut body = body;
    let mut script_hashes = Vec::new();
    if html {
        match axum::body::to_bytes(body, MAX_HTML).await {
            Ok(bytes) => {
                script_hashes = inline_script_hashes(&String::from_utf8_lossy(&bytes));
                body = Body::from(bytes);
            }
            Err(e) => {
                tracing::error!(error = %e, "an HTML response could not be read for its policy");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    }
    let h = &mut parts.headers;
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if security.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = if html {
            page_policy(&script_hashes, docs, security.https)
        } else {
            // JSON, files and media are never documents that run anything.
            "default-src 'none'; frame-ancestors 'none'".to_owned()
        };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            h.insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if credentialed {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    Response::from_parts(parts, body)
}

/// The policy of an HTML page: its own files, its own inline scripts by hash, compiled wasm, and nothing from
/// another origin. The API reference (Swagger UI) sets inline styles, so it alone may.
fn page_policy(script_hashes: &[String], docs: bool, https: bool) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        scripts.push_str(&format!(" 'sha256-{hash}'"));
    }
    let styles = if docs {
        "'self' 'unsafe-inline'"
    } else {
        "'self'"
    };
    let mut policy = format!(
        "default-src 'self'; script-src {scripts}; style-src {styles}; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    if https {
        policy.push_str("; upgrade-insecure-requests");
    }
    policy
}

/// Base64 SHA-256 of every inline script that runs (not `src=` scripts, not JSON-LD or other data blocks).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start + 7..];
        let Some(tag_end) = rest.find('>') else { break };
        let attrs = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        let content = &rest[..close];
        rest = &rest[close + 9..];
        let data_block =
            attrs.contains("application/ld+json") || attrs.contains("application/json");
        if attrs.contains("src=") || data_block {
            continue;
        }
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(content));
        if !hashes.contains(&hash) {
            hashes.push(hash);
        }
    }
    hashes
}

/// Whether the answer to this request depends on a credential, so no shared cache may keep it.
fn carries_credential(headers: &HeaderMap, path: &str) -> bool {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, _)| {
            name == "kontor_session" || name == "kontor_cart" || name == "kontor_admin"
        });
    cookie
        || headers.contains_key(header::AUTHORIZATION)
        || headers.contains_key(crate::api::keys::PUBLISHABLE_HEADER)
        || path.starts_with("/api/v1/carts/")
        // Every back-office answer is about a signed-in member, or the way to become one.
        || path.starts_with("/admin")
}

/// Refuses a state-changing request to the storefront (its forms and server functions) that another site
/// started: its `Origin` (or, where a browser sends none, its `Referer`) must be this shop. SameSite cookies
/// already keep the session out of such requests; this also covers sign-in and sign-up, which need none. The
/// API under `/api/v1` is for other origins by design and authenticates every call with a token or key instead
/// of a cookie.
pub async fn same_origin(
    State(security): State<Security>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || request.uri().path().starts_with("/api/v1/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "null")
        .map(str::to_owned)
        .or_else(|| {
            headers
                .get(header::REFERER)
                .and_then(|v| v.to_str().ok())
                .and_then(origin_of)
                .map(str::to_owned)
        });
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let allowed = claimed.as_deref().is_some_and(|claimed| {
        claimed.eq_ignore_ascii_case(&security.origin)
            || host.is_some_and(|host| {
                claimed
                    .split_once("://")
                    .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
            })
    });
    if allowed {
        next.run(request).await
    } else {
        (
            StatusCode::FORBIDDEN,
            "This form was sent from another site. Go back to the shop and send it from there.",
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_running_inline_scripts_are_hashed() {
        let html = r#"<script type="module" nonce="x">boot()</script><script src="/pkg/a.js"></script>
            <script type="application/ld+json">{"a":1}</script><script>boot()</script><script>b()</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        assert_eq!(
            hashes[0],
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest("boot()"))
        );
    }

    #[test]
    fn the_origin_is_scheme_and_authority() {
        assert_eq!(
            origin_of("https://shop.example/x?y"),
            Some("https://shop.example")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000"),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(origin_of("shop.example"), None);
        assert!(Security::new("https://shop.example").https);
        assert!(!Security::new("http://127.0.0.1:3000").https);
    }

    #[test]
    fn the_page_policy_allows_own_files_and_listed_scripts_only() {
        let p = page_policy(&["abc".into()], false, true);
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        assert!(p.contains("style-src 'self';"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.ends_with("upgrade-insecure-requests"));
        assert!(!p.contains("unsafe-inline"));
    }
}
