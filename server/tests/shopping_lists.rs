//! Shopping lists through the real router: the API keeps, changes and uses a list; the demo's shared list is read
//! by ACME's people; a viewer may read it but not change it, another company and a stranger reach nothing; and the
//! storefront's forms (plain posts, as without JavaScript) make a list, add a product to it and put it in the cart.

mod support;

use axum::http::StatusCode;
use support::{TestApp, json_of, session_cookie as sign_in, spawn_app, token_of};

/// The demo's shared list and its id, as ACME's buyer reads it.
async fn workshop_restock(app: &TestApp, token: &str) -> i64 {
    let lists = json_of(
        &app.api("GET", "/api/v1/shopping-lists", Some(token), None)
            .await,
    );
    let list = lists["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "Workshop restock")
        .expect("the demo's shared list");
    assert_eq!(list["shared"], true);
    list["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_api_keeps_changes_and_uses_a_list_and_refuses_everyone_else() {
    let app = spawn_app().await;
    let (_, sku) = app.hex_bolt().await;
    let buyer = token_of(&app, "buyer@acme.example").await;
    let viewer = token_of(&app, "viewer@acme.example").await;
    let globex = token_of(&app, "buyer@globex.example").await;

    let shared = workshop_restock(&app, &buyer).await;
    let demo = json_of(
        &app.api(
            "GET",
            &format!("/api/v1/shopping-lists/{shared}"),
            Some(&viewer),
            None,
        )
        .await,
    );
    assert_eq!(demo["owner"], "buyer@acme.example");
    assert_eq!(demo["can_change"], false, "a viewer reads, not changes");
    assert!(!demo["items"].as_array().unwrap().is_empty());
    assert!(demo["items"][0]["unit_price"]["amount"].is_string());

    // A new list with one SKU, then more of it, then renamed and shared.
    let body = format!(r#"{{"name":"Weekly","lines":[{{"sku":"{sku}","quantity":2}}]}}"#);
    let created = app
        .api("POST", "/api/v1/shopping-lists", Some(&buyer), Some(&body))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = json_of(&created)["id"].as_i64().unwrap();
    let path = format!("/api/v1/shopping-lists/{id}");
    let more = format!(r#"{{"lines":[{{"sku":"{sku}","quantity":3}}],"add":true}}"#);
    let lines = json_of(
        &app.api("PUT", &format!("{path}/lines"), Some(&buyer), Some(&more))
            .await,
    );
    assert_eq!(lines["items"][0]["quantity"], 5);
    let renamed = json_of(
        &app.api(
            "PUT",
            &path,
            Some(&buyer),
            Some(r#"{"name":"Weekly order","shared":true}"#),
        )
        .await,
    );
    assert_eq!(renamed["name"], "Weekly order");

    // Bad input names its field and changes nothing.
    let unknown = app
        .api(
            "PUT",
            &format!("{path}/lines"),
            Some(&buyer),
            Some(r#"{"lines":[{"sku":"NO-SUCH-SKU","quantity":1}]}"#),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&unknown)["errors"][0]["field"], "sku");
    let both = app
        .api(
            "POST",
            "/api/v1/shopping-lists",
            Some(&buyer),
            Some(&format!(
                r#"{{"name":"X","from_cart":true,"lines":[{{"sku":"{sku}","quantity":1}}]}}"#
            )),
        )
        .await;
    assert_eq!(json_of(&both)["errors"][0]["field"], "lines");

    // The list into the cart.
    let carted = json_of(
        &app.api("POST", &format!("{path}/cart"), Some(&buyer), Some("{}"))
            .await,
    );
    assert_eq!(carted["added"], 1, "{carted}");
    assert_eq!(carted["cart"]["lines"][0]["quantity"], 5);

    // A viewer reads the shared list but may not change it; another company and a stranger reach nothing.
    let viewer_change = app
        .api(
            "PUT",
            &path,
            Some(&viewer),
            Some(r#"{"name":"Mine","shared":true}"#),
        )
        .await;
    assert_eq!(viewer_change.status, StatusCode::FORBIDDEN);
    for (method, target, body) in [
        ("GET", path.clone(), None),
        (
            "PUT",
            path.clone(),
            Some(r#"{"name":"Taken","shared":false}"#),
        ),
        ("DELETE", path.clone(), None),
        ("POST", format!("{path}/cart"), Some("{}")),
        ("PUT", format!("{path}/lines"), Some(r#"{"lines":[]}"#)),
    ] {
        let reply = app.api(method, &target, Some(&globex), body).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "Globex: {method} {target}"
        );
        let reply = app.api(method, &target, None, body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "stranger: {method} {target}"
        );
    }
    let globex_lists = json_of(
        &app.api("GET", "/api/v1/shopping-lists", Some(&globex), None)
            .await,
    );
    assert!(globex_lists["data"].as_array().unwrap().is_empty());

    // The owner deletes it.
    let deleted = app.api("DELETE", &path, Some(&buyer), None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = app.api("GET", &path, Some(&buyer), None).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_storefront_forms_make_a_list_add_a_product_and_fill_the_cart() {
    let app = spawn_app().await;
    let (slug, sku) = app.hex_bolt().await;
    let cookie = sign_in(&app, "buyer@acme.example").await;

    let page = app.get_with_cookie("/account/lists", &cookie).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Workshop restock"));

    // The product page offers "Add to a list" to a signed-in buyer; a new list is made with the product on it.
    let product_path = format!("/products/{slug}");
    let product = app.get_with_cookie(&product_path, &cookie).await;
    assert!(product.body.contains("Add to a list"));
    let added = app
        .form_post(
            "/api/lists/add",
            &format!("list=new&name=Bolts&sku={sku}&quantity=4"),
            &product_path,
            Some(&cookie),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let back = added.location();
    assert!(
        back.starts_with(&format!("{product_path}?listed=")),
        "{back}"
    );
    let id = back.rsplit('=').next().unwrap().to_owned();
    let said = app.get_with_cookie(&back, &cookie).await;
    assert!(
        said.body.contains("Added to "),
        "the product page says where it went"
    );

    // The list page shows it; changing the quantity is one post, and the whole list goes into the cart.
    let list_path = format!("/account/lists/{id}");
    let list = app.get_with_cookie(&list_path, &cookie).await;
    assert!(list.body.contains("Bolts") && list.body.contains(&sku));
    let saved = app
        .form_post(
            "/api/lists/use",
            &format!("id={id}&action=save&rows[0][sku]={sku}&rows[0][quantity]=6"),
            &list_path,
            Some(&cookie),
        )
        .await;
    assert_eq!(saved.location(), format!("{list_path}?saved=1"));
    let used = app
        .form_post(
            "/api/lists/use",
            &format!(
                "id={id}&action=picked&rows[0][sku]={sku}&rows[0][quantity]=6&rows[0][pick]=1"
            ),
            &list_path,
            Some(&cookie),
        )
        .await;
    assert_eq!(used.location(), "/cart?notice=list");
    let cart = app.get_with_cookie("/cart?notice=list", &cookie).await;
    assert!(
        cart.body.contains("lines are in your cart"),
        "the cart says where they came from"
    );
    assert!(cart.body.contains("Save the cart as a list"));

    // The cart kept as a list.
    let kept = app
        .form_post(
            "/api/lists/from-cart",
            "name=From+the+cart",
            "/cart",
            Some(&cookie),
        )
        .await;
    assert!(
        kept.location().starts_with("/account/lists/"),
        "{}",
        kept.location()
    );

    // A viewer may not change the list, another company's buyer does not find it, a stranger must sign in.
    let viewer = sign_in(&app, "viewer@acme.example").await;
    let change = format!("id={id}&name=Taken&shared=1");
    let refused = app
        .form_post("/api/lists/change", &change, &list_path, Some(&viewer))
        .await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let globex = sign_in(&app, "buyer@globex.example").await;
    let refused = app
        .form_post("/api/lists/change", &change, &list_path, Some(&globex))
        .await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let page = app.get_with_cookie(&list_path, &globex).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let stranger = app
        .form_post("/api/lists/change", &change, &list_path, None)
        .await;
    assert!(
        stranger.location().starts_with("/account/sign-in"),
        "{}",
        stranger.location()
    );
    let after = app.get_with_cookie(&list_path, &cookie).await;
    assert!(after.body.contains("Bolts"), "the list is as it was");
}
