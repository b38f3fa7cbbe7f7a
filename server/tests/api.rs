//! The headless API through the real router: paging, the caller's prices, the one error envelope, and the OpenAPI
//! document (locked by a snapshot: a change to the contract shows up in review).

mod support;

use axum::http::StatusCode;
use serde_json::Value;
use support::{Reply, spawn_app};

fn json(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

fn first_error(reply: &Reply) -> (String, Option<String>) {
    let body = json(reply);
    let e = &body["errors"][0];
    (
        e["code"].as_str().unwrap().to_owned(),
        e["field"].as_str().map(str::to_owned),
    )
}

#[tokio::test]
async fn products_page_by_cursor_and_bad_parameters_name_their_field() {
    let app = spawn_app().await;
    let first = app.api("GET", "/api/v1/products", None, None).await;
    assert_eq!(first.status, StatusCode::OK);
    let page = json(&first);
    assert_eq!(page["data"].as_array().unwrap().len(), 20);
    assert!(page["total"].as_u64().unwrap() > 20);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let second = json(
        &app.api(
            "GET",
            &format!("/api/v1/products?cursor={cursor}"),
            None,
            None,
        )
        .await,
    );
    assert_ne!(second["data"][0]["slug"], page["data"][0]["slug"]);
    assert!(
        page["data"][0]["price_from"]["amount"].is_string(),
        "decimals are strings"
    );

    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=many", "query"),
        ("cursor=bogus", "cursor"),
        ("colour=red", "query"),
        ("locale=xx", "locale"),
    ] {
        let reply = app
            .api("GET", &format!("/api/v1/products?{query}"), None, None)
            .await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            reply.body
        );
        assert_eq!(
            first_error(&reply),
            ("invalid".to_owned(), Some(field.to_owned())),
            "{query}"
        );
    }
    let searched = json(
        &app.api("GET", "/api/v1/products?q=hex+bolt&limit=5", None, None)
            .await,
    );
    assert!(
        searched["data"][0]["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("bolt")
    );
}

#[tokio::test]
async fn a_product_is_priced_for_the_buyer_whose_token_is_sent() {
    let app = spawn_app().await;
    let list = json(
        &app.api("GET", "/api/v1/products?q=hex+bolt&limit=1", None, None)
            .await,
    );
    let slug = list["data"][0]["slug"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/products/{slug}");
    let guest = json(&app.api("GET", &path, None, None).await);
    let guest_price: f64 = guest["variants"][0]["price"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();

    let wrong = app
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@acme.example","password":"nope"}"#),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(first_error(&wrong).1.as_deref(), Some("password"));
    let session = app
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@acme.example","password":"kontor-demo"}"#),
        )
        .await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let session = json(&session);
    assert_eq!(session["company"], "acme");
    let token = session["token"].as_str().unwrap();
    let buyer = json(&app.api("GET", &path, Some(token), None).await);
    let buyer_price: f64 = buyer["variants"][0]["price"]["amount"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        buyer_price < guest_price,
        "ACME's contract price: {buyer_price} < {guest_price}"
    );
    assert!(
        buyer["variants"][0]["price_explanation"]
            .as_array()
            .unwrap()
            .len()
            > 1,
        "the price explains itself"
    );

    let stale = app.api("GET", &path, Some("not-a-token"), None).await;
    assert_eq!(stale.status, StatusCode::UNAUTHORIZED);
    assert_eq!(first_error(&stale).0, "unauthenticated");
    let missing = app
        .api("GET", "/api/v1/products/no-such-thing", None, None)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(first_error(&missing).0, "not_found");
    for body in [
        "{",
        r#"{"email":1}"#,
        r#"{"email":"a@b.example","password":"x","extra":true}"#,
    ] {
        let reply = app.api("POST", "/api/v1/sessions", None, Some(body)).await;
        assert!(reply.status.is_client_error(), "{body}: {}", reply.status);
        assert_eq!(
            first_error(&reply),
            ("invalid".to_owned(), Some("body".to_owned())),
            "{body}"
        );
    }
}

/// Client generators name a method after each operation id: every operation has one, unique, in the form
/// `<verb>_<resource>`.
#[test]
fn operation_ids_are_unique_verb_resource_names() {
    let doc: Value = serde_json::from_str(&server::api::openapi_json()).unwrap();
    let verbs = [
        "get", "list", "create", "put", "set", "add", "remove", "delete", "cancel", "confirm",
        "export", "bulk", "record", "replay", "revoke", "check", "place", "send", "mark",
    ];
    let mut seen = std::collections::HashSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operation id"));
            let (verb, resource) = id.split_once('_').unwrap_or((id, ""));
            assert!(
                verbs.contains(&verb)
                    && !resource.is_empty()
                    && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{method} {path}: `{id}` is not <verb>_<resource>"
            );
            assert!(seen.insert(id.to_owned()), "{id} is used twice");
        }
    }
}

