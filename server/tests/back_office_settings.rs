//! The back office's settings and the first-run setup through the real router, as plain form posts: who may
//! change what, and a new shop set up in the browser until its storefront opens.

mod support;

use axum::http::StatusCode;
use engine::Actor;
use support::{
    back_office::{admin_post as post, assert_refused, signed_in_member},
    spawn_app, spawn_empty_app,
};

#[tokio::test]
async fn a_catalog_manager_reads_the_settings_but_only_an_administrator_changes_them() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    assert!(
        app.get("/").await.body.contains("Kontor Trade GmbH"),
        "the footer names the seller"
    );
    let page = app.get_with_cookie("/admin/settings", &catalog).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("Kontor Trade GmbH") && page.body.contains("parcel-eur"),
        "the demo's settings show"
    );
    assert!(
        !page.body.contains("Save profile"),
        "no forms for a role that may not change settings"
    );
    assert_refused(
        &app,
        "/admin/fn/settings/tax-rate",
        "tax_class=standard&country=DE&rate_percent=21",
        Some(&catalog),
    )
    .await;
    let stranger = post(
        &app,
        "/admin/fn/settings/tax-rate",
        "tax_class=standard&country=DE&rate_percent=21",
        None,
    )
    .await;
    assert_eq!(stranger.location(), "/admin/sign-in");
    let owner = Actor::process("test");
    let de = |rates: Vec<engine::settings::TaxRateRecord>| {
        rates
            .into_iter()
            .find(|r| r.country == "DE" && r.tax_class == "standard")
            .unwrap()
            .rate_percent
            .to_string()
    };
    assert_eq!(de(app.engine.tax_rate_records(&owner).await.unwrap()), "19");

    let admin = signed_in_member(&app, "a@shop.example", "administrator").await;
    assert!(
        app.get_with_cookie("/admin/settings", &admin)
            .await
            .body
            .contains("Save profile")
    );
    let bad = post(
        &app,
        "/admin/fn/settings/tax-rate",
        "tax_class=standard&country=DE&rate_percent=lots",
        Some(&admin),
    )
    .await;
    assert!(
        bad.location().contains("error=Rate_percent"),
        "{}",
        bad.location()
    );
    let saved = post(
        &app,
        "/admin/fn/settings/tax-rate",
        "tax_class=standard&country=DE&rate_percent=21",
        Some(&admin),
    )
    .await;
    assert_eq!(saved.location(), "/admin/settings?saved=tax");
    assert_eq!(de(app.engine.tax_rate_records(&owner).await.unwrap()), "21");

    let renamed = post(
        &app,
        "/admin/fn/settings/channel",
        "code=trade&name=Kontor+Wholesale&currency=EUR&locales=en,de&country=DE&tax_display=excluding&prices_public=yes&hosts=",
        Some(&admin),
    )
    .await;
    assert_eq!(
        renamed.location(),
        "/admin/settings?saved=channel",
        "{}",
        renamed.body
    );
    assert!(
        app.engine
            .channels()
            .await
            .unwrap()
            .iter()
            .any(|c| c.name == "Kontor Wholesale")
    );
    // A channel that sells one part of the catalog.
    let export = post(
        &app,
        "/admin/fn/settings/channel",
        "code=export&name=Export&currency=EUR&locales=en&country=AT&tax_display=excluding&hosts=&assortment=hand-tools",
        Some(&admin),
    )
    .await;
    assert_eq!(
        export.location(),
        "/admin/settings?saved=channel",
        "{}",
        export.body
    );
    let sells = app
        .engine
        .channel_records(&Actor::process("test"))
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.code == "export")
        .and_then(|c| c.assortment);
    assert_eq!(sells, Some(vec!["hand-tools".to_owned()]));
    let method = post(
        &app,
        "/admin/fn/settings/shipping",
        "code=pickup-eur&name=Pick-up&currency=EUR&kind=flat&price=0&per_kg=&free_above=&countries=DE",
        Some(&admin),
    )
    .await;
    assert_eq!(
        method.location(),
        "/admin/settings?saved=shipping",
        "{}",
        method.body
    );
    let profile = post(
        &app,
        "/admin/fn/settings/profile",
        "legal_name=Kontor+Trade+AG&street=&postal_code=&city=&country=DE&vat_id=DE123456789&registration=&bank_name=&iban=&bic=&contact_email=&logo_url=",
        Some(&admin),
    )
    .await;
    assert_eq!(
        profile.location(),
        "/admin/settings?saved=profile",
        "{}",
        profile.body
    );
    // The storefront's footer follows at once, though its pages are cached.
    assert!(app.get("/").await.body.contains("Kontor Trade AG"));
    let trail = app
        .get_with_cookie("/admin/audit?entity=settings", &admin)
        .await;
    assert!(
        trail
            .body
            .contains("legal_name: Kontor Trade GmbH → Kontor Trade AG"),
        "{}",
        trail.body
    );
}

