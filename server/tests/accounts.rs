//! The B2B flow through the real router with plain form posts (what a browser without JavaScript sends): sign-in
//! with a session cookie, company prices, checkout on account with a PO number, the order history, reorder; a
//! viewer who sees but cannot order; another company that cannot see the order by any URL.

mod support;

use axum::http::StatusCode;
use domain::Quantity;
use support::{TestApp, spawn_app};

const PASSWORD: &str = engine::seed::DEMO_PASSWORD;

/// Signs in through the form and returns the session cookie.
async fn sign_in(app: &TestApp, email: &str) -> String {
    let reply = app
        .form_post(
            "/api/account/sign-in",
            &format!("email={email}&password={PASSWORD}&next=/account"),
            "/account/sign-in",
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.location(), "/account");
    reply
        .set_cookie("kontor_session")
        .expect("a session cookie")
}

/// A SKU whose price for ACME differs from the guest price, with both prices as the pages print them.
async fn contract_priced(app: &TestApp) -> (String, String, String, String) {
    let guest = app.guest().await;
    let session = app
        .engine
        .sign_in("buyer@acme.example", PASSWORD, engine::ClientAddr::LOCAL)
        .await
        .unwrap();
    let acme = app
        .engine
        .shopper_as(guest.clone(), &session.account)
        .await
        .unwrap();
    let one = Quantity::parse(1).unwrap();
    let listing = app
        .engine
        .search(&guest, &support::page(1), 100)
        .await
        .unwrap();
    for summary in listing.products {
        let product = app
            .engine
            .product(&guest, summary.slug.as_str())
            .await
            .unwrap();
        let variant = &product.variants[0];
        if variant.on_hand < 20 {
            continue;
        }
        let g = app.engine.quote(&guest, &variant.sku, one).await.unwrap();
        let a = app.engine.quote(&acme, &variant.sku, one).await.unwrap();
        if g.unit_shown != a.unit_shown {
            return (
                summary.slug.to_string(),
                variant.sku.to_string(),
                g.unit_shown.money().display(),
                a.unit_shown.money().display(),
            );
        }
    }
    panic!("the demo data should give ACME a contract price");
}

