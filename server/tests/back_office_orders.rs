//! The back office's orders through the real router: the list with its filters and CSV download, an order page
//! whose forms ship part of an order with tracking (which the buyer then sees), note it and send the confirmation
//! again; and the same desk in the admin API. Another company, a lesser role and a stranger are refused each.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{
    back_office::{admin_post, assert_refused, signed_in_member},
    json_of, place_order, secret_key, spawn_app, token_of,
};

#[tokio::test]
async fn the_order_list_filters_pages_and_downloads_for_who_may_read_orders() {
    let app = spawn_app().await;
    let acme = place_order(&app, "buyer@acme.example", "desk-list-0001").await;
    let globex = place_order(&app, "buyer@globex.example", "desk-list-0002").await;
    let manager = signed_in_member(&app, "o@shop.example", "order_manager").await;

    let page = app.get_with_cookie("/admin/orders", &manager).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains(&format!("href=\"/admin/orders/{acme}\""))
    );
    assert!(
        page.body
            .contains(&format!("href=\"/admin/orders/{globex}\""))
    );
    assert!(page.body.contains("2 orders."), "{}", page.body);

    let narrowed = app
        .get_with_cookie("/admin/orders?company=globex&status=placed", &manager)
        .await;
    assert!(narrowed.body.contains(&format!("/admin/orders/{globex}\"")));
    assert!(!narrowed.body.contains(&format!("/admin/orders/{acme}\"")));
    assert!(
        narrowed
            .body
            .contains("href=\"/admin/orders.csv?status=placed&amp;company=globex\""),
        "the download keeps the filters: {}",
        narrowed.body
    );
    let unknown = app
        .get_with_cookie("/admin/orders?company=nope", &manager)
        .await;
    assert!(
        unknown.body.contains("no company has the code"),
        "{}",
        unknown.body
    );

    let csv = app
        .get_with_cookie("/admin/orders.csv?company=globex", &manager)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.header("content-disposition")
            .unwrap()
            .contains("orders.csv")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[1].starts_with(&format!("{globex},")));
    let bad = app
        .get_with_cookie("/admin/orders.csv?status=lost", &manager)
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("status"), "{}", bad.body);

    // A catalog manager may not read orders; a stranger is sent to sign in.
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let refused = app.get_with_cookie("/admin/orders", &catalog).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = app.get_with_cookie("/admin/orders.csv", &catalog).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/admin/orders").await.location(), "/admin/sign-in");
    assert_eq!(
        app.get("/admin/orders.csv").await.location(),
        "/admin/sign-in"
    );
}

#[tokio::test]
async fn an_order_manager_ships_part_of_an_order_and_the_buyer_sees_the_tracking() {
    let app = spawn_app().await;
    let number = place_order(&app, "buyer@acme.example", "desk-ship-0001").await;
    let (_, sku) = app.hex_bolt().await;
    let manager = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page_path = format!("/admin/orders/{number}");

    let page = app.get_with_cookie(&page_path, &manager).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Confirm order"));
    assert!(
        !page.body.contains("Ship these units"),
        "nothing ships before confirmation"
    );

    let confirmed = admin_post(
        &app,
        "/admin/fn/orders/confirm",
        &format!("number={number}"),
        Some(&manager),
    )
    .await;
    assert_eq!(confirmed.location(), format!("{page_path}?saved=confirmed"));
    let ship = format!(
        "number={number}&carrier=DHL&tracking_number=JJD0001&lines%5B0%5D%5Bsku%5D={sku}&lines%5B0%5D%5Bquantity%5D=1"
    );
    let shipped = admin_post(&app, "/admin/fn/orders/ship", &ship, Some(&manager)).await;
    assert_eq!(shipped.location(), format!("{page_path}?saved=shipped"));
    let too_many = ship.replace("quantity%5D=1", "quantity%5D=9");
    let refused = admin_post(&app, "/admin/fn/orders/ship", &too_many, Some(&manager)).await;
    assert!(
        refused.location().contains("error="),
        "{}",
        refused.location()
    );
    let noted = admin_post(
        &app,
        "/admin/fn/orders/note",
        &format!("number={number}&note=Rest+follows+Friday"),
        Some(&manager),
    )
    .await;
    assert_eq!(noted.location(), format!("{page_path}?saved=noted"));
    let resent = admin_post(
        &app,
        "/admin/fn/orders/resend",
        &format!("number={number}"),
        Some(&manager),
    )
    .await;
    assert_eq!(resent.location(), format!("{page_path}?saved=resent"));

    let page = app.get_with_cookie(&page_path, &manager).await;
    assert!(page.body.contains("Partially shipped"), "{}", page.body);
    assert!(page.body.contains("DHL JJD0001"));
    assert!(page.body.contains("Rest follows Friday"));
    assert!(page.body.contains("confirmation (copy)"));
    assert!(
        page.body.contains("Ship these units"),
        "one unit is left to ship"
    );

    // The buyer sees the parcel on their order page and in the API's order JSON.
    let token = token_of(&app, "buyer@acme.example").await;
    let order = app
        .api(
            "GET",
            &format!("/api/v1/orders/{number}"),
            Some(&token),
            None,
        )
        .await;
    let order = json_of(&order);
    assert_eq!(order["status"], "partially_shipped");
    assert_eq!(order["shipments"][0]["tracking_number"], "JJD0001");
    assert_eq!(order["shipments"][0]["carrier"], "DHL");

    // A read-only member sees the order but none of its forms and may post none; a catalog manager and a stranger
    // are refused outright.
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    let page = app.get_with_cookie(&page_path, &reader).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Work on this order"));
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    assert_eq!(
        app.get_with_cookie(&page_path, &catalog).await.status,
        StatusCode::FORBIDDEN
    );
    for (path, body) in [
        ("/admin/fn/orders/ship", ship.as_str()),
        ("/admin/fn/orders/note", &format!("number={number}&note=x")),
        ("/admin/fn/orders/resend", &format!("number={number}")),
        (
            "/admin/fn/orders/cancel",
            &format!("number={number}&reason=x"),
        ),
        ("/admin/fn/orders/delivered", &format!("number={number}")),
        (
            "/admin/fn/orders/payment",
            &format!("number={number}&amount=1&reference=x"),
        ),
    ] {
        for who in [Some(reader.as_str()), Some(catalog.as_str()), None] {
            assert_refused(&app, path, body, who).await;
        }
    }
}

