//! The shop on a phone's home screen: every page links the manifest and the icons, the manifest names the shop and
//! icons that are served, and the favicons answer (the storefront's `/{locale}` route must not take `/favicon.ico`
//! for a language).

mod support;

use axum::http::StatusCode;
use support::{json_of, spawn_app};

#[tokio::test]
async fn the_manifest_and_every_icon_a_page_names_are_served() {
    let app = spawn_app().await;
    let home = app.get("/").await;
    for link in [
        r#"<link rel="manifest" href="/manifest.webmanifest">"#,
        r#"<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">"#,
        r#"<link rel="icon" href="/favicon.svg" type="image/svg+xml">"#,
    ] {
        assert!(home.body.contains(link), "{link}");
    }
    for (path, kind) in [
        ("/favicon.ico", "image/"),
        ("/favicon.svg", "image/svg+xml"),
        ("/icons/apple-touch-icon.png", "image/png"),
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.header("content-type").unwrap_or("").starts_with(kind),
            "{path}"
        );
    }
    let reply = app.get("/manifest.webmanifest").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.header("content-type"),
        Some("application/manifest+json")
    );
    let manifest = json_of(&reply);
    assert_eq!(manifest["name"], "Kontor Supply");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["display"], "standalone");
    let icons = manifest["icons"].as_array().unwrap();
    assert!(
        icons
            .iter()
            .any(|i| i["sizes"] == "512x512" && i["purpose"] == "maskable")
    );
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let reply = app.get(src).await;
        assert_eq!(reply.status, StatusCode::OK, "{src}");
        assert_eq!(reply.header("content-type"), icon["type"].as_str(), "{src}");
    }
    assert_eq!(
        app.get("/icons/none.png").await.status,
        StatusCode::NOT_FOUND
    );
}

/// The back office's stylesheet is served as the page names it; the storefront's `/{locale}` route once took it for a
/// language, and every back-office page was unstyled.
#[tokio::test]
async fn the_back_offices_stylesheet_is_served() {
    let app = spawn_app().await;
    let reply = app.get("/admin.css").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/css")
    );
    assert!(reply.body.contains(".visually-hidden"));
    let sign_in = app.get("/admin/sign-in").await;
    assert!(
        sign_in.body.contains(r#"href="/admin.css""#),
        "the back office links it"
    );
}
