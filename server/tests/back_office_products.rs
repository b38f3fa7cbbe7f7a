//! The back office's products through the real router: the editor creates a draft that buyers cannot reach,
//! publishes it, refuses a save over a newer one and renames it with the old address answering 301 (pages and API);
//! the list filters and takes bulk actions. A lesser role and a stranger are refused each.

mod support;

use axum::http::StatusCode;
use engine::Scope;
use support::{
    back_office::{admin_post, assert_refused, multipart_post, signed_in_member},
    json_of, secret_key, spawn_app,
};

const SAVE: &str = "/admin/fn/products/save";

/// The editor's post for a two-variant drill, as a browser without JavaScript sends it.
fn drill_form(original: &str, version: &str, handle: &str, status: &str) -> String {
    format!(
        "original={original}&version={version}&product[name]=Cordless+Drill&product[handle]={handle}\
         &product[category]=hand-tools&product[status]={status}&product[description]=Drills+without+a+cord.\
         &product[seo_title]=Cordless+drill+12+or+18+V\
         &variants[0][sku]=CD-12&variants[0][title]=12+V&variants[0][options]=Voltage%3A+12+V&variants[0][price]=89.00\
         &variants[0][tiers]=10%3A+85.00&variants[0][stock]=7\
         &variants[1][sku]=CD-18&variants[1][title]=18+V&variants[1][options]=Voltage%3A+18+V&variants[1][price]=129.00\
         &variants[2][sku]=&variants[2][price]="
    )
}