/// Adds to the cart and places an order through the checkout form; returns the order number.
async fn order_through_checkout(app: &TestApp, cookie: &str, sku: &str, po: &str) -> String {
    let added = app
        .form_post(
            "/api/cart/add",
            &format!("sku={sku}&quantity=2"),
            "/",
            Some(cookie),
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(added.location(), "/cart");
    assert!(
        added.cart_cookie().is_none(),
        "a signed-in cart is the account's"
    );
    let checkout = app.get_with_cookie("/checkout", cookie).await;
    assert_eq!(checkout.status, StatusCode::OK);
    assert!(
        checkout.body.contains("Invoice"),
        "invoice on account is offered"
    );
    let key = checkout.input_value("idempotency_key").unwrap();
    let address = checkout.input_value("address").unwrap();
    let subtotal = checkout.input_value("expected_subtotal").unwrap();
    let body = format!(
        "idempotency_key={key}&address={address}&name=&company=&line1=&line2=&postal_code=&city=&country=&phone=\
         &shipping_method=parcel-eur&payment=invoice&po_number={po}&expected_subtotal={subtotal}"
    );
    let placed = app
        .form_post("/api/checkout/place", &body, "/checkout", Some(cookie))
        .await;
    assert_eq!(placed.status, StatusCode::SEE_OTHER, "{}", placed.body);
    let location = placed.location();
    assert!(
        location.starts_with("/checkout/confirmation/"),
        "{location}"
    );
    // A double click posts the same form again: the same order answers.
    let again = app
        .form_post("/api/checkout/place", &body, "/checkout", Some(cookie))
        .await;
    assert_eq!(again.location(), location);
    location.rsplit('/').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_company_buyer_signs_in_sees_the_contract_price_orders_on_account_and_reorders() {
    let app = spawn_app().await;
    let gate = app.get("/account").await;
    assert!(gate.status.is_redirection(), "{}", gate.status);
    assert_eq!(gate.location(), "/account/sign-in?next=/account");

    let wrong = app
        .form_post(
            "/api/account/sign-in",
            "email=buyer@acme.example&password=not-the-password&next=/account",
            "/account/sign-in?next=/account",
            None,
        )
        .await;
    assert_eq!(wrong.status, StatusCode::SEE_OTHER);
    assert!(
        wrong.location().contains("next=/account"),
        "{}",
        wrong.location()
    );
    assert!(
        wrong.location().contains("error=Password"),
        "{}",
        wrong.location()
    );
    assert!(wrong.set_cookie("kontor_session").is_none());

    let cookie = sign_in(&app, "buyer@acme.example").await;
    let line = app
        .form_post(
            "/api/account/sign-in",
            &format!("email=buyer@acme.example&password={PASSWORD}&next=//evil.example"),
            "/account/sign-in",
            None,
        )
        .await;
    assert_eq!(line.location(), "/account", "only local paths are followed");
    let attributes = line.set_cookie_line("kontor_session").unwrap();
    assert!(attributes.contains("HttpOnly") && attributes.contains("SameSite=Lax"));

    let account = app.get_with_cookie("/account", &cookie).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.body.contains("buyer@acme.example"));
    assert!(account.body.contains("Buyer"));

    let (slug, sku, guest_price, acme_price) = contract_priced(&app).await;
    let as_guest = app.get(&format!("/products/{slug}")).await;
    assert!(as_guest.body.contains(&guest_price));
    let as_buyer = app
        .get_with_cookie(&format!("/products/{slug}"), &cookie)
        .await;
    assert!(
        as_buyer.body.contains(&acme_price),
        "{acme_price} on the product page"
    );
    assert_eq!(
        as_buyer.header("x-cache"),
        Some("miss"),
        "a buyer's page is never served from the guest cache, only from the company's"
    );
    let again = app
        .get_with_cookie(&format!("/products/{slug}"), &cookie)
        .await;
    assert_eq!(again.header("x-cache"), Some("hit"));
    assert!(
        again.body.contains(&acme_price),
        "the company's page, with its price"
    );

    let number = order_through_checkout(&app, &cookie, &sku, "PO-778").await;
    let confirmation = app
        .get_with_cookie(&format!("/checkout/confirmation/{number}"), &cookie)
        .await;
    assert_eq!(confirmation.status, StatusCode::OK);
    assert!(confirmation.body.contains("PO-778"));
    assert!(
        confirmation.body.contains("due 30 days"),
        "net 30 instructions"
    );

    let history = app.get_with_cookie("/account/orders", &cookie).await;
    assert!(history.body.contains(&format!("/account/orders/{number}")));
    let placed = app
        .get_with_cookie("/account/orders?status=placed&q=PO-778", &cookie)
        .await;
    assert!(placed.body.contains(&format!("/account/orders/{number}")));
    let shipped = app
        .get_with_cookie("/account/orders?status=shipped", &cookie)
        .await;
    assert!(!shipped.body.contains(&format!("/account/orders/{number}")));
    let bad = app
        .get_with_cookie("/account/orders?from=yesterday", &cookie)
        .await;
    assert!(bad.body.contains("From"), "the bad parameter is named");

    let detail = app
        .get_with_cookie(&format!("/account/orders/{number}"), &cookie)
        .await;
    assert_eq!(detail.status, StatusCode::OK);
    assert!(detail.body.contains(&sku));
    assert!(detail.body.contains("PO PO-778"));
    let invoice = app
        .get_with_cookie(&format!("/account/orders/{number}/invoice"), &cookie)
        .await;
    assert_eq!(invoice.status, StatusCode::OK);
    assert!(invoice.body.contains(&format!("Invoice {number}")));
    // The seller is the shop's profile as the back office keeps it, not text built into the page.
    for line in [
        "Kontor Trade GmbH",
        "VAT DE123456789",
        "IBAN DE89370400440532013000",
    ] {
        assert!(invoice.body.contains(line), "{line}");
    }
    app.engine
        .save_shop_profile(
            &engine::Actor::process("test"),
            &engine::settings::ShopProfile {
                legal_name: "Kontor Trade AG".into(),
                ..app.engine.shop_profile().await.unwrap()
            },
        )
        .await
        .unwrap();
    let renamed = app
        .get_with_cookie(&format!("/account/orders/{number}/invoice"), &cookie)
        .await;
    assert!(renamed.body.contains("Kontor Trade AG"));

    let reorder = app
        .form_post(
            "/api/orders/reorder",
            &format!("number={number}"),
            &format!("/account/orders/{number}"),
            Some(&cookie),
        )
        .await;
    assert_eq!(reorder.location(), "/cart?notice=reordered");
    let cart = app.get_with_cookie("/cart", &cookie).await;
    assert!(cart.body.contains(&format!("data-sku=\"{sku}\"")));
}

#[tokio::test]
async fn a_viewer_sees_the_order_but_cannot_order_and_another_company_cannot_see_it() {
    let app = spawn_app().await;
    let buyer = sign_in(&app, "buyer@acme.example").await;
    let (_, sku, _, _) = contract_priced(&app).await;
    let number = order_through_checkout(&app, &buyer, &sku, "PO-1").await;

    let viewer = sign_in(&app, "viewer@acme.example").await;
    let seen = app
        .get_with_cookie(&format!("/account/orders/{number}"), &viewer)
        .await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        !seen.body.contains("Order again"),
        "a viewer is not offered reorder"
    );
    app.form_post(
        "/api/cart/add",
        &format!("sku={sku}&quantity=1"),
        "/",
        Some(&viewer),
    )
    .await;
    let checkout = app.get_with_cookie("/checkout", &viewer).await;
    assert!(checkout.body.contains("not place orders"));
    assert!(
        checkout.input_value("idempotency_key").is_none(),
        "no order form for a viewer"
    );
    let refused = app
        .form_post(
            "/api/checkout/place",
            "idempotency_key=viewer-key-01&address=new&name=V&company=&line1=Street%201&line2=&postal_code=12345\
             &city=Berlin&country=DE&phone=&shipping_method=parcel-eur&payment=invoice&po_number=&expected_subtotal=",
            "/checkout",
            Some(&viewer),
        )
        .await;
    assert!(
        refused.location().starts_with("/checkout?error="),
        "{}",
        refused.location()
    );
    let viewer_orders = app.get_with_cookie("/account/orders", &viewer).await;
    assert_eq!(
        viewer_orders.body.matches("/account/orders/1").count(),
        1,
        "still one order"
    );

    let outsider = sign_in(&app, "buyer@globex.example").await;
    for path in [
        format!("/account/orders/{number}"),
        format!("/account/orders/{number}/invoice"),
        format!("/checkout/confirmation/{number}"),
    ] {
        let reply = app.get_with_cookie(&path, &outsider).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!reply.body.contains("PO-1"));
    }
    let list = app.get_with_cookie("/account/orders", &outsider).await;
    assert!(!list.body.contains(&number));
    let reorder = app
        .form_post(
            "/api/orders/reorder",
            &format!("number={number}"),
            "/account/orders",
            Some(&outsider),
        )
        .await;
    assert!(
        reorder.location().contains("error="),
        "{}",
        reorder.location()
    );
    let json = app
        .json_form_post("/api/order", &format!("number={number}"))
        .await;
    assert_ne!(
        json.status,
        StatusCode::OK,
        "not by the server function either"
    );
}

