//! Limits at the door, through the real router: sign-in budgets per client address in the API and the storefront
//! alike, a made-up `X-Forwarded-For` that buys nothing, the budget of anonymous API calls, and API sign-out.

mod support;

use std::net::SocketAddr;

use axum::{
    body::Body,
    extract::ConnectInfo,
    http::{Request, StatusCode, header},
};
use support::{Reply, TestApp, spawn_app};

const PASSWORD: &str = engine::seed::DEMO_PASSWORD;

/// A sign-in through the API from the socket `peer`, with an optional `X-Forwarded-For`.
async fn api_sign_in(app: &TestApp, peer: &str, forwarded: Option<&str>, password: &str) -> Reply {
    let mut request = Request::post("/api/v1/sessions")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ACCEPT, "application/json");
    if let Some(forwarded) = forwarded {
        request = request.header("x-forwarded-for", forwarded);
    }
    let mut request = request
        .body(Body::from(format!(
            r#"{{"email":"viewer@acme.example","password":"{password}"}}"#
        )))
        .unwrap();
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    app.send(request).await
}

#[tokio::test]
async fn an_address_that_spends_its_sign_in_budget_gets_429_with_retry_after_and_a_spoofed_header_buys_nothing()
 {
    let app = spawn_app().await;
    // 30 at once, plus the few the budget refills (one every two seconds) while the hashing runs. Each attempt
    // claims another origin; without a trusted proxy the socket's address is what counts.
    let mut signed_in = 0;
    let refused = loop {
        let forwarded = format!("198.51.100.{}", signed_in % 250);
        let reply = api_sign_in(&app, "203.0.113.5:4000", Some(&forwarded), PASSWORD).await;
        if reply.status != StatusCode::CREATED {
            break reply;
        }
        signed_in += 1;
        assert!(signed_in < 60, "no limit after {signed_in} sign-ins");
    };
    assert!(
        signed_in >= 30,
        "only {signed_in} sign-ins before the limit"
    );
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.body
    );
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    assert!(refused.body.contains("rate_limited"));
    // Another machine signs in as usual.
    let other = api_sign_in(&app, "192.0.2.10:4000", None, PASSWORD).await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);

    // The storefront's form shares the budget: the same engine rule, not a copy in one head. (Spent again first,
    // in case the budget refilled a sign-in meanwhile.)
    while api_sign_in(&app, "203.0.113.5:4003", None, PASSWORD)
        .await
        .status
        == StatusCode::CREATED
    {}
    let mut form = Request::post("/api/account/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, "http://shop.test/account/sign-in")
        .body(Body::from(format!(
            "email=viewer@acme.example&password={PASSWORD}&next=/account"
        )))
        .unwrap();
    form.extensions_mut().insert(ConnectInfo(
        "203.0.113.5:4002".parse::<SocketAddr>().unwrap(),
    ));
    let reply = app.send(form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert!(
        reply.location().contains("too%20many%20attempts"),
        "{}",
        reply.location()
    );
    assert!(reply.set_cookie("kontor_session").is_none());
}

#[tokio::test]
async fn anonymous_api_calls_have_a_budget_per_address_and_it_is_documented() {
    let app = spawn_app().await;
    let call = |peer: &'static str| {
        let mut request = Request::get("/api/v1/products?limit=1")
            .header(header::ACCEPT, "application/json")
            .body(Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(peer.parse::<SocketAddr>().unwrap()));
        app.send(request)
    };
    // 600 at once, and a few more that the budget refills while the calls run (10 a second).
    let mut answered = 0;
    let refused = loop {
        let reply = call("203.0.113.8:5000").await;
        if reply.status != StatusCode::OK {
            break reply;
        }
        answered += 1;
        assert!(answered < 800, "no limit after {answered} calls");
    };
    assert!(answered >= 600, "only {answered} calls answered");
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.header("retry-after").is_some());
    assert_eq!(call("203.0.113.9:5000").await.status, StatusCode::OK);

    // Every operation of the document declares the 429 and its Retry-After.
    let doc: serde_json::Value = serde_json::from_str(&server::api::openapi_json()).unwrap();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let limited = &operation["responses"]["429"];
            assert!(
                limited["headers"]["Retry-After"].is_object(),
                "{method} {path} does not document 429 with Retry-After"
            );
        }
    }
}

#[tokio::test]
async fn api_sign_out_ends_the_session_at_once() {
    let app = spawn_app().await;
    let signed = app
        .api(
            "POST",
            "/api/v1/sessions",
            None,
            Some(&format!(
                r#"{{"email":"buyer@acme.example","password":"{PASSWORD}"}}"#
            )),
        )
        .await;
    assert_eq!(signed.status, StatusCode::CREATED);
    let token = serde_json::from_str::<serde_json::Value>(&signed.body).unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        app.api("GET", "/api/v1/account", Some(&token), None)
            .await
            .status,
        StatusCode::OK
    );
    let out = app
        .api("DELETE", "/api/v1/sessions/current", Some(&token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    assert_eq!(
        app.api("GET", "/api/v1/account", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    // Signing out twice, or with no token, is a 401: there is no session to end.
    assert_eq!(
        app.api("DELETE", "/api/v1/sessions/current", Some(&token), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.api("DELETE", "/api/v1/sessions/current", None, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