/// The version the editor's form carries.
fn version_in(page: &str) -> String {
    let start = page
        .find("name=\"version\" value=\"")
        .expect("a version field")
        + 22;
    page[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_catalog_manager_creates_a_draft_publishes_it_and_renames_it() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let new = app.get_with_cookie("/admin/products/new", &catalog).await;
    assert_eq!(new.status, StatusCode::OK);
    assert!(new.body.contains("name=\"product[name]\""), "{}", new.body);

    let created = admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    assert_eq!(
        created.location(),
        "/admin/products/cordless-drill?saved=product"
    );
    assert_eq!(
        app.get("/products/cordless-drill").await.status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !app.get("/search?q=cordless")
            .await
            .body
            .contains("/products/cordless-drill")
    );

    let page = app
        .get_with_cookie("/admin/products/cordless-drill", &catalog)
        .await;
    assert!(page.body.contains("value=\"CD-18\""), "{}", page.body);
    assert!(
        page.body.contains("10: 85.00"),
        "the break reads back as typed"
    );
    let opened = version_in(&page.body);
    let published = admin_post(
        &app,
        SAVE,
        &drill_form("cordless-drill", &opened, "cordless-drill", "active"),
        Some(&catalog),
    )
    .await;
    assert_eq!(
        published.location(),
        "/admin/products/cordless-drill?saved=product"
    );
    let shop = app.get("/products/cordless-drill").await;
    assert_eq!(shop.status, StatusCode::OK);
    assert!(
        shop.body.contains("<title>Cordless drill 12 or 18 V"),
        "the SEO title is the page's"
    );
    assert!(
        app.get("/search?q=cordless")
            .await
            .body
            .contains("/products/cordless-drill")
    );

    // The form opened before the publish is stale now: saving it says so and changes nothing.
    let stale = admin_post(
        &app,
        SAVE,
        &drill_form("cordless-drill", &opened, "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    assert!(stale.location().contains("error="), "{}", stale.location());
    assert!(
        stale.location().contains("someone%20else"),
        "{}",
        stale.location()
    );
    assert_eq!(
        app.get("/products/cordless-drill").await.status,
        StatusCode::OK
    );

    let current = version_in(
        &app.get_with_cookie("/admin/products/cordless-drill", &catalog)
            .await
            .body,
    );
    let renamed = admin_post(
        &app,
        SAVE,
        &drill_form("cordless-drill", &current, "cordless-drill-pro", "active"),
        Some(&catalog),
    )
    .await;
    assert_eq!(
        renamed.location(),
        "/admin/products/cordless-drill-pro?saved=product"
    );
    let old = app.get("/products/cordless-drill").await;
    assert_eq!(old.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(old.location(), "/products/cordless-drill-pro");
    let api = app.get("/api/v1/products/cordless-drill").await;
    assert_eq!(api.status, StatusCode::MOVED_PERMANENTLY);
    assert_eq!(api.location(), "/api/v1/products/cordless-drill-pro");
    assert_eq!(
        app.get("/products/no-such-thing").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_bad_row_is_refused_naming_it_and_nothing_is_saved() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let form = drill_form("", "0", "cordless-drill", "draft")
        .replace("variants[1][price]=129.00", "variants[1][price]=lots");
    let reply = admin_post(&app, SAVE, &form, Some(&catalog)).await;
    assert!(reply.location().contains("error="), "{}", reply.location());
    assert!(
        reply.location().contains("Variants%5B1%5D.price"),
        "{}",
        reply.location()
    );
    let missing = app
        .get_with_cookie("/admin/products/cordless-drill", &catalog)
        .await;
    assert_ne!(missing.status, StatusCode::OK);
    let unknown_category =
        drill_form("", "0", "cordless-drill", "draft").replace("hand-tools", "no-such-category");
    let reply = admin_post(&app, SAVE, &unknown_category, Some(&catalog)).await;
    assert!(
        reply.location().contains("error=Category"),
        "{}",
        reply.location()
    );
}

#[tokio::test]
async fn the_list_filters_and_a_bulk_action_changes_the_ticked_products() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    let drafts = app
        .get_with_cookie("/admin/products?status=draft", &catalog)
        .await;
    assert_eq!(drafts.status, StatusCode::OK);
    assert!(drafts.body.contains("1 products."), "{}", drafts.body);
    assert!(
        drafts
            .body
            .contains("href=\"/admin/products/cordless-drill\"")
    );
    let by_sku = app
        .get_with_cookie("/admin/products?q=CD-18", &catalog)
        .await;
    assert!(
        by_sku
            .body
            .contains("href=\"/admin/products/cordless-drill\"")
    );
    let bad = app
        .get_with_cookie("/admin/products?stock_below=few", &catalog)
        .await;
    assert!(
        bad.body.contains("stock_below") || bad.body.contains("Stock_below"),
        "{}",
        bad.body
    );

    let bulk = admin_post(
        &app,
        "/admin/fn/products/bulk",
        "action=status&value=active&handles[3]=cordless-drill",
        Some(&catalog),
    )
    .await;
    assert_eq!(bulk.location(), "/admin/products?changed=1");
    assert_eq!(
        app.get("/products/cordless-drill").await.status,
        StatusCode::OK
    );
    let unknown = admin_post(
        &app,
        "/admin/fn/products/bulk",
        "action=prices&value=lots&handles[0]=cordless-drill",
        Some(&catalog),
    )
    .await;
    assert!(
        unknown.location().contains("error="),
        "{}",
        unknown.location()
    );
}

#[tokio::test]
async fn a_lesser_role_and_a_stranger_are_refused() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    // A reader sees the product, with no save button.
    let page = app
        .get_with_cookie("/admin/products/cordless-drill", &reader)
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Save product"));
    let version = version_in(&page.body);
    for cookie in [Some(reader.as_str()), None] {
        assert_refused(
            &app,
            SAVE,
            &drill_form("cordless-drill", &version, "cordless-drill", "active"),
            cookie,
        )
        .await;
        assert_refused(
            &app,
            SAVE,
            &drill_form("", "0", "other-drill", "draft"),
            cookie,
        )
        .await;
        assert_refused(
            &app,
            "/admin/fn/products/bulk",
            "action=status&value=active&handles[0]=cordless-drill",
            cookie,
        )
        .await;
        assert_refused(
            &app,
            "/admin/fn/products/stock",
            "handle=cordless-drill&cells[0][sku]=CD-12&cells[0][warehouse]=main&cells[0][was]=7&cells[0][on_hand]=70",
            cookie,
        )
        .await;
    }
    assert_eq!(
        app.get("/products/cordless-drill").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/admin/products").await.location(),
        "/admin/sign-in"
    );
}

#[tokio::test]
async fn the_stock_form_writes_only_the_cells_that_changed() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    let page = app
        .get_with_cookie("/admin/products/cordless-drill", &catalog)
        .await;
    assert!(
        page.body.contains("On hand of CD-12 in main"),
        "{}",
        page.body
    );
    // Someone counts CD-18 meanwhile; the form still shows 0 for it and leaves it alone.
    let sku = domain::Sku::parse("CD-18").unwrap();
    app.engine
        .set_stock(&engine::Actor::process("test"), "main", &sku, 40)
        .await
        .unwrap();
    let counted = admin_post(
        &app,
        "/admin/fn/products/stock",
        "handle=cordless-drill&cells[0][sku]=CD-12&cells[0][warehouse]=main&cells[0][was]=7&cells[0][on_hand]=9\
         &cells[1][sku]=CD-18&cells[1][warehouse]=main&cells[1][was]=0&cells[1][on_hand]=0",
        Some(&catalog),
    )
    .await;
    assert_eq!(
        counted.location(),
        "/admin/products/cordless-drill?saved=stock"
    );
    let cd12 = app
        .engine
        .availability(&domain::Sku::parse("CD-12").unwrap())
        .await
        .unwrap();
    assert_eq!(cd12.on_hand, 9);
    assert_eq!(app.engine.availability(&sku).await.unwrap().on_hand, 40);
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[tokio::test]
async fn an_uploaded_image_is_served_for_good_and_shown_in_its_widths() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "active"),
        Some(&catalog),
    )
    .await;
    let upload = "/admin/fn/products/images";
    let fields = [
        ("handle", "cordless-drill"),
        ("alt", "The drill, side view"),
    ];
    let done = multipart_post(
        &app,
        upload,
        &fields,
        ("file", "drill.png", &png(1000, 750)),
        Some(&catalog),
    )
    .await;
    assert_eq!(done, "/admin/products/cordless-drill?saved=image");

    let page = app.get("/products/cordless-drill").await;
    assert!(page.body.contains("/320.png 320w"), "{}", page.body);
    assert!(page.body.contains("alt=\"The drill, side view\""));
    assert!(page.body.contains("height=\"300\""), "400 wide keeps 4:3");
    let start = page.body.find("src=\"/media/uploads/").unwrap() + 5;
    let url = page.body[start..].split('"').next().unwrap().to_owned();
    let file = app.get(&url).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), Some("image/png"));
    assert!(file.header("cache-control").unwrap().contains("immutable"));

    // Refused by content, whatever the name says; a lesser role and a stranger are refused.
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let refused = multipart_post(
        &app,
        upload,
        &fields,
        ("file", "drill.png", svg),
        Some(&catalog),
    )
    .await;
    assert!(
        refused.contains("error=") && refused.contains("SVG"),
        "{refused}"
    );
    let text = multipart_post(
        &app,
        upload,
        &fields,
        ("file", "drill.jpg", b"just text"),
        Some(&catalog),
    )
    .await;
    assert!(text.contains("error="), "{text}");
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    let refused = multipart_post(
        &app,
        upload,
        &fields,
        ("file", "drill.png", &png(10, 10)),
        Some(&reader),
    )
    .await;
    assert!(refused.contains("error="), "{refused}");
    let stranger = multipart_post(
        &app,
        upload,
        &fields,
        ("file", "drill.png", &png(10, 10)),
        None,
    )
    .await;
    assert_eq!(stranger, "/admin/sign-in");
}