#[tokio::test]
async fn a_new_shop_is_set_up_in_the_browser_with_the_token_and_its_storefront_opens() {
    let app = spawn_empty_app().await;
    assert_eq!(app.get("/").await.status, StatusCode::SERVICE_UNAVAILABLE);
    let form = app.get("/admin/setup").await;
    assert_eq!(
        form.status,
        StatusCode::OK,
        "the back office answers before the shop is open"
    );
    assert!(
        form.body.contains("action=\"/admin/fn/setup\""),
        "{}",
        form.body
    );

    let fields = |token: &str| {
        format!(
            "token={token}&email=me%40new.example&name=Mia&password=a+long+owner+password&legal_name=New+GmbH\
             &country=AT&channel_name=New+Shop&currency=EUR&locale=de&tax_display=including&standard_rate=20\
             &reduced_rate=10&shipping_name=Post&shipping_price=5.90"
        )
    };
    let wrong = app
        .form_post(
            "/admin/fn/setup",
            &fields(&"a".repeat(64)),
            "/admin/setup",
            None,
        )
        .await;
    assert!(
        wrong.location().contains("error=Token"),
        "{}",
        wrong.location()
    );
    // `kontor serve` issues the token at start and writes it to the data folder.
    let token = app.engine.issue_setup_token().await.unwrap().unwrap();
    let done = app
        .form_post("/admin/fn/setup", &fields(&token), "/admin/setup", None)
        .await;
    assert_eq!(
        done.location(),
        "/admin/sign-in?setup=done",
        "{}",
        done.body
    );
    assert_eq!(
        app.get("/").await.status,
        StatusCode::OK,
        "the storefront opens, empty"
    );
    assert!(
        app.get("/admin/setup")
            .await
            .body
            .contains("This shop is set up.")
    );
    let again = app
        .form_post("/admin/fn/setup", &fields(&token), "/admin/setup", None)
        .await;
    assert!(again.location().contains("error="), "{}", again.location());
    let owner = app
        .form_post(
            "/admin/fn/sign-in",
            "email=me%40new.example&password=a+long+owner+password",
            "/admin/sign-in",
            None,
        )
        .await;
    assert_eq!(
        owner.location(),
        "/admin/sign-in/enrol",
        "the owner sets up two-factor sign-in next"
    );
}

