//! The back office's attributes page through the real router, as plain form posts: a catalog manager adds an
//! attribute with translated values and a product type, an order manager reads without forms and is refused, a
//! stranger is sent to sign in.

mod support;

use axum::http::StatusCode;
use engine::Actor;
use support::{
    back_office::{admin_post as post, assert_refused, signed_in_member},
    spawn_app,
};

const FINISH: &str = "code=finish&name=Finish&kind=enum&unit=&filterable=yes&names=de%3A+Oberfl%C3%A4che\
                      &options=matte+%7C+Matte+%7C+de%3A+Matt%0Agloss+%7C+Glossy";

#[tokio::test]
async fn a_catalog_manager_defines_an_attribute_and_a_type_and_an_order_manager_only_reads() {
    let app = spawn_app().await;
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app.get_with_cookie("/admin/attributes", &orders).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("material") && page.body.contains("Gewinde"),
        "the demo's attributes with their translations show: {}",
        page.body
    );
    assert!(!page.body.contains("Save attribute"));
    assert_refused(&app, "/admin/fn/attributes/save", FINISH, Some(&orders)).await;
    let stranger = post(&app, "/admin/fn/attributes/save", FINISH, None).await;
    assert_eq!(stranger.location(), "/admin/sign-in");

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let bad = post(
        &app,
        "/admin/fn/attributes/save",
        &FINISH.replace("de%3A+Oberfl%C3%A4che", "Oberfl%C3%A4che"),
        Some(&catalog),
    )
    .await;
    assert!(bad.location().contains("error=Names"), "{}", bad.location());
    let saved = post(&app, "/admin/fn/attributes/save", FINISH, Some(&catalog)).await;
    assert_eq!(
        saved.location(),
        "/admin/attributes?saved=attribute",
        "{}",
        saved.body
    );
    let owner = Actor::process("test");
    let finish = app
        .engine
        .attribute_records(&owner)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.code == "finish")
        .unwrap();
    assert_eq!(finish.names["de"], "Oberfläche");
    assert_eq!(finish.options.len(), 2);
    assert_eq!(finish.options[0].labels["de"], "Matt");
    assert_eq!(finish.options[1].label, "Glossy");

    let product_type = post(
        &app,
        "/admin/fn/attributes/product-type",
        "code=coated&name=Coated+part&attributes=finish%2C+material",
        Some(&catalog),
    )
    .await;
    assert_eq!(
        product_type.location(),
        "/admin/attributes?saved=product_type"
    );
    let edit = app
        .get_with_cookie("/admin/attributes?attribute=finish", &catalog)
        .await;
    assert!(
        edit.body.contains("Change the attribute")
            && edit.body.contains("matte | Matte | de: Matt"),
        "{}",
        edit.body
    );
}

#[tokio::test]
async fn a_catalog_manager_adds_a_translated_category_below_another_and_a_loop_is_refused() {
    let app = spawn_app().await;
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app.get_with_cookie("/admin/categories", &orders).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("hand-tools"), "{}", page.body);
    assert!(!page.body.contains("Save category"));
    let fields = "slug=torque-wrenches&name=Torque+wrenches&parent=hand-tools&position=9&description=\
                  &translations=de+%7C+drehmomentschluessel+%7C+Drehmomentschl%C3%BCssel";
    assert_refused(&app, "/admin/fn/categories/save", fields, Some(&orders)).await;

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let saved = post(&app, "/admin/fn/categories/save", fields, Some(&catalog)).await;
    assert_eq!(
        saved.location(),
        "/admin/categories?saved=category",
        "{}",
        saved.body
    );
    let records = app.engine.category_records().await.unwrap();
    let added = records
        .iter()
        .find(|c| c.slug == "torque-wrenches")
        .unwrap();
    assert_eq!(added.parent.as_deref(), Some("hand-tools"));
    assert_eq!(
        added.translations.as_ref().unwrap()[0].slug,
        "drehmomentschluessel"
    );
    assert_eq!(
        app.get("/de/categories/drehmomentschluessel").await.status,
        StatusCode::OK,
        "the storefront serves it in German at once"
    );
    let looped = post(
        &app,
        "/admin/fn/categories/save",
        "slug=hand-tools&name=Hand+tools&parent=torque-wrenches&position=0&description=&translations=",
        Some(&catalog),
    )
    .await;
    assert!(
        looped.location().contains("error=Parent"),
        "{}",
        looped.location()
    );
}

#[tokio::test]
async fn a_catalog_manager_adds_a_warehouse_and_allows_backorders_and_lesser_roles_are_refused() {
    let app = spawn_app().await;
    let (_, product) = app.first_product().await;
    let sku = product.variants[0].sku.clone();
    let service = signed_in_member(&app, "s@shop.example", "customer_service").await;
    assert_eq!(
        app.get_with_cookie("/admin/warehouses", &service)
            .await
            .status,
        StatusCode::FORBIDDEN,
        "customer service has no say over stock"
    );
    let orders = signed_in_member(&app, "o@shop.example", "order_manager").await;
    let page = app.get_with_cookie("/admin/warehouses", &orders).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("Save warehouse"));
    let backorder = format!("sku={sku}&allowed=yes");
    assert_refused(
        &app,
        "/admin/fn/warehouses/backorder",
        &backorder,
        Some(&orders),
    )
    .await;
    let stranger = post(&app, "/admin/fn/warehouses/backorder", &backorder, None).await;
    assert_eq!(stranger.location(), "/admin/sign-in");

    let catalog = signed_in_member(&app, "c@shop.example", "catalog_manager").await;
    let saved = post(
        &app,
        "/admin/fn/warehouses/save",
        "code=north&name=North+hub&priority=5&channels=trade%2C+shop-ch",
        Some(&catalog),
    )
    .await;
    assert_eq!(saved.location(), "/admin/warehouses?saved=warehouse");
    let owner = Actor::process("test");
    assert!(
        app.engine
            .warehouses_as(&owner)
            .await
            .unwrap()
            .iter()
            .any(|w| w.code == "north"
                && w.priority == 5
                && w.channels == Some(vec!["shop-ch".into(), "trade".into()]))
    );
    assert!(!app.engine.availability(&sku).await.unwrap().allow_backorder);
    let allowed = post(
        &app,
        "/admin/fn/warehouses/backorder",
        &backorder,
        Some(&catalog),
    )
    .await;
    assert_eq!(allowed.location(), "/admin/warehouses?saved=backorder");
    assert!(app.engine.availability(&sku).await.unwrap().allow_backorder);
    let unknown = post(
        &app,
        "/admin/fn/warehouses/backorder",
        "sku=NO-SUCH-SKU&allowed=yes",
        Some(&catalog),
    )
    .await;
    assert!(
        unknown.location().contains("error="),
        "{}",
        unknown.location()
    );

    let admin = signed_in_member(&app, "a@shop.example", "administrator").await;
    let trail = app
        .get_with_cookie("/admin/audit?entity=variant", &admin)
        .await;
    assert!(
        trail.body.contains("allow_backorder: false → true"),
        "{}",
        trail.body
    );
}
