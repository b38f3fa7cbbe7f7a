//! Checkout and add-to-cart throughput through the real HTTP stack: the same router `kontor serve` runs, on a
//! loopback port, driven by keep-alive HTTP clients as a headless integration or a hydrated page drives it (JSON
//! answers). Run by `bench/checkout.sh`; settings from the environment:
//!
//! - `DATABASE_URL` (default: a new SQLite file in a temporary folder), seeded with the demo catalog when empty;
//! - `BUYERS` concurrent buyers per phase (default 32), `SECONDS` per phase (default 10);
//! - `CART_LINES`: how many different products each buyer's cart holds in phase 1 (default 5).
//!
//! Phase 1: each buyer adds one of their `CART_LINES` products to their cart again and again (the engine prices the
//! whole cart each time; the answer is its new count). Phase 2: other buyers each add a product and place an order (bank transfer, a new idempotency key
//! each time) again and again. Prints requests per second with p50 and p99 latency.

use std::time::{Duration, Instant};

use domain::{Email, Password, Sku};
use engine::{Engine, EngineConfig, seed::demo_catalog};
use server::AppState;
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: BufReader<TcpStream>,
    addr: String,
}

impl Client {
    async fn connect(addr: &str) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).unwrap();
        Self {
            stream: BufReader::new(stream),
            addr: addr.to_owned(),
        }
    }

    /// Posts a form and returns the status and the body.
    async fn post(&mut self, path: &str, body: &str, cookie: &str) -> (u16, String) {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {0}\r\nOrigin: http://{0}\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {1}\r\nCookie: {cookie}\r\n\r\n{body}",
            self.addr,
            body.len()
        );
        self.stream
            .get_mut()
            .write_all(head.as_bytes())
            .await
            .unwrap();
        let mut line = String::new();
        self.stream.read_line(&mut line).await.unwrap();
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (mut length, mut chunked) = (0usize, false);
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.unwrap();
            let header = line.trim_end().to_ascii_lowercase();
            if header.is_empty() {
                break;
            }
            if let Some(v) = header.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if header.starts_with("transfer-encoding:") && header.contains("chunked") {
                chunked = true;
            }
        }
        let mut bytes = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.stream.read_line(&mut line).await.unwrap();
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await.unwrap();
                if size == 0 {
                    break;
                }
                bytes.extend_from_slice(&chunk[..size]);
            }
        } else {
            bytes.resize(length, 0);
            self.stream.read_exact(&mut bytes).await.unwrap();
        }
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Latencies of one phase, merged over buyers.
struct Phase {
    latencies: Vec<Duration>,
    failures: usize,
    elapsed: Duration,
}