#[tokio::test]
async fn the_openapi_document_is_3_1_matches_its_snapshot_and_the_reference_is_self_contained() {
    let app = spawn_app().await;
    let reply = app.api("GET", "/api/v1/openapi.json", None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let doc = json(&reply);
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/products"]["get"].is_object());

    let generated = server::api::openapi_json();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok() {
        std::fs::write(path, &generated).unwrap();
    }
    let locked =
        std::fs::read_to_string(path).expect("the snapshot exists (UPDATE_SNAPSHOTS=1 writes it)");
    assert_eq!(
        generated, locked,
        "the API contract changed: review it and run with UPDATE_SNAPSHOTS=1"
    );

    let docs = app.get("/api/docs/").await;
    assert_eq!(docs.status, StatusCode::OK);
    assert!(docs.body.to_lowercase().contains("swagger"));
    for outside in ["cdn.", "unpkg.com", "jsdelivr", "fonts.googleapis"] {
        assert!(
            !docs.body.contains(outside),
            "the reference loads {outside}"
        );
    }
}

async fn token_of(app: &support::TestApp, email: &str) -> String {
    let body = format!(r#"{{"email":"{email}","password":"kontor-demo"}}"#);
    let reply = app.api("POST", "/api/v1/sessions", None, Some(&body)).await;
    json(&reply)["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_buyer_orders_through_the_api_and_no_other_company_or_guest_reaches_it() {
    let app = spawn_app().await;
    let acme = token_of(&app, "buyer@acme.example").await;
    let globex = token_of(&app, "buyer@globex.example").await;
    let viewer = token_of(&app, "viewer@acme.example").await;
    let list = json(
        &app.api("GET", "/api/v1/products?q=hex+bolt&limit=1", None, None)
            .await,
    );
    let slug = list["data"][0]["slug"].as_str().unwrap();
    let product = json(
        &app.api("GET", &format!("/api/v1/products/{slug}"), None, None)
            .await,
    );
    let sku = product["variants"][0]["sku"].as_str().unwrap().to_owned();

    let created = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&acme),
            Some(&format!(r#"{{"sku":"{sku}","quantity":2}}"#)),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let cart_id = json(&created)["id"].as_str().unwrap().to_owned();
    let set = app
        .api(
            "PUT",
            &format!("/api/v1/carts/{cart_id}/lines/{sku}"),
            Some(&acme),
            Some(r#"{"quantity":3}"#),
        )
        .await;
    assert_eq!(json(&set)["item_count"], 3);
    for (token, who) in [
        (None, "a guest"),
        (Some(globex.as_str()), "another company"),
    ] {
        let peek = app
            .api("GET", &format!("/api/v1/carts/{cart_id}"), token, None)
            .await;
        assert_eq!(
            peek.status,
            StatusCode::NOT_FOUND,
            "{who} must not see ACME's cart: {}",
            peek.body
        );
    }

    let order = r#"{"ship_to":{"name":"Goods in","line1":"Dock 4","postal_code":"20457","city":"Hamburg","country":"DE"},
                    "shipping_method":"parcel-eur","payment":"invoice","po_number":"API-1"}"#;
    let no_key = app
        .api("POST", "/api/v1/orders", Some(&acme), Some(order))
        .await;
    assert_eq!(first_error(&no_key).1.as_deref(), Some("Idempotency-Key"));
    let place = |token: String| {
        let app = &app;
        async move {
            let request = axum::http::Request::post("/api/v1/orders")
                .header("authorization", format!("Bearer {token}"))
                .header("content-type", "application/json")
                .header("idempotency-key", "api-order-0001")
                .body(axum::body::Body::from(order))
                .unwrap();
            app.send(request).await
        }
    };
    let placed = place(acme.clone()).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    let number = json(&placed)["number"].as_str().unwrap().to_owned();
    let again = place(acme.clone()).await;
    assert_eq!(
        json(&again)["number"],
        number.as_str(),
        "a retry returns the same order"
    );
    let refused = place(viewer.clone()).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let anonymous = app.api("POST", "/api/v1/orders", None, Some(order)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let mine = json(
        &app.api(
            "GET",
            "/api/v1/orders?status=placed&q=API-1",
            Some(&acme),
            None,
        )
        .await,
    );
    assert_eq!(mine["data"][0]["number"], number.as_str());
    let detail = json(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&viewer),
            None,
        )
        .await,
    );
    assert_eq!(detail["po_number"], "API-1");
    assert_eq!(detail["lines"][0]["quantity"], 3);
    let placed_at = detail["placed_at"].as_str().unwrap();
    assert!(
        placed_at.contains('T') && placed_at.ends_with('Z'),
        "RFC 3339: {placed_at}"
    );

    let theirs = app
        .api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&globex),
            None,
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let their_list = app.api("GET", "/api/v1/orders", Some(&globex), None).await;
    assert!(!their_list.body.contains(&number));
    let bad = app
        .api("GET", "/api/v1/orders?from=soon", Some(&acme), None)
        .await;
    assert_eq!(first_error(&bad).1.as_deref(), Some("from"));
    assert_eq!(detail["tax_note"], serde_json::Value::Null, "taxed at home");

    // Tax follows the delivery: a method is refused where it does not deliver, and an order to Switzerland is
    // an export without VAT that says so.
    let again = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&acme),
            Some(&format!(r#"{{"sku":"{sku}","quantity":1}}"#)),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let abroad = |country: &str, method: &str, key: &str| {
        let app = &app;
        let acme = acme.clone();
        let body = format!(
            r#"{{"ship_to":{{"name":"Wareneingang","line1":"Dorfstrasse 1","postal_code":"8000","city":"Zürich",
                "country":"{country}"}},"shipping_method":"{method}","payment":"bank_transfer"}}"#
        );
        let key = key.to_owned();
        async move {
            let request = axum::http::Request::post("/api/v1/orders")
                .header("authorization", format!("Bearer {acme}"))
                .header("content-type", "application/json")
                .header("idempotency-key", key)
                .body(axum::body::Body::from(body))
                .unwrap();
            app.send(request).await
        }
    };
    let nowhere = abroad("US", "freight-eur", "api-order-0002").await;
    assert_eq!(nowhere.status, StatusCode::BAD_REQUEST, "{}", nowhere.body);
    assert_eq!(first_error(&nowhere).1.as_deref(), Some("shipping_method"));
    let export = abroad("CH", "parcel-eur", "api-order-0003").await;
    assert_eq!(export.status, StatusCode::CREATED, "{}", export.body);
    let export_number = json(&export)["number"].as_str().unwrap().to_owned();
    let export = json(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{export_number}"),
            Some(&acme),
            None,
        )
        .await,
    );
    let tax = export["tax"]["amount"].as_str().unwrap();
    assert!(
        tax.chars().all(|c| c == '0' || c == '.'),
        "no VAT: {export}"
    );
    assert!(
        export["tax_note"].as_str().unwrap().starts_with("Export"),
        "{export}"
    );
}

