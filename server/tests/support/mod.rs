//! Boots the real application in-process on a fresh in-memory SQLite database with the demo catalog.

#![allow(dead_code)] // Each test file uses a different part of the support module.

use axum::{
    Router,
    body::Body,
    http::{Request, StatusCode, header},
};
use domain::Product;
use engine::{Engine, EngineConfig, seed::demo_catalog};
use http_body_util::BodyExt;
use server::AppState;
use tower::ServiceExt;

pub mod back_office;

pub struct TestApp {
    pub engine: Engine,
    router: Router,
    _serial: tokio::sync::MutexGuard<'static, ()>,
}

/// Test apps of one test binary run one at a time. Each `#[tokio::test]` has a runtime of its own, and renders on
/// several runtimes of one process at once were seen to leave a render waiting forever now and then; a `kontor`
/// process has one runtime, and concurrency there is exercised by `bench/load.sh` and the browser tests.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn title(&self) -> String {
        let start = self.body.find("<title>").map(|i| i + 7).unwrap_or(0);
        let end = self.body[start..]
            .find("</title>")
            .map(|i| start + i)
            .unwrap_or(start);
        self.body[start..end].to_owned()
    }

    /// The `href` of `<link rel="canonical">`.
    pub fn canonical(&self) -> String {
        let end = self
            .body
            .find(" rel=\"canonical\"")
            .expect("a canonical link");
        let start = self.body[..end].rfind("href=\"").expect("an href") + 6;
        self.body[start..end - 1].to_owned()
    }

    /// Every JSON-LD block of the page, parsed.
    pub fn json_ld(&self) -> Vec<serde_json::Value> {
        self.body
            .split("<script type=\"application/ld+json\">")
            .skip(1)
            .map(|rest| {
                serde_json::from_str(&rest[..rest.find("</script>").unwrap()])
                    .expect("valid JSON-LD")
            })
            .collect()
    }

    /// `kontor_cart=…` from Set-Cookie, ready to send back.
    pub fn cart_cookie(&self) -> Option<String> {
        self.set_cookie("kontor_cart")
    }

    /// The whole Set-Cookie line for `name`, attributes included.
    pub fn set_cookie_line(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(str::to_owned)
    }

    /// `name=value` from Set-Cookie, ready to send back.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.set_cookie_line(name)
            .map(|v| v.split(';').next().unwrap().to_owned())
    }

    /// The redirect target.
    pub fn location(&self) -> String {
        self.header("location").unwrap_or_default().to_owned()
    }

    /// The `value` of the first form input named `name`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        let at = self.body.find(&format!("name=\"{name}\""))?;
        let tag_start = self.body[..at].rfind('<')?;
        let tag_end = at + self.body[at..].find('>')?;
        let tag = &self.body[tag_start..tag_end];
        let v = tag.find("value=\"")? + 7;
        Some(tag[v..v + tag[v..].find('"')?].to_owned())
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|engine| engine).await
}

/// [`spawn_app`] with the engine adjusted first (an ERP connected, say).
pub async fn spawn_app_with(adjust: impl FnOnce(Engine) -> Engine) -> TestApp {
    spawn(Some(demo_catalog()), EngineConfig::default(), adjust).await
}

/// [`spawn_app_with`] allowing private targets, for webhook receivers and ERP simulators on 127.0.0.1.
pub async fn spawn_app_with_local_targets(adjust: impl FnOnce(Engine) -> Engine) -> TestApp {
    let config = EngineConfig {
        allow_private_targets: true,
        ..EngineConfig::default()
    };
    spawn(Some(demo_catalog()), config, adjust).await
}

/// The application on a migrated database with nothing in it, as `kontor serve` starts a new shop.
pub async fn spawn_empty_app() -> TestApp {
    spawn(None, EngineConfig::default(), |engine| engine).await
}

