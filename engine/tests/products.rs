//! The back office's products on every backend: created as a draft, hidden from buyers until published (now or
//! at a set time), saved over the version it was opened at, renamed with the old slug redirecting, listed with
//! filters, and changed in bulk — each refused to a role or key that may not.

mod common;

use common::{each_backend, guest, key_actor, query, seeded, staff_actor};
use domain::{ProductStatus, Quantity, Sku};
use engine::{
    Actor, BulkChange, Engine, EngineError, ProductEdit, ProductQuery, ProductSort,
    exchange::{ProductRecord, VariantRecord},
};
use rust_decimal::Decimal;

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

fn variant(sku: &str, price: &str) -> VariantRecord {
    VariantRecord {
        sku: sku.into(),
        title: format!("Drill {sku}"),
        options: vec![engine::exchange::OptionRecord {
            name: "Voltage".into(),
            value: sku.rsplit('-').next().unwrap_or_default().into(),
        }],
        price: price.parse().unwrap(),
        currency: "EUR".into(),
        free: false,
        tiers: None,
        prices: None,
        stock: 12,
        rules: None,
    }
}

/// A cordless drill with two variants, as a catalog manager fills in the form.
fn drill(status: ProductStatus) -> ProductEdit {
    ProductEdit {
        record: ProductRecord {
            handle: "cordless-drill".into(),
            name: "Cordless Drill".into(),
            brand: "Steelmark".into(),
            description: "A drill without a cord.".into(),
            category: "tools".into(),
            product_type: None,
            tax_class: "standard".into(),
            attributes: Default::default(),
            translations: Default::default(),
            images: Vec::new(),
            variants: vec![variant("CD-12", "89.00"), variant("CD-18", "129.00")],
        },
        status,
        publish_at: None,
        seo_title: "Cordless drill, 12 or 18 V".into(),
        seo_description: String::new(),
    }
}

/// Whether a guest finds the drill: its page, a search for it, and adding it to a cart.
async fn buyer_sees_drill(engine: &Engine) -> bool {
    let shopper = guest(engine).await;
    let page = engine.product(&shopper, "cordless-drill").await;
    let found = engine
        .search(&shopper, &query("cordless drill"), 24)
        .await
        .unwrap()
        .products
        .iter()
        .any(|p| p.slug.as_str() == "cordless-drill");
    let cart = engine
        .add_to_cart(
            &shopper,
            None,
            &Sku::parse("CD-12").unwrap(),
            Quantity::parse(1).unwrap(),
        )
        .await;
    assert_eq!(page.is_ok(), found, "page and search agree");
    assert_eq!(page.is_ok(), cart.is_ok(), "page and cart agree");
    page.is_ok()
}

#[tokio::test]
async fn a_draft_stays_hidden_from_buyers_until_it_is_published() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let before = engine.sitemap_counts().await.unwrap().products;
        let created = engine
            .create_product(&catalog, &drill(ProductStatus::Draft))
            .await
            .unwrap();
        assert_eq!(created.edit.status, ProductStatus::Draft);
        assert_eq!(created.edit.record.variants.len(), 2);
        assert!(!buyer_sees_drill(&engine).await, "a draft is hidden");
        assert_eq!(engine.sitemap_counts().await.unwrap().products, before);

        let mut edit = created.edit.clone();
        edit.status = ProductStatus::Active;
        let published = engine
            .update_product(&catalog, "cordless-drill", created.version, &edit)
            .await
            .unwrap();
        assert!(published.version > created.version);
        assert!(
            buyer_sees_drill(&engine).await,
            "an active product is shown"
        );
        assert_eq!(engine.sitemap_counts().await.unwrap().products, before + 1);
        let page = engine
            .product(&guest(&engine).await, "cordless-drill")
            .await
            .unwrap();
        assert_eq!(page.page_title(), "Cordless drill, 12 or 18 V");

        let mut archived = published.edit.clone();
        archived.status = ProductStatus::Archived;
        engine
            .update_product(&catalog, "cordless-drill", published.version, &archived)
            .await
            .unwrap();
        assert!(
            !buyer_sees_drill(&engine).await,
            "an archived product is hidden"
        );
        // Staff still open it.
        assert_eq!(
            engine
                .editable_product(&catalog, "cordless-drill")
                .await
                .unwrap()
                .edit
                .status,
            ProductStatus::Archived
        );
    })
    .await;
}

