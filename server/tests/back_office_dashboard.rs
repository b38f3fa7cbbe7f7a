//! The back office's dashboard through the real router: an order manager sees the orders chart drawn as SVG with
//! its figures, a catalog manager sees stock but no orders, and a stranger is sent to sign in.

mod support;

use axum::http::StatusCode;
use support::{back_office::signed_in_member, spawn_app};

#[tokio::test]
async fn each_member_sees_the_parts_of_the_dashboard_their_role_may_read() {
    let app = spawn_app().await;
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app.get_with_cookie("/admin", &orders).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Orders, last 30 days"), "{}", page.body);
    assert!(
        page.body.contains("<svg") && page.body.contains("role=\"img\""),
        "the chart is drawn on the server"
    );
    assert_eq!(
        page.body.matches("class=\"bar\"").count(),
        30,
        "a bar per day"
    );
    assert!(page.body.contains("Running low"));
    assert!(
        page.body.contains("<html lang=\"en\""),
        "the back office says its language"
    );
    assert!(!page.body.contains("Failed webhook deliveries"));

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let page = app.get_with_cookie("/admin", &catalog).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Orders, last 30 days") && !page.body.contains("Open orders"));
    assert!(page.body.contains("Running low"));

    let stranger = app.get("/admin").await;
    assert_eq!(stranger.location(), "/admin/sign-in");
}
