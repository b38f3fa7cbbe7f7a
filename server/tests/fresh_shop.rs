//! A new shop as `kontor serve` leaves it without `KONTOR_DEMO`: nothing seeded, nobody to sign in as, and a
//! storefront that says it is not open yet instead of failing.

mod support;

use axum::http::StatusCode;
use support::spawn_empty_app;

#[tokio::test]
async fn an_empty_shop_says_it_is_not_open_yet_and_has_no_account_to_sign_in_to() {
    let app = spawn_empty_app().await;
    for path in ["/", "/products/hex-bolt-m8", "/account/sign-in", "/de/"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(page.body.contains("not open yet"), "{path}: {}", page.body);
        assert_eq!(page.header("retry-after"), Some("3600"));
    }
    assert_eq!(app.get("/healthz").await.status, StatusCode::OK);
    assert!(app.engine.demo_accounts().await.unwrap().is_empty());
    // The published demo password opens nothing, neither through the API nor the form.
    let api = app
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@acme.example","password":"kontor-demo"}"#),
        )
        .await;
    assert_eq!(api.status, StatusCode::BAD_REQUEST, "{}", api.body);
    assert!(
        app.engine
            .sign_in(
                "admin@acme.example",
                "kontor-demo",
                engine::ClientAddr::LOCAL
            )
            .await
            .is_err()
    );
}
