//! Signed-in pages shared within a company: rendered once per company, filled per person, and always the page the
//! person would have been rendered (`Cache-Control: no-cache` asks for that page), never another company's, and
//! current after a price change.

mod support;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use support::{Reply, TestApp, secret_key, session_cookie, spawn_app};

/// The page as rendered for this request alone.
async fn fresh(app: &TestApp, path: &str, cookie: &str) -> Reply {
    app.send(
        Request::get(path)
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookie)
            .header(header::CACHE_CONTROL, "no-cache")
            .body(Body::empty())
            .unwrap(),
    )
    .await
}

/// The page through the company's store; asserts it is exactly the page rendered for the person alone.
async fn shared(app: &TestApp, path: &str, cookie: &str, outcome: &str) -> Reply {
    let reply = app.get_with_cookie(path, cookie).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    assert_eq!(reply.header("x-cache"), Some(outcome), "{path}");
    let alone = fresh(app, path, cookie).await;
    assert_eq!(alone.header("x-cache"), None, "{path}: no-cache renders");
    let (filled, rendered) = (without_nonces(&reply.body), without_nonces(&alone.body));
    if filled != rendered {
        let at = filled
            .bytes()
            .zip(rendered.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(filled.len().min(rendered.len()));
        let around = |s: &str| s[at.saturating_sub(200)..(at + 200).min(s.len())].to_owned();
        panic!(
            "{path}: the filled page differs from the page rendered for the person at byte {at}:\n{}\n---\n{}",
            around(&filled),
            around(&rendered)
        );
    }
    assert!(
        !reply.body.contains("kontor-slot"),
        "{path}: a slot was left"
    );
    reply
}

/// `page` with the script nonce Leptos draws for every render taken out: the only part of two renders of the same
/// page that may differ (the Content-Security-Policy trusts scripts by hash, not by nonce).
fn without_nonces(page: &str) -> String {
    let mut out = page.to_owned();
    let mut rest = page;
    while let Some(at) = rest.find("nonce=\"") {
        rest = &rest[at + 7..];
        let nonce = &rest[..rest.find('"').unwrap_or(0)];
        if !nonce.is_empty() {
            out = out.replace(nonce, "NONCE");
        }
    }
    out
}

/// The header's account link's title: who the page is for.
fn signed_in_as(reply: &Reply) -> String {
    let at = reply
        .body
        .find(r#"class="account-link""#)
        .expect("an account link");
    let start = reply.body[..at].rfind('<').unwrap();
    let tag = &reply.body[start..at + reply.body[at..].find('>').unwrap()];
    let title = tag.find("title=\"").expect("a title") + 7;
    tag[title..title + tag[title..].find('"').unwrap()].to_owned()
}

fn cart_count(reply: &Reply) -> String {
    let at = reply
        .body
        .find(r#"data-testid="cart-count""#)
        .expect("a cart badge");
    let text = at + reply.body[at..].find('>').unwrap() + 1;
    reply.body[text..text + reply.body[text..].find('<').unwrap()]
        .trim_start_matches("<!>")
        .to_owned()
}

#[tokio::test]
async fn a_company_page_is_rendered_once_and_filled_for_each_person() {
    let app = spawn_app().await;
    let (slug, sku) = app.hex_bolt().await;
    let buyer = session_cookie(&app, "buyer@acme.example").await;
    let admin = session_cookie(&app, "admin@acme.example").await;
    // The admin keeps a list of their own, which the product page offers them and nobody else.
    let made = app
        .form_post(
            "/api/lists/create",
            "name=Admin+private+bolts",
            "/account/lists",
            Some(&admin),
        )
        .await;
    assert!(made.status.is_redirection(), "{}", made.body);
    let product = format!("/products/{slug}");
    for path in [
        "/",
        "/categories/hex-bolts",
        product.as_str(),
        "/search?q=bolt",
        "/de",
    ] {
        let first = shared(&app, path, &buyer, "miss").await;
        shared(&app, path, &buyer, "hit").await;
        let colleague = shared(&app, path, &admin, "hit").await;
        assert_ne!(signed_in_as(&first), signed_in_as(&colleague), "{path}");
        assert!(!first.body.contains("Admin private bolts"), "{path}");
    }
    let admins = shared(&app, &product, &admin, "hit").await;
    assert!(admins.body.contains("Admin private bolts"));

    // The badge follows the person's cart on a stored page.
    let before = shared(&app, &product, &buyer, "hit").await;
    let added = app
        .form_post(
            "/api/cart/add",
            &format!("sku={sku}&quantity=3"),
            &product,
            Some(&buyer),
        )
        .await;
    assert!(added.status.is_redirection(), "{}", added.body);
    let after = shared(&app, &product, &buyer, "hit").await;
    assert_eq!(
        cart_count(&after).parse::<u64>().unwrap(),
        cart_count(&before).parse::<u64>().unwrap() + 3
    );
}

#[tokio::test]
async fn companies_never_share_a_page_and_a_price_change_shows_on_the_next_request() {
    let app = spawn_app().await;
    let (slug, sku) = app.hex_bolt().await;
    let acme = session_cookie(&app, "buyer@acme.example").await;
    let globex = session_cookie(&app, "buyer@globex.example").await;
    let product = format!("/products/{slug}");
    let acmes = shared(&app, &product, &acme, "miss").await;
    let globexs = shared(&app, &product, &globex, "miss").await;
    assert_ne!(
        acmes.body.replace(&signed_in_as(&acmes), ""),
        globexs.body.replace(&signed_in_as(&globexs), ""),
        "ACME's dealer prices are not Globex's"
    );
    shared(&app, &product, &acme, "hit").await;

    // A viewer may not keep lists: their page is stored apart from the buyers'.
    let viewer = session_cookie(&app, "viewer@acme.example").await;
    let viewers = shared(&app, &product, &viewer, "miss").await;
    assert!(!viewers.body.contains("Add to a list"));
    assert!(acmes.body.contains("Add to a list"));

    // A contract price written through the ERP API: ACME's next page has it, Globex's does not.
    assert!(!acmes.body.contains("0.07"));
    let erp = secret_key(&app, &[engine::Scope::CatalogWrite], None).await;
    let upload = app
        .send(
            Request::post("/api/v1/admin/bulk/prices")
                .header("authorization", format!("Bearer {erp}"))
                .header("content-type", "application/x-ndjson")
                .body(Body::from(format!(
                    "{{\"price_list\":\"acme-contract\",\"sku\":\"{sku}\",\"price\":\"0.07\"}}\n"
                )))
                .unwrap(),
        )
        .await;
    assert_eq!(upload.status, StatusCode::OK, "{}", upload.body);
    assert!(upload.body.contains(r#""ok":true"#), "{}", upload.body);
    let repriced = shared(&app, &product, &acme, "miss").await;
    assert!(
        repriced.body.contains("0.07"),
        "the new contract price shows at once"
    );
    let still = shared(&app, &product, &globex, "miss").await;
    assert!(!still.body.contains("0.07"));
}

#[tokio::test]
async fn strangers_and_other_pages_are_rendered_as_they_are() {
    let app = spawn_app().await;
    let buyer = session_cookie(&app, "buyer@acme.example").await;
    // A session cookie that names no session is a guest's page, rendered for the request.
    let stranger = app
        .get_with_cookie("/categories/hex-bolts", "kontor_session=not-a-session")
        .await;
    assert_eq!(stranger.status, StatusCode::OK);
    assert_eq!(stranger.header("x-cache"), None);
    assert!(stranger.body.contains("Sign in"));
    // The cart and account pages are the person's own.
    for path in ["/cart", "/account", "/quick-order"] {
        let reply = app.get_with_cookie(path, &buyer).await;
        assert_eq!(reply.header("x-cache"), None, "{path}");
    }
    // A page for a missing product is filled for the person, never kept.
    let missing = app
        .get_with_cookie("/products/no-such-product", &buyer)
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("x-cache"), Some("pass"));
    assert!(!missing.body.contains("kontor-slot"));
    assert!(missing.body.contains("account-link"));
}