#[tokio::test]
async fn the_admin_api_lists_with_filters_reads_timelines_and_takes_notes_by_scope() {
    let app = spawn_app().await;
    let acme = place_order(&app, "buyer@acme.example", "desk-api-00001").await;
    let globex = place_order(&app, "buyer@globex.example", "desk-api-00002").await;
    let writer = secret_key(&app, &[Scope::OrdersRead, Scope::OrdersWrite], None).await;
    let reader = secret_key(&app, &[Scope::OrdersRead], None).await;
    let globex_key = secret_key(&app, &[Scope::OrdersRead], Some("globex")).await;

    let list = app
        .api(
            "GET",
            "/api/v1/admin/orders?company=acme&payment_status=unpaid",
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = json_of(&list);
    assert_eq!(list["total"], 1);
    assert_eq!(list["data"][0]["number"], acme.as_str());
    assert_eq!(list["data"][0]["company"], "acme");
    let theirs = json_of(
        &app.api("GET", "/api/v1/admin/orders", Some(&globex_key), None)
            .await,
    );
    assert_eq!(theirs["total"], 1);
    assert_eq!(theirs["data"][0]["number"], globex.as_str());
    let bad = app
        .api(
            "GET",
            "/api/v1/admin/orders?payment_status=maybe",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bad)["errors"][0]["field"], "payment_status");
    // A PO number is found by its beginning, in any case; an email and a company's name by any part.
    for (q, found) in [
        ("adm-", 2),
        ("ADM-1", 2),
        ("dm-1", 0),
        ("@globex", 1),
        ("cme", 1),
    ] {
        let list = json_of(
            &app.api(
                "GET",
                &format!("/api/v1/admin/orders?q={q}"),
                Some(&reader),
                None,
            )
            .await,
        );
        assert_eq!(list["total"], found, "{q}");
    }
    let csv = app
        .api(
            "GET",
            "/api/v1/admin/orders/csv?q=globex",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.body.lines().count(), 2, "{}", csv.body);

    let note = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme}/notes"),
            Some(&writer),
            Some(r#"{"note":"Call before delivery"}"#),
        )
        .await;
    assert_eq!(note.status, StatusCode::CREATED, "{}", note.body);
    let timeline = json_of(&note);
    let kinds: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"status"));
    assert!(
        kinds.contains(&"email") && kinds.contains(&"note"),
        "{kinds:?}"
    );
    let empty = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme}/notes"),
            Some(&writer),
            Some(r#"{"note":" "}"#),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&empty)["errors"][0]["field"], "note");
    let resent = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme}/confirmation-email"),
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(resent.status, StatusCode::ACCEPTED, "{}", resent.body);
    let early = app
        .api(
            "POST",
            &format!("/api/v1/admin/orders/{acme}/delivered"),
            Some(&writer),
            None,
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::BAD_REQUEST,
        "a placed order cannot be delivered"
    );

    // A reading key may not write; another company's key does not find the order; no key is no access.
    for (method, path, body) in [
        (
            "POST",
            format!("/api/v1/admin/orders/{acme}/notes"),
            Some(r#"{"note":"x"}"#),
        ),
        (
            "POST",
            format!("/api/v1/admin/orders/{acme}/confirmation-email"),
            None,
        ),
        (
            "POST",
            format!("/api/v1/admin/orders/{acme}/delivered"),
            None,
        ),
    ] {
        let reply = app.api(method, &path, Some(&reader), body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        let reply = app.api(method, &path, None, body).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let foreign = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{acme}/timeline"),
            Some(&globex_key),
            None,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    let own = app
        .api(
            "GET",
            &format!("/api/v1/admin/orders/{globex}/timeline"),
            Some(&globex_key),
            None,
        )
        .await;
    assert_eq!(own.status, StatusCode::OK);
}
