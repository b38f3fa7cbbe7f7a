//! A price list's prices uploaded as a file on the back office's price list page, through the real router: a
//! spreadsheet's CSV with a heading, quoted decimal commas and volume breaks is written and audited; a workbook, a
//! missing file, a role without `catalog:write` and a stranger are refused.

mod support;

use engine::{Actor, audit_log::AuditFilter};
use support::{
    TestApp,
    back_office::{multipart_post, signed_in_member},
    spawn_app,
};

/// Posts the upload form as a browser without JavaScript does.
async fn upload(app: &TestApp, list: &str, file: &[u8], cookie: Option<&str>) -> String {
    multipart_post(
        app,
        "/admin/fn/price-lists/upload",
        &[("price_list", list)],
        ("file", "prices.csv", file),
        cookie,
    )
    .await
}

#[tokio::test]
async fn a_spreadsheets_csv_sets_a_lists_prices_and_others_are_refused() {
    let app = spawn_app().await;
    let (slug, sku) = app.hex_bolt().await;
    let product: serde_json::Value = serde_json::from_str(
        &app.api("GET", &format!("/api/v1/products/{slug}"), None, None)
            .await
            .body,
    )
    .unwrap();
    let other = product["variants"][1]["sku"].as_str().unwrap().to_owned();
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;

    let csv = format!("SKU,Price,Break\r\n\r\n{sku},\"9,50\",10=9.00\r\n{other},-5%\r\n");
    let saved = upload(&app, "acme-contract", csv.as_bytes(), Some(&catalog)).await;
    assert_eq!(saved, "/admin/price-lists?saved=prices&count=2");
    let trail = app
        .engine
        .audit_entries(
            &Actor::process("test"),
            &AuditFilter {
                entity: Some("price_list".into()),
                ..AuditFilter::default()
            },
        )
        .await
        .unwrap();
    let entry = &trail.entries[0];
    assert_eq!(
        (entry.action.as_str(), entry.entity_id.as_str()),
        ("price_list.entries_changed", "acme-contract")
    );
    assert_eq!(entry.changes[0].after.as_deref(), Some("2 set, 0 removed"));
    assert_eq!(entry.actor, "c@shop.example");

    // A bad row is named by the line an editor shows, and the good ones are saved.
    let semicolons = format!("SKU;Price\n{sku};9,40\nNO-SUCH-SKU;1\n");
    let named = upload(&app, "acme-contract", semicolons.as_bytes(), Some(&catalog)).await;
    assert!(named.contains("error=Lines%3A%20line%203"), "{named}");

    let workbook = upload(
        &app,
        "acme-contract",
        b"PK\x03\x04xl/workbook",
        Some(&catalog),
    )
    .await;
    assert!(workbook.contains("error=File"), "{workbook}");
    let empty = upload(&app, "acme-contract", b"", Some(&catalog)).await;
    assert!(empty.contains("error=File"), "{empty}");

    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let lesser = upload(&app, "acme-contract", csv.as_bytes(), Some(&orders)).await;
    assert!(lesser.contains("error="), "{lesser}");
    let stranger = upload(&app, "acme-contract", csv.as_bytes(), None).await;
    assert_eq!(stranger, "/admin/sign-in");
    let forged = upload(
        &app,
        "acme-contract",
        csv.as_bytes(),
        Some("kontor_admin=not-a-session"),
    )
    .await;
    assert_eq!(forged, "/admin/sign-in");
}
