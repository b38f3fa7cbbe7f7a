//! Files imported and exported in the back office, through the real router: a Shopify CSV with broken rows imports
//! the rest in the background while its page shows the progress, then lists the bad lines with their numbers (also
//! as a download); stock arrives as NDJSON; the exports download for who may read them. A lesser role, a member
//! without the kind's permission and a stranger are refused.

mod support;

use std::time::Duration;

use axum::http::StatusCode;
use support::{
    TestApp,
    back_office::{multipart_post, signed_in_member},
    spawn_app,
};

const UPLOAD: &str = "/admin/fn/imports/upload";

/// A merchant's own Shopify export: two good products (one with two variants) and two broken rows.
const SHOPIFY: &str = "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty\r\n\
    garden-hose,Garden Hose,<p>Kink-free.</p>,Aqua,Garden Hoses,Length,25 m,GH-25,29.90,10\r\n\
    garden-hose,,,,,Length,50 m,GH-50,49.90,4\r\n\
    nozzle,Nozzle,,Aqua,Garden Hoses,Title,Default Title,NZ-1,abc,5\r\n\
    ,Orphan,,Aqua,Garden Hoses,Title,Default Title,OR-1,1.00,5\r\n\
    hose-reel,Hose Reel,,Aqua,Garden Hoses,Title,Default Title,HR-1,49.00,2\r\n";