async fn spawn(
    seed: Option<engine::seed::SeedCatalog>,
    config: EngineConfig,
    adjust: impl FnOnce(Engine) -> Engine,
) -> TestApp {
    let serial = SERIAL.lock().await;
    let engine = Engine::connect("sqlite::memory:", config).await.unwrap();
    let engine = adjust(engine);
    engine.migrate().await.unwrap();
    if let Some(seed) = seed {
        engine.seed(&seed).await.unwrap();
    }
    // As `kontor serve` does: the index is built before the first request.
    engine.warm_up().await.unwrap();
    let leptos = leptos::config::LeptosOptions::builder()
        .output_name("kontor")
        // The files `public/` holds, as the release build copies them into the site root.
        .site_root(concat!(env!("CARGO_MANIFEST_DIR"), "/../public"))
        .build();
    let router = server::router(AppState {
        engine: engine.clone(),
        leptos,
        site_url: app::SiteUrl("http://shop.test".into()),
        page_cache_bytes: 8 * 1024 * 1024,
        clients: Default::default(),
        bulk_max_bytes: server::DEFAULT_BULK_MAX_BYTES,
    });
    TestApp {
        engine,
        router,
        _serial: serial,
    }
}

impl TestApp {
    /// Any request, as built by the test.
    pub async fn send(&self, request: Request<Body>) -> Reply {
        let what = format!("{} {}", request.method(), request.uri());
        // A request that never answers fails its test instead of hanging the run.
        let response = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            self.router.clone().oneshot(request),
        )
        .await
        .unwrap_or_else(|_| panic!("{what} did not answer within 20 s"))
        .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// The router's answer as soon as it starts, its body unread: for answers that stream.
    pub async fn respond(&self, request: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(request).await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::ACCEPT, "text/html")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// An API call: JSON in and out, with a bearer token when given.
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::ACCEPT, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        self.send(
            request
                .body(Body::from(body.unwrap_or_default().to_owned()))
                .unwrap(),
        )
        .await
    }

    /// A GET as a script sends it, asking for JSON.
    pub async fn get_json(&self, path: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::ACCEPT, "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::ACCEPT, "text/html")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    pub async fn get_encoded(&self, path: &str, encoding: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::ACCEPT_ENCODING, encoding)
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    /// A form post as a browser without JavaScript sends it.
    pub async fn form_post(
        &self,
        path: &str,
        body: &str,
        referer: &str,
        cookie: Option<&str>,
    ) -> Reply {
        let mut request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
            .header(header::REFERER, format!("http://shop.test{referer}"));
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, cookie);
        }
        self.send(request.body(Body::from(body.to_owned())).unwrap())
            .await
    }

    /// A form post as the hydrated page sends it.
    pub async fn json_form_post(&self, path: &str, body: &str) -> Reply {
        self.send(
            Request::post(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .header(header::ORIGIN, "http://shop.test")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await
    }

    /// A new secret key with `scopes`, made by the operator.
    pub async fn secret_key(&self, scopes: &[engine::Scope]) -> String {
        self.engine
            .create_api_key(
                &engine::Actor::process("test"),
                engine::NewApiKey {
                    kind: engine::KeyKind::Secret,
                    name: format!("key with {} scopes", scopes.len()),
                    scopes: scopes.to_vec(),
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await
            .unwrap()
            .secret
    }

    /// A guest of the default channel.
    pub async fn guest(&self) -> engine::Shopper {
        self.engine.default_shopper().await.unwrap()
    }

    pub async fn first_category_slug(&self) -> String {
        let guest = self.guest().await;
        self.engine.home_page(&guest).await.unwrap().categories[0]
            .category
            .slug
            .to_string()
    }

    /// The first product of the first category whose first variant is in stock.
    pub async fn first_product(&self) -> (String, Product) {
        let slug = self.first_category_slug().await;
        let guest = self.guest().await;
        let listing = self
            .engine
            .category_page(&guest, &slug, &page(1), 24)
            .await
            .unwrap();
        for summary in listing.products {
            let product = self
                .engine
                .product(&guest, summary.slug.as_str())
                .await
                .unwrap();
            if product.variants[0].on_hand >= 10 {
                return (summary.slug.to_string(), product);
            }
        }
        panic!("no product with stock in {slug}");
    }

    pub async fn cart_items(&self, cookie: &str) -> u64 {
        let token = domain::CartToken::parse(cookie.trim_start_matches("kontor_cart=")).unwrap();
        self.engine
            .cart(&self.guest().await, &token)
            .await
            .map(|c| c.item_count)
            .unwrap_or(0)
    }
}

/// Page `n` of a plain listing.
pub fn page(n: u32) -> domain::ListingQuery {
    domain::ListingQuery {
        page: n,
        ..domain::ListingQuery::default()
    }
}

impl TestApp {
    /// The slug and first SKU of the demo catalog's best match for "hex bolt", as an API client finds them.
    pub async fn hex_bolt(&self) -> (String, String) {
        let parse =
            |reply: Reply| -> serde_json::Value { serde_json::from_str(&reply.body).unwrap() };
        let list = parse(
            self.api("GET", "/api/v1/products?q=hex+bolt&limit=1", None, None)
                .await,
        );
        let slug = list["data"][0]["slug"].as_str().unwrap().to_owned();
        let product = parse(
            self.api("GET", &format!("/api/v1/products/{slug}"), None, None)
                .await,
        );
        let sku = product["variants"][0]["sku"].as_str().unwrap().to_owned();
        (slug, sku)
    }
}

/// A new secret key with `scopes`, bound to `company` when given: its secret.
pub async fn secret_key(app: &TestApp, scopes: &[engine::Scope], company: Option<&str>) -> String {
    app.engine
        .create_api_key(
            &engine::Actor::process("test"),
            engine::NewApiKey {
                kind: engine::KeyKind::Secret,
                name: "test".into(),
                scopes: scopes.to_vec(),
                channel: None,
                company: company.map(str::to_owned),
                rate_per_minute: None,
            },
        )
        .await
        .unwrap()
        .secret
}

/// The reply's body as JSON.
pub fn json_of(reply: &Reply) -> serde_json::Value {
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{e}: {}", reply.body))
}

/// A storefront session cookie (`kontor_session=…`), signed in with the account page's plain form.
pub async fn session_cookie(app: &TestApp, email: &str) -> String {
    let reply = app
        .form_post(
            "/api/account/sign-in",
            &format!("email={email}&password=kontor-demo&next=/account"),
            "/account/sign-in",
            None,
        )
        .await;
    reply.set_cookie("kontor_session").expect("a session")
}

/// A buyer's API token.
pub async fn token_of(app: &TestApp, email: &str) -> String {
    let body = format!(r#"{{"email":"{email}","password":"kontor-demo"}}"#);
    let reply = app.api("POST", "/api/v1/sessions", None, Some(&body)).await;
    json_of(&reply)["token"].as_str().unwrap().to_owned()
}

/// A request with the buyer's token and an idempotency key.
pub async fn keyed(app: &TestApp, path: &str, token: &str, key: &str, body: &str) -> Reply {
    app.send(
        Request::post(path)
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(Body::from(body.to_owned()))
            .unwrap(),
    )
    .await
}

/// A buyer of `email` orders two units of a hex bolt on account through the API; the order number.
pub async fn place_order(app: &TestApp, email: &str, key: &str) -> String {
    let placed = order_reply(app, email, key, "invoice").await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    json_of(&placed)["number"].as_str().unwrap().to_owned()
}

/// A buyer of `email` puts two hex bolts in the cart and orders them paying by `payment`, under idempotency key
/// `key`; the order's reply, whatever it is.
pub async fn order_reply(app: &TestApp, email: &str, key: &str, payment: &str) -> Reply {
    let token = token_of(app, email).await;
    let (_, sku) = app.hex_bolt().await;
    let cart = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&token),
            Some(&format!(r#"{{"sku":"{sku}","quantity":2}}"#)),
        )
        .await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.body);
    let order = format!(
        r#"{{"ship_to":{{"name":"Goods in","line1":"Dock 4","postal_code":"20457","city":"Hamburg","country":"DE"}},
            "shipping_method":"parcel-eur","payment":"{payment}","po_number":"ADM-1"}}"#
    );
    keyed(app, "/api/v1/orders", &token, key, &order).await
}
