//! Quotes through the real router: ACME's buyer asks for a quote on their cart; an ERP's key answers it with a
//! price and a date; the buyer accepts it and the order is at the quoted price. Another company's buyer, a
//! stranger, a key without `orders:write` and a key bound to another company reach nothing.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{json_of, keyed, secret_key, session_cookie, spawn_app, token_of};

#[tokio::test]
async fn a_quote_asked_from_the_cart_is_answered_by_the_erp_and_ordered_at_its_price() {
    let app = spawn_app().await;
    let (_, sku) = app.hex_bolt().await;
    let buyer = token_of(&app, "buyer@acme.example").await;
    let globex = token_of(&app, "buyer@globex.example").await;
    let erp = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None).await;
    let reader = secret_key(&app, &[Scope::OrdersRead], None).await;
    // A key bound to a company may only read (writing orders changes the whole shop).
    let globex_key = secret_key(&app, &[Scope::OrdersRead], Some("globex")).await;

    let cart = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&buyer),
            Some(&format!(r#"{{"sku":"{sku}","quantity":40}}"#)),
        )
        .await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.body);
    let asked = app
        .api(
            "POST",
            "/api/v1/quotes",
            Some(&buyer),
            Some(r#"{"message":"For the spring overhaul"}"#),
        )
        .await;
    assert_eq!(asked.status, StatusCode::CREATED, "{}", asked.body);
    let asked = json_of(&asked);
    let number = asked["number"].as_str().unwrap().to_owned();
    assert_eq!(asked["status"], "requested");
    assert_eq!(asked["lines"][0]["quantity"], 40);

    // The ERP finds it waiting and answers; others may not.
    let waiting = json_of(
        &app.api(
            "GET",
            "/api/v1/admin/quotes?status=requested",
            Some(&erp),
            None,
        )
        .await,
    );
    assert_eq!(waiting["data"][0]["number"], number.as_str());
    let answer = format!(
        r#"{{"prices":[{{"sku":"{sku}","unit_price":"0.05"}}],"valid_until":"2099-12-31","comment":"Spring price"}}"#
    );
    let path = format!("/api/v1/admin/quotes/{number}/answer");
    assert_eq!(
        app.api("POST", &path, Some(&reader), Some(&answer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.api("POST", &path, Some(&globex_key), Some(&answer))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let desk = format!("/api/v1/admin/quotes/{number}");
    assert_eq!(
        app.api("GET", &desk, Some(&globex_key), None).await.status,
        StatusCode::NOT_FOUND,
        "another company's key sees nothing of ACME's quote"
    );
    let globex_list = json_of(
        &app.api("GET", "/api/v1/admin/quotes", Some(&globex_key), None)
            .await,
    );
    assert!(
        globex_list["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|q| q["number"] != number.as_str())
    );
    assert_eq!(
        app.api("POST", &path, None, Some(&answer)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let bad = app
        .api(
            "POST",
            &path,
            Some(&erp),
            Some(r#"{"prices":[],"valid_until":"2099-12-31"}"#),
        )
        .await;
    assert_eq!(json_of(&bad)["errors"][0]["field"], "prices");
    let answered = app.api("POST", &path, Some(&erp), Some(&answer)).await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    assert_eq!(json_of(&answered)["status"], "answered");

    // Another company and a stranger find nothing.
    let quote_path = format!("/api/v1/quotes/{number}");
    assert_eq!(
        app.api("GET", &quote_path, Some(&globex), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.api("GET", &quote_path, None, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let read = json_of(&app.api("GET", &quote_path, Some(&buyer), None).await);
    assert_eq!(read["lines"][0]["unit_price"]["amount"], "0.05");
    assert_eq!(read["total"]["amount"], "2.00");

    // Accepted: an order at the quoted price, once.
    let order = r#"{"ship_to":{"name":"Goods in","line1":"Dock 4","postal_code":"20457","city":"Hamburg","country":"DE"},
        "shipping_method":"parcel-eur","payment":"invoice"}"#;
    let accept = format!("{quote_path}/accept");
    let foreign = keyed(&app, &accept, &globex, "quote-globex-1", order).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let placed = keyed(&app, &accept, &buyer, "quote-accept-1", order).await;
    assert_eq!(placed.status, StatusCode::CREATED, "{}", placed.body);
    let order_number = json_of(&placed)["number"].as_str().unwrap().to_owned();
    let detail = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{order_number}"),
            Some(&buyer),
            None,
        )
        .await,
    );
    assert_eq!(detail["lines"][0]["unit_price"]["amount"], "0.05");
    let again = keyed(&app, &accept, &buyer, "quote-accept-2", order).await;
    assert_eq!(
        again.status,
        StatusCode::BAD_REQUEST,
        "accepted already: {}",
        again.body
    );
    let read = json_of(&app.api("GET", &quote_path, Some(&buyer), None).await);
    assert_eq!(read["status"], "accepted");
    assert_eq!(read["order_number"], order_number.as_str());
}

#[tokio::test]
async fn the_account_areas_forms_ask_for_a_quote_and_order_it_without_javascript() {
    let app = spawn_app().await;
    let (_, sku) = app.hex_bolt().await;
    let token = token_of(&app, "buyer@acme.example").await;
    let erp = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None).await;
    let cart = app
        .api(
            "POST",
            "/api/v1/carts",
            Some(&token),
            Some(&format!(r#"{{"sku":"{sku}","quantity":40}}"#)),
        )
        .await;
    assert_eq!(cart.status, StatusCode::CREATED, "{}", cart.body);
    let buyer = session_cookie(&app, "buyer@acme.example").await;
    let viewer = session_cookie(&app, "viewer@acme.example").await;
    let globex = session_cookie(&app, "buyer@globex.example").await;

    // The cart offers the request; the form asks about 60 units with a target price.
    let page = app.get_with_cookie("/cart", &buyer).await;
    assert!(page.body.contains("Ask for a quote"), "{}", page.body);
    let form = format!(
        "message=Spring&rows[0][sku]={sku}&rows[0][quantity]=60&rows[0][target_price]=0.04"
    );
    let refused = app
        .form_post("/api/quotes/request", &form, "/cart", Some(&viewer))
        .await;
    assert!(
        refused.location().contains("error="),
        "a viewer asks for nothing: {}",
        refused.location()
    );
    let stranger = app
        .form_post("/api/quotes/request", &form, "/cart", None)
        .await;
    assert!(
        stranger.location().starts_with("/account/sign-in"),
        "{}",
        stranger.location()
    );
    let bad = app
        .form_post(
            "/api/quotes/request",
            &format!("rows[0][sku]={sku}&rows[0][quantity]=60&rows[0][target_price]=cheap"),
            "/cart",
            Some(&buyer),
        )
        .await;
    assert!(bad.location().contains("error="), "{}", bad.location());
    assert!(
        bad.location().contains("target_price") || bad.location().contains("amount"),
        "{}",
        bad.location()
    );
    let asked = app
        .form_post("/api/quotes/request", &form, "/cart", Some(&buyer))
        .await;
    let location = asked.location();
    assert!(
        location.starts_with("/account/quotes/Q-") && location.ends_with("?saved=requested"),
        "{location}"
    );
    let path = location.split('?').next().unwrap().to_owned();
    let number = path.rsplit('/').next().unwrap().to_owned();
    let page = app.get_with_cookie(&path, &buyer).await;
    assert!(
        page.body.contains("Waiting for our answer"),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Accept and place the order"),
        "nothing to order before the answer"
    );
    let list = app.get_with_cookie("/account/quotes", &buyer).await;
    assert!(list.body.contains(&number));
    let home = app.get_with_cookie("/account", &buyer).await;
    assert!(home.body.contains("Open quotes") && home.body.contains(&number));

    // Another company's buyer finds nothing; a stranger is sent to sign in.
    assert_eq!(
        app.get_with_cookie(&path, &globex).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get_with_cookie("/account/quotes", &globex)
            .await
            .body
            .contains(&number)
    );
    assert!(
        app.get(&path)
            .await
            .location()
            .starts_with("/account/sign-in")
    );

    // The shop answers; the page offers checkout's fields at the quoted price.
    let answer = format!(
        r#"{{"prices":[{{"sku":"{sku}","unit_price":"0.05"}}],"valid_until":"2099-12-31"}}"#
    );
    let answered = app
        .api(
            "POST",
            &format!("/api/v1/admin/quotes/{number}/answer"),
            Some(&erp),
            Some(&answer),
        )
        .await;
    assert_eq!(answered.status, StatusCode::OK, "{}", answered.body);
    let page = app.get_with_cookie(&path, &buyer).await;
    assert!(
        page.body.contains("Accept and place the order"),
        "{}",
        page.body
    );
    let total = page
        .body
        .split(r#"data-testid="quote-total""#)
        .nth(1)
        .unwrap_or_else(|| panic!("a total: {}", page.body));
    assert!(
        total[..total.find("</td>").unwrap()].contains("3.00"),
        "60 × 0.05 net: {total}"
    );
    let viewer_page = app.get_with_cookie(&path, &viewer).await;
    assert!(
        !viewer_page.body.contains("Accept and place the order"),
        "a viewer only reads"
    );
    let key = page.input_value("idempotency_key").expect("checkout's key");
    let order = format!(
        "number={number}&idempotency_key={key}&address=new&name=Goods+in&company=&line1=Dock+4&line2=&postal_code=20457\
         &city=Hamburg&country=DE&phone=&shipping_method=parcel-eur&payment=invoice&po_number=Q-SPRING"
    );
    let refused = app
        .form_post("/api/quotes/accept", &order, &path, Some(&viewer))
        .await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let placed = app
        .form_post("/api/quotes/accept", &order, &path, Some(&buyer))
        .await;
    let confirmation = placed.location();
    assert!(
        confirmation.starts_with("/checkout/confirmation/"),
        "{confirmation}: {}",
        placed.body
    );
    let order_number = confirmation.rsplit('/').next().unwrap();
    let detail = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/orders/{order_number}"),
            Some(&token),
            None,
        )
        .await,
    );
    assert_eq!(detail["lines"][0]["quantity"], 60);
    assert_eq!(detail["lines"][0]["unit_price"]["amount"], "0.05");
    assert_eq!(detail["po_number"], "Q-SPRING");
    let page = app.get_with_cookie(&path, &buyer).await;
    assert!(page.body.contains(order_number) && !page.body.contains("Accept and place the order"));
}