/// Follows the import's page until it is done; its final HTML.
async fn finished(app: &TestApp, path: &str, cookie: &str) -> String {
    for _ in 0..100 {
        let page = app.get_with_cookie(path, cookie).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        if !page.body.contains("http-equiv=\"refresh\"") {
            return page.body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the import at {path} did not finish");
}

#[tokio::test]
async fn a_shopify_csv_with_broken_rows_imports_the_rest_and_lists_the_bad_lines() {
    let app = spawn_app().await;
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let page = app.get_with_cookie("/admin/imports", &catalog).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(
        page.body
            .contains("Products (Shopify product CSV or Kontor NDJSON)")
    );
    assert!(
        !page.body.contains("Companies and people (NDJSON)"),
        "a catalog manager may not import customers"
    );

    let job = multipart_post(
        &app,
        UPLOAD,
        &[("kind", "products")],
        ("file", "products_export.csv", SHOPIFY.as_bytes()),
        Some(&catalog),
    )
    .await;
    assert!(job.starts_with("/admin/imports/"), "{job}");
    let done = finished(&app, &job, &catalog).await;
    assert!(done.contains("Done: 2 written, 2 bad lines."), "{done}");
    assert!(
        done.contains("<td class=\"num\">4</td>") && done.contains("<td class=\"num\">5</td>"),
        "{done}"
    );
    assert!(done.contains("price"), "the bad price is named: {done}");
    let product = app
        .api("GET", "/api/v1/products/garden-hose", None, None)
        .await;
    assert_eq!(product.status, StatusCode::OK, "{}", product.body);
    assert!(product.body.contains("GH-50"));

    let errors = app
        .get_with_cookie(&format!("{job}/errors.csv"), &catalog)
        .await;
    assert_eq!(errors.status, StatusCode::OK);
    assert!(
        errors
            .header("content-disposition")
            .unwrap()
            .contains("bad-lines.csv")
    );
    let lines: Vec<&str> = errors.body.lines().collect();
    assert_eq!(lines[0], "line,error");
    assert!(
        lines[1].starts_with("4,") && lines[2].starts_with("5,"),
        "{}",
        errors.body
    );

    let listed = app.get_with_cookie("/admin/imports", &catalog).await;
    assert!(listed.body.contains("products_export.csv"));

    // Stock as NDJSON needs `inventory:write`, which a catalog manager has; a bad line is listed.
    let stock = "{\"warehouse\":\"main\",\"sku\":\"GH-25\",\"on_hand\":77}\n{\"warehouse\":\"main\",\"sku\":\"NOPE\",\"on_hand\":1}\n";
    let job = multipart_post(
        &app,
        UPLOAD,
        &[("kind", "stock")],
        ("file", "stock.ndjson", stock.as_bytes()),
        Some(&catalog),
    )
    .await;
    let done = finished(&app, &job, &catalog).await;
    assert!(done.contains("Done: 1 written, 1 bad lines."), "{done}");

    // Refusals: a kind the role may not write, a prices CSV, a workbook, a read-only member, a stranger.
    for (kind, name, bytes, wanted) in [
        ("customers", "people.ndjson", b"{}\n".as_slice(), "error="),
        (
            "prices",
            "prices.csv",
            b"SKU,Price\n".as_slice(),
            "error=File",
        ),
        (
            "products",
            "book.xlsx",
            b"PK\x03\x04\xff\xfe".as_slice(),
            "error=File",
        ),
    ] {
        let refused = multipart_post(
            &app,
            UPLOAD,
            &[("kind", kind)],
            ("file", name, bytes),
            Some(&catalog),
        )
        .await;
        assert!(refused.contains(wanted), "{kind} {name}: {refused}");
    }
    let reader = signed_in_member(&app, "r@shop.example", "read_only").await;
    let refused = multipart_post(
        &app,
        UPLOAD,
        &[("kind", "products")],
        ("file", "p.csv", SHOPIFY.as_bytes()),
        Some(&reader),
    )
    .await;
    assert!(refused.contains("error="), "{refused}");
    let seen = app.get_with_cookie(&job, &reader).await;
    assert_eq!(
        seen.status,
        StatusCode::FORBIDDEN,
        "a reader does not see imports"
    );
    let stranger = multipart_post(
        &app,
        UPLOAD,
        &[("kind", "products")],
        ("file", "p.csv", SHOPIFY.as_bytes()),
        None,
    )
    .await;
    assert_eq!(stranger, "/admin/sign-in");
    assert_eq!(
        app.get(&format!("{job}/errors.csv")).await.location(),
        "/admin/sign-in"
    );
}

#[tokio::test]
async fn exports_download_for_who_may_read_them_and_a_products_csv_imports_back() {
    let app = spawn_app().await;
    let owner = signed_in_member(&app, "a@shop.example", "administrator").await;
    let csv = app
        .get_with_cookie("/admin/exports/products.csv", &owner)
        .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    assert!(
        csv.body
            .starts_with("Handle,Title,Body (HTML),Vendor,Type,")
    );
    let ndjson = app
        .get_with_cookie("/admin/exports/products.ndjson", &owner)
        .await;
    assert_eq!(ndjson.status, StatusCode::OK);
    let first: serde_json::Value =
        serde_json::from_str(ndjson.body.lines().next().unwrap()).unwrap();
    assert!(first["handle"].is_string() && first["variants"].is_array());
    let people = app
        .get_with_cookie("/admin/exports/customers.csv", &owner)
        .await;
    assert!(
        people
            .body
            .starts_with("company,company_name,country,email,name,role")
    );
    assert!(people.body.contains("buyer@acme.example"));
    let orders = app
        .get_with_cookie("/admin/exports/orders.ndjson", &owner)
        .await;
    assert_eq!(orders.status, StatusCode::OK);
    assert_eq!(
        app.get_with_cookie("/admin/exports/nothing.csv", &owner)
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // The shop's own products CSV imports back into it unchanged: every line is written, none refused.
    let job = multipart_post(
        &app,
        UPLOAD,
        &[("kind", "products")],
        ("file", "export.csv", csv.body.as_bytes()),
        Some(&owner),
    )
    .await;
    let done = finished(&app, &job, &owner).await;
    assert!(done.contains(", 0 bad lines."), "{done}");

    // A catalog manager may not read customers; a stranger gets nothing.
    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    assert_eq!(
        app.get_with_cookie("/admin/exports/customers.csv", &catalog)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/admin/exports/products.csv").await.location(),
        "/admin/sign-in"
    );
}
