//! The admin API's attribute definitions and product types through the real router: read with `catalog:read`,
//! changed with `catalog:write` only, refused for a stranger, and a bad field named.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{secret_key, spawn_app};

const FINISH: &str = r#"{"code":"finish","name":"Finish","kind":"enum","filterable":true,"names":{"de":"Oberfläche"},"options":[{"value":"matte","label":"Matte","labels":{"de":"Matt"}}]}"#;
const TYPE: &str = r#"{"code":"coated","name":"Coated part","attributes":["finish","material"]}"#;

#[tokio::test]
async fn the_catalog_model_is_read_with_catalog_read_and_changed_with_catalog_write_only() {
    let app = spawn_app().await;
    let reader = secret_key(&app, &[Scope::CatalogRead], None).await;
    let writer = secret_key(&app, &[Scope::CatalogRead, Scope::CatalogWrite], None).await;
    let settings = secret_key(&app, &[Scope::SettingsRead, Scope::SettingsWrite], None).await;
    for (path, body) in [
        ("/api/v1/admin/attributes/finish", FINISH),
        ("/api/v1/admin/product-types/coated", TYPE),
    ] {
        assert_eq!(
            app.api("PUT", path, None, Some(body)).await.status,
            StatusCode::UNAUTHORIZED
        );
        for refused in [&reader, &settings] {
            let reply = app.api("PUT", path, Some(refused), Some(body)).await;
            assert_eq!(
                reply.status,
                StatusCode::FORBIDDEN,
                "{path}: {}",
                reply.body
            );
        }
        let done = app.api("PUT", path, Some(&writer), Some(body)).await;
        assert_eq!(done.status, StatusCode::OK, "{path}: {}", done.body);
    }
    for path in ["/api/v1/admin/attributes", "/api/v1/admin/product-types"] {
        assert_eq!(
            app.api("GET", path, None, None).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            app.api("GET", path, Some(&settings), None).await.status,
            StatusCode::FORBIDDEN
        );
        let read = app.api("GET", path, Some(&reader), None).await;
        assert_eq!(read.status, StatusCode::OK);
        assert!(read.body.contains("finish"), "{}", read.body);
    }
    let list = app
        .api("GET", "/api/v1/admin/attributes", Some(&reader), None)
        .await
        .body;
    assert!(list.contains(r#""de":"Matt""#), "{list}");
}

#[tokio::test]
async fn a_bad_field_is_named_and_nothing_changes() {
    let app = spawn_app().await;
    let writer = secret_key(&app, &[Scope::CatalogRead, Scope::CatalogWrite], None).await;
    for (path, body, field) in [
        (
            "/api/v1/admin/attributes/finish",
            FINISH.replace("\"enum\"", "\"colour\""),
            "kind",
        ),
        ("/api/v1/admin/attributes/other", FINISH.to_owned(), "code"),
        (
            "/api/v1/admin/product-types/coated",
            TYPE.replace("finish", "nothing-like-it"),
            "attributes",
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
    let types = app
        .api("GET", "/api/v1/admin/product-types", Some(&writer), None)
        .await
        .body;
    assert!(!types.contains("coated"), "{types}");
}
