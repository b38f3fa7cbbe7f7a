//! Security rules through the real router: redirects after sign-in stay on this site, the guest page cache and
//! the page agree on a repeated channel cookie, a publishable key's budget and idempotency namespace are per client,
//! a product page's structured data never carries a signed-in buyer's prices.

mod support;

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use engine::{KeyKind, NewApiKey};
use support::{Reply, TestApp, spawn_app};

const PASSWORD: &str = engine::seed::DEMO_PASSWORD;

#[tokio::test]
async fn sign_in_never_redirects_to_another_host() {
    let app = spawn_app().await;
    // Form-encoded as a browser sends the hidden `next` field it was given.
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "//evil.example",
        "/%252F%252Fevil.example",
        "/%255Cevil.example",
        "/+/evil.example",
        "https://evil.example",
    ] {
        let reply = app
            .form_post(
                "/api/account/sign-in",
                &format!("email=buyer@acme.example&password={PASSWORD}&next={next}"),
                "/account/sign-in",
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "{next}: {}",
            reply.body
        );
        assert_eq!(reply.location(), "/account", "next={next}");
    }
    let local = app
        .form_post(
            "/api/account/sign-in",
            &format!("email=buyer@acme.example&password={PASSWORD}&next=/account/orders"),
            "/account/sign-in",
            None,
        )
        .await;
    assert_eq!(local.location(), "/account/orders");
}

#[tokio::test]
async fn a_repeated_channel_cookie_names_the_same_channel_to_the_cache_and_the_page() {
    let app = spawn_app().await;
    // The Swiss shop is gross francs in German; the trade shop is net euros in English.
    let swiss = |body: &str| body.contains("CHF") && body.contains("Handwerkzeug");
    let trade = |body: &str| body.contains("€") && !body.contains("Handwerkzeug");
    for (cookie, is_swiss) in [
        ("kontor_channel=trade; kontor_channel=shop-ch", false),
        ("kontor_channel=shop-ch", true),
        ("kontor_channel=shop-ch; kontor_channel=trade", true),
        ("kontor_channel=trade", false),
        ("kontor_channel=trade; kontor_channel=shop-ch", false),
    ] {
        let page = app.get_with_cookie("/", cookie).await;
        assert_eq!(page.status, StatusCode::OK);
        if is_swiss {
            assert!(swiss(&page.body), "{cookie}: {:?}", page.header("x-cache"));
        } else {
            assert!(trade(&page.body), "{cookie}: {:?}", page.header("x-cache"));
        }
    }
}

async fn publishable_key(app: &TestApp, rate: u32) -> String {
    app.engine
        .create_api_key(
            &engine::Actor::process("test"),
            NewApiKey {
                kind: KeyKind::Publishable,
                name: "App".into(),
                scopes: Vec::new(),
                channel: Some("trade".into()),
                company: None,
                rate_per_minute: Some(rate),
            },
        )
        .await
        .unwrap()
        .secret
}

/// A store call with `key` from the client at `addr`, as `kontor serve` sees it.
async fn from_client(
    app: &TestApp,
    addr: &str,
    request: axum::http::request::Builder,
    key: &str,
    body: Option<&str>,
) -> Reply {
    let mut request = request
        .header("x-publishable-key", key)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.unwrap_or_default().to_owned()))
        .unwrap();
    let addr: SocketAddr = addr.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(addr));
    app.send(request).await
}

#[tokio::test]
async fn a_publishable_key_has_a_budget_per_client_address() {
    let app = spawn_app().await;
    let key = publishable_key(&app, 2).await;
    let list = || Request::get("/api/v1/products?limit=1");
    for _ in 0..2 {
        let ok = from_client(&app, "192.0.2.1:5000", list(), &key, None).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    }
    let spent = from_client(&app, "192.0.2.1:5001", list(), &key, None).await;
    assert_eq!(spent.status, StatusCode::TOO_MANY_REQUESTS);
    let other = from_client(&app, "192.0.2.2:5000", list(), &key, None).await;
    assert_eq!(other.status, StatusCode::OK, "another user of the app");
}

