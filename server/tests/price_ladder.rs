//! `GET /api/v1/prices/{sku}` through the real router: each buyer gets their own company's prices at every
//! quantity of the range (a lesser role the same as its company, another company and a stranger never ACME's),
//! and a bad range, SKU or token is refused naming the field.

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::{TestApp, json_of, spawn_app, token_of};

async fn ladder(app: &TestApp, path: &str, token: Option<&str>) -> Value {
    let reply = app.api("GET", path, token, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    json_of(&reply)
}

fn unit_net(ladder: &Value, quantity: usize) -> &str {
    ladder["steps"][quantity - 1]["price"]["unit_net"]["amount"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn each_buyer_gets_their_own_companys_price_at_every_quantity() {
    let app = spawn_app().await;
    let (_, sku) = app.hex_bolt().await;
    let path = format!("/api/v1/prices/{sku}?from=1&to=1000");
    let acme = ladder(
        &app,
        &path,
        Some(&token_of(&app, "buyer@acme.example").await),
    )
    .await;
    let viewer = ladder(
        &app,
        &path,
        Some(&token_of(&app, "viewer@acme.example").await),
    )
    .await;
    let globex = ladder(
        &app,
        &path,
        Some(&token_of(&app, "buyer@globex.example").await),
    )
    .await;
    let guest = ladder(&app, &path, None).await;

    let steps = acme["steps"].as_array().unwrap();
    assert_eq!(acme["sku"], sku.as_str());
    assert_eq!(steps.len(), 1_000);
    for (i, step) in steps.iter().enumerate() {
        assert_eq!(step["quantity"], i + 1);
        let price = &step["price"];
        assert!(
            price.is_object() || step["refused"]["field"] == "quantity",
            "{step}"
        );
    }
    // ACME's contract price is ACME's: its viewer sees it, Globex and a stranger see the public one.
    assert_eq!(viewer, acme);
    assert_ne!(unit_net(&acme, 1), unit_net(&guest, 1));
    assert_eq!(unit_net(&globex, 1), unit_net(&guest, 1));
    assert!(acme["steps"][0]["price"]["price_list_id"].is_i64());
    assert!(guest["steps"][0]["price"].get("price_list_id").is_none());
    // The line is the unit price times the quantity, with its tax, in the buyer's currency.
    let at_12 = &acme["steps"][11]["price"];
    let unit: f64 = at_12["unit_net"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let line: f64 = at_12["line_net"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((unit * 12.0 - line).abs() < 0.005, "{at_12}");
    assert_eq!(at_12["line_gross"]["currency"], "EUR");
}

#[tokio::test]
async fn a_bad_range_sku_or_token_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let (_, sku) = app.hex_bolt().await;
    for (query, field) in [
        ("from=0", "from"),
        ("from=5&to=4", "to"),
        ("from=1&to=1001", "to"),
        ("from=100000&to=100001", "to"),
        ("from=x", "query"),
    ] {
        let reply = app
            .api("GET", &format!("/api/v1/prices/{sku}?{query}"), None, None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
        assert_eq!(json_of(&reply)["errors"][0]["field"], field, "{query}");
    }
    let one = ladder(&app, &format!("/api/v1/prices/{sku}?from=7"), None).await;
    assert_eq!(one["steps"].as_array().unwrap().len(), 1);
    assert_eq!(one["steps"][0]["quantity"], 7);
    let missing = app
        .api("GET", "/api/v1/prices/NO-SUCH-SKU", None, None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", missing.body);
    let stranger = app
        .api(
            "GET",
            &format!("/api/v1/prices/{sku}"),
            Some("not-a-token"),
            None,
        )
        .await;
    assert_eq!(
        stranger.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        stranger.body
    );
}
