//! The admin API through the real router: secret keys and their scopes, rate limits, company-bound keys that see
//! one company only, the order lifecycle with its export, idempotent retries, and webhooks delivered signed and in
//! order to a live receiver.

mod support;

use std::{
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode},
};
use engine::{KeyKind, NewApiKey, Scope};
use serde_json::Value;
use support::{
    Reply, TestApp, keyed, place_order, spawn_app, spawn_app_with_local_targets, token_of,
};

fn json(reply: &Reply) -> Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

fn error_of(reply: &Reply) -> (String, Option<String>) {
    let e = &json(reply)["errors"][0];
    (
        e["code"].as_str().unwrap_or_default().to_owned(),
        e["field"].as_str().map(str::to_owned),
    )
}

async fn secret_key(
    app: &TestApp,
    scopes: &[Scope],
    company: Option<&str>,
    rate: Option<u32>,
) -> String {
    app.engine
        .create_api_key(
            &engine::Actor::process("test"),
            NewApiKey {
                kind: KeyKind::Secret,
                name: "test".into(),
                scopes: scopes.to_vec(),
                channel: None,
                company: company.map(str::to_owned),
                rate_per_minute: rate,
            },
        )
        .await
        .unwrap()
        .secret
}

#[tokio::test]
async fn secret_keys_need_their_scope_spend_a_budget_and_stop_when_revoked() {
    let app = spawn_app().await;
    let reader = secret_key(&app, &[Scope::OrdersRead], None, Some(3)).await;
    let buyer = token_of(&app, "buyer@acme.example").await;

    for (token, who) in [
        (None, "no key"),
        (Some(buyer.as_str()), "a buyer's token"),
        (Some("kontor_sk_00"), "a bogus key"),
    ] {
        let reply = app.api("GET", "/api/v1/admin/orders", token, None).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{who}: {}",
            reply.body
        );
    }
    let listed = app
        .api("GET", "/api/v1/admin/orders", Some(&reader), None)
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let write = app
        .api(
            "POST",
            "/api/v1/admin/orders/100001/confirm",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(write.status, StatusCode::FORBIDDEN, "{}", write.body);
    assert!(write.body.contains("orders:write"));
    let _ = app
        .api("GET", "/api/v1/admin/orders", Some(&reader), None)
        .await;
    let over = app
        .api("GET", "/api/v1/admin/orders", Some(&reader), None)
        .await;
    assert_eq!(over.status, StatusCode::TOO_MANY_REQUESTS, "{}", over.body);
    let wait: u64 = over.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait), "Retry-After {wait}");

    let admin = secret_key(&app, &[Scope::KeysManage, Scope::OrdersWrite], None, None).await;
    let made = app
        .api(
            "POST",
            "/api/v1/admin/api-keys",
            Some(&admin),
            Some(r#"{"kind":"publishable","name":"Kiosk","channel":"trade"}"#),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let publishable = json(&made)["secret"].as_str().unwrap().to_owned();
    assert!(publishable.starts_with("kontor_pk_"));
    let list = app
        .api("GET", "/api/v1/admin/api-keys", Some(&admin), None)
        .await;
    assert!(
        list.body.contains("Kiosk") && !list.body.contains(&publishable),
        "a list never shows a secret"
    );
    let bound = app
        .api(
            "POST",
            "/api/v1/admin/api-keys",
            Some(&admin),
            Some(r#"{"kind":"secret","name":"ERP","scopes":["orders:write"],"company":"acme"}"#),
        )
        .await;
    assert_eq!(
        error_of(&bound),
        ("invalid".into(), Some("scopes".into())),
        "{}",
        bound.body
    );
    let unknown_scope = app
        .api(
            "POST",
            "/api/v1/admin/api-keys",
            Some(&admin),
            Some(r#"{"kind":"secret","name":"x","scopes":["everything"]}"#),
        )
        .await;
    assert_eq!(error_of(&unknown_scope).1.as_deref(), Some("scopes"));

    let store = app
        .send(
            Request::get("/api/v1/products?limit=1")
                .header("x-publishable-key", &publishable)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(store.status, StatusCode::OK, "{}", store.body);
    let bogus = app
        .send(
            Request::get("/api/v1/products?limit=1")
                .header("x-publishable-key", "kontor_pk_nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bogus.status, StatusCode::UNAUTHORIZED);

    let id = json(&made)["key"]["id"].as_i64().unwrap();
    let revoked = app
        .api(
            "DELETE",
            &format!("/api/v1/admin/api-keys/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert!(json(&revoked)["revoked_at"].is_string());
    let after = app
        .send(
            Request::get("/api/v1/products?limit=1")
                .header("x-publishable-key", &publishable)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "a revoked key opens nothing"
    );
}

#[tokio::test]
async fn the_merchant_runs_the_order_lifecycle_and_a_company_key_sees_only_its_company() {
    let app = spawn_app().await;
    let acme_order = place_order(&app, "buyer@acme.example", "acme-order-0001").await;
    let globex_order = place_order(&app, "buyer@globex.example", "globex-order-001").await;
    let merchant = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None, None).await;
    let globex = secret_key(&app, &[Scope::OrdersRead], Some("globex"), None).await;

    let all = json(
        &app.api("GET", "/api/v1/admin/orders", Some(&merchant), None)
            .await,
    );
    let numbers: Vec<&str> = all["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap())
        .collect();
    assert!(numbers.contains(&acme_order.as_str()) && numbers.contains(&globex_order.as_str()));

    let confirmed = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme_order}/confirm"),
            Some(&merchant),
            None,
        )
        .await;
    assert_eq!(
        json(&confirmed)["status"],
        "confirmed",
        "{}",
        confirmed.body
    );
    let shipped = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme_order}/shipments"),
            Some(&merchant),
            Some(r#"{"carrier":"DHL","tracking_number":"JD0001"}"#),
        )
        .await;
    assert_eq!(shipped.status, StatusCode::CREATED, "{}", shipped.body);
    assert_eq!(json(&shipped)["status"], "shipped");
    let late = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme_order}/cancel"),
            Some(&merchant),
            Some(r#"{"reason":"too late"}"#),
        )
        .await;
    assert_eq!(
        late.status,
        StatusCode::BAD_REQUEST,
        "a shipped order cannot be cancelled: {}",
        late.body
    );
    let cancelled = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{globex_order}/cancel"),
            Some(&merchant),
            Some(r#"{"reason":"customer asked"}"#),
        )
        .await;
    assert_eq!(
        json(&cancelled)["status"],
        "cancelled",
        "{}",
        cancelled.body
    );

    // The GLOBEX-bound key: its own order by list, detail, export and events; ACME's by none of them.
    let mine = json(
        &app.api("GET", "/api/v1/admin/orders", Some(&globex), None)
            .await,
    );
    let mine: Vec<&str> = mine["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["number"].as_str().unwrap())
        .collect();
    assert_eq!(mine, vec![globex_order.as_str()]);
    let peek = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{acme_order}"),
            Some(&globex),
            None,
        )
        .await;
    assert_eq!(peek.status, StatusCode::NOT_FOUND);
    let export = app
        .api("GET", "/api/v1/admin/orders/export", Some(&globex), None)
        .await;
    assert!(
        export.body.contains(&globex_order) && !export.body.contains(&acme_order),
        "{}",
        export.body
    );
    let events = app
        .api("GET", "/api/v1/admin/events", Some(&globex), None)
        .await;
    assert!(!events.body.contains(&acme_order), "{}", events.body);

    // The merchant's export: every order once, at its latest change, then nothing new after the cursor.
    let export = app
        .api("GET", "/api/v1/admin/orders/export", Some(&merchant), None)
        .await;
    assert_eq!(export.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = export
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{}", export.body);
    assert_eq!(
        lines[0]["number"],
        acme_order.as_str(),
        "ACME's last change (shipping) came first"
    );
    assert_eq!(lines[1]["status"], "cancelled");
    let next = export.header("kontor-next-after").unwrap().to_owned();
    let rest = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/export?after={next}"),
            Some(&merchant),
            None,
        )
        .await;
    assert_eq!(rest.body, "");
    let events = json(
        &app.api(
            "GET",
            "/api/v1/admin/events?limit=1000",
            Some(&merchant),
            None,
        )
        .await,
    );
    let types: Vec<&str> = events["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "order.placed",
            "order.placed",
            "order.confirmed",
            "order.shipped",
            "order.cancelled"
        ]
    );
    assert!(
        app.engine
            .audit_orders_and_stock()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_retried_post_gets_the_first_answer_and_a_reused_key_is_refused() {
    let app = spawn_app().await;
    let token = token_of(&app, "buyer@acme.example").await;
    let (_, sku) = app.hex_bolt().await;
    let cart = json(
        &app.api(
            "POST",
            "/api/v1/carts",
            Some(&token),
            Some(&format!(r#"{{"sku":"{sku}","quantity":1}}"#)),
        )
        .await,
    );
    let id = cart["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/carts/{id}/lines");
    let add = format!(r#"{{"sku":"{sku}","quantity":5}}"#);
    let first = keyed(&app, &path, &token, "add-five-0001", &add).await;
    assert!(first.status.is_success(), "{}", first.body);
    let retry = keyed(&app, &path, &token, "add-five-0001", &add).await;
    assert_eq!(retry.status, first.status);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    let cart = json(
        &app.api("GET", &format!("/api/v1/carts/{id}"), Some(&token), None)
            .await,
    );
    assert_eq!(cart["item_count"], 6, "the retry added nothing: {cart}");
    let other = keyed(
        &app,
        &path,
        &token,
        "add-five-0001",
        &format!(r#"{{"sku":"{sku}","quantity":7}}"#),
    )
    .await;
    assert_eq!(
        other.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        other.body
    );
    assert_eq!(
        error_of(&other),
        (
            "idempotency_mismatch".into(),
            Some("Idempotency-Key".into())
        )
    );
    let short = keyed(&app, &path, &token, "x", &add).await;
    assert_eq!(error_of(&short).1.as_deref(), Some("Idempotency-Key"));
    let someone_else = token_of(&app, "buyer@globex.example").await;
    let theirs = keyed(&app, &path, &someone_else, "add-five-0001", &add).await;
    assert_ne!(
        theirs.body, first.body,
        "a key belongs to its caller: another caller never gets this answer"
    );
}

/// A webhook receiver on a free port: records every request and answers with the status currently set.
struct Receiver {
    url: String,
    answer: Arc<AtomicU16>,
    seen: Arc<Mutex<Vec<(HeaderMap, String, u16)>>>,
}

async fn receiver() -> Receiver {
    let answer = Arc::new(AtomicU16::new(500));
    let seen: Arc<Mutex<Vec<(HeaderMap, String, u16)>>> = Arc::default();
    let (a, s) = (answer.clone(), seen.clone());
    let router = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: HeaderMap, body: String| {
            let (a, s) = (a.clone(), s.clone());
            async move {
                let status = a.load(Ordering::SeqCst);
                s.lock().unwrap().push((headers, body, status));
                StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    Receiver { url, answer, seen }
}

/// Checks the signature of one delivery against `secret`.
fn signed(headers: &HeaderMap, body: &str, secret: &str) -> bool {
    let header = headers.get("kontor-signature").unwrap().to_str().unwrap();
    let t: i64 = header
        .trim_start_matches("t=")
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    engine::events::webhook_signature(secret, t, body) == header
}

#[tokio::test]
async fn webhooks_arrive_signed_in_order_after_failures_and_can_be_replayed() {
    let app = spawn_app_with_local_targets(|engine| engine).await;
    let hooks = secret_key(
        &app,
        &[Scope::WebhooksManage, Scope::OrdersWrite, Scope::OrdersRead],
        None,
        None,
    )
    .await;
    let receiver = receiver().await;
    let made = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(&format!(r#"{{"url":"{}"}}"#, receiver.url)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let secret = json(&made)["secret"].as_str().unwrap().to_owned();
    let hook_id = json(&made)["webhook"]["id"].as_i64().unwrap();
    let bad = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(r#"{"url":"ftp://x","event_types":["order.eaten"]}"#),
        )
        .await;
    assert_eq!(error_of(&bad).1.as_deref(), Some("url"));

    let number = place_order(&app, "buyer@acme.example", "hooked-order-01").await;
    for step in ["confirm"] {
        let r = app
            .api(
                "POST",
                &format!("/api/v1/admin/orders/{number}/{step}"),
                Some(&hooks),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let r = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{number}/shipments"),
            Some(&hooks),
            Some(r#"{"carrier":"DHL","tracking_number":"JD0002"}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    let dispatcher = tokio::spawn(server::webhooks::run(
        app.engine.clone(),
        std::future::pending(),
    ));
    let deadline = Instant::now() + Duration::from_secs(20);
    while receiver.seen.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "no delivery attempt");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // While the receiver fails, only the first event of the order is tried: the later ones wait behind it.
    tokio::time::sleep(Duration::from_millis(300)).await;
    {
        let seen = receiver.seen.lock().unwrap();
        assert!(
            seen.iter()
                .all(|(h, _, _)| h.get("kontor-event-type").unwrap() == "order.placed")
        );
    }
    let log = json(
        &app.api(
            "GET",
            &format!("/api/v1/admin/webhooks/{hook_id}/deliveries"),
            Some(&hooks),
            None,
        )
        .await,
    );
    let placed = log["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["event_type"] == "order.placed")
        .unwrap()
        .clone();
    assert_eq!(placed["status"], "pending");
    assert_eq!(placed["last_status"], 500);
    let detail = json(
        &app.api(
            "GET",
            &format!("/api/v1/admin/webhook-deliveries/{}", placed["id"]),
            Some(&hooks),
            None,
        )
        .await,
    );
    assert_eq!(detail["attempts"][0]["status"], 500);

    receiver.answer.store(200, Ordering::SeqCst);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let delivered = receiver
            .seen
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, _, s)| *s == 200)
            .count();
        if delivered == 3 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {delivered} of 3 events delivered"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let accepted: Vec<(HeaderMap, String)> = receiver
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, s)| *s == 200)
        .map(|(h, b, _)| (h.clone(), b.clone()))
        .collect();
    let types: Vec<String> = accepted
        .iter()
        .map(|(_, b)| {
            serde_json::from_str::<Value>(b).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(types, ["order.placed", "order.confirmed", "order.shipped"]);
    for (headers, body) in &accepted {
        assert!(signed(headers, body, &secret), "signature of {body}");
        assert!(!signed(headers, body, "whsec_wrong"));
        let event: Value = serde_json::from_str(body).unwrap();
        assert_eq!(event["data"]["number"], number.as_str());
        assert_eq!(
            headers.get("kontor-event-id").unwrap().to_str().unwrap(),
            event["id"].to_string()
        );
    }

    let replay = app
        .api(
            "POST",
            &format!("/api/v1/admin/webhook-deliveries/{}/replay", placed["id"]),
            Some(&hooks),
            None,
        )
        .await;
    assert_eq!(replay.status, StatusCode::ACCEPTED, "{}", replay.body);
    let deadline = Instant::now() + Duration::from_secs(10);
    while receiver
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, _, s)| *s == 200)
        .count()
        < 4
    {
        assert!(Instant::now() < deadline, "the replay did not arrive");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    dispatcher.abort();
}

#[tokio::test]
async fn a_webhook_to_a_loopback_private_or_plain_http_address_is_refused_by_default() {
    let app = spawn_app().await;
    // The receiver's address is what is tested: the key reads order events, so its scopes are no reason to refuse.
    let hooks = secret_key(
        &app,
        &[Scope::WebhooksManage, Scope::OrdersRead],
        None,
        None,
    )
    .await;
    for url in [
        "https://127.0.0.1:8443/hook",
        "https://localhost/hook",
        "https://10.0.0.5/hook",
        "https://192.168.1.20/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "http://hooks.example.com/hook",
    ] {
        let made = app
            .api(
                "POST",
                "/api/v1/admin/webhooks",
                Some(&hooks),
                Some(&format!(r#"{{"url":"{url}"}}"#)),
            )
            .await;
        assert_eq!(
            made.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            made.body
        );
        assert_eq!(error_of(&made).1.as_deref(), Some("url"), "{url}");
    }
    let list = json(
        &app.api("GET", "/api/v1/admin/webhooks", Some(&hooks), None)
            .await,
    );
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0), "{list}");
    let public = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(r#"{"url":"https://hooks.example.com/kontor"}"#),
        )
        .await;
    assert_eq!(public.status, StatusCode::CREATED, "{}", public.body);
}

#[tokio::test]
async fn a_stored_receiver_whose_name_now_resolves_to_a_private_address_is_not_called() {
    // Stored while private targets were allowed, as a name that resolved publicly then might have been.
    let app = spawn_app_with_local_targets(|engine| engine).await;
    // The receiver's address is what is tested: the key reads order events, so its scopes are no reason to refuse.
    let hooks = secret_key(
        &app,
        &[Scope::WebhooksManage, Scope::OrdersRead],
        None,
        None,
    )
    .await;
    let receiver = receiver().await;
    let url = receiver
        .url
        .replace("http://127.0.0.1", "https://localhost");
    let made = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(&format!(r#"{{"url":"{url}"}}"#)),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let hook_id = json(&made)["webhook"]["id"].as_i64().unwrap();
    place_order(&app, "buyer@acme.example", "rebound-order-01").await;

    let public_only = server::outbound::agent(
        false,
        server::outbound::Timeouts {
            connect: Duration::from_secs(2),
            total: Duration::from_secs(3),
        },
    );
    let sent = server::webhooks::drain(&app.engine, &public_only)
        .await
        .unwrap();
    assert_eq!(sent, 1);
    let log = json(
        &app.api(
            "GET",
            &format!("/api/v1/admin/webhooks/{hook_id}/deliveries"),
            Some(&hooks),
            None,
        )
        .await,
    );
    let error = log["data"][0]["last_error"].as_str().unwrap_or_default();
    assert!(
        error.contains("localhost resolves to") && error.contains("not a public address"),
        "{log}"
    );
    assert_eq!(log["data"][0]["status"], "pending");
    assert!(
        receiver.seen.lock().unwrap().is_empty(),
        "the receiver was never called"
    );
}

#[tokio::test]
async fn a_change_sent_with_a_stale_version_is_refused_and_a_fresh_one_goes_through() {
    let app = spawn_app().await;
    let token = token_of(&app, "buyer@acme.example").await;
    let (_, sku) = app.hex_bolt().await;
    let cart = json(
        &app.api(
            "POST",
            "/api/v1/carts",
            Some(&token),
            Some(&format!(r#"{{"sku":"{sku}","quantity":1}}"#)),
        )
        .await,
    );
    let id = cart["id"].as_str().unwrap().to_owned();
    let read = app
        .api("GET", &format!("/api/v1/carts/{id}"), Some(&token), None)
        .await;
    let version = read.header("etag").unwrap().to_owned();
    assert!(version.starts_with('"') && version.len() > 10, "{version}");
    let unchanged = app
        .send(
            Request::get(format!("/api/v1/carts/{id}"))
                .header("authorization", format!("Bearer {token}"))
                .header("if-none-match", &version)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);

    let set = |quantity: u32, version: String| {
        let (app, token, id, sku) = (&app, token.clone(), id.clone(), sku.clone());
        async move {
            app.send(
                Request::put(format!("/api/v1/carts/{id}/lines/{sku}"))
                    .header("authorization", format!("Bearer {token}"))
                    .header("content-type", "application/json")
                    .header("if-match", version)
                    .body(Body::from(format!(r#"{{"quantity":{quantity}}}"#)))
                    .unwrap(),
            )
            .await
        }
    };
    let first = set(4, version.clone()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let stale = set(9, version.clone()).await;
    assert_eq!(
        stale.status,
        StatusCode::PRECONDITION_FAILED,
        "{}",
        stale.body
    );
    assert_eq!(error_of(&stale), ("stale".into(), Some("If-Match".into())));
    let now = app
        .api("GET", &format!("/api/v1/carts/{id}"), Some(&token), None)
        .await;
    assert_eq!(
        json(&now)["item_count"],
        4,
        "the stale change was not applied"
    );
    let fresh = set(9, now.header("etag").unwrap().to_owned()).await;
    assert_eq!(json(&fresh)["item_count"], 9);

    let merchant = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None, None).await;
    let number = place_order(&app, "buyer@acme.example", "etag-order-0001").await;
    let order = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&merchant),
            None,
        )
        .await;
    let version = order.header("etag").unwrap().to_owned();
    let cancel = app
        .send(
            Request::post(format!("/api/v1/admin/orders/{number}/cancel"))
                .header("authorization", format!("Bearer {merchant}"))
                .header("content-type", "application/json")
                .header("if-match", "\"someone-elses-version\"")
                .body(Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(cancel.status, StatusCode::PRECONDITION_FAILED);
    let confirm = app
        .send(
            Request::post(format!("/api/v1/admin/orders/{number}/confirm"))
                .header("authorization", format!("Bearer {merchant}"))
                .header("if-match", &version)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(json(&confirm)["status"], "confirmed", "{}", confirm.body);
}

/// The types of every event `key` reads from the feed.
async fn feed_types(app: &TestApp, key: &str) -> Vec<String> {
    let reply = app
        .api("GET", "/api/v1/admin/events?limit=1000", Some(key), None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    json(&reply)["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_key_reads_and_subscribes_to_the_events_of_its_scopes_only() {
    let app = spawn_app().await;
    let orders = secret_key(&app, &[Scope::OrdersRead], None, None).await;
    let stock = secret_key(&app, &[Scope::InventoryRead], None, None).await;
    let keys_only = secret_key(&app, &[Scope::KeysManage], None, None).await;
    let hooks = secret_key(
        &app,
        &[Scope::WebhooksManage, Scope::OrdersRead],
        None,
        None,
    )
    .await;
    let (_, sku) = app.hex_bolt().await;
    app.engine
        .set_stock(
            &engine::Actor::process("test"),
            "main",
            &domain::Sku::parse(&sku).unwrap(),
            500,
        )
        .await
        .unwrap();
    place_order(&app, "buyer@acme.example", "scoped-events-01").await;

    let seen = feed_types(&app, &orders).await;
    assert_eq!(seen, ["order.placed"], "an orders:read key sees no stock");
    assert_eq!(feed_types(&app, &stock).await, ["stock.changed"]);
    let refused = app
        .api("GET", "/api/v1/admin/events", Some(&keys_only), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);

    let made = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(r#"{"url":"https://hooks.example.com/stock","event_types":["stock.changed"]}"#),
        )
        .await;
    assert_eq!(made.status, StatusCode::FORBIDDEN, "{}", made.body);
    let all = app
        .api(
            "POST",
            "/api/v1/admin/webhooks",
            Some(&hooks),
            Some(r#"{"url":"https://hooks.example.com/all"}"#),
        )
        .await;
    assert_eq!(all.status, StatusCode::CREATED, "{}", all.body);
    let types = json(&all)["webhook"]["event_types"].clone();
    let types: Vec<&str> = types
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    assert!(
        !types.is_empty()
            && types
                .iter()
                .all(|t| t.starts_with("order.") || t.starts_with("quote.")),
        "{types:?}"
    );
}

#[tokio::test]
async fn a_key_manager_cannot_mint_a_key_with_more_than_it_holds() {
    let app = spawn_app().await;
    let manager = secret_key(&app, &[Scope::KeysManage, Scope::OrdersRead], None, None).await;
    for scopes in [r#"["orders:write"]"#, r#"["keys:manage","catalog:write"]"#] {
        let refused = app
            .api(
                "POST",
                "/api/v1/admin/api-keys",
                Some(&manager),
                Some(&format!(
                    r#"{{"kind":"secret","name":"Escalated","scopes":{scopes}}}"#
                )),
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    }
    let list = app
        .api("GET", "/api/v1/admin/api-keys", Some(&manager), None)
        .await;
    assert!(!list.body.contains("Escalated"), "{}", list.body);
    let made = app
        .api(
            "POST",
            "/api/v1/admin/api-keys",
            Some(&manager),
            Some(r#"{"kind":"secret","name":"Reader","scopes":["orders:read","keys:manage"]}"#),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
}

#[tokio::test]
async fn a_company_bound_key_lists_only_the_price_lists_that_name_its_company() {
    let app = spawn_app().await;
    let merchant = secret_key(&app, &[Scope::CatalogRead, Scope::CatalogWrite], None, None).await;
    let globex = secret_key(&app, &[Scope::CatalogRead], Some("globex"), None).await;
    let shared = app
        .api(
            "PUT",
            "/api/v1/admin/price-lists/shared",
            Some(&merchant),
            Some(r#"{"code":"shared","name":"Shared","currency":"EUR","priority":5,"targets":["company:acme","company:globex"]}"#),
        )
        .await;
    assert_eq!(shared.status, StatusCode::CREATED, "{}", shared.body);

    let lists = |key: &str| {
        let key = key.to_owned();
        let app = &app;
        async move {
            let reply = app
                .api("GET", "/api/v1/admin/price-lists", Some(&key), None)
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            json(&reply)["data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| {
                    let targets: Vec<String> = l["targets"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect();
                    (l["code"].as_str().unwrap().to_owned(), targets)
                })
                .collect::<Vec<_>>()
        }
    };
    let everything = lists(&merchant).await;
    assert!(
        everything.iter().any(|(code, _)| code == "acme-contract"),
        "{everything:?}"
    );
    let seen = lists(&globex).await;
    assert_eq!(
        seen,
        [
            ("globex-tools".to_owned(), vec!["company:globex".to_owned()]),
            ("shared".to_owned(), vec!["company:globex".to_owned()]),
        ],
        "ACME's list and ACME's name stay out of sight"
    );
}

#[tokio::test]
async fn a_shipment_naming_a_sku_twice_or_too_many_units_is_422_naming_the_field() {
    let app = spawn_app().await;
    let merchant = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None, None).await;
    let number = place_order(&app, "buyer@acme.example", "ship-twice-01").await;
    let (_, sku) = app.hex_bolt().await;
    let ship = |lines: String| {
        let app = &app;
        let merchant = merchant.clone();
        let number = number.clone();
        async move {
            app.api(
                "POST",
                &format!("/api/v1/admin/orders/{number}/shipments"),
                Some(&merchant),
                Some(&format!(
                    r#"{{"carrier":"DHL","tracking_number":"JD0002","lines":{lines}}}"#
                )),
            )
            .await
        }
    };
    let twice = ship(format!(
        r#"[{{"sku":"{sku}","quantity":1}},{{"sku":"{sku}","quantity":1}}]"#
    ))
    .await;
    assert_eq!(
        twice.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        twice.body
    );
    assert_eq!(
        error_of(&twice),
        ("invalid".into(), Some("lines[1].sku".into()))
    );
    let too_many = ship(format!(r#"[{{"sku":"{sku}","quantity":3}}]"#)).await;
    assert_eq!(
        too_many.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        too_many.body
    );
    assert_eq!(error_of(&too_many).1.as_deref(), Some("lines[0].quantity"));
    let order = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{number}"),
            Some(&merchant),
            None,
        )
        .await;
    assert_eq!(json(&order)["lines"][0]["shipped"], 0, "{}", order.body);
}
