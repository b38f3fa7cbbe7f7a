//! ERP integration through the real router: NDJSON bulk uploads of products, contract prices, stock and customers
//! with one result per line, a product upserted and read back, and live price checks through the reference HTTP
//! connector against a small ERP simulator that answers, stalls or fails.

mod support;

use std::{
    sync::{
        Arc,
        atomic::{AtomicU8, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    Json,
    body::Body,
    http::{Request, StatusCode},
};
use engine::{ErpConnector, ErpLimits, ErpLineRequest, ErpRequest, Scope};
use serde_json::{Value, json};
use server::{
    erp::{HttpErp, HttpErpOptions},
    outbound::Timeouts,
};
use support::{Reply, TestApp, spawn_app, spawn_app_with_local_targets};

fn json_of(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

async fn key(app: &TestApp, scopes: &[Scope], company: Option<&str>) -> String {
    support::secret_key(app, scopes, company).await
}

async fn upload(app: &TestApp, path: &str, key: &str, body: &str) -> Vec<Value> {
    let reply = app
        .send(
            Request::post(path)
                .header("authorization", format!("Bearer {key}"))
                .header("content-type", "application/x-ndjson")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    reply
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn oks(results: &[Value]) -> Vec<(u64, bool)> {
    results
        .iter()
        .map(|r| (r["line"].as_u64().unwrap(), r["ok"].as_bool().unwrap()))
        .collect()
}

/// Money edges through the real router: a product priced 0 is refused with 422 naming `price` (and the bulk
/// upload says the same per line) until the record marks the variant free; the flag comes back on a read.
#[tokio::test]
async fn a_product_priced_0_is_422_naming_the_price_unless_marked_free() {
    let app = spawn_app().await;
    let erp = key(&app, &[Scope::CatalogRead, Scope::CatalogWrite], None).await;
    let (bolt, _) = app.hex_bolt().await;
    let category = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/admin/products/{bolt}"),
            Some(&erp),
            None,
        )
        .await,
    )["category"]
        .clone();
    let mut record = json!({
        "handle": "free-sample",
        "name": "Free sample",
        "category": category,
        "variants": [{"sku": "FS-1", "title": "Each", "price": "0", "currency": "EUR", "stock": 10}],
    });
    let path = "/api/v1/admin/products/free-sample";

    let refused = app
        .api("PUT", path, Some(&erp), Some(&record.to_string()))
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let problem = &json_of(&refused)["errors"][0];
    assert_eq!(problem["field"], "price", "{problem}");
    assert_eq!(
        problem["detail"],
        r#"of FS-1 is 0; a variant sold for nothing must say so with "free": true"#
    );
    let results = upload(
        &app,
        "/api/v1/admin/bulk/products",
        &erp,
        &format!("{record}\n"),
    )
    .await;
    assert_eq!(oks(&results), [(1, false)], "{results:?}");
    assert!(
        results[0]["error"]
            .as_str()
            .unwrap()
            .starts_with("price: of FS-1 is 0"),
        "{results:?}"
    );
    let missing = app.api("GET", path, Some(&erp), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND, "nothing was written");

    record["variants"][0]["free"] = json!(true);
    let created = app
        .api("PUT", path, Some(&erp), Some(&record.to_string()))
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.body);
    assert_eq!(json_of(&created)["result"], "created");
    let read = json_of(&app.api("GET", path, Some(&erp), None).await);
    assert_eq!(read["variants"][0]["free"], true, "{read}");
    assert_eq!(read["variants"][0]["price"], "0", "{read}");

    // The flag cannot outlive the price.
    record["variants"][0]["price"] = json!("3.50");
    let stale = app
        .api("PUT", path, Some(&erp), Some(&record.to_string()))
        .await;
    assert_eq!(
        stale.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        stale.body
    );
    assert_eq!(json_of(&stale)["errors"][0]["field"], "free");
}

#[tokio::test]
async fn bulk_uploads_answer_line_by_line_and_write_the_good_lines() {
    let app = spawn_app().await;
    let erp = key(
        &app,
        &[
            Scope::CatalogRead,
            Scope::CatalogWrite,
            Scope::InventoryRead,
            Scope::InventoryWrite,
            Scope::CustomersRead,
            Scope::CustomersWrite,
        ],
        None,
    )
    .await;
    let (slug, sku) = app.hex_bolt().await;

    // A product read back, changed and sent again: an upsert by handle.
    let record = app
        .api(
            "GET",
            &format!("/api/v1/admin/products/{slug}"),
            Some(&erp),
            None,
        )
        .await;
    assert_eq!(record.status, StatusCode::OK, "{}", record.body);
    let mut record = json_of(&record);
    record["name"] = json!("Hex bolt, renamed by the ERP");
    let put = app
        .api(
            "PUT",
            &format!("/api/v1/admin/products/{slug}"),
            Some(&erp),
            Some(&record.to_string()),
        )
        .await;
    assert_eq!(json_of(&put)["result"], "updated", "{}", put.body);
    let same = app
        .api(
            "PUT",
            &format!("/api/v1/admin/products/{slug}"),
            Some(&erp),
            Some(&record.to_string()),
        )
        .await;
    assert_eq!(json_of(&same)["result"], "unchanged");
    let other = app
        .api(
            "PUT",
            "/api/v1/admin/products/another-handle",
            Some(&erp),
            Some(&record.to_string()),
        )
        .await;
    assert_eq!(other.status, StatusCode::BAD_REQUEST);

    let mut new_product = record.clone();
    new_product["handle"] = json!("erp-bolt");
    new_product["translations"] = json!({});
    new_product["variants"] =
        json!([{"sku": "ERP-1", "title": "Each", "price": "1.25", "currency": "EUR", "stock": 4}]);
    let products = format!("{new_product}\n{{\"handle\":\"broken\"}}\nnot json\n");
    let results = upload(&app, "/api/v1/admin/bulk/products", &erp, &products).await;
    assert_eq!(
        oks(&results),
        [(1, true), (2, false), (3, false)],
        "{results:?}"
    );
    assert_eq!(results[0]["key"], "erp-bolt");

    let stock = format!(
        "{{\"warehouse\":\"main\",\"sku\":\"{sku}\",\"on_hand\":42}}\n\n{{\"warehouse\":\"nowhere\",\"sku\":\"{sku}\",\"on_hand\":1}}\n{{\"warehouse\":\"main\",\"sku\":\"{sku}\",\"on_hand\":-1}}\n"
    );
    let results = upload(&app, "/api/v1/admin/bulk/stock", &erp, &stock).await;
    assert_eq!(
        oks(&results),
        [(1, true), (3, false), (4, false)],
        "blank lines are skipped but counted: {results:?}"
    );
    let level = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/admin/stock/{sku}"),
            Some(&erp),
            None,
        )
        .await,
    );
    assert_eq!(level["on_hand"], 42);
    let put = app
        .api(
            "PUT",
            &format!("/api/v1/admin/stock/{sku}/main"),
            Some(&erp),
            Some(r#"{"on_hand":40}"#),
        )
        .await;
    assert_eq!(json_of(&put)["levels"][0]["on_hand"], 40, "{}", put.body);

    let prices = format!(
        "{{\"price_list\":\"acme-contract\",\"sku\":\"{sku}\",\"price\":\"0.01\"}}\n{{\"price_list\":\"acme-contract\",\"sku\":\"{sku}\"}}\n"
    );
    let results = upload(&app, "/api/v1/admin/bulk/prices", &erp, &prices).await;
    assert_eq!(oks(&results), [(1, true), (2, false)], "{results:?}");

    let people = "{\"company\":\"initech\",\"company_name\":\"Initech\",\"country\":\"US\",\"email\":\"peter@initech.example\",\"name\":\"Peter\",\"role\":\"buyer\"}\n\
                  {\"company\":\"initech\",\"email\":\"buyer@acme.example\",\"name\":\"Moved\",\"role\":\"buyer\"}\n";
    let results = upload(&app, "/api/v1/admin/bulk/customers", &erp, people).await;
    assert_eq!(
        oks(&results),
        [(1, true), (2, true)],
        "a person of another company becomes a member of this one too: {results:?}"
    );
    let all = json_of(
        &app.api(
            "GET",
            "/api/v1/admin/customers?company=initech",
            Some(&erp),
            None,
        )
        .await,
    );
    assert_eq!(all["data"].as_array().unwrap().len(), 2);

    // Every accepted line wrote its event; refused lines wrote none.
    let feed = key(
        &app,
        &[
            Scope::CatalogRead,
            Scope::InventoryRead,
            Scope::CustomersRead,
        ],
        None,
    )
    .await;
    let events = json_of(
        &app.api("GET", "/api/v1/admin/events?limit=1000", Some(&feed), None)
            .await,
    );
    let count = |t: &str| {
        events["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == t)
            .count()
    };
    assert_eq!(
        (
            count("product.upserted"),
            count("stock.changed"),
            count("price.changed"),
            count("customer.upserted")
        ),
        (2, 2, 1, 2),
        "{events}"
    );

    // Each product and stock count the key wrote is in the audit trail, by the key, with the fields it changed.
    let auditor = key(&app, &[Scope::AuditRead], None).await;
    let trail = |entity: &'static str| {
        let app = &app;
        let auditor = auditor.clone();
        async move {
            json_of(
                &app.api(
                    "GET",
                    &format!("/api/v1/admin/audit?entity={entity}&limit=100"),
                    Some(&auditor),
                    None,
                )
                .await,
            )["data"]
                .as_array()
                .unwrap()
                .clone()
        }
    };
    let products = trail("product").await;
    let renamed = products
        .iter()
        .find(|e| e["entity_id"] == slug.as_str())
        .expect("the renamed product is in the trail");
    assert_eq!(renamed["action"], "product.changed");
    assert_eq!(renamed["changes"].as_array().unwrap().len(), 1, "{renamed}");
    assert_eq!(renamed["changes"][0]["field"], "name");
    assert_eq!(
        renamed["changes"][0]["after"],
        "Hex bolt, renamed by the ERP"
    );
    assert_eq!(
        products.len(),
        2,
        "the unchanged upsert wrote no entry: {products:?}"
    );
    assert!(
        products
            .iter()
            .any(|e| e["entity_id"] == "erp-bolt" && e["action"] == "product.created")
    );
    let counts = trail("stock").await;
    assert_eq!(counts[0]["entity_id"], format!("{sku}@main"));
    assert_eq!(counts[0]["action"], "stock.counted");
    assert_eq!(
        (
            &counts[0]["changes"][0]["before"],
            &counts[0]["changes"][0]["after"]
        ),
        (&json!("42"), &json!("40"))
    );
    assert!(counts[0]["actor"].as_str().is_some_and(|a| !a.is_empty()));
    // A key that may only read is refused both writes.
    let bound = key(&app, &[Scope::CatalogRead, Scope::InventoryRead], None).await;
    for (path, body) in [
        (format!("/api/v1/admin/products/{slug}"), record.to_string()),
        (
            format!("/api/v1/admin/stock/{sku}/main"),
            r#"{"on_hand":1}"#.to_owned(),
        ),
    ] {
        let refused = app.api("PUT", &path, Some(&bound), Some(&body)).await;
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{path}: {}",
            refused.body
        );
    }

    // A key bound to ACME reads ACME's people only, whatever it asks for, and cannot upload.
    let acme = key(&app, &[Scope::CustomersRead], Some("acme")).await;
    let seen = json_of(
        &app.api(
            "GET",
            "/api/v1/admin/customers?company=initech",
            Some(&acme),
            None,
        )
        .await,
    );
    assert_eq!(seen["data"].as_array().unwrap().len(), 0);
    let own = json_of(
        &app.api("GET", "/api/v1/admin/customers", Some(&acme), None)
            .await,
    );
    assert!(
        own["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["company"] == "acme")
    );
    let refused = app
        .send(
            Request::post("/api/v1/admin/bulk/customers")
                .header("authorization", format!("Bearer {acme}"))
                .body(Body::from(people))
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

/// The ERP simulator's mood: 0 answers, 1 stalls past the timeout, 2 fails.
static MOOD: AtomicU8 = AtomicU8::new(0);

async fn erp_simulator() -> String {
    let router = axum::Router::new().route(
        "/lookup",
        axum::routing::post(|Json(ask): Json<Value>| async move {
            match MOOD.load(Ordering::SeqCst) {
                1 => tokio::time::sleep(Duration::from_secs(3)).await,
                2 => return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({}))),
                _ => {}
            }
            let lines: Vec<Value> = ask["lines"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let price = if ask["company"] == "acme" {
                        "4.20"
                    } else {
                        "5.00"
                    };
                    json!({"sku": l["sku"], "unit_price": price, "available": 7})
                })
                .collect();
            (StatusCode::OK, Json(json!({ "lines": lines })))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/lookup", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    url
}

#[tokio::test]
async fn price_checks_ask_the_erp_and_fall_back_to_stored_data() {
    let url = erp_simulator().await;
    let app = spawn_app_with_local_targets(|engine| {
        engine.with_erp(
            Arc::new(server::erp::HttpErp::new(
                &url,
                server::erp::HttpErpOptions {
                    allow_private_targets: true,
                    ..Default::default()
                },
            )),
            ErpLimits {
                timeout: Duration::from_millis(500),
                max_concurrent: 4,
            },
        )
    })
    .await;
    let (_, sku) = app.hex_bolt().await;
    let body = format!(r#"{{"lines":[{{"sku":"{sku}","quantity":3}}]}}"#);
    let token = {
        let reply = app
            .api(
                "POST",
                "/api/v1/sessions",
                None,
                Some(r#"{"email":"buyer@acme.example","password":"kontor-demo"}"#),
            )
            .await;
        json_of(&reply)["token"].as_str().unwrap().to_owned()
    };

    MOOD.store(0, Ordering::SeqCst);
    let live = json_of(
        &app.api("POST", "/api/v1/price-check", Some(&token), Some(&body))
            .await,
    );
    assert_eq!(live["erp"], "answered", "{live}");
    assert_eq!(
        live["lines"][0]["unit_price"]["amount"], "4.20",
        "the ERP priced for ACME"
    );
    assert_eq!(live["lines"][0]["available"], 7);
    assert_eq!(live["lines"][0]["price_source"], "erp");

    MOOD.store(1, Ordering::SeqCst);
    let started = std::time::Instant::now();
    let slow = json_of(
        &app.api("POST", "/api/v1/price-check", Some(&token), Some(&body))
            .await,
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout bounds the wait"
    );
    assert_eq!(slow["erp"], "timed_out");
    assert_eq!(slow["lines"][0]["price_source"], "stored");
    assert_ne!(slow["lines"][0]["unit_price"]["amount"], "4.20");

    MOOD.store(2, Ordering::SeqCst);
    let down = json_of(
        &app.api("POST", "/api/v1/price-check", Some(&token), Some(&body))
            .await,
    );
    assert_eq!(down["erp"], "failed");
    assert_eq!(down["lines"][0]["availability_source"], "stored");

    let bad = app
        .api(
            "POST",
            "/api/v1/price-check",
            Some(&token),
            Some(r#"{"lines":[{"sku":"","quantity":1}]}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "lines[0].sku");
    MOOD.store(0, Ordering::SeqCst);
}

/// An ERP that accepts connections and never answers; the count of connections it accepted.
async fn silent_erp() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/lookup", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (url, accepted)
}

fn silent_erp_connector(url: &str, total: Duration) -> HttpErp {
    HttpErp::new(
        url,
        HttpErpOptions {
            allow_private_targets: true,
            timeouts: Timeouts {
                connect: Duration::from_millis(300),
                total,
            },
        },
    )
}

#[tokio::test]
async fn a_hung_erp_ends_its_calls_and_calls_beyond_the_cap_answer_from_stored_data_at_once() {
    // The connector gives a call up by itself, whether or not anyone still waits for it.
    let (url, _) = silent_erp().await;
    let request = ErpRequest {
        company: None,
        currency: "EUR".into(),
        lines: vec![ErpLineRequest {
            sku: "HB-1".into(),
            quantity: 1,
        }],
    };
    let started = Instant::now();
    let ended = tokio::time::timeout(
        Duration::from_secs(10),
        silent_erp_connector(&url, Duration::from_millis(600)).lookup(&request),
    )
    .await
    .expect("the call ends by its total timeout");
    assert!(ended.is_err(), "{ended:?}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // One call may be under way; it keeps its slot until the ERP call ends (3 s), after its request stopped
    // waiting (1.5 s).
    let (url, accepted) = silent_erp().await;
    let app = spawn_app_with_local_targets(|engine| {
        engine.with_erp(
            Arc::new(silent_erp_connector(&url, Duration::from_secs(3))),
            ErpLimits {
                timeout: Duration::from_millis(1500),
                max_concurrent: 1,
            },
        )
    })
    .await;
    let (_, sku) = app.hex_bolt().await;
    let body = format!(r#"{{"lines":[{{"sku":"{sku}","quantity":3}}]}}"#);
    let check = || async {
        let started = Instant::now();
        let reply = app
            .api("POST", "/api/v1/price-check", None, Some(&body))
            .await;
        (json_of(&reply), started.elapsed())
    };
    let ((first, first_took), (second, second_took)) = tokio::join!(check(), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        check().await
    });
    for answer in [&first, &second] {
        assert_eq!(answer["erp"], "timed_out", "{answer}");
        assert_eq!(answer["lines"][0]["price_source"], "stored");
        assert_eq!(answer["lines"][0]["availability_source"], "stored");
    }
    assert!(
        first_took >= Duration::from_millis(1400) && first_took < Duration::from_millis(2500),
        "the first check waited its timeout: {first_took:?}"
    );
    assert!(
        second_took < Duration::from_millis(500),
        "with the cap full the second check did not wait: {second_took:?}"
    );
    let (third, third_took) = check().await;
    assert_eq!(third["erp"], "timed_out");
    assert!(
        third_took < Duration::from_millis(500),
        "the hung call still holds its slot: {third_took:?}"
    );
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "one call reached the ERP"
    );
}

#[tokio::test]
async fn set_up_categories_price_lists_and_warehouses_then_sell_through_them() {
    let app = spawn_app().await;
    let erp = key(
        &app,
        &[
            Scope::CatalogRead,
            Scope::CatalogWrite,
            Scope::InventoryRead,
            Scope::InventoryWrite,
        ],
        None,
    )
    .await;
    let (_, sku) = app.hex_bolt().await;

    let made = app
        .api(
            "PUT",
            "/api/v1/admin/categories/clearance",
            Some(&erp),
            Some(r#"{"slug":"clearance","name":"Clearance"}"#),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let child = app
        .api(
            "PUT",
            "/api/v1/admin/categories/last-pieces",
            Some(&erp),
            Some(r#"{"slug":"last-pieces","name":"Last pieces","parent":"clearance"}"#),
        )
        .await;
    assert_eq!(child.status, StatusCode::CREATED, "{}", child.body);
    let looped = app
        .api(
            "PUT",
            "/api/v1/admin/categories/clearance",
            Some(&erp),
            Some(r#"{"slug":"clearance","name":"Clearance","parent":"last-pieces"}"#),
        )
        .await;
    assert_eq!(
        json_of(&looped)["errors"][0]["field"],
        "parent",
        "{}",
        looped.body
    );
    let tree = app
        .api("GET", "/api/v1/admin/categories", Some(&erp), None)
        .await;
    assert!(
        tree.body.contains("\"parent\":\"clearance\""),
        "{}",
        tree.body
    );

    let list = app
        .api(
            "PUT",
            "/api/v1/admin/price-lists/globex-special",
            Some(&erp),
            Some(r#"{"code":"globex-special","name":"Globex special","currency":"EUR","priority":99,"targets":["company:globex"]}"#),
        )
        .await;
    assert_eq!(list.status, StatusCode::CREATED, "{}", list.body);
    let bad = app
        .api(
            "PUT",
            "/api/v1/admin/price-lists/x",
            Some(&erp),
            Some(r#"{"code":"x","name":"X","currency":"EUR","targets":["company:nobody"]}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "targets");
    let results = upload(
        &app,
        "/api/v1/admin/bulk/prices",
        &erp,
        &format!("{{\"price_list\":\"globex-special\",\"sku\":\"{sku}\",\"price\":\"0.99\"}}\n"),
    )
    .await;
    assert_eq!(oks(&results), [(1, true)]);
    app.engine.refresh().await.unwrap();
    let globex = json_of(
        &app.api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@globex.example","password":"kontor-demo"}"#),
        )
        .await,
    )["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let body = format!(r#"{{"lines":[{{"sku":"{sku}","quantity":1}}]}}"#);
    let check = json_of(
        &app.api("POST", "/api/v1/price-check", Some(&globex), Some(&body))
            .await,
    );
    assert_eq!(check["lines"][0]["unit_price"]["amount"], "0.99", "{check}");
    let acme = json_of(
        &app.api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(r#"{"email":"buyer@acme.example","password":"kontor-demo"}"#),
        )
        .await,
    )["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let other = json_of(
        &app.api("POST", "/api/v1/price-check", Some(&acme), Some(&body))
            .await,
    );
    assert_ne!(
        other["lines"][0]["unit_price"]["amount"], "0.99",
        "the list is Globex's only"
    );

    let east = app
        .api(
            "PUT",
            "/api/v1/admin/warehouses/east",
            Some(&erp),
            Some(r#"{"name":"East hub","priority":5}"#),
        )
        .await;
    assert_eq!(east.status, StatusCode::OK, "{}", east.body);
    let stocked = app
        .api(
            "PUT",
            &format!("/api/v1/admin/stock/{sku}/east"),
            Some(&erp),
            Some(r#"{"on_hand":5}"#),
        )
        .await;
    assert!(
        stocked.body.contains("\"warehouse\":\"east\""),
        "{}",
        stocked.body
    );
    let all = app
        .api("GET", "/api/v1/admin/warehouses", Some(&erp), None)
        .await;
    assert!(all.body.contains("East hub"));

    // The channels a warehouse ships to: checked, kept when a later change leaves them out, listed.
    let unknown = app
        .api(
            "PUT",
            "/api/v1/admin/warehouses/east",
            Some(&erp),
            Some(r#"{"name":"East hub","priority":5,"channels":["nowhere"]}"#),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    assert!(
        unknown.body.contains("\"field\":\"channels\""),
        "{}",
        unknown.body
    );
    for body in [
        r#"{"name":"East hub","priority":5,"channels":["shop-ch"]}"#,
        r#"{"name":"East hub, renamed","priority":5}"#,
    ] {
        let saved = app
            .api(
                "PUT",
                "/api/v1/admin/warehouses/east",
                Some(&erp),
                Some(body),
            )
            .await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    }
    let all = json_of(
        &app.api("GET", "/api/v1/admin/warehouses", Some(&erp), None)
            .await,
    );
    let east = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "east")
        .unwrap()
        .clone();
    assert_eq!(east["name"], "East hub, renamed");
    assert_eq!(east["channels"], json!(["shop-ch"]));
}
