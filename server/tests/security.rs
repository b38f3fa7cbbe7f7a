//! Security rules through the real router: redirects after sign-in stay on this site.

mod support;

use axum::http::StatusCode;
use support::spawn_app;

const PASSWORD: &str = engine::seed::DEMO_PASSWORD;

#[tokio::test]
async fn sign_in_never_redirects_to_another_host() {
    let app = spawn_app().await;
    // Form-encoded as a browser sends the hidden `next` field it was given.
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "//evil.example",
        "/%252F%252Fevil.example",
        "/%255Cevil.example",
        "/+/evil.example",
        "https://evil.example",
    ] {
        let reply = app
            .form_post(
                "/api/account/sign-in",
                &format!("email=buyer@acme.example&password={PASSWORD}&next={next}"),
                "/account/sign-in",
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{next}: {}",
            reply.body
        );
        assert_eq!(reply.location(), "/account", "next={next}");
    }
    let local = app
        .form_post(
            "/api/account/sign-in",
            &format!("email=buyer@acme.example&password={PASSWORD}&next=/account/orders"),
            "/account/sign-in",
            None,
        )
        .await;
    assert_eq!(local.location(), "/account/orders");
}
