//! The admin API's payment settings, customer groups and companies through the real router: allowed with their
//! scope, refused without it (403), refused for a stranger (401), a company's key sees its own company only, and a
//! bad field is named.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{TestApp, spawn_app};

async fn key(app: &TestApp, scopes: &[Scope], company: Option<&str>) -> String {
    support::secret_key(app, scopes, company).await
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap()
}

const PAYMENTS: &str = r#"{"invoice_enabled":true,"default_terms_days":45,"bank_transfer_enabled":true,"bank_transfer_days":10}"#;
const GROUP: &str = r#"{"code":"distributors","name":"Distributors"}"#;
const COMPANY: &str = r#"{"code":"initech","name":"Initech","country":"AT","customer_group":"distributors","invoice_approved":true,"credit_limit":"2500"}"#;

#[tokio::test]
async fn payments_groups_and_companies_need_their_scopes_and_a_stranger_is_refused() {
    let app = spawn_app().await;
    let settings = key(&app, &[Scope::SettingsRead, Scope::SettingsWrite], None).await;
    let customers = key(&app, &[Scope::CustomersRead, Scope::CustomersWrite], None).await;
    let reader = key(&app, &[Scope::CustomersRead, Scope::SettingsRead], None).await;

    let writes = [
        ("/api/v1/admin/settings/payments", PAYMENTS, &settings),
        (
            "/api/v1/admin/customer-groups/distributors",
            GROUP,
            &customers,
        ),
        ("/api/v1/admin/companies/initech", COMPANY, &customers),
    ];
    for (path, body, allowed) in writes {
        assert_eq!(
            app.api("PUT", path, None, Some(body)).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        for refused in [
            &reader,
            if allowed == &settings {
                &customers
            } else {
                &settings
            },
        ] {
            let reply = app.api("PUT", path, Some(refused), Some(body)).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{path}: {}",
                reply.body
            );
        }
        let done = app.api("PUT", path, Some(allowed), Some(body)).await;
        assert_eq!(done.status, StatusCode::OK, "{path}: {}", done.body);
    }

    for (path, allowed) in [
        ("/api/v1/admin/settings/payments", &reader),
        ("/api/v1/admin/customer-groups", &reader),
        ("/api/v1/admin/companies", &reader),
        ("/api/v1/admin/companies/initech", &reader),
    ] {
        assert_eq!(
            app.api("GET", path, None, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        let catalog = key(&app, &[Scope::CatalogRead], None).await;
        assert_eq!(
            app.api("GET", path, Some(&catalog), None).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let read = app.api("GET", path, Some(allowed), None).await;
        assert_eq!(read.status, StatusCode::OK, "{path}: {}", read.body);
    }

    let payments = json(
        &app.api(
            "GET",
            "/api/v1/admin/settings/payments",
            Some(&reader),
            None,
        )
        .await
        .body,
    );
    assert_eq!(payments["default_terms_days"], 45);
    let initech = json(
        &app.api(
            "GET",
            "/api/v1/admin/companies/initech",
            Some(&reader),
            None,
        )
        .await
        .body,
    );
    let terms = &initech["terms"];
    assert_eq!(terms["customer_group"], "distributors");
    assert_eq!(terms["payment_terms_days"], 45, "the shop's default");
    assert_eq!(terms["credit_limit"], "2500");
    assert_eq!(terms["invoice_approved"], true);
}

#[tokio::test]
async fn a_company_key_reads_its_own_company_only_and_changes_none() {
    let app = spawn_app().await;
    let acme = key(&app, &[Scope::CustomersRead], Some("acme")).await;
    let list = json(
        &app.api("GET", "/api/v1/admin/companies", Some(&acme), None)
            .await
            .body,
    );
    let codes: Vec<&str> = list["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["terms"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["acme"]);
    let writer = key(&app, &[Scope::CustomersWrite], None).await;
    app.api(
        "PUT",
        "/api/v1/admin/companies/initech",
        Some(&writer),
        Some(&COMPANY.replace(r#","customer_group":"distributors""#, "")),
    )
    .await;
    assert_eq!(
        app.api("GET", "/api/v1/admin/companies/initech", Some(&acme), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api(
            "PUT",
            "/api/v1/admin/companies/acme",
            Some(&acme),
            Some(&COMPANY.replace("initech", "acme"))
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_bad_field_is_named() {
    let app = spawn_app().await;
    let all = key(
        &app,
        &[
            Scope::CustomersRead,
            Scope::CustomersWrite,
            Scope::SettingsRead,
            Scope::SettingsWrite,
        ],
        None,
    )
    .await;
    for (path, body, field) in [
        (
            "/api/v1/admin/settings/payments",
            PAYMENTS.replace(":10", ":0"),
            "bank_transfer_days",
        ),
        (
            "/api/v1/admin/customer-groups/distributors",
            GROUP.replace("\"distributors\"", "\"Big Ones\""),
            "code",
        ),
        (
            "/api/v1/admin/companies/initech",
            COMPANY.to_owned(),
            "customer_group",
        ),
        (
            "/api/v1/admin/companies/initech",
            COMPANY.replace("\"AT\"", "\"Austria\""),
            "country",
        ),
    ] {
        let reply = app.api("PUT", path, Some(&all), Some(&body)).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{path}: {}",
            reply.body
        );
        assert!(
            reply.body.contains(&format!("\"field\":\"{field}\"")),
            "{path}: {}",
            reply.body
        );
    }
}