#[tokio::test]
async fn the_admin_api_lists_products_and_changes_them_in_bulk_by_scope() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    admin_post(
        &app,
        SAVE,
        &drill_form("", "0", "cordless-drill", "draft"),
        Some(&catalog),
    )
    .await;
    let writer = secret_key(&app, &[Scope::CatalogRead, Scope::CatalogWrite], None).await;
    let reader = secret_key(&app, &[Scope::CatalogRead], None).await;
    let orders_only = secret_key(&app, &[Scope::OrdersRead], None).await;

    let list = app
        .api(
            "GET",
            "/api/v1/admin/products?status=draft",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let list = json_of(&list);
    assert_eq!(list["total"], 1);
    assert_eq!(list["data"][0]["handle"], "cordless-drill");
    assert_eq!(list["data"][0]["variants"], 2);
    assert_eq!(list["data"][0]["price_from"], "89");
    let all = json_of(
        &app.api("GET", "/api/v1/admin/products", Some(&reader), None)
            .await,
    );
    assert!(
        all["next_cursor"].is_string(),
        "the demo has more than a page"
    );
    let bad = app
        .api(
            "GET",
            "/api/v1/admin/products?sort=price",
            Some(&reader),
            None,
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(bad.body.contains("sort"), "{}", bad.body);

    let body = r#"{"handles":["cordless-drill"],"action":"status","value":"active"}"#;
    let refused = app
        .api(
            "POST",
            "/api/v1/admin/products/bulk",
            Some(&reader),
            Some(body),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = app
        .api("GET", "/api/v1/admin/products", Some(&orders_only), None)
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let stranger = app.api("GET", "/api/v1/admin/products", None, None).await;
    assert_eq!(stranger.status, StatusCode::UNAUTHORIZED);
    let done = app
        .api(
            "POST",
            "/api/v1/admin/products/bulk",
            Some(&writer),
            Some(body),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert_eq!(json_of(&done)["changed"], 1);
    assert_eq!(
        app.get("/products/cordless-drill").await.status,
        StatusCode::OK
    );
    let unknown = r#"{"handles":["cordless-drill","nope"],"action":"status","value":"draft"}"#;
    let unknown = app
        .api(
            "POST",
            "/api/v1/admin/products/bulk",
            Some(&writer),
            Some(unknown),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("handles"), "{}", unknown.body);
}