impl Phase {
    fn report(&mut self, name: &str) {
        self.latencies.sort();
        let pct = |p: f64| {
            let i = ((self.latencies.len() as f64 * p) as usize)
                .min(self.latencies.len().saturating_sub(1));
            self.latencies
                .get(i)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        println!(
            "{name:<38} {:>8.0} /s   p50 {:>6.2} ms   p99 {:>6.2} ms   ({} in {:.1} s, {} failed)",
            self.latencies.len() as f64 / self.elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            self.latencies.len(),
            self.elapsed.as_secs_f64(),
            self.failures
        );
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn sign_up_buyers(engine: &Engine, tag: &str, n: u64) -> Vec<String> {
    let password = Password::parse("benchmark-password").unwrap();
    let mut tasks = Vec::new();
    for i in 0..n {
        let engine = engine.clone();
        let password = password.clone();
        let email = Email::parse(&format!("{tag}-{i}@bench.example")).unwrap();
        tasks.push(tokio::spawn(async move {
            let signed = engine
                // Each buyer from an address of their own, as real buyers are: the default per-address budget
                // applies unchanged.
                .sign_up(
                    &email,
                    &password,
                    "Bench buyer",
                    "http://bench/confirm",
                    engine::ClientAddr(std::net::IpAddr::from([
                        10,
                        1,
                        (i / 256) as u8,
                        (i % 256) as u8,
                    ])),
                )
                .await
                .unwrap();
            // Benchmark buyers are confirmed, as a buyer who opened the emailed link is.
            engine
                .confirm_email_of(signed.account.customer_id)
                .await
                .unwrap();
            format!("kontor_session={}", signed.token)
        }));
    }
    let mut cookies = Vec::new();
    for t in tasks {
        cookies.push(t.await.unwrap());
    }
    cookies
}

/// Runs `step` for every buyer on its own connection until `seconds` pass.
async fn run_phase<F, Fut>(addr: &str, cookies: &[String], seconds: u64, step: F) -> Phase
where
    F: Fn(Client, String, u64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = (Client, bool)> + Send,
{
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (b, cookie) in cookies.iter().enumerate() {
        let (addr, cookie, step) = (addr.to_owned(), cookie.clone(), step.clone());
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(&addr).await;
            let (mut latencies, mut failures, mut n) = (Vec::new(), 0, b as u64 * 1_000_003);
            while Instant::now() < deadline {
                let t = Instant::now();
                let (c, ok) = step(client, cookie.clone(), n).await;
                client = c;
                n += 1;
                if ok {
                    latencies.push(t.elapsed());
                } else {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut phase = Phase {
        latencies: Vec::new(),
        failures: 0,
        elapsed: Duration::ZERO,
    };
    for t in tasks {
        let (l, f) = t.await.unwrap();
        phase.latencies.extend(l);
        phase.failures += f;
    }
    phase.elapsed = started.elapsed();
    phase
}

#[tokio::main]
async fn main() {
    let scratch = std::env::temp_dir().join(format!("kontor-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let database_url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}/kontor.db", scratch.display()));
    let (buyers, seconds) = (env_number("BUYERS", 32), env_number("SECONDS", 10));
    let cart_lines = env_number("CART_LINES", 5).max(1);
    let engine = Engine::connect(
        &database_url,
        EngineConfig {
            max_connections: 16,
            // As `kontor serve` reads it, so the benchmark can compare the durability levels.
            sqlite_sync_every_commit: std::env::var("KONTOR_SQLITE_SYNC").as_deref()
                != Ok("normal"),
            ..EngineConfig::default()
        },
    )
    .await
    .expect("the database answers");
    engine.migrate().await.unwrap();
    if engine.catalog_is_empty().await.unwrap() {
        engine.seed(&demo_catalog()).await.unwrap();
    }
    engine.warm_up().await.unwrap();
    let guest = engine.default_shopper().await.unwrap();
    let query = domain::ListingQuery {
        page: 1,
        ..domain::ListingQuery::default()
    };
    let mut skus: Vec<Sku> = Vec::new();
    for summary in engine.search(&guest, &query, 50).await.unwrap().products {
        let product = engine.product(&guest, summary.slug.as_str()).await.unwrap();
        let variant = &product.variants[0];
        if variant.rules.min == 1 && variant.rules.increment == 1 {
            engine
                .set_stock(
                    &engine::Actor::process("test"),
                    "main",
                    &variant.sku,
                    1_000_000_000,
                )
                .await
                .unwrap();
            skus.push(variant.sku.clone());
        }
    }
    let tag = format!("run{}", std::process::id());
    let carts = sign_up_buyers(&engine, &format!("{tag}-cart"), buyers).await;
    let orders = sign_up_buyers(&engine, &format!("{tag}-order"), buyers).await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let router = server::router(AppState {
        engine: engine.clone(),
        leptos: leptos::config::LeptosOptions::builder()
            .output_name("kontor")
            .site_root(scratch.display().to_string())
            .build(),
        site_url: app::SiteUrl(format!("http://{addr}")),
        page_cache_bytes: 0,
        clients: Default::default(),
        bulk_max_bytes: server::DEFAULT_BULK_MAX_BYTES,
    });
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    println!(
        "backend {:?}, {buyers} concurrent buyers, {} products, carts of {cart_lines} lines, {seconds} s per phase",
        engine.backend(),
        skus.len()
    );

    let pick = {
        let skus = skus.clone();
        move |n: u64| skus[(n.wrapping_mul(2_654_435_761) % skus.len() as u64) as usize].clone()
    };
    let add = {
        let skus = skus.clone();
        move |mut client: Client, cookie: String, n: u64| {
            // Buyer b's requests are numbered from b × 1,000,003: each buyer cycles through products of their own.
            let buyer = n / 1_000_003;
            let sku = skus[((buyer * 7 + n % cart_lines) % skus.len() as u64) as usize].clone();
            async move {
                let (status, _) = client
                    .post("/api/cart/add", &format!("sku={sku}&quantity=1"), &cookie)
                    .await;
                (client, status == 200)
            }
        }
    };
    run_phase(&addr, &carts, seconds, add)
        .await
        .report("add to cart (the whole cart priced)");

    let checkout = move |mut client: Client, cookie: String, n: u64| {
        let sku = pick(n);
        async move {
            let (added, _) = client
                .post("/api/cart/add", &format!("sku={sku}&quantity=1"), &cookie)
                .await;
            let body = format!(
                "idempotency_key=bench-{n:012}&address=new&name=Bench&company=&line1=Street%201&line2=\
                 &postal_code=10115&city=Berlin&country=DE&phone=&shipping_method=parcel-eur\
                 &payment=bank_transfer&po_number=&expected_subtotal="
            );
            let (placed, answer) = client.post("/api/checkout/place", &body, &cookie).await;
            if placed != 200 {
                eprintln!("checkout failed: {placed} {answer}");
            }
            (client, added == 200 && placed == 200)
        }
    };
    run_phase(&addr, &orders, seconds, checkout)
        .await
        .report("checkout (add a product, place the order)");
    let problems = engine.audit_orders_and_stock().await.unwrap();
    println!("orders-and-stock audit: {} problems", problems.len());
    engine.close().await;
    let _ = std::fs::remove_dir_all(scratch);
}
