//! The admin API's settings operations through the real router: each allowed with its scope, refused (403)
//! without it and for a key bound to a company, and refused (401) for a stranger; bad fields named.

mod support;

use axum::http::StatusCode;
use engine::{KeyKind, NewApiKey, Scope};
use support::{TestApp, spawn_app};

async fn key(app: &TestApp, scopes: &[Scope]) -> String {
    support::secret_key(app, scopes, None).await
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap()
}

const CHANNEL: &str = r#"{"code":"export","name":"Export","currency":"USD","locales":["en"],"country":"US","prices_include_tax":false,"prices_public":true}"#;
const METHOD: &str = r#"{"code":"ups-usd","name":"UPS","currency":"USD","kind":"flat","price":"25","countries":["US"]}"#;
const PROFILE: &str = r#"{"legal_name":"Kontor Trade AG","country":"DE","vat_id":"DE123456789"}"#;

/// Every settings write, as (method, path, body).
const WRITES: [(&str, &str, &str); 4] = [
    ("PUT", "/api/v1/admin/settings/profile", PROFILE),
    ("PUT", "/api/v1/admin/channels/export", CHANNEL),
    (
        "PUT",
        "/api/v1/admin/tax-rates/DE/standard",
        r#"{"rate_percent":"21"}"#,
    ),
    ("PUT", "/api/v1/admin/shipping-methods/ups-usd", METHOD),
];

const READS: [&str; 4] = [
    "/api/v1/admin/settings/profile",
    "/api/v1/admin/channels",
    "/api/v1/admin/tax-rates",
    "/api/v1/admin/shipping-methods",
];

#[tokio::test]
async fn settings_are_read_with_settings_read_and_changed_with_settings_write_only() {
    let app = spawn_app().await;
    let reader = key(&app, &[Scope::SettingsRead]).await;
    let writer = key(&app, &[Scope::SettingsRead, Scope::SettingsWrite]).await;
    let catalog = key(&app, &[Scope::CatalogRead, Scope::CatalogWrite]).await;
    // A company's integration has no say over the shop: such a key cannot even be made.
    let company = app
        .engine
        .create_api_key(
            &engine::Actor::process("test"),
            NewApiKey {
                kind: KeyKind::Secret,
                name: "acme".into(),
                scopes: vec![Scope::SettingsWrite],
                channel: None,
                company: Some("acme".into()),
                rate_per_minute: None,
            },
        )
        .await;
    assert!(company.is_err());

    for path in READS {
        assert_eq!(
            app.api("GET", path, None, None).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        assert_eq!(
            app.api("GET", path, Some(&catalog), None).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let read = app.api("GET", path, Some(&reader), None).await;
        assert_eq!(read.status, StatusCode::OK, "{path}: {}", read.body);
    }
    for (method, path, body) in WRITES {
        assert_eq!(
            app.api(method, path, None, Some(body)).await.status,
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
        for refused in [&reader, &catalog] {
            let reply = app.api(method, path, Some(refused), Some(body)).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{path}: {}",
                reply.body
            );
        }
        let done = app.api(method, path, Some(&writer), Some(body)).await;
        assert_eq!(done.status, StatusCode::OK, "{path}: {}", done.body);
    }

    let channels = json(
        &app.api("GET", "/api/v1/admin/channels", Some(&reader), None)
            .await
            .body,
    );
    let codes: Vec<&str> = channels["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["trade", "shop-ch", "export"]);
    let rates = json(
        &app.api("GET", "/api/v1/admin/tax-rates", Some(&reader), None)
            .await
            .body,
    );
    let de = rates["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country"] == "DE" && r["tax_class"] == "standard")
        .unwrap()
        .clone();
    assert_eq!(de["rate_percent"], "21");
    let profile = json(
        &app.api("GET", "/api/v1/admin/settings/profile", Some(&reader), None)
            .await
            .body,
    );
    assert_eq!(
        (profile["legal_name"].as_str(), profile["street"].as_str()),
        (Some("Kontor Trade AG"), Some(""))
    );

    // The trail names the key and the fields it changed.
    let audit = key(&app, &[Scope::AuditRead]).await;
    let trail = json(
        &app.api(
            "GET",
            "/api/v1/admin/audit?entity=tax_rate",
            Some(&audit),
            None,
        )
        .await
        .body,
    );
    let change = &trail["data"][0]["changes"][0];
    assert_eq!(
        (change["before"].as_str(), change["after"].as_str()),
        (Some("19"), Some("21"))
    );
    assert_eq!(trail["data"][0]["actor_kind"], "key");
}

#[tokio::test]
async fn a_bad_field_is_named_and_changes_nothing() {
    let app = spawn_app().await;
    let writer = key(&app, &[Scope::SettingsRead, Scope::SettingsWrite]).await;
    for (path, body, field) in [
        (
            "/api/v1/admin/channels/export",
            CHANNEL.replace("USD", "DOLLARS"),
            "currency",
        ),
        ("/api/v1/admin/channels/other", CHANNEL.to_owned(), "code"),
        (
            "/api/v1/admin/tax-rates/DE/standard",
            r#"{"rate_percent":"150"}"#.to_owned(),
            "rate_percent",
        ),
        (
            "/api/v1/admin/tax-rates/Germany/standard",
            r#"{"rate_percent":"19"}"#.to_owned(),
            "country",
        ),
        (
            "/api/v1/admin/shipping-methods/ups-usd",
            METHOD.replace("\"flat\"", "\"pigeon\""),
            "kind",
        ),
        (
            "/api/v1/admin/settings/profile",
            r#"{"vat_id":"XX1"}"#.to_owned(),
            "vat_id",
        ),
    ] {
        let reply = app.api("PUT", path, Some(&writer), Some(&body)).await;
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
    let channels = json(
        &app.api("GET", "/api/v1/admin/channels", Some(&writer), None)
            .await
            .body,
    );
    assert_eq!(
        channels["data"].as_array().unwrap().len(),
        2,
        "nothing was created"
    );
}

#[tokio::test]
async fn a_scheduled_rate_is_taken_back_with_settings_write_only() {
    let app = spawn_app().await;
    let reader = key(&app, &[Scope::SettingsRead]).await;
    let writer = key(&app, &[Scope::SettingsRead, Scope::SettingsWrite]).await;
    let start = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
        + 86_400_000;
    let body = format!(r#"{{"rate_percent":"22","valid_from_ms":{start}}}"#);
    let set = app
        .api(
            "PUT",
            "/api/v1/admin/tax-rates/AT/standard",
            Some(&writer),
            Some(&body),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let path = format!("/api/v1/admin/tax-rates/AT/standard/{start}");
    assert_eq!(
        app.api("DELETE", &path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.api("DELETE", &path, Some(&reader), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api("DELETE", &path, Some(&writer), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.api("DELETE", &path, Some(&writer), None).await.status,
        StatusCode::NOT_FOUND
    );
    let in_force = app
        .api(
            "DELETE",
            "/api/v1/admin/tax-rates/AT/standard/0",
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(
        in_force.status,
        StatusCode::BAD_REQUEST,
        "{}",
        in_force.body
    );
}
