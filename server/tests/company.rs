//! Through the real router: a person in two companies lists them and switches the company a token or a
//! storefront session acts for (never to one they do not belong to); a company's admin keeps its cost centres, a
//! buyer charges an order to one, and a buyer, another company's admin and a stranger change nothing.

mod support;

use axum::http::StatusCode;
use engine::exchange::CustomerRecord;
use support::{TestApp, json_of, keyed, session_cookie, spawn_app, token_of};

/// ACME's buyer becomes a buyer of Globex too.
async fn join_globex(app: &TestApp) {
    let record: CustomerRecord = serde_json::from_str(
        r#"{"company":"globex","email":"buyer@acme.example","name":"Buyer","role":"buyer"}"#,
    )
    .unwrap();
    let outcomes = app
        .engine
        .upsert_customers(&engine::Actor::process("test"), vec![(1, Ok(record))])
        .await
        .unwrap();
    assert!(outcomes[0].1.is_ok(), "{outcomes:?}");
}

#[tokio::test]
async fn a_token_switches_to_another_of_its_persons_companies_only() {
    let app = spawn_app().await;
    join_globex(&app).await;
    let token = token_of(&app, "buyer@acme.example").await;
    let listed = json_of(
        &app.api("GET", "/api/v1/account/companies", Some(&token), None)
            .await,
    );
    let mut codes: Vec<(String, bool)> = listed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["company"].as_str().unwrap().to_owned(),
                m["current"].as_bool().unwrap(),
            )
        })
        .collect();
    codes.sort();
    assert_eq!(codes, [("acme".into(), true), ("globex".into(), false)]);

    let switched = app
        .api(
            "PUT",
            "/api/v1/account/company",
            Some(&token),
            Some(r#"{"company":"globex"}"#),
        )
        .await;
    assert_eq!(switched.status, StatusCode::OK, "{}", switched.body);
    let me = json_of(&app.api("GET", "/api/v1/account", Some(&token), None).await);
    assert_eq!(me["company"], "globex");
    let refused = app
        .api(
            "PUT",
            "/api/v1/account/company",
            Some(&token),
            Some(r#"{"company":"initech"}"#),
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&refused)["errors"][0]["field"], "company");
    let other = token_of(&app, "buyer@globex.example").await;
    let foreign = app
        .api(
            "PUT",
            "/api/v1/account/company",
            Some(&other),
            Some(r#"{"company":"acme"}"#),
        )
        .await;
    assert_eq!(
        foreign.status,
        StatusCode::BAD_REQUEST,
        "Globex's buyer is not ACME's"
    );
    let stranger = app
        .api(
            "PUT",
            "/api/v1/account/company",
            None,
            Some(r#"{"company":"acme"}"#),
        )
        .await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);

    // The storefront's header offers the switch, and its form switches the session.
    let cookie = session_cookie(&app, "buyer@acme.example").await;
    let page = app.get_with_cookie("/account", &cookie).await;
    assert!(page.body.contains("company-switch"), "{}", page.body);
    let posted = app
        .form_post(
            "/api/account/company",
            "company=globex",
            "/cart",
            Some(&cookie),
        )
        .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert!(
        posted.location().starts_with("/cart"),
        "{}",
        posted.location()
    );
    let page = app.get_with_cookie("/account", &cookie).await;
    assert!(
        page.body.contains("<dd>Globex"),
        "the account page is Globex's now"
    );
    let single = session_cookie(&app, "buyer@globex.example").await;
    assert!(
        !app.get_with_cookie("/account", &single)
            .await
            .body
            .contains("company-switch")
    );
}

#[tokio::test]
async fn a_companys_admin_keeps_cost_centres_and_a_buyer_charges_orders_to_them() {
    let app = spawn_app().await;
    let admin = token_of(&app, "admin@acme.example").await;
    let buyer = token_of(&app, "buyer@acme.example").await;
    let globex_admin = token_of(&app, "admin@globex.example").await;
    let path = "/api/v1/company/cost-centres/WS-N";
    let body = r#"{"name":"Workshop north","budget":"5000","period":"quarter"}"#;
    for (who, token, status) in [
        ("the buyer", Some(&buyer), StatusCode::FORBIDDEN),
        ("a stranger", None, StatusCode::UNAUTHORIZED),
    ] {
        let reply = app
            .api("PUT", path, token.map(String::as_str), Some(body))
            .await;
        assert_eq!(reply.status, status, "{who}: {}", reply.body);
    }
    let bad = app
        .api(
            "PUT",
            path,
            Some(&admin),
            Some(r#"{"name":"Workshop north","budget":"lots"}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "budget");
    let bad_code = app
        .api(
            "PUT",
            "/api/v1/company/cost-centres/W%20S",
            Some(&admin),
            Some(body),
        )
        .await;
    assert_eq!(json_of(&bad_code)["errors"][0]["field"], "code");
    let set = app.api("PUT", path, Some(&admin), Some(body)).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    assert_eq!(json_of(&set)["data"][0]["budget"], "5000");
    let seen = json_of(
        &app.api("GET", "/api/v1/company/cost-centres", Some(&buyer), None)
            .await,
    );
    assert_eq!(seen["data"][0]["code"], "WS-N");
    let globex = json_of(
        &app.api(
            "GET",
            "/api/v1/company/cost-centres",
            Some(&globex_admin),
            None,
        )
        .await,
    );
    assert_eq!(
        globex["data"].as_array().unwrap().len(),
        0,
        "Globex sees none of ACME's"
    );
    let foreign = app.api("DELETE", path, Some(&globex_admin), None).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    // The buyer charges an order to it; the order says so.
    let (_, sku) = app.hex_bolt().await;
    let cart = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&buyer),
            Some(&format!(r#"{{"sku":"{sku}","quantity":2}}"#)),
        )
        .await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.body);
    let order = r#"{"ship_to":{"name":"Goods in","line1":"Dock 4","postal_code":"20457","city":"Hamburg","country":"DE"},
        "shipping_method":"parcel-eur","payment":"invoice","cost_centre":"NOPE"}"#;
    let unknown = keyed(&app, "/api/v1/orders", &buyer, "centre-order-0", order).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.body);
    assert_eq!(json_of(&unknown)["errors"][0]["field"], "cost_centre");
    let placed = keyed(
        &app,
        "/api/v1/orders",
        &buyer,
        "centre-order-1",
        &order.replace("NOPE", "WS-N"),
    )
    .await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    let number = json_of(&placed)["number"].as_str().unwrap().to_owned();
    let detail = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&buyer),
            None,
        )
        .await,
    );
    assert_eq!(detail["cost_centre"], "WS-N Workshop north");
    let invoice = app
        .get_with_cookie(
            &format!("/account/orders/{number}/invoice"),
            &session_cookie(&app, "buyer@acme.example").await,
        )
        .await;
    assert!(
        invoice.body.contains("WS-N Workshop north"),
        "the invoice carries it"
    );

    // Checkout's plain form offers the centres and charges the order to the one chosen.
    let cart = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&buyer),
            Some(&format!(r#"{{"sku":"{sku}","quantity":2}}"#)),
        )
        .await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.body);
    let cookie = session_cookie(&app, "buyer@acme.example").await;
    let page = app.get_with_cookie("/checkout", &cookie).await;
    assert!(
        page.body
            .contains(r#"<option value="WS-N">WS-N Workshop north</option>"#),
        "{}",
        page.body
    );
    let form = format!(
        "idempotency_key={}&address=new&name=Goods+in&company=&line1=Dock+4&line2=&postal_code=20457&city=Hamburg\
         &country=DE&phone=&shipping_method=parcel-eur&payment=invoice&po_number=&expected_subtotal={}&cost_centre=WS-N",
        page.input_value("idempotency_key").unwrap(),
        page.input_value("expected_subtotal").unwrap()
    );
    let placed = app
        .form_post("/api/checkout/place", &form, "/checkout", Some(&cookie))
        .await;
    let location = placed.location();
    assert!(
        location.starts_with("/checkout/confirmation/"),
        "{location}"
    );
    let number = location.rsplit('/').next().unwrap();
    let detail = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&buyer),
            None,
        )
        .await,
    );
    assert_eq!(detail["cost_centre"], "WS-N Workshop north");

    // The account area's forms: a viewer and a stranger change nothing, another company's admin finds nothing.
    let form = "code=PRJ-7&name=Project+7&budget=100&period=quarter";
    let viewer = session_cookie(&app, "viewer@acme.example").await;
    let refused = app
        .form_post(
            "/api/cost-centres/set",
            form,
            "/account/approvals",
            Some(&viewer),
        )
        .await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let stranger = app
        .form_post("/api/cost-centres/set", form, "/account/approvals", None)
        .await;
    assert!(
        stranger.location().starts_with("/account/sign-in"),
        "{}",
        stranger.location()
    );
    let admin_cookie = session_cookie(&app, "admin@acme.example").await;
    let saved = app
        .form_post(
            "/api/cost-centres/set",
            form,
            "/account/approvals",
            Some(&admin_cookie),
        )
        .await;
    assert_eq!(saved.location(), "/account/approvals?saved=1");
    let page = app
        .get_with_cookie("/account/approvals", &admin_cookie)
        .await;
    assert!(page.body.contains("Project 7"), "{}", page.body);
    let globex_cookie = session_cookie(&app, "admin@globex.example").await;
    let foreign = app
        .form_post(
            "/api/cost-centres/remove",
            "code=PRJ-7",
            "/account/approvals",
            Some(&globex_cookie),
        )
        .await;
    assert!(
        foreign.location().contains("error="),
        "{}",
        foreign.location()
    );
    let removed = app
        .form_post(
            "/api/cost-centres/remove",
            "code=PRJ-7",
            "/account/approvals",
            Some(&admin_cookie),
        )
        .await;
    assert_eq!(removed.location(), "/account/approvals?saved=1");

    assert_eq!(
        app.api("DELETE", path, Some(&buyer), None).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api("DELETE", path, Some(&admin), None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.api("DELETE", path, Some(&admin), None).await.status,
        StatusCode::NOT_FOUND
    );
}
