//! Security headers and the same-origin rule, through the real router: every page carries a policy that allows
//! exactly its own inline scripts, personalised answers are never stored by a shared cache, and a form posted
//! from another site is refused.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use support::spawn_app;

#[tokio::test]
async fn every_page_carries_a_policy_that_allows_exactly_its_inline_scripts() {
    let app = spawn_app().await;
    for path in ["/", "/cart", "/account/sign-in", "/products/does-not-exist"] {
        let page = app.get(path).await;
        let policy = page
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has no policy"))
            .to_owned();
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("object-src 'none'"));
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        assert!(!policy.contains("unsafe-eval'") || policy.contains("wasm-unsafe-eval"));
        assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
        assert!(page.header("referrer-policy").is_some());
        // Every script the page runs inline is listed by its hash.
        let mut rest = page.body.as_str();
        let mut seen = 0;
        while let Some(at) = rest.find("<script") {
            rest = &rest[at..];
            let open_end = rest.find('>').unwrap();
            let attrs = &rest[..open_end];
            let close = rest.find("</script>").unwrap();
            let content = &rest[open_end + 1..close];
            rest = &rest[close..];
            if attrs.contains("src=") || attrs.contains("ld+json") {
                continue;
            }
            let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(content));
            assert!(
                policy.contains(&format!("'sha256-{hash}'")),
                "{path}: script not allowed"
            );
            seen += 1;
        }
        assert!(
            seen > 0,
            "{path} runs no inline script: the test would prove nothing"
        );
    }
    // No HSTS over plain http: it would pin a development shop to https.
    assert!(
        app.get("/")
            .await
            .header("strict-transport-security")
            .is_none()
    );
}

#[tokio::test]
async fn answers_that_depend_on_a_credential_are_private_and_not_stored() {
    let app = spawn_app().await;
    let signed = app
        .form_post(
            "/api/account/sign-in",
            "email=buyer@acme.example&password=kontor-demo&next=/account",
            "/account/sign-in",
            None,
        )
        .await;
    let cookie = signed.set_cookie("kontor_session").expect("signed in");
    let page = app.get_with_cookie("/account", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header("cache-control"), Some("private, no-store"));
    let session = app
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@acme.example","password":"kontor-demo"}"#),
        )
        .await;
    let token = serde_json::from_str::<serde_json::Value>(&session.body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let account = app.api("GET", "/api/v1/account", Some(&token), None).await;
    assert_eq!(account.header("cache-control"), Some("private, no-store"));
    // A guest's catalog read carries no credential and stays cacheable.
    let products = app.api("GET", "/api/v1/products?limit=1", None, None).await;
    assert_ne!(products.header("cache-control"), Some("private, no-store"));
}

#[tokio::test]
async fn a_form_posted_from_another_site_is_refused_sign_in_included() {
    let app = spawn_app().await;
    let post = |origin: Option<&'static str>, referer: Option<&'static str>| {
        let mut request = Request::post("/api/account/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        if let Some(referer) = referer {
            request = request.header(header::REFERER, referer);
        }
        app.send(
            request
                .body(Body::from(
                    "email=buyer@acme.example&password=kontor-demo&next=/account",
                ))
                .unwrap(),
        )
    };
    for (origin, referer) in [
        (Some("https://evil.example"), None),
        (Some("null"), None),
        (None, Some("https://evil.example/page")),
        (None, None),
        (Some("http://shop.test.evil.example"), None),
    ] {
        let reply = post(origin, referer).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{origin:?} {referer:?}"
        );
        assert!(reply.set_cookie("kontor_session").is_none());
    }
    let ok = post(Some("http://shop.test"), None).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
    assert!(ok.set_cookie("kontor_session").is_some());
    let ok = post(None, Some("http://shop.test/account/sign-in")).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER);
}
