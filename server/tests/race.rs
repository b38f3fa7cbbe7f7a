//! Checkout under load and failure with real processes: `kontor` app servers on one PostgreSQL database, driven
//! over HTTP like any client. Runs when `KONTOR_TEST_POSTGRES_URL` names a server (CI always sets it).
//!
//! - 220 buyers race through two app servers for the last 10 units: exactly 10 orders, each complete.
//! - An app server killed (SIGKILL) while 60 checkouts are in flight leaves no partial order and no leaked
//!   reservation; retrying every checkout with its idempotency key on a fresh server yields exactly one order each.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use domain::{Email, Password, Quantity, Sku};
use engine::{Engine, EngineConfig, seed::demo_catalog};
use sqlx::{Connection, Executor, postgres::PgConnection};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

struct Database {
    admin_url: String,
    name: String,
    url: String,
}

impl Database {
    async fn create(admin_url: &str, tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!("kontor_{tag}_{}_{nanos}", std::process::id());
        let mut admin = PgConnection::connect(admin_url).await.unwrap();
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        Self {
            admin_url: admin_url.to_owned(),
            url: format!("{base}/{name}"),
            name,
        }
    }

    async fn drop(self) {
        let mut admin = PgConnection::connect(&self.admin_url).await.unwrap();
        let _ = admin
            .execute(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name).as_str())
            .await;
    }
}

/// A `kontor serve` process on a free port.
struct AppServer {
    child: Child,
    addr: String,
}

