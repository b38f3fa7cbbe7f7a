//! No leak between companies, over every operation of the API document: each one is called with ACME's order
//! number, cart id and people in its path and body, by a Globex buyer, by a secret key bound to Globex (holding
//! every scope such a key may hold), by a publishable key and by a guest. No answer may carry ACME's data, and
//! afterwards ACME's order, cart and people are as they were.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode},
};
use engine::{KeyKind, NewApiKey, Scope};
use serde_json::Value;
use support::{Reply, TestApp, spawn_app};

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

async fn token(app: &TestApp, email: &str) -> String {
    let body = format!(r#"{{"email":"{email}","password":"kontor-demo"}}"#);
    json_of(&app.api("POST", "/api/v1/sessions", None, Some(&body)).await)["token"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn key(app: &TestApp, kind: KeyKind, scopes: &[Scope], company: Option<&str>) -> String {
    app.engine
        .create_api_key(
            &engine::Actor::process("test"),
            NewApiKey {
                kind,
                name: "other company".into(),
                scopes: scopes.to_vec(),
                channel: None,
                company: company.map(str::to_owned),
                rate_per_minute: Some(100_000),
            },
        )
        .await
        .unwrap()
        .secret
}

struct Acme {
    order: String,
    cart: String,
    items: Value,
}

const PO: &str = "ACME-PRIVATE-PO";

async fn acme_state(app: &TestApp, buyer: &str, acme: &Acme) -> (Value, Value) {
    let order = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{}", acme.order),
            Some(buyer),
            None,
        )
        .await,
    );
    let cart = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/carts/{}", acme.cart),
            Some(buyer),
            None,
        )
        .await,
    );
    (order["status"].clone(), cart["item_count"].clone())
}

#[tokio::test]
async fn no_operation_of_the_api_lets_another_company_read_or_change_acmes_data() {
    let app = spawn_app().await;
    let acme_buyer = token(&app, "buyer@acme.example").await;
    let (slug, sku) = app.hex_bolt().await;
    let line = format!(r#"{{"sku":"{sku}","quantity":2}}"#);
    app.api("POST", "/api/v1/carts", Some(&acme_buyer), Some(&line))
        .await;
    let order_body = format!(
        r#"{{"ship_to":{{"name":"Goods in","line1":"Dock 4","postal_code":"20457","city":"Hamburg","country":"DE"}},
            "shipping_method":"parcel-eur","payment":"invoice","po_number":"{PO}"}}"#
    );
    let placed = app
        .send(
            Request::post("/api/v1/orders")
                .header("authorization", format!("Bearer {acme_buyer}"))
                .header("content-type", "application/json")
                .header("idempotency-key", "acme-private-1")
                .body(Body::from(order_body.clone()))
                .unwrap(),
        )
        .await;
    let order = json_of(&placed)["number"].as_str().unwrap().to_owned();
    let cart = json_of(
        &app.api("POST", "/api/v1/carts", Some(&acme_buyer), Some(&line))
            .await,
    );
    let acme = Acme {
        order,
        cart: cart["id"].as_str().unwrap().to_owned(),
        items: cart["item_count"].clone(),
    };
    let before = acme_state(&app, &acme_buyer, &acme).await;
    assert_eq!(before.1, acme.items);

    let globex_buyer = token(&app, "buyer@globex.example").await;
    let globex_key = key(
        &app,
        KeyKind::Secret,
        &[
            Scope::CatalogRead,
            Scope::InventoryRead,
            Scope::CustomersRead,
            Scope::OrdersRead,
        ],
        Some("globex"),
    )
    .await;
    let publishable = key(&app, KeyKind::Publishable, &[], None).await;
    let callers: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "a Globex buyer",
            vec![("authorization", format!("Bearer {globex_buyer}"))],
        ),
        (
            "a Globex-bound key",
            vec![("authorization", format!("Bearer {globex_key}"))],
        ),
        (
            "a publishable key",
            vec![("x-publishable-key", publishable.clone())],
        ),
        ("a guest", vec![]),
    ];

    let doc: Value = serde_json::from_str(&server::api::openapi_json()).unwrap();
    let acme_person =
        r#"{"company":"globex","email":"buyer@acme.example","name":"Taken","role":"admin"}"#;
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        if path == "/api/v1/sessions" {
            continue; // signing in is by password, not by company
        }
        let concrete = path
            .replace("{number}", &acme.order)
            .replace("{slug}", &slug)
            .replace("{handle}", &slug)
            .replace("{sku}", &sku)
            .replace("{warehouse}", "main")
            .replace(
                "{id}",
                if path.starts_with("/api/v1/carts") {
                    &acme.cart
                } else {
                    "1"
                },
            );
        for method in ["get", "post", "put", "delete"] {
            if item.get(method).is_none() {
                continue;
            }
            operations += 1;
            let body = match (method, path.as_str()) {
                ("post", "/api/v1/orders") => order_body.replace(PO, "SWEEP-PO"),
                ("post", p) if p.starts_with("/api/v1/carts") => line.clone(),
                ("put", p) if p.starts_with("/api/v1/carts") => r#"{"quantity":9}"#.to_owned(),
                ("post", p) if p.ends_with("/bulk/customers") => acme_person.to_owned(),
                ("post", p) if p.ends_with("/cancel") => r#"{"reason":"taken over"}"#.to_owned(),
                ("post", p) if p.ends_with("/shipments") => {
                    r#"{"carrier":"X","tracking_number":"Y"}"#.to_owned()
                }
                _ => "{}".to_owned(),
            };
            for (who, headers) in &callers {
                let mut request = Request::builder()
                    .method(method.to_uppercase().as_str())
                    .uri(&concrete)
                    .header("content-type", "application/json")
                    .header(
                        "idempotency-key",
                        format!("sweep-{operations}-{}", who.len()),
                    );
                for (name, value) in headers {
                    request = request.header(*name, value);
                }
                let reply = app
                    .send(request.body(Body::from(body.clone())).unwrap())
                    .await;
                let what = format!(
                    "{who}: {} {concrete} → {}",
                    method.to_uppercase(),
                    reply.status
                );
                assert!(
                    reply.status != StatusCode::INTERNAL_SERVER_ERROR,
                    "{what}: {}",
                    reply.body
                );
                // An error may name the id the caller sent; an answer with data may not hold any of ACME's.
                let secrets: &[&str] = if reply.status.is_success() {
                    &[acme.order.as_str(), acme.cart.as_str(), PO, "acme.example"]
                } else {
                    &[PO, "acme.example"]
                };
                for secret in secrets {
                    assert!(
                        !reply.body.contains(secret),
                        "{what} shows ACME's `{secret}`: {}",
                        reply.body
                    );
                }
            }
        }
    }
    assert!(
        operations >= 30,
        "the sweep covered {operations} operations"
    );

    let after = acme_state(&app, &acme_buyer, &acme).await;
    assert_eq!(after, before, "ACME's order and cart are as they were");
    let people = app
        .engine
        .customer_records(&engine::Actor::process("test"), Some("acme"))
        .await
        .unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.email == "buyer@acme.example" && p.company == "acme")
    );
}
