//! `GET /api/v1/admin/audit`: the trail of changes, for a key with `audit:read` only; and how long it keeps them.

mod support;

use axum::http::StatusCode;
use engine::{Actor, Scope, staff::NewStaff};
use serde_json::Value;
use support::spawn_app;

#[tokio::test]
async fn the_audit_trail_is_read_with_audit_read_only_and_pages_by_cursor() {
    let app = spawn_app().await;
    let operator = Actor::process("cli");
    for (email, role) in [
        ("owner@shop.example", "owner"),
        ("cat@shop.example", "catalog_manager"),
        ("ops@shop.example", "order_manager"),
    ] {
        app.engine
            .create_staff(
                &operator,
                NewStaff {
                    email: email.into(),
                    name: email.into(),
                    role: role.into(),
                },
                None,
            )
            .await
            .unwrap();
    }
    let auditor = app.secret_key(&[Scope::AuditRead]).await;
    let other = app
        .secret_key(&[Scope::OrdersRead, Scope::CatalogWrite])
        .await;

    let page = app
        .api(
            "GET",
            "/api/v1/admin/audit?entity=staff&limit=2",
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let page: Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(page["data"].as_array().unwrap().len(), 2);
    assert_eq!(page["data"][0]["action"], "staff.created");
    assert_eq!(page["data"][0]["actor"], "cli");
    assert_eq!(page["data"][0]["changes"][0]["field"], "email");
    assert_eq!(page["data"][0]["changes"][0]["after"], "ops@shop.example");
    let next = page["next_before"].as_i64().unwrap();
    let rest: Value = serde_json::from_str(
        &app.api(
            "GET",
            &format!("/api/v1/admin/audit?entity=staff&before={next}"),
            Some(&auditor),
            None,
        )
        .await
        .body,
    )
    .unwrap();
    assert_eq!(rest["data"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_before"], Value::Null);

    // Making the keys is in the trail too, by whoever made them.
    let keys: Value = serde_json::from_str(
        &app.api(
            "GET",
            "/api/v1/admin/audit?entity=api_key",
            Some(&auditor),
            None,
        )
        .await
        .body,
    )
    .unwrap();
    assert_eq!(keys["data"].as_array().unwrap().len(), 2);
    assert_eq!(keys["data"][0]["action"], "api_key.created");

    let refused = app
        .api("GET", "/api/v1/admin/audit", Some(&other), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert!(refused.body.contains("audit:read"));
    let stranger = app.api("GET", "/api/v1/admin/audit", None, None).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let buyer = app
        .api("GET", "/api/v1/admin/audit", Some("not-a-key"), None)
        .await;
    assert_eq!(buyer.status, StatusCode::UNAUTHORIZED);
    let bad = app
        .api(
            "GET",
            "/api/v1/admin/audit?from=yesterday",
            Some(&auditor),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("\"field\":\"from\""), "{}", bad.body);
}

#[tokio::test]
async fn the_retention_is_read_with_audit_read_and_changed_with_settings_write() {
    let app = spawn_app().await;
    let auditor = support::secret_key(&app, &[Scope::AuditRead], None).await;
    let settings = support::secret_key(&app, &[Scope::SettingsWrite], None).await;
    let path = "/api/v1/admin/settings/audit";
    assert_eq!(
        app.api("GET", path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let read = app.api("GET", path, Some(&auditor), None).await;
    assert_eq!(read.body, r#"{"retention_days":0}"#);
    assert_eq!(
        app.api("GET", path, Some(&settings), None).await.status,
        StatusCode::FORBIDDEN
    );
    let body = r#"{"retention_days":365}"#;
    assert_eq!(
        app.api("PUT", path, Some(&auditor), Some(body))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let short = app
        .api(
            "PUT",
            path,
            Some(&settings),
            Some(r#"{"retention_days":5}"#),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    assert!(
        short.body.contains(r#""field":"retention_days""#),
        "{}",
        short.body
    );
    let done = app.api("PUT", path, Some(&settings), Some(body)).await;
    assert_eq!(done.body, body);
    assert_eq!(app.api("GET", path, Some(&auditor), None).await.body, body);
}