#[tokio::test]
async fn sign_up_merges_the_guest_cart_sign_out_ends_the_session_and_a_reset_link_sets_a_new_password()
 {
    let app = spawn_app().await;
    let (slug, product) = app.first_product().await;
    let sku = product.variants[0].sku.to_string();
    let added = app
        .form_post(
            "/api/cart/add",
            &format!("sku={sku}&quantity=1"),
            &format!("/products/{slug}"),
            None,
        )
        .await;
    let guest_cart = added.cart_cookie().unwrap();

    let short = app
        .form_post(
            "/api/account/sign-up",
            "name=Ann&email=ann@example.com&password=short&next=/cart",
            "/account/sign-up?next=/cart",
            Some(&guest_cart),
        )
        .await;
    assert!(
        short.location().contains("error=Password"),
        "{}",
        short.location()
    );
    let signed_up = app
        .form_post(
            "/api/account/sign-up",
            "name=Ann&email=ann@example.com&password=a-long-password&next=/cart",
            "/account/sign-up?next=/cart",
            Some(&guest_cart),
        )
        .await;
    assert_eq!(signed_up.location(), "/cart");
    let session = signed_up.set_cookie("kontor_session").unwrap();
    assert!(
        signed_up
            .set_cookie_line("kontor_cart")
            .unwrap()
            .contains("Max-Age=0")
    );
    let cart = app.get_with_cookie("/cart", &session).await;
    assert!(
        cart.body.contains(&format!("data-sku=\"{sku}\"")),
        "the guest cart came along"
    );
    let taken = app
        .form_post(
            "/api/account/sign-up",
            "name=Ann&email=ann@example.com&password=a-long-password&next=",
            "/account/sign-up",
            None,
        )
        .await;
    assert!(
        taken.location().contains("error=Email"),
        "{}",
        taken.location()
    );

    let out = app
        .form_post("/api/account/sign-out", "", "/account", Some(&session))
        .await;
    assert_eq!(out.location(), "/");
    assert!(
        out.set_cookie_line("kontor_session")
            .unwrap()
            .contains("Max-Age=0")
    );
    let gone = app.get_with_cookie("/account", &session).await;
    assert!(
        gone.status.is_redirection(),
        "the session ended on the server too"
    );

    let asked = app
        .form_post(
            "/api/account/forgot",
            "email=ann@example.com",
            "/account/forgot",
            None,
        )
        .await;
    assert_eq!(asked.location(), "/account/forgot?sent=1");
    let unknown = app
        .form_post(
            "/api/account/forgot",
            "email=nobody@example.com",
            "/account/forgot",
            None,
        )
        .await;
    assert_eq!(
        unknown.location(),
        asked.location(),
        "the answer never tells who has an account"
    );
    let mail = app
        .engine
        .claim_emails(10, std::time::Duration::from_secs(60))
        .await
        .unwrap();
    let reset = mail
        .iter()
        .find(|m| m.subject.contains("Reset"))
        .expect("a reset email");
    let link = reset
        .body
        .lines()
        .find(|l| l.contains("/account/reset?token="))
        .unwrap()
        .trim();
    assert!(
        link.starts_with("http://shop.test/account/reset?token="),
        "{link}"
    );
    let token = link.rsplit('=').next().unwrap();
    let form = app.get(&format!("/account/reset?token={token}")).await;
    assert_eq!(form.input_value("token").as_deref(), Some(token));
    let done = app
        .form_post(
            "/api/account/reset",
            &format!("token={token}&password=another-password"),
            "/account/reset",
            None,
        )
        .await;
    assert_eq!(done.location(), "/account/sign-in?reset=1");
    let reused = app
        .form_post(
            "/api/account/reset",
            &format!("token={token}&password=third-password!"),
            "/account/reset",
            None,
        )
        .await;
    assert!(
        reused.location().contains("error=Token"),
        "{}",
        reused.location()
    );
    assert!(
        app.engine
            .sign_in(
                "ann@example.com",
                "another-password",
                engine::ClientAddr::LOCAL
            )
            .await
            .is_ok()
    );
}
