//! Quick order through the real router: the API adds many lines in one call and answers the rest with reasons and
//! suggestions; the `/quick-order` form (a plain post, as without JavaScript) puts 18 of 20 pasted lines into a
//! signed-in buyer's cart and shows the two it could not with the closest SKUs; a CSV or Excel file does the same.
//! A guest cannot add to a cart that is not theirs, and a list over 500 lines is refused naming `lines`.

mod support;

use axum::http::StatusCode;
use support::{TestApp, back_office::multipart_post, json_of, spawn_app, token_of};

/// `n` SKUs in stock that one unit of may be ordered, from the demo catalog.
async fn orderable_skus(app: &TestApp, n: usize) -> Vec<String> {
    let list = json_of(
        &app.api("GET", "/api/v1/products?limit=100", None, None)
            .await,
    );
    let mut skus = Vec::new();
    for product in list["data"].as_array().unwrap() {
        let slug = product["slug"].as_str().unwrap();
        let detail = json_of(
            &app.api("GET", &format!("/api/v1/products/{slug}"), None, None)
                .await,
        );
        let variant = &detail["variants"][0];
        if variant["stock"] == "in_stock"
            && variant["min_quantity"] == 1
            && variant["quantity_step"] == 1
        {
            skus.push(variant["sku"].as_str().unwrap().to_owned());
        }
        if skus.len() == n {
            break;
        }
    }
    assert_eq!(skus.len(), n, "the demo has enough orderable products");
    skus
}