#[tokio::test]
async fn a_catalog_manager_edits_a_price_list_but_not_tax_rates_or_staff_on_the_page_and_through_the_api()
 {
    let app = spawn_app().await;
    let (_, product) = app.first_product().await;
    let skus: Vec<String> = product.variants.iter().map(|v| v.sku.to_string()).collect();
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let page = app.get_with_cookie("/admin/price-lists", &catalog).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Save price list"), "{}", page.body);

    let list = post(
        &app,
        "/admin/fn/price-lists/save",
        "code=spring&name=Spring+sale&currency=EUR&priority=5&valid_from=2026-03-01&valid_until=2026-05-31&targets=everyone",
        Some(&catalog),
    )
    .await;
    assert_eq!(
        list.location(),
        "/admin/price-lists?saved=list",
        "{}",
        list.body
    );
    let spring = app
        .engine
        .price_list_setups(None)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.code == "spring")
        .unwrap();
    assert_eq!(
        spring.valid_until_ms,
        Some(domain::day_ms("2026-06-01", "t").unwrap()),
        "the last day counts whole"
    );

    let lines = format!(
        "{}%3B9.90%0A{}%3B-10%25",
        skus[0],
        skus.get(1).unwrap_or(&skus[0])
    );
    let prices = post(
        &app,
        "/admin/fn/price-lists/prices",
        &format!("price_list=spring&lines={lines}"),
        Some(&catalog),
    )
    .await;
    assert_eq!(
        prices.location(),
        "/admin/price-lists?saved=prices&count=2",
        "{}",
        prices.body
    );
    // Rows pasted from a spreadsheet: a heading, tabs, decimal commas and volume breaks.
    let pasted = format!(
        "SKU%09Price%0A{}%099%2C50%0910%3D9%2C00%0950%3D8%2C50",
        skus[0]
    );
    let tiers = post(
        &app,
        "/admin/fn/price-lists/prices",
        &format!("price_list=spring&lines={pasted}"),
        Some(&catalog),
    )
    .await;
    assert_eq!(
        tiers.location(),
        "/admin/price-lists?saved=prices&count=1",
        "{}",
        tiers.body
    );
    let rising = post(
        &app,
        "/admin/fn/price-lists/prices",
        &format!("price_list=spring&lines={}%3B9.50%3B10%3D9.90", skus[0]),
        Some(&catalog),
    )
    .await;
    assert!(
        rising.location().contains("error=Lines%3A%20line%201"),
        "a break dearer than the price is refused: {}",
        rising.location()
    );
    let bad = post(
        &app,
        "/admin/fn/price-lists/prices",
        "price_list=spring&lines=NO-SUCH-SKU%3B1",
        Some(&catalog),
    )
    .await;
    assert!(
        bad.location().contains("error=Lines%3A%20line%201"),
        "{}",
        bad.location()
    );

    // Not tax rates, not staff: on the page …
    assert_refused(
        &app,
        "/admin/fn/settings/tax-rate",
        "tax_class=standard&country=DE&rate_percent=21",
        Some(&catalog),
    )
    .await;
    assert_refused(
        &app,
        "/admin/fn/staff/invite",
        "email=x%40shop.example&name=X&role=read_only",
        Some(&catalog),
    )
    .await;
    // … and a role without catalog:write may not touch prices.
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    assert_refused(
        &app,
        "/admin/fn/price-lists/prices",
        &format!("price_list=spring&lines={lines}"),
        Some(&orders),
    )
    .await;

    // … and through the API alike, with a key holding a catalog manager's scopes.
    let key = app
        .engine
        .create_api_key(
            &Actor::process("test"),
            engine::NewApiKey {
                kind: engine::KeyKind::Secret,
                name: "catalog".into(),
                scopes: vec![
                    engine::Scope::CatalogRead,
                    engine::Scope::CatalogWrite,
                    engine::Scope::SettingsRead,
                ],
                channel: None,
                company: None,
                rate_per_minute: None,
            },
        )
        .await
        .unwrap()
        .secret;
    let body =
        r#"{"code":"spring","name":"Spring","currency":"EUR","priority":6,"targets":["everyone"]}"#;
    let put = app
        .api(
            "PUT",
            "/api/v1/admin/price-lists/spring",
            Some(&key),
            Some(body),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let rate = app
        .api(
            "PUT",
            "/api/v1/admin/tax-rates/DE/standard",
            Some(&key),
            Some(r#"{"rate_percent":"21"}"#),
        )
        .await;
    assert_eq!(rate.status, StatusCode::FORBIDDEN);

    let trail = app
        .engine
        .audit_entries(
            &Actor::process("test"),
            &engine::audit_log::AuditFilter::default(),
        )
        .await
        .unwrap();
    let by = |action: &str| {
        trail
            .entries
            .iter()
            .filter(|e| e.action == action)
            .map(|e| e.actor.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(by("price_list.created"), ["c@shop.example"]);
    assert_eq!(
        by("price_list.entries_changed"),
        ["c@shop.example", "c@shop.example"],
        "one per upload that changed the list: the typed lines and the pasted rows"
    );
    assert_eq!(
        by("price_list.changed"),
        ["catalog"],
        "the key, by its label"
    );
}