#[tokio::test]
async fn a_scheduled_product_appears_when_its_time_comes() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let mut edit = drill(ProductStatus::Active);
        edit.publish_at = Some(now_ms() + 1_500);
        let created = engine.create_product(&catalog, &edit).await.unwrap();
        assert!(created.edit.publish_at.is_some());
        assert!(!buyer_sees_drill(&engine).await, "not before its time");
        tokio::time::sleep(std::time::Duration::from_millis(1_700)).await;
        engine.refresh().await.unwrap();
        assert!(
            buyer_sees_drill(&engine).await,
            "shown once its time has come"
        );
        let opened = engine
            .editable_product(&catalog, "cordless-drill")
            .await
            .unwrap();
        assert_eq!(opened.edit.publish_at, None);

        let mut draft = drill(ProductStatus::Draft);
        draft.record.handle = "later".into();
        draft.publish_at = Some(now_ms() + 60_000);
        match engine.create_product(&catalog, &draft).await {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "publish_at"),
            other => panic!("a draft cannot be scheduled: {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_save_over_someone_elses_newer_change_is_refused() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let mine = engine
            .editable_product(&catalog, "spanner-01")
            .await
            .unwrap();
        let theirs = engine
            .editable_product(&catalog, "spanner-01")
            .await
            .unwrap();
        let mut first = theirs.edit.clone();
        first.record.name = "Spanner 01 mm, chrome".into();
        engine
            .update_product(&catalog, "spanner-01", theirs.version, &first)
            .await
            .unwrap();
        let mut second = mine.edit.clone();
        second.record.description = "Overwrites the name if it could.".into();
        match engine
            .update_product(&catalog, "spanner-01", mine.version, &second)
            .await
        {
            Err(EngineError::Conflict(message)) => {
                assert!(message.contains("someone else"), "{message}")
            }
            other => panic!("a stale save must be refused: {other:?}"),
        }
        let stored = engine
            .editable_product(&catalog, "spanner-01")
            .await
            .unwrap();
        assert_eq!(stored.edit.record.name, "Spanner 01 mm, chrome");
        assert_ne!(
            stored.edit.record.description,
            "Overwrites the name if it could."
        );
        // An import in between makes the form stale too.
        let opened = stored;
        let mut imported = opened.edit.record.clone();
        imported.name = "Imported name".into();
        engine
            .import_records(&Actor::process("erp"), [(1, Ok(imported))], true)
            .await
            .unwrap();
        assert!(matches!(
            engine
                .update_product(&catalog, "spanner-01", opened.version, &opened.edit)
                .await,
            Err(EngineError::Conflict(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn a_renamed_product_answers_at_its_old_slug_and_the_slug_stays_its_own() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let opened = engine
            .editable_product(&catalog, "spanner-01")
            .await
            .unwrap();
        let mut edit = opened.edit.clone();
        edit.record.handle = "open-ended-spanner-01".into();
        let renamed = engine
            .update_product(&catalog, "spanner-01", opened.version, &edit)
            .await
            .unwrap();
        assert_eq!(renamed.edit.record.handle, "open-ended-spanner-01");
        assert_eq!(
            engine
                .product_renamed("spanner-01")
                .await
                .unwrap()
                .as_deref(),
            Some("open-ended-spanner-01")
        );
        let shopper = guest(&engine).await;
        assert!(
            engine
                .product(&shopper, "open-ended-spanner-01")
                .await
                .is_ok()
        );
        assert!(matches!(
            engine.product(&shopper, "spanner-01").await,
            Err(EngineError::NotFound { .. })
        ));
        // Another product cannot take the old slug while it redirects.
        let mut other = drill(ProductStatus::Draft);
        other.record.handle = "spanner-01".into();
        match engine.create_product(&catalog, &other).await {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "handle"),
            other => panic!("a redirecting slug is taken: {other:?}"),
        }
        // The product itself may take it back; then nothing redirects from it.
        let mut back = renamed.edit.clone();
        back.record.handle = "spanner-01".into();
        engine
            .update_product(&catalog, "open-ended-spanner-01", renamed.version, &back)
            .await
            .unwrap();
        assert_eq!(engine.product_renamed("spanner-01").await.unwrap(), None);
        assert_eq!(
            engine
                .product_renamed("open-ended-spanner-01")
                .await
                .unwrap()
                .as_deref(),
            Some("spanner-01")
        );
    })
    .await;
}

fn list_query(pairs: &[(&str, &str)]) -> ProductQuery {
    ProductQuery::from_pairs(pairs.iter().copied()).unwrap()
}

#[tokio::test]
async fn the_list_filters_by_each_field_and_sorts() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        engine
            .create_product(&catalog, &drill(ProductStatus::Draft))
            .await
            .unwrap();
        let handles = |list: &engine::ProductList| {
            list.products
                .iter()
                .map(|p| p.handle.clone())
                .collect::<Vec<_>>()
        };
        let all = engine
            .list_products(&reader, &list_query(&[]))
            .await
            .unwrap();
        assert_eq!(all.page.total_items, 34);
        assert_eq!(all.products.len(), 34);
        assert_eq!(all.products[0].handle, "bolt-cutter", "by name");

        let drafts = engine
            .list_products(&reader, &list_query(&[("status", "draft")]))
            .await
            .unwrap();
        assert_eq!(handles(&drafts), ["cordless-drill"]);
        assert_eq!(drafts.products[0].variants, 2);
        assert_eq!(drafts.products[0].on_hand, 24);
        assert_eq!(drafts.products[0].from_micros, 89_000_000);

        let cutters = engine
            .list_products(&reader, &list_query(&[("category", "cutters")]))
            .await
            .unwrap();
        assert_eq!(handles(&cutters), ["bolt-cutter", "side-cutter"]);
        let low = engine
            .list_products(&reader, &list_query(&[("stock_below", "6")]))
            .await
            .unwrap();
        assert_eq!(handles(&low), ["bolt-cutter", "side-cutter"]);
        let by_sku = engine
            .list_products(&reader, &list_query(&[("q", "sc-160-x")]))
            .await
            .unwrap();
        assert_eq!(handles(&by_sku), ["side-cutter"]);
        let by_name = engine
            .list_products(&reader, &list_query(&[("q", "pliers")]))
            .await
            .unwrap();
        assert_eq!(handles(&by_name), ["combination-pliers"]);
        let brand = engine
            .list_products(&reader, &list_query(&[("brand", "Ferrox")]))
            .await
            .unwrap();
        assert_eq!(handles(&brand), ["side-cutter"]);
        let typed = engine
            .list_products(&reader, &list_query(&[("type", "tool")]))
            .await
            .unwrap();
        assert_eq!(typed.page.total_items, 33, "the drill has no type");
        let listed = engine
            .list_products(&reader, &list_query(&[("price_list", "acme")]))
            .await
            .unwrap();
        assert_eq!(handles(&listed), ["side-cutter"]);
        let newest = engine
            .list_products(&reader, &list_query(&[("sort", "created")]))
            .await
            .unwrap();
        assert_eq!(newest.products[0].handle, "cordless-drill");
        let second = engine
            .list_products(
                &reader,
                &ProductQuery {
                    page: 2,
                    sort: ProductSort::Name,
                    ..list_query(&[])
                },
            )
            .await
            .unwrap();
        assert!(second.products.is_empty());

        for (field, value) in [
            ("category", "nope"),
            ("brand", "Nope"),
            ("type", "nope"),
            ("price_list", "nope"),
        ] {
            match engine
                .list_products(&reader, &list_query(&[(field, value)]))
                .await
            {
                Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, field),
                other => panic!("an unknown {field} is refused: {other:?}"),
            }
        }
    })
    .await;
}

