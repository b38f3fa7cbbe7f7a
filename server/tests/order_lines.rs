//! Changing an order's lines through the real router: the order page's form as a plain post, and the admin API.
//! An order manager raises a quantity and adds a SKU; a reader sees no form; a lesser role, a key without the
//! scope, another company's key and a stranger are refused; bad lines are named; too many units are 409.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{
    back_office::{admin_post, assert_refused, signed_in_member},
    json_of, place_order, secret_key, spawn_app,
};

/// Units per SKU of the order as the admin API shows it.
fn units(order: &serde_json::Value, sku: &str) -> u64 {
    order["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["sku"] == sku)
        .map(|l| l["quantity"].as_u64().unwrap())
        .sum()
}

#[tokio::test]
async fn an_order_manager_changes_lines_from_the_order_page_and_others_may_not() {
    let app = spawn_app().await;
    let number = place_order(&app, "buyer@acme.example", "lines-page-0001").await;
    let (_, sku) = app.hex_bolt().await;
    let manager = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app
        .get_with_cookie(&format!("/admin/orders/{number}"), &manager)
        .await;
    assert!(page.body.contains("Change lines") && page.body.contains(&format!("Units of {sku}")));
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    let read = app
        .get_with_cookie(&format!("/admin/orders/{number}"), &reader)
        .await;
    assert!(!read.body.contains("Change lines"));

    let form = format!(
        "number={number}&lines%5B0%5D%5Bsku%5D={sku}&lines%5B0%5D%5Bquantity%5D=5\
         &lines%5B1%5D%5Bsku%5D=&lines%5B1%5D%5Bquantity%5D="
    );
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    for who in [Some(reader.as_str()), Some(catalog.as_str()), None] {
        assert_refused(&app, "/admin/fn/orders/lines", &form, who).await;
    }
    let bad = admin_post(
        &app,
        "/admin/fn/orders/lines",
        &format!("number={number}&lines%5B0%5D%5Bsku%5D={sku}&lines%5B0%5D%5Bquantity%5D=many"),
        Some(&manager),
    )
    .await;
    assert!(bad.location().contains("error="), "{}", bad.location());
    let saved = admin_post(&app, "/admin/fn/orders/lines", &form, Some(&manager)).await;
    assert_eq!(
        saved.location(),
        format!("/admin/orders/{number}?saved=lines"),
        "{}",
        saved.body
    );
    let key = secret_key(&app, &[Scope::OrdersRead], None).await;
    let order = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(units(&json_of(&order), &sku), 5, "{}", order.body);
}

#[tokio::test]
async fn the_admin_api_changes_lines_with_orders_write_and_names_what_is_wrong() {
    let app = spawn_app().await;
    let number = place_order(&app, "buyer@acme.example", "lines-api-0001").await;
    let (_, sku) = app.hex_bolt().await;
    let path = format!("/api/v1/admin/orders/{number}/lines");
    let writer = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None).await;
    let reader = secret_key(&app, &[Scope::OrdersRead], None).await;
    // A key bound to a company cannot hold `orders:write` at all: another company's key is refused by its scope.
    let globex = secret_key(&app, &[Scope::OrdersRead], Some("globex")).await;
    let body = format!(r#"{{"lines":[{{"sku":"{sku}","quantity":3}}]}}"#);
    for (key, status) in [
        (Some(reader.as_str()), StatusCode::FORBIDDEN),
        (Some(globex.as_str()), StatusCode::FORBIDDEN),
        (None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app.api("POST", &path, key, Some(&body)).await;
        assert_eq!(reply.status, status, "{}", reply.body);
    }
    let changed = app.api("POST", &path, Some(&writer), Some(&body)).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(units(&json_of(&changed), &sku), 3);

    let bad_sku = app
        .api(
            "POST",
            &path,
            Some(&writer),
            Some(r#"{"lines":[{"sku":"","quantity":1}]}"#),
        )
        .await;
    assert_eq!(bad_sku.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bad_sku)["errors"][0]["field"], "lines[0].sku");
    let unknown = app
        .api(
            "POST",
            &path,
            Some(&writer),
            Some(r#"{"lines":[{"sku":"NO-SUCH-SKU","quantity":1}]}"#),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&unknown)["errors"][0]["field"], "lines");
    let too_many = app
        .api(
            "POST",
            &path,
            Some(&writer),
            Some(&format!(
                r#"{{"lines":[{{"sku":"{sku}","quantity":90000}}]}}"#
            )),
        )
        .await;
    assert_eq!(too_many.status, StatusCode::CONFLICT, "{}", too_many.body);
    let huge = app
        .api(
            "POST",
            &path,
            Some(&writer),
            Some(&format!(
                r#"{{"lines":[{{"sku":"{sku}","quantity":4000000}}]}}"#
            )),
        )
        .await;
    assert_eq!(
        json_of(&huge)["errors"][0]["field"],
        "lines",
        "{}",
        huge.body
    );
    let missing = app
        .api(
            "POST",
            "/api/v1/admin/orders/999999/lines",
            Some(&writer),
            Some(&body),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let still = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(units(&json_of(&still), &sku), 3, "refusals changed nothing");
}
