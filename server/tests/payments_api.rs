//! Payments and credit through the admin API: staff record what arrived, the order becomes paid; the customer
//! record carries the company's approval for invoice on account and its credit limit, and a buyer past the limit
//! is refused with a message that says so. Another company's key, a read-only key and a stranger are refused.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use serde_json::Value;
use support::{Reply, TestApp, spawn_app};

fn json(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

async fn key(app: &TestApp, scopes: &[Scope], company: Option<&str>) -> String {
    support::secret_key(app, scopes, company).await
}

/// ACME's buyer orders two hex bolts through the API with `payment`; the reply.
async fn order(app: &TestApp, payment: &str) -> Reply {
    support::order_reply(
        app,
        "buyer@acme.example",
        &format!("pay-{payment}-0001"),
        payment,
    )
    .await
}

#[tokio::test]
async fn staff_record_payments_until_the_order_is_paid_and_others_are_refused() {
    let app = spawn_app().await;
    let placed = order(&app, "bank_transfer").await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    let number = json(&placed)["number"].as_str().unwrap().to_owned();
    let writer = key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None).await;
    let path = format!("/api/v1/admin/orders/{number}/payments");

    let detail = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(json(&detail)["payment_status"], "unpaid");
    let total = json(&detail)["total"]["amount"]
        .as_str()
        .unwrap()
        .to_owned();

    // A stranger, a read-only key and another company's key are refused; nothing is recorded.
    let reader = key(&app, &[Scope::OrdersRead], None).await;
    let globex = key(&app, &[Scope::OrdersRead], Some("globex")).await;
    let body = format!(r#"{{"amount":"{total}","reference":"SEPA-77"}}"#);
    for (who, token, status) in [
        ("stranger", None, StatusCode::UNAUTHORIZED),
        ("reader", Some(reader.as_str()), StatusCode::FORBIDDEN),
        ("globex", Some(globex.as_str()), StatusCode::FORBIDDEN),
    ] {
        let reply = app.api("POST", &path, token, Some(&body)).await;
        assert_eq!(reply.status, status, "{who}: {}", reply.body);
    }
    let bad = app
        .api(
            "POST",
            &path,
            Some(&writer),
            Some(r#"{"amount":"0","reference":"X"}"#),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
    assert_eq!(json(&bad)["errors"][0]["field"], "amount");

    let paid = app.api("POST", &path, Some(&writer), Some(&body)).await;
    assert_eq!(paid.status, StatusCode::CREATED, "{}", paid.body);
    assert_eq!(json(&paid)["payment_status"], "paid");
    let detail = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(json(&detail)["payment_status"], "paid");
    let unknown = app
        .api(
            "POST",
            "/api/v1/admin/orders/100999999/payments",
            Some(&writer),
            Some(&body),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_customer_record_sets_approval_and_credit_limit_and_the_limit_refuses_an_order() {
    let app = spawn_app().await;
    let admin = key(&app, &[Scope::CustomersRead, Scope::CustomersWrite], None).await;
    let listed = app
        .api(
            "GET",
            "/api/v1/admin/customers?company=acme",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    assert_eq!(
        json(&listed)["data"][0]["invoice_approved"],
        true,
        "the demo's companies are approved"
    );

    let record = r#"{"company":"acme","email":"buyer@acme.example","name":"Buyer (ACME)","role":"buyer","invoice_approved":true,"credit_limit":"10"}"#;
    let upload = app
        .send(
            axum::http::Request::post("/api/v1/admin/bulk/customers")
                .header("authorization", format!("Bearer {admin}"))
                .header("content-type", "application/x-ndjson")
                .body(axum::body::Body::from(format!("{record}\n")))
                .unwrap(),
        )
        .await;
    assert_eq!(upload.status, StatusCode::OK, "{}", upload.body);
    assert!(
        upload.body.contains("\"ok\":true") || !upload.body.contains("error"),
        "{}",
        upload.body
    );
    let listed = app
        .api(
            "GET",
            "/api/v1/admin/customers?company=acme",
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(json(&listed)["data"][0]["credit_limit"], "10");

    let refused = order(&app, "invoice").await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    let error = &json(&refused)["errors"][0];
    assert_eq!(error["field"], "payment");
    assert!(error["detail"].as_str().unwrap().contains("credit limit"));
}
