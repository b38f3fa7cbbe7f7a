//! The back office's quote desk through the real router: ACME's buyer asks for a quote on their cart; the list
//! shows it to whoever may read orders; an administrator answers it with a price and a date through the desk's plain
//! form (which the buyer then sees), answers again with a discount, comments and declines. A bad date or price
//! comes back naming its field and changes nothing; a role without `orders:write` and a stranger are refused.

mod support;

use axum::http::StatusCode;
use support::{
    TestApp,
    back_office::{admin_post, assert_refused, signed_in_member},
    json_of, spawn_app, token_of,
};

/// ACME's buyer asks for a quote on 40 hex bolts: the quote's number, the SKU and the buyer's token.
async fn asked_quote(app: &TestApp) -> (String, String, String) {
    let (_, sku) = app.hex_bolt().await;
    let buyer = token_of(app, "buyer@acme.example").await;
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
    let number = json_of(&asked)["number"].as_str().unwrap().to_owned();
    (number, sku, buyer)
}

/// The quote as its buyer reads it in the store API.
async fn as_buyer_sees_it(app: &TestApp, number: &str, buyer: &str) -> serde_json::Value {
    json_of(
        &app.api(
            "GET",
            &format!("/api/v1/quotes/{number}"),
            Some(buyer),
            None,
        )
        .await,
    )
}

/// The answer form's body as the desk's form posts it.
fn answer_form(number: &str, sku: &str, unit_price: &str, discount: &str, day: &str) -> String {
    format!(
        "number={number}&prices%5B0%5D%5Bsku%5D={sku}&prices%5B0%5D%5Bunit_price%5D={unit_price}\
         &discount_percent={discount}&valid_until={day}&comment=Spring+price"
    )
}

#[tokio::test]
async fn the_quote_list_and_desk_show_a_request_to_who_may_read_orders() {
    let app = spawn_app().await;
    let (number, sku, _) = asked_quote(&app).await;
    let service = signed_in_member(&app, "cs@shop.example", "customer_service").await;
    let desk = format!("/admin/quotes/{number}");

    let list = app.get_with_cookie("/admin/quotes", &service).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(
        list.body.contains(&format!("href=\"{desk}\"")),
        "{}",
        list.body
    );
    assert!(list.body.contains("Waiting for our answer"));
    assert!(list.body.contains("buyer@acme.example"));
    assert!(
        list.body.contains("href=\"/admin/quotes\""),
        "the nav links the desk"
    );
    let waiting = app
        .get_with_cookie("/admin/quotes?status=requested", &service)
        .await;
    assert!(waiting.body.contains(&format!("href=\"{desk}\"")));
    let answered = app
        .get_with_cookie("/admin/quotes?status=answered", &service)
        .await;
    assert!(!answered.body.contains(&format!("href=\"{desk}\"")));
    assert!(answered.body.contains("No quotes."));

    // Customer service reads the quote but gets none of the forms.
    let page = app.get_with_cookie(&desk, &service).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("Quote {number}")));
    assert!(page.body.contains("For the spring overhaul"));
    assert!(page.body.contains(&sku));
    assert!(!page.body.contains("Send the answer"));

    // A catalog manager may not read orders; a stranger is sent to sign in.
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    assert_eq!(
        app.get_with_cookie("/admin/quotes", &catalog).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_with_cookie(&desk, &catalog).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(app.get("/admin/quotes").await.location(), "/admin/sign-in");
    assert_eq!(app.get(&desk).await.location(), "/admin/sign-in");
}

