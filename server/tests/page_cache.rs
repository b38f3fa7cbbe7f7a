//! The finished-page cache for guests: hot pages are served without rendering, never across buyers, and never
//! after the catalog changed.

mod support;

use axum::http::StatusCode;
use support::spawn_app;

const LISTING: &str = "/categories/spanners-wrenches";

#[tokio::test]
async fn a_guest_page_is_rendered_once_then_served_from_memory() {
    let app = spawn_app().await;
    let first = app.get(LISTING).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.header("x-cache"), Some("miss"));
    let again = app.get(LISTING).await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("content-type"), first.header("content-type"));

    // Another query string, compression or channel is another page.
    let sorted = app.get(&format!("{LISTING}?sort=price-asc")).await;
    assert_eq!(sorted.header("x-cache"), Some("miss"));
    let compressed = app.get_encoded(LISTING, "gzip").await;
    assert_eq!(compressed.header("x-cache"), Some("miss"));
    assert_eq!(compressed.header("content-encoding"), Some("gzip"));
    assert_eq!(
        app.get_encoded(LISTING, "gzip")
            .await
            .header("content-encoding"),
        Some("gzip"),
        "a hit keeps the encoding it was stored with"
    );
    let swiss = app.get_with_cookie("/", "kontor_channel=shop-ch").await;
    assert_eq!(swiss.header("x-cache"), Some("miss"));
    let trade = app.get("/").await;
    assert_eq!(trade.header("x-cache"), Some("miss"));
    assert_ne!(trade.body, swiss.body, "each channel has its own page");
}

#[tokio::test]
async fn pages_of_a_buyer_with_a_cart_and_failed_pages_are_never_shared() {
    let app = spawn_app().await;
    app.get(LISTING).await;
    let with_cart = app
        .get_with_cookie(LISTING, "kontor_cart=00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(with_cart.status, StatusCode::OK);
    assert_eq!(with_cart.header("x-cache"), None, "rendered for this buyer");

    let missing = app.get("/products/no-such-product").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get("/products/no-such-product").await.header("x-cache"),
        None
    );
}

#[tokio::test]
async fn a_catalog_change_retires_cached_pages_at_once() {
    let app = spawn_app().await;
    let search = "/search?q=torque+wrench";
    let before = app.get(search).await;
    assert!(before.body.contains("Nothing matches"));
    assert_eq!(app.get(search).await.header("x-cache"), Some("hit"));
    let record = r#"{"handle":"torque-wrench","name":"Torque Wrench 40-200 Nm","brand":"Steelmark","category":"spanners-wrenches",
        "variants":[{"sku":"TW-200","title":"Each","price":"89.5","currency":"EUR","stock":12}]}"#;
    let report = app
        .engine
        .import_products(
            &engine::Actor::process("test"),
            vec![(1, record.to_owned())],
            false,
        )
        .await
        .unwrap();
    assert_eq!(report.created, 1);
    let after = app.get(search).await;
    assert_eq!(after.header("x-cache"), Some("miss"));
    assert!(after.body.contains("Torque Wrench"));
}
