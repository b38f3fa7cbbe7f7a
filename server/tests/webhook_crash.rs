//! Webhooks survive a crash: a `kontor` process is killed (SIGKILL) while every order event it committed is still
//! waiting for a receiver that was failing; a fresh process on the same database then delivers each event exactly
//! once, correctly signed, and each order's events in the order they happened. The API key is made with the
//! `kontor api-key create` command, as an operator would.

use std::{
    collections::HashMap,
    process::{Child, Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicU16, Ordering},
    },
    time::{Duration, Instant},
};

use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};
use ureq::Agent;

struct Kontor {
    child: Child,
    base: String,
}

impl Kontor {
    fn start(database_url: &str, data_dir: &std::path::Path, port: u16) -> Self {
        let base = format!("http://127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_kontor"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("KONTOR_DATA_DIR", data_dir)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("KONTOR_DEMO", "1")
            .env("KONTOR_SEARCH_DIR", "memory")
            // The receiver listens on 127.0.0.1.
            .env("KONTOR_ALLOW_PRIVATE_TARGETS", "1")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the kontor binary starts");
        let started = Instant::now();
        while call("GET", &format!("{base}/healthz"), None, None).0 != 200 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "kontor did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self { child, base }
    }
}

impl Drop for Kontor {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn call(method: &str, url: &str, token: Option<&str>, body: Option<Value>) -> (u16, Value) {
    let agent: Agent = Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let auth = format!("Bearer {}", token.unwrap_or_default());
    let response = match method {
        "GET" => {
            let mut r = agent.get(url);
            if token.is_some() {
                r = r.header("Authorization", &auth);
            }
            r.call()
        }
        _ => {
            let mut r = agent.post(url);
            if token.is_some() {
                r = r.header("Authorization", &auth);
            }
            r = r.header("Idempotency-Key", format!("k-{}", uuid_like()));
            r.send_json(body.unwrap_or(json!({})))
        }
    };
    match response {
        Ok(mut r) => {
            let status = r.status().as_u16();
            let text = r.body_mut().read_to_string().unwrap_or_default();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

fn uuid_like() -> String {
    format!(
        "{:x}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_order_event_reaches_the_receiver_once_and_in_order_across_a_crash() {
    let dir = std::env::temp_dir().join(format!("kontor-webhook-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let database_url = format!("sqlite://{}", dir.join("kontor.db").display());

    // The receiver fails at first, so the first process dies with every delivery still pending.
    let answer = Arc::new(AtomicU16::new(503));
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
    let hook_url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let database = database_url.clone();
    let data_dir = dir.clone();
    let seen_before = seen.clone();
    let (secret, numbers) = tokio::task::spawn_blocking(move || {
        let mut first = Kontor::start(&database, &data_dir, free_port());
        let made = Command::new(env!("CARGO_BIN_EXE_kontor"))
            .args(["api-key", "create", "--name", "ops", "--scope", "orders:read,orders:write,webhooks:manage"])
            .env("DATABASE_URL", &database)
            .env("KONTOR_DATA_DIR", &data_dir)
            .env("RUST_LOG", "error")
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        let key = String::from_utf8(made.stdout).unwrap().trim().to_owned();
        assert!(key.starts_with("kontor_sk_"), "{key}");
        let listed = Command::new(env!("CARGO_BIN_EXE_kontor"))
            .args(["api-key", "list"])
            .env("DATABASE_URL", &database)
            .env("KONTOR_DATA_DIR", &data_dir)
            .output()
            .unwrap();
        let listed = String::from_utf8(listed.stdout).unwrap();
        assert!(listed.contains("ops") && !listed.contains(&key), "{listed}");

        let base = first.base.clone();
        let (status, hook) = call("POST", &format!("{base}/api/v1/admin/webhooks"), Some(&key), Some(json!({"url": hook_url})));
        assert_eq!(status, 201, "{hook}");
        let secret = hook["secret"].as_str().unwrap().to_owned();

        let (_, session) = call(
            "POST",
            &format!("{base}/api/v1/sessions"),
            None,
            Some(json!({"email": "buyer@acme.example", "password": "kontor-demo"})),
        );
        let token = session["token"].as_str().unwrap().to_owned();
        let (_, list) = call("GET", &format!("{base}/api/v1/products?q=hex+bolt&limit=1"), None, None);
        let slug = list["data"][0]["slug"].as_str().unwrap().to_owned();
        let (_, product) = call("GET", &format!("{base}/api/v1/products/{slug}"), None, None);
        let sku = product["variants"][0]["sku"].as_str().unwrap().to_owned();
        let mut numbers = Vec::new();
        for i in 0..3 {
            let (status, cart) = call("POST", &format!("{base}/api/v1/carts"), Some(&token), Some(json!({"sku": sku, "quantity": 1})));
            assert_eq!(status, 201, "{cart}");
            let (status, placed) = call(
                "POST",
                &format!("{base}/api/v1/orders"),
                Some(&token),
                Some(json!({"ship_to": {"name": "Goods in", "line1": "Dock 4", "postal_code": "20457", "city": "Hamburg", "country": "DE"},
                            "shipping_method": "parcel-eur", "payment": "invoice", "po_number": format!("CRASH-{i}")})),
            );
            assert_eq!(status, 201, "{placed}");
            numbers.push(placed["number"].as_str().unwrap().to_owned());
        }
        for (n, steps) in numbers.iter().zip([&["confirm", "ship"][..], &["confirm"][..], &["cancel"][..]]) {
            for step in steps {
                let (path, body) = match *step {
                    "ship" => ("shipments", json!({"carrier": "DHL", "tracking_number": "JD1"})),
                    "cancel" => ("cancel", json!({"reason": "test"})),
                    other => (other, json!({})),
                };
                let (status, order) = call("POST", &format!("{base}/api/v1/admin/orders/{n}/{path}"), Some(&key), Some(body));
                assert!(status == 200 || status == 201, "{step} {n}: {order}");
            }
        }
        // Wait until the failing receiver has been tried, then kill the process without any chance to clean up.
        let started = Instant::now();
        while seen_before.lock().unwrap().is_empty() {
            assert!(started.elapsed() < Duration::from_secs(20), "no delivery attempt before the crash");
            std::thread::sleep(Duration::from_millis(20));
        }
        first.child.kill().unwrap();
        first.child.wait().unwrap();
        (secret, numbers)
    })
    .await
    .unwrap();
    assert!(
        seen.lock().unwrap().iter().all(|(_, _, s)| *s == 503),
        "nothing was accepted before the crash"
    );

    answer.store(200, Ordering::SeqCst);
    let database = database_url.clone();
    let data_dir = dir.clone();
    let expected = 3 + 2 + 1 + 1; // placed ×3, confirmed ×2, shipped, cancelled
    let seen_after = seen.clone();
    tokio::task::spawn_blocking(move || {
        let _second = Kontor::start(&database, &data_dir, free_port());
        let started = Instant::now();
        loop {
            let accepted = seen_after
                .lock()
                .unwrap()
                .iter()
                .filter(|(_, _, s)| *s == 200)
                .count();
            if accepted >= expected {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "only {accepted} of {expected} events arrived"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        // Anything more would be a duplicate: give it time to show.
        std::thread::sleep(Duration::from_millis(1500));
    })
    .await
    .unwrap();

    // Both processes sealed and opened the secret with the key kept in the data folder; the database never held it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = std::fs::metadata(dir.join("secret.key")).unwrap();
        assert_eq!(key.permissions().mode() & 0o777, 0o600);
    }
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database_url).await.unwrap();
    let (stored,): (String,) = sqlx::query_as("SELECT secret FROM webhook_subscriptions")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    assert!(
        !stored.contains(secret.trim_start_matches("whsec_")),
        "{stored}"
    );

    let seen = seen.lock().unwrap();
    let accepted: Vec<(&HeaderMap, Value)> = seen
        .iter()
        .filter(|(_, _, s)| *s == 200)
        .map(|(h, b, _)| {
            let header = h.get("kontor-signature").unwrap().to_str().unwrap();
            let t: i64 = header
                .trim_start_matches("t=")
                .split(',')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert_eq!(
                engine::events::webhook_signature(&secret, t, b),
                header,
                "signature of {b}"
            );
            (h, serde_json::from_str(b).unwrap())
        })
        .collect();
    assert_eq!(accepted.len(), expected, "each event exactly once");
    let mut ids: Vec<i64> = accepted
        .iter()
        .map(|(_, e)| e["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), expected, "no event twice");
    let mut by_order: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    for (_, e) in &accepted {
        by_order
            .entry(e["data"]["number"].as_str().unwrap().to_owned())
            .or_default()
            .push((
                e["id"].as_i64().unwrap(),
                e["type"].as_str().unwrap().to_owned(),
            ));
    }
    let types = |n: &str| -> Vec<String> {
        let events = &by_order[n];
        assert!(
            events.windows(2).all(|w| w[0].0 < w[1].0),
            "{n} out of order: {events:?}"
        );
        events.iter().map(|(_, t)| t.clone()).collect()
    };
    assert_eq!(
        types(&numbers[0]),
        ["order.placed", "order.confirmed", "order.shipped"]
    );
    assert_eq!(types(&numbers[1]), ["order.placed", "order.confirmed"]);
    assert_eq!(types(&numbers[2]), ["order.placed", "order.cancelled"]);

    let _ = std::fs::remove_dir_all(&dir);
}
