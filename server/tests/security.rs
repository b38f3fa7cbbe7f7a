//! Security rules through the real router: redirects after sign-in stay on this site, the
//! guest page cache and the page agree on a repeated channel cookie.

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

#[tokio::test]
async fn a_repeated_channel_cookie_names_the_same_channel_to_the_cache_and_the_page() {
    let app = spawn_app().await;
    // The Swiss shop is gross francs in German; the trade shop is net euros in English.
    let swiss = |body: &str| body.contains("CHF") && body.contains("Handwerkzeug");
    let trade = |body: &str| body.contains("€") && !body.contains("Handwerkzeug");
    for (cookie, is_swiss) in [
        ("kontor_channel=trade; kontor_channel=shop-ch", false),
        ("kontor_channel=shop-ch", true),
        ("kontor_channel=shop-ch; kontor_channel=trade", true),
        ("kontor_channel=trade", false),
        ("kontor_channel=trade; kontor_channel=shop-ch", false),
    ] {
        let page = app.get_with_cookie("/", cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        if is_swiss {
            assert!(swiss(&page.body), "{cookie}: {:?}", page.header("x-cache"));
        } else {
            assert!(trade(&page.body), "{cookie}: {:?}", page.header("x-cache"));
        }
    }
}