#[tokio::test]
async fn the_api_adds_many_lines_at_once_and_answers_the_rest_with_suggestions() {
    let app = spawn_app().await;
    let skus = orderable_skus(&app, 18).await;
    let token = token_of(&app, "buyer@acme.example").await;
    let mut lines: Vec<String> = skus
        .iter()
        .map(|s| format!(r#"{{"sku":"{s}","quantity":1}}"#))
        .collect();
    let typo = format!("{}X", skus[0]);
    lines.push(format!(r#"{{"sku":"{typo}","quantity":2}}"#));
    lines.push(r#"{"sku":"QQ-0000000","quantity":1}"#.into());
    let body = format!(r#"{{"lines":[{}]}}"#, lines.join(","));
    // A signed-in buyer's call acts on their account's cart, whatever id it names.
    let path = "/api/v1/carts/0123456789abcdef0123456789abcdef/bulk-lines";
    let reply = app.api("POST", path, Some(&token), Some(&body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = json_of(&reply);
    assert_eq!(json["added"], 18);
    assert_eq!(json["cart"]["lines"].as_array().unwrap().len(), 18);
    let rejected: Vec<&serde_json::Value> = json["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| !l["problem"].is_null())
        .collect();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["line"], 19);
    assert!(
        rejected[0]["suggestions"]
            .as_array()
            .unwrap()
            .contains(&serde_json::Value::from(skus[0].clone())),
        "{}",
        reply.body
    );
    assert!(json["lines"][0]["unit_price"]["amount"].is_string());

    // A guest names a cart that does not exist: nothing starts behind their back.
    let guest = app.api("POST", path, None, Some(&body)).await;
    assert_eq!(guest.status, StatusCode::NOT_FOUND, "{}", guest.body);
    let too_many = format!(
        r#"{{"lines":[{}]}}"#,
        vec![format!(r#"{{"sku":"{}","quantity":1}}"#, skus[0]); 501].join(",")
    );
    let refused = app.api("POST", path, Some(&token), Some(&too_many)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&refused)["errors"][0]["field"], "lines");
    let malformed = app
        .api(
            "POST",
            path,
            Some(&token),
            Some(r#"{"lines":[{"sku":"A"}]}"#),
        )
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_quick_order_form_adds_what_it_can_and_shows_the_rest_to_fix() {
    let app = spawn_app().await;
    let skus = orderable_skus(&app, 18).await;
    let signed = app
        .form_post(
            "/api/account/sign-in",
            "email=buyer@globex.example&password=kontor-demo&next=/quick-order",
            "/account/sign-in",
            None,
        )
        .await;
    let cookie = signed.set_cookie("kontor_session").expect("a session");
    let page = app.get_with_cookie("/quick-order", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Quick order") && page.body.contains("rows[0][sku]"));

    let mut text: Vec<String> = skus.iter().map(|s| format!("{s}\t1")).collect();
    text.insert(3, format!("{}X;2", skus[1]));
    text.push("QQ-0000000 1".into());
    let form = format!(
        "rows%5B0%5D%5Bsku%5D=&rows%5B0%5D%5Bquantity%5D=&text={}",
        domain::listing::encode(&text.join("\n"))
    );
    let reply = app
        .form_post("/api/quick-order/add", &form, "/quick-order", Some(&cookie))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.location().to_owned();
    assert!(
        location.starts_with("/quick-order?added=18&check="),
        "{location}"
    );
    assert!(location.ends_with("&lines=4,20"), "{location}");
    let shown = app.get_with_cookie(&location, &cookie).await;
    assert!(
        shown.body.contains("Added 18 lines to your cart"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("2 lines were not added"));
    assert!(
        shown.body.contains(&format!("Did you mean {}", skus[1])),
        "{}",
        shown.body
    );
    let cart = app.get_with_cookie("/cart", &cookie).await;
    for sku in &skus {
        assert!(cart.body.contains(sku.as_str()), "{sku} in the cart");
    }

    // Nothing typed or pasted is named, not silently accepted.
    let empty = app
        .form_post(
            "/api/quick-order/add",
            "text=",
            "/quick-order",
            Some(&cookie),
        )
        .await;
    assert!(empty.location().contains("error="), "{}", empty.location());
}

#[tokio::test]
async fn a_csv_or_excel_file_goes_through_the_same_check_with_its_row_numbers() {
    let app = spawn_app().await;
    let skus = orderable_skus(&app, 2).await;
    let signed = app
        .form_post(
            "/api/account/sign-in",
            "email=viewer@globex.example&password=kontor-demo&next=/quick-order",
            "/account/sign-in",
            None,
        )
        .await;
    let cookie = signed.set_cookie("kontor_session").expect("a session");
    let csv = format!(
        "SKU;Quantity\r\n{};2\r\n{};1\r\nQQ-0000000;1\r\n",
        skus[0], skus[1]
    );
    let location = multipart_post(
        &app,
        "/quick-order/upload",
        &[],
        ("file", "order.csv", csv.as_bytes()),
        Some(&cookie),
    )
    .await;
    assert!(
        location.starts_with("/quick-order?added=2&check="),
        "{location}"
    );
    assert!(location.ends_with("&lines=4"), "{location}");

    // The workbook's SKUs are not the demo's: every row comes back, numbered as the sheet numbers them.
    let workbook = include_bytes!("../../engine/tests/fixtures/order-list.xlsx");
    let location = multipart_post(
        &app,
        "/quick-order/upload",
        &[],
        ("file", "order.xlsx", workbook),
        Some(&cookie),
    )
    .await;
    assert!(
        location.starts_with("/quick-order?added=0&check="),
        "{location}"
    );
    assert!(location.ends_with("&lines=2,3,5,6"), "{location}");

    let refused = multipart_post(
        &app,
        "/quick-order/upload",
        &[],
        ("file", "order.pdf", &[0xff, 0xfe, 0x00]),
        Some(&cookie),
    )
    .await;
    assert!(refused.starts_with("/quick-order?error="), "{refused}");
}

#[tokio::test]
async fn the_rows_offer_the_companys_usual_skus_and_a_guest_none() {
    let app = spawn_app().await;
    let signed = app
        .form_post(
            "/api/account/sign-in",
            "email=viewer@acme.example&password=kontor-demo&next=/quick-order",
            "/account/sign-in",
            None,
        )
        .await;
    let cookie = signed.set_cookie("kontor_session").expect("a session");
    let page = app.get_with_cookie("/quick-order", &cookie).await;
    let list = page
        .body
        .split("<datalist id=\"sku-suggestions\"")
        .nth(1)
        .expect("a list of suggestions")
        .split("</datalist>")
        .next()
        .unwrap()
        .to_owned();
    assert!(
        list.contains("<option value=\""),
        "ACME's shared list gives usual SKUs: {list}"
    );
    assert!(
        page.body.contains("list=\"sku-suggestions\""),
        "the rows name the list"
    );
    let guest = app.get("/quick-order").await;
    let empty = guest.body.split("<datalist").nth(1).unwrap_or_default();
    assert!(
        !empty
            .split("</datalist>")
            .next()
            .unwrap_or_default()
            .contains("<option")
    );
}