#[tokio::test]
async fn guests_of_one_app_never_replay_each_others_answers() {
    let app = spawn_app().await;
    let key = publishable_key(&app, 100).await;
    let (_, sku) = app.hex_bolt().await;
    let body = format!(r#"{{"sku":"{sku}","quantity":1}}"#);
    let create = || Request::post("/api/v1/carts").header("idempotency-key", "new-cart-0001");
    let cart_of = |reply: &Reply| {
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        json["id"].as_str().unwrap().to_owned()
    };
    let first = from_client(&app, "192.0.2.1:5000", create(), &key, Some(&body)).await;
    let retry = from_client(&app, "192.0.2.1:5001", create(), &key, Some(&body)).await;
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(cart_of(&retry), cart_of(&first), "a guest's own retry");
    let other = from_client(&app, "192.0.2.2:5000", create(), &key, Some(&body)).await;
    assert_eq!(other.header("idempotent-replayed"), None);
    assert_ne!(
        cart_of(&other),
        cart_of(&first),
        "never another guest's cart"
    );
}

/// The slug of a product whose first variant ACME buys below the guest price, and both prices.
async fn contract_priced(app: &TestApp) -> (String, domain::Money, domain::Money) {
    let guest = app.guest().await;
    let session = app
        .engine
        .sign_in("buyer@acme.example", PASSWORD, engine::ClientAddr::LOCAL)
        .await;
    let acme = app
        .engine
        .shopper_as(guest.clone(), &session.unwrap().account)
        .await
        .unwrap();
    let listing = app
        .engine
        .search(&guest, &support::page(1), 100)
        .await
        .unwrap();
    for summary in listing.products {
        let slug = summary.slug.as_str();
        let public = app.engine.product(&guest, slug).await.unwrap().variants[0]
            .price
            .clone();
        let own = app.engine.product(&acme, slug).await.unwrap().variants[0]
            .price
            .clone();
        if let (Some(public), Some(own)) = (public, own)
            && own.amount < public.amount
        {
            return (slug.to_owned(), public, own);
        }
    }
    panic!("the demo data should give ACME a contract price");
}

fn offered_prices(reply: &Reply) -> Vec<String> {
    let product = reply
        .json_ld()
        .into_iter()
        .find(|d| d["@type"] == "Product")
        .expect("Product JSON-LD");
    let offers = &product["offers"];
    let list = match offers["@type"].as_str() {
        Some("AggregateOffer") => offers["offers"].as_array().unwrap().clone(),
        Some(_) => vec![offers.clone()],
        None => Vec::new(),
    };
    list.iter()
        .map(|o| o["price"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_product_pages_structured_data_never_carries_a_buyers_own_prices() {
    let app = spawn_app().await;
    let (slug, public, own) = contract_priced(&app).await;
    let path = format!("/products/{slug}");
    let as_guest = offered_prices(&app.get(&path).await);
    assert!(
        as_guest.contains(&public.amount.to_string()),
        "{as_guest:?}"
    );
    let signed_in = app
        .form_post(
            "/api/account/sign-in",
            &format!("email=buyer@acme.example&password={PASSWORD}&next=/account"),
            "/account/sign-in",
            None,
        )
        .await
        .set_cookie("kontor_session")
        .expect("a session");
    let page = app.get_with_cookie(&path, &signed_in).await;
    assert!(
        page.body.contains(&own.display()),
        "the buyer sees their price"
    );
    let as_buyer = offered_prices(&page);
    assert!(
        as_buyer.is_empty() || as_buyer == as_guest,
        "guest {as_guest:?}, buyer {as_buyer:?}"
    );
    assert!(!as_buyer.contains(&own.amount.to_string()));
}