#[tokio::test]
async fn many_products_low_on_stock_list_in_the_same_order_as_without_the_filter() {
    each_backend(|engine| async move {
        // Over a thousand matches take the other plan (each product tested in the sort's order): same answer.
        let summary = engine
            .seed(&engine::seed::synthetic_catalog(1_100))
            .await
            .unwrap();
        assert!(summary.products > 1_000);
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        let handles = |list: &engine::ProductList| {
            list.products
                .iter()
                .map(|p| p.handle.clone())
                .collect::<Vec<_>>()
        };
        for sort in ["name", "updated", "created"] {
            let all = engine
                .list_products(&reader, &list_query(&[("sort", sort), ("page", "3")]))
                .await
                .unwrap();
            let low = engine
                .list_products(
                    &reader,
                    &list_query(&[("stock_below", "1000000"), ("sort", sort), ("page", "3")]),
                )
                .await
                .unwrap();
            assert!(low.more_than_cap, "{sort}");
            assert_eq!(handles(&low), handles(&all), "{sort}");
            assert_eq!(low.products.len(), 50);
        }
    })
    .await;
}

#[tokio::test]
async fn bulk_changes_apply_to_the_whole_selection_or_to_none_of_it() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let pair = vec!["spanner-01".to_owned(), "spanner-02".to_owned()];
        let changed = engine
            .bulk_change_products(&catalog, &pair, &BulkChange::Prices(Decimal::from(10)))
            .await
            .unwrap();
        assert_eq!(changed, 2);
        let record = engine.product_record("spanner-01").await.unwrap();
        // 4.51 + 10 % = 4.961, rounded to the cent.
        assert_eq!(record.variants[0].price, "4.96".parse::<Decimal>().unwrap());
        let chf = &record.variants[0].prices.as_ref().unwrap()[0];
        assert_eq!(chf.price, "4.96".parse::<Decimal>().unwrap());

        engine
            .bulk_change_products(&catalog, &pair, &BulkChange::Category("pliers".into()))
            .await
            .unwrap();
        assert_eq!(
            engine.product_record("spanner-02").await.unwrap().category,
            "pliers"
        );

        engine
            .bulk_change_products(
                &catalog,
                &pair,
                &BulkChange::Status(ProductStatus::Archived),
            )
            .await
            .unwrap();
        let shopper = guest(&engine).await;
        assert!(engine.product(&shopper, "spanner-01").await.is_err());
        assert!(engine.product(&shopper, "spanner-03").await.is_ok());

        // One unknown product or category refuses the change for all.
        let with_unknown = vec!["spanner-03".to_owned(), "no-such".to_owned()];
        match engine
            .bulk_change_products(
                &catalog,
                &with_unknown,
                &BulkChange::Status(ProductStatus::Draft),
            )
            .await
        {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "handles"),
            other => panic!("{other:?}"),
        }
        assert!(engine.product(&shopper, "spanner-03").await.is_ok());
        match engine
            .bulk_change_products(
                &catalog,
                &["spanner-03".to_owned()],
                &BulkChange::Category("nope".into()),
            )
            .await
        {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "category"),
            other => panic!("{other:?}"),
        }
        match engine
            .bulk_change_products(
                &catalog,
                &["spanner-03".to_owned()],
                &BulkChange::Prices(Decimal::from(-100)),
            )
            .await
        {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "percent"),
            other => panic!("{other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn a_lesser_role_or_a_key_without_the_scope_may_not_touch_products() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let reader = staff_actor(&engine, "ro@shop.example", "read_only").await;
        let service = staff_actor(&engine, "cs@shop.example", "customer_service").await;
        let opened = engine
            .editable_product(&reader, "spanner-01")
            .await
            .unwrap();
        for actor in [&reader, &service] {
            assert!(matches!(
                engine
                    .create_product(actor, &drill(ProductStatus::Draft))
                    .await,
                Err(EngineError::Forbidden(_))
            ));
            assert!(matches!(
                engine
                    .update_product(actor, "spanner-01", opened.version, &opened.edit)
                    .await,
                Err(EngineError::Forbidden(_))
            ));
            assert!(matches!(
                engine
                    .bulk_change_products(
                        actor,
                        &["spanner-01".into()],
                        &BulkChange::Status(ProductStatus::Draft)
                    )
                    .await,
                Err(EngineError::Forbidden(_))
            ));
        }
        // A key that may not read the catalog sees no product.
        let orders_only = key_actor(&engine, vec![engine::Scope::OrdersRead], None).await;
        assert!(matches!(
            engine.list_products(&orders_only, &list_query(&[])).await,
            Err(EngineError::Forbidden(_))
        ));
        assert!(
            engine
                .editable_product(&orders_only, "spanner-01")
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn an_image_carries_alt_text_per_language_and_the_variant_it_shows() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let mut edit = drill(ProductStatus::Active);
        let mut alts = std::collections::BTreeMap::new();
        alts.insert("de".to_owned(), "Akkubohrer, 18 V".to_owned());
        edit.record.images = vec![
            engine::exchange::ImageRecord {
                url: "/media/products/side-cutter.svg".into(),
                alt: "Cordless drill".into(),
                alts: Default::default(),
                variant: None,
            },
            engine::exchange::ImageRecord {
                url: "/media/products/bolt-cutter.svg".into(),
                alt: "Cordless drill, 18 V".into(),
                alts,
                variant: Some("CD-18".into()),
            },
        ];
        engine.create_product(&catalog, &edit).await.unwrap();
        let stored = engine.product_record("cordless-drill").await.unwrap();
        assert_eq!(stored.images[1].variant.as_deref(), Some("CD-18"));
        assert_eq!(stored.images[1].alts["de"], "Akkubohrer, 18 V");

        let mut shopper = guest(&engine).await;
        let page = engine.product(&shopper, "cordless-drill").await.unwrap();
        assert_eq!(page.images[1].alt, "Cordless drill, 18 V");
        assert_eq!(page.images[1].variant.as_deref(), Some("CD-18"));
        shopper.locale = domain::Locale::parse("de").unwrap();
        let page = engine.product(&shopper, "cordless-drill").await.unwrap();
        assert_eq!(page.images[1].alt, "Akkubohrer, 18 V");
        assert_eq!(
            page.images[0].alt, "Cordless drill",
            "no German alt falls back"
        );

        // An image of a variant the product does not have is refused, naming the images.
        let opened = engine
            .editable_product(&catalog, "cordless-drill")
            .await
            .unwrap();
        let mut wrong = opened.edit.clone();
        wrong.record.images[1].variant = Some("CD-99".into());
        match engine
            .update_product(&catalog, "cordless-drill", opened.version, &wrong)
            .await
        {
            Err(EngineError::Unprocessable(e)) => assert_eq!(e.field, "images"),
            other => panic!("{other:?}"),
        }
    })
    .await;
}