#[tokio::test]
async fn an_administrator_answers_comments_and_declines_through_the_desk_forms() {
    let app = spawn_app().await;
    let (number, sku, buyer) = asked_quote(&app).await;
    let admin = signed_in_member(&app, "a@shop.example", "administrator").await;
    let desk = format!("/admin/quotes/{number}");

    let page = app.get_with_cookie(&desk, &admin).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Send the answer"));
    assert_eq!(
        page.input_value("prices[0][sku]").as_deref(),
        Some(sku.as_str())
    );
    assert!(page.body.contains("name=\"prices[0][unit_price]\""));
    assert!(page.body.contains("name=\"valid_until\""));

    // A bad date or price comes back naming its field, and the quote stays as it was.
    let answer = "/admin/fn/quotes/answer";
    let bad_day = admin_post(
        &app,
        answer,
        &answer_form(&number, &sku, "0.05", "", "31.12.2099"),
        Some(&admin),
    )
    .await;
    assert!(
        bad_day.location().contains("error=Valid_until"),
        "{}",
        bad_day.location()
    );
    let bad_price = admin_post(
        &app,
        answer,
        &answer_form(&number, &sku, "cheap", "", "2099-12-31"),
        Some(&admin),
    )
    .await;
    assert!(
        bad_price.location().contains("error=Prices"),
        "{}",
        bad_price.location()
    );
    let no_price = admin_post(
        &app,
        answer,
        &answer_form(&number, &sku, "", "", "2099-12-31"),
        Some(&admin),
    )
    .await;
    assert!(
        no_price.location().contains("error=Prices"),
        "{}",
        no_price.location()
    );
    let read = as_buyer_sees_it(&app, &number, &buyer).await;
    assert_eq!(read["status"], "requested");
    assert!(read["lines"][0]["unit_price"].is_null(), "{read}");

    // Answered: the buyer sees the price.
    let answered = admin_post(
        &app,
        answer,
        &answer_form(&number, &sku, "0.0123", "", "2099-12-31"),
        Some(&admin),
    )
    .await;
    assert_eq!(answered.location(), format!("{desk}?saved=answered"));
    let read = as_buyer_sees_it(&app, &number, &buyer).await;
    assert_eq!(read["status"], "answered");
    assert_eq!(read["lines"][0]["unit_price"]["amount"], "0.0123");
    let page = app.get_with_cookie(&desk, &admin).await;
    assert!(page.body.contains("2099-12-31"));
    assert!(page.body.contains("Spring price"));
    assert_eq!(
        page.input_value("prices[0][unit_price]").as_deref(),
        Some("0.0123")
    );

    // Answered again with a discount off the buyer's own price for the line left empty: a price to the cent, so
    // never the four decimals typed before.
    let revised = admin_post(
        &app,
        answer,
        &answer_form(&number, &sku, "", "10", "2099-12-31"),
        Some(&admin),
    )
    .await;
    assert_eq!(revised.location(), format!("{desk}?saved=answered"));
    let read = as_buyer_sees_it(&app, &number, &buyer).await;
    assert_eq!(read["status"], "answered");
    assert_ne!(read["lines"][0]["unit_price"]["amount"], "0.0123", "{read}");

    let commented = admin_post(
        &app,
        "/admin/fn/quotes/comment",
        &format!("number={number}&body=Delivery+in+May"),
        Some(&admin),
    )
    .await;
    assert_eq!(commented.location(), format!("{desk}?saved=commented"));

    // Customer service may read orders but not answer; a stranger is sent to sign in.
    let service = signed_in_member(&app, "cs@shop.example", "customer_service").await;
    let forms = [
        (
            answer,
            answer_form(&number, &sku, "0.0077", "", "2099-12-31"),
        ),
        (
            "/admin/fn/quotes/comment",
            format!("number={number}&body=x"),
        ),
        (
            "/admin/fn/quotes/decline",
            format!("number={number}&comment=x"),
        ),
    ];
    for (path, body) in &forms {
        for who in [Some(service.as_str()), None] {
            assert_refused(&app, path, body, who).await;
        }
    }
    let read = as_buyer_sees_it(&app, &number, &buyer).await;
    assert_eq!(read["status"], "answered");
    assert_ne!(read["lines"][0]["unit_price"]["amount"], "0.0077");

    let declined = admin_post(
        &app,
        "/admin/fn/quotes/decline",
        &format!("number={number}&comment=Sold+out"),
        Some(&admin),
    )
    .await;
    assert_eq!(declined.location(), format!("{desk}?saved=declined"));
    let read = as_buyer_sees_it(&app, &number, &buyer).await;
    assert_eq!(read["status"], "declined");
    let comments: Vec<&str> = read["comments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        comments,
        [
            "Spring price",
            "Spring price",
            "Delivery in May",
            "Sold out"
        ]
    );
    let page = app.get_with_cookie(&desk, &admin).await;
    assert!(page.body.contains("Declined"));
    assert!(
        !page.body.contains("Send the answer"),
        "a declined quote is history"
    );
}