impl AppServer {
    async fn start(database_url: &str) -> Self {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(env!("CARGO_BIN_EXE_kontor"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("KONTOR_SEARCH_DIR", "memory")
            .env("KONTOR_DB_MAX_CONNECTIONS", "12")
            .env("KONTOR_DATA_DIR", std::env::temp_dir().join("kontor-race"))
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the kontor binary starts");
        let started = Instant::now();
        loop {
            if let Ok((200, _)) = request(&addr, "GET /healthz", "", "").await {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "kontor did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Self { child, addr }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for AppServer {
    fn drop(&mut self) {
        self.kill();
    }
}

/// One HTTP/1.1 exchange as a headless client sends it (JSON answers); returns status and body.
async fn request(
    addr: &str,
    method_path: &str,
    body: &str,
    cookie: &str,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).await?;
    let head = format!(
        "{method_path} HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{addr}\r\nAccept: application/json\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nCookie: {cookie}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await?;
    let text = String::from_utf8_lossy(&reply).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("no status line"))?;
    Ok((status, text))
}

/// `n` private buyers signed up, each with `sku` in the cart; returns their session cookies.
async fn buyers_with_carts(engine: &Engine, n: usize, sku: &Sku) -> Vec<String> {
    let guest = engine.default_shopper().await.unwrap();
    let password = Password::parse("racing-password").unwrap();
    let mut cookies = Vec::with_capacity(n);
    for i in 0..n {
        let email = Email::parse(&format!("buyer{i}@race.example")).unwrap();
        let signed = engine
            .sign_up(
                &email,
                &password,
                "Racer",
                "http://shop/confirm",
                machine(i),
            )
            .await
            .unwrap();
        engine
            .confirm_email_of(signed.account.customer_id)
            .await
            .unwrap();
        let shopper = engine
            .shopper_as(guest.clone(), &signed.account)
            .await
            .unwrap();
        engine
            .add_to_cart(&shopper, None, sku, Quantity::parse(1).unwrap())
            .await
            .unwrap();
        cookies.push(format!("kontor_session={}", signed.token));
    }
    cookies
}

fn checkout_body(key: &str) -> String {
    format!(
        "idempotency_key={key}&address=new&name=Racer&company=&line1=Track%201&line2=&postal_code=10115\
         &city=Berlin&country=DE&phone=&shipping_method=parcel-eur&payment=bank_transfer&po_number=\
         &expected_subtotal="
    )
}

/// A migrated, seeded database with one variant stocked at `stock` units and `buyers` buyers holding it in their
/// carts; `None` without PostgreSQL.
async fn prepared(
    tag: &str,
    buyers: usize,
    stock: i64,
) -> Option<(Database, Engine, Vec<String>, Sku)> {
    let Ok(admin_url) = std::env::var("KONTOR_TEST_POSTGRES_URL") else {
        eprintln!("KONTOR_TEST_POSTGRES_URL is not set: skipping the multi-process checkout test");
        return None;
    };
    let db = Database::create(&admin_url, tag).await;
    let engine = Engine::connect(&db.url, EngineConfig::default())
        .await
        .unwrap();
    engine.migrate().await.unwrap();
    engine.seed(&demo_catalog()).await.unwrap();
    engine.warm_up().await.unwrap();
    let guest = engine.default_shopper().await.unwrap();
    let first = domain::ListingQuery {
        page: 1,
        ..domain::ListingQuery::default()
    };
    let listing = engine.search(&guest, &first, 1).await.unwrap();
    let product = engine
        .product(&guest, listing.products[0].slug.as_str())
        .await
        .unwrap();
    let sku = product.variants[0].sku.clone();
    engine
        .set_stock(&engine::Actor::process("test"), "main", &sku, stock)
        .await
        .unwrap();
    let cookies = buyers_with_carts(&engine, buyers, &sku).await;
    Some((db, engine, cookies, sku))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_buyers_on_two_app_servers_race_for_the_last_ten_units() {
    let Some((db, engine, cookies, sku)) = prepared("race", 220, 10).await else {
        return;
    };
    let servers = [
        AppServer::start(&db.url).await,
        AppServer::start(&db.url).await,
    ];
    let addrs: Vec<String> = servers.iter().map(|s| s.addr.clone()).collect();
    let tasks: Vec<_> = cookies
        .into_iter()
        .enumerate()
        .map(|(i, cookie)| {
            let addr = addrs[i % 2].clone();
            tokio::spawn(async move {
                request(
                    &addr,
                    "POST /api/checkout/place",
                    &checkout_body(&format!("race-{i:05}")),
                    &cookie,
                )
                .await
                .unwrap()
            })
        })
        .collect();
    let (mut sold, mut refused) = (0, 0);
    for task in tasks {
        let (status, body) = task.await.unwrap();
        if status == 200 {
            assert!(body.contains("\"number\""), "{body}");
            sold += 1;
        } else {
            assert!(
                body.contains("OutOfStock"),
                "only a stock refusal is expected: {body}"
            );
            refused += 1;
        }
    }
    assert_eq!((sold, refused), (10, 210));
    let stock = engine.availability(&sku).await.unwrap();
    assert_eq!(
        (stock.on_hand, stock.reserved, stock.available),
        (10, 10, 0)
    );
    assert_eq!(
        engine.audit_orders_and_stock().await.unwrap(),
        Vec::<String>::new()
    );
    drop(servers);
    engine.close().await;
    db.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_mid_checkout_leaves_no_partial_order_and_retries_order_once() {
    let Some((db, engine, cookies, sku)) = prepared("crash", 60, 1000).await else {
        return;
    };
    let mut server = AppServer::start(&db.url).await;
    let tasks: Vec<_> = cookies
        .iter()
        .enumerate()
        .map(|(i, cookie)| {
            let (addr, cookie) = (server.addr.clone(), cookie.clone());
            tokio::spawn(async move {
                request(
                    &addr,
                    "POST /api/checkout/place",
                    &checkout_body(&format!("crash-{i:05}")),
                    &cookie,
                )
                .await
            })
        })
        .collect();
    // Kill as soon as the first order commits, so most checkouts are caught half-way.
    let started = Instant::now();
    while engine.availability(&sku).await.unwrap().reserved == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no checkout committed"
        );
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    let answered = futures_count(tasks).await;
    eprintln!(
        "{answered} of {} checkouts answered before the kill",
        cookies.len()
    );
    assert_eq!(
        engine.audit_orders_and_stock().await.unwrap(),
        Vec::<String>::new()
    );

    // Every buyer retries with the same key on a fresh server: each ends with exactly one order.
    let server = AppServer::start(&db.url).await;
    for (i, cookie) in cookies.iter().enumerate() {
        let (status, body) = request(
            &server.addr,
            "POST /api/checkout/place",
            &checkout_body(&format!("crash-{i:05}")),
            cookie,
        )
        .await
        .unwrap();
        assert_eq!(status, 200, "{body}");
    }
    let stock = engine.availability(&sku).await.unwrap();
    assert_eq!(stock.reserved, 60, "one order of one unit per buyer");
    assert_eq!(
        engine.audit_orders_and_stock().await.unwrap(),
        Vec::<String>::new()
    );
    drop(server);
    engine.close().await;
    db.drop().await;
}

/// Waits for every request; returns how many got an HTTP answer before the server died.
async fn futures_count(
    tasks: Vec<tokio::task::JoinHandle<std::io::Result<(u16, String)>>>,
) -> usize {
    let mut answered = 0;
    for task in tasks {
        if let Ok(Ok((200, _))) = task.await {
            answered += 1;
        }
    }
    answered
}

/// Buyer `i`'s own machine: every buyer of a real race signs up from an address of their own, within the
/// per-address budget.
fn machine(i: usize) -> engine::ClientAddr {
    engine::ClientAddr(std::net::IpAddr::from([
        10,
        0,
        (i / 256) as u8,
        (i % 256) as u8,
    ]))
}