#[tokio::test]
async fn lists_refine_by_their_facets_and_a_buyer_reads_their_account_and_company() {
    let app = spawn_app().await;
    let all = json(&app.api("GET", "/api/v1/products?limit=5", None, None).await);
    let brand = &all["facets"]["brands"][0];
    let refined = json(
        &app.api(
            "GET",
            &format!(
                "/api/v1/products?limit=5&brand={}",
                brand["value"].as_str().unwrap()
            ),
            None,
            None,
        )
        .await,
    );
    assert_eq!(refined["total"], brand["count"], "{refined}");
    assert!(refined["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    assert_eq!(refined["facets"]["brands"][0]["selected"], true);
    let in_stock = json(
        &app.api("GET", "/api/v1/products?limit=5&in_stock=true", None, None)
            .await,
    );
    assert_eq!(in_stock["total"], all["facets"]["in_stock"]);
    for (query, field) in [
        ("attribute=nocolon", "attribute"),
        ("sort=sideways", "sort"),
        ("price=cheap", "price"),
    ] {
        let reply = app
            .api("GET", &format!("/api/v1/products?{query}"), None, None)
            .await;
        assert_eq!(
            first_error(&reply).1.as_deref(),
            Some(field),
            "{query}: {}",
            reply.body
        );
    }

    let buyer = token_of(&app, "buyer@acme.example").await;
    let me = json(&app.api("GET", "/api/v1/account", Some(&buyer), None).await);
    assert_eq!(
        (me["company"].as_str(), me["role"].as_str()),
        (Some("acme"), Some("buyer"))
    );
    let book = json(
        &app.api("GET", "/api/v1/account/addresses", Some(&buyer), None)
            .await,
    );
    assert!(!book["data"].as_array().unwrap().is_empty());
    let refused = app
        .api("GET", "/api/v1/company/users", Some(&buyer), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let admin = token_of(&app, "admin@acme.example").await;
    let people = app
        .api("GET", "/api/v1/company/users", Some(&admin), None)
        .await;
    assert!(
        people.body.contains("buyer@acme.example") && !people.body.contains("globex"),
        "{}",
        people.body
    );
    assert_eq!(
        app.api("GET", "/api/v1/account", None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
