//! "Shop as this buyer" through the real router: customer service opens the buyer's session from the company's
//! page, every storefront page then says so, an action in it is on the audit trail under the member's name, and the
//! banner's button ends it. A lesser role and a stranger are refused.

mod support;

use axum::http::StatusCode;
use engine::{Actor, audit_log::AuditFilter};
use support::{
    back_office::{admin_post, assert_refused, signed_in_member},
    spawn_app,
};

#[tokio::test]
async fn customer_service_shops_as_a_buyer_on_the_record() {
    let app = spawn_app().await;
    let service = signed_in_member(&app, "s@shop.example", "customer_service").await;
    let page = app.get_with_cookie("/admin/companies/acme", &service).await;
    assert!(
        page.body.contains("Shop as buyer@acme.example"),
        "{}",
        page.body
    );

    let reply = admin_post(
        &app,
        "/admin/fn/companies/shop-as",
        "email=buyer%40acme.example",
        Some(&service),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/");
    let buyer = reply
        .set_cookie("kontor_session")
        .expect("the buyer's session");

    let home = app.get_with_cookie("/", &buyer).await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.body.contains("s@shop.example is shopping as"),
        "the banner: {}",
        home.body
    );
    let (_, sku) = app.hex_bolt().await;
    app.form_post(
        "/api/cart/add",
        &format!("sku={sku}&quantity=1"),
        "/",
        Some(&buyer),
    )
    .await;
    let trail = app
        .engine
        .audit_entries(
            &Actor::process("test"),
            &AuditFilter {
                entity: Some("customer".into()),
                entity_id: Some("buyer@acme.example".into()),
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap()
        .entries;
    assert!(
        trail.iter().any(|e| e.action == "customer.acted_as"
            && e.actor == "s@shop.example"
            && e.changes[0].after.as_deref() == Some("POST /api/cart/add")),
        "{trail:?}"
    );

    let stopped = app
        .form_post("/api/account/sign-out", "", "/", Some(&buyer))
        .await;
    assert_eq!(stopped.status, StatusCode::SEE_OTHER);
    let after = app.get_with_cookie("/", &buyer).await;
    assert!(!after.body.contains("is shopping as"));

    // A catalog manager, a reader and a stranger may not; the reader sees the people but no button.
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    let page = app.get_with_cookie("/admin/companies/acme", &reader).await;
    assert!(page.body.contains("buyer@acme.example") && !page.body.contains("Shop as this buyer"));
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    for who in [Some(reader.as_str()), Some(catalog.as_str()), None] {
        assert_refused(
            &app,
            "/admin/fn/companies/shop-as",
            "email=buyer%40acme.example",
            who,
        )
        .await;
    }
}
