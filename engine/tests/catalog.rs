mod common;

use common::{each_backend, seeded};
use domain::StockState;
use engine::EngineError;

#[tokio::test]
async fn a_category_lists_the_products_of_every_category_below_it() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let page = engine
            .category_page(&shopper, "tools", &common::page(1), 24)
            .await
            .unwrap();
        assert_eq!(page.page.total_items, 33);
        assert_eq!(page.products.len(), 24);
        assert_eq!(page.page.total_pages(), 2);
        let names: Vec<_> = page.children.iter().map(|c| c.slug.as_str()).collect();
        assert_eq!(names, ["spanners", "pliers"]);

        let last = engine
            .category_page(&shopper, "tools", &common::page(2), 24)
            .await
            .unwrap();
        assert_eq!(last.products.len(), 9);
        assert!(
            last.products
                .iter()
                .all(|p| !page.products.iter().any(|q| q.id == p.id))
        );
    })
    .await;
}

#[tokio::test]
async fn a_listing_is_sorted_by_name_with_the_lowest_variant_price() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let page = engine
            .category_page(&shopper, "cutters", &common::page(1), 24)
            .await
            .unwrap();
        let names: Vec<_> = page.products.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["Bolt Cutter 600 mm", "Side Cutter 160 mm"]);
        let side = &page.products[1];
        assert_eq!(
            side.price_from.clone().unwrap().amount.to_string(),
            "0.0375"
        );
        assert_eq!(side.variant_count, 2);
        assert_eq!(side.stock, StockState::LowStock(5));
        assert_eq!(page.products[0].stock, StockState::OutOfStock);
        assert_eq!(
            page.breadcrumbs
                .iter()
                .map(|c| c.slug.as_str())
                .collect::<Vec<_>>(),
            ["tools", "pliers", "cutters"]
        );
    })
    .await;
}

#[tokio::test]
async fn an_unknown_category_is_not_found() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let err = engine
            .category_page(&shopper, "nope", &common::page(1), 24)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                EngineError::NotFound {
                    entity: "category",
                    ..
                }
            ),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn page_zero_is_a_validation_error_naming_the_field() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        match engine
            .category_page(&shopper, "tools", &common::page(0), 24)
            .await
            .unwrap_err()
        {
            EngineError::Domain(e) => assert_eq!(e.field, "page"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    })
    .await;
}

#[tokio::test]
async fn an_empty_category_has_one_empty_page() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let page = engine
            .category_page(&shopper, "packaging", &common::page(1), 24)
            .await
            .unwrap();
        assert!(page.products.is_empty());
        assert_eq!(page.page.total_pages(), 1);
        let past = engine
            .category_page(&shopper, "tools", &common::page(3), 24)
            .await
            .unwrap_err();
        assert!(matches!(past, EngineError::NotFound { .. }), "{past:?}");
    })
    .await;
}

#[tokio::test]
async fn a_product_page_has_exact_prices_stock_and_its_category_path() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let product = engine.product(&shopper, "side-cutter").await.unwrap();
        assert_eq!(product.name, "Side Cutter 160 mm");
        assert_eq!(product.variants.len(), 2);
        let first = &product.variants[0];
        assert_eq!(first.sku.as_str(), "SC-160");
        assert_eq!(first.price.clone().unwrap().amount.to_string(), "12.99");
        assert_eq!(first.price.as_ref().unwrap().display(), "€12.99");
        assert_eq!(first.stock, StockState::LowStock(5));
        assert_eq!(first.options[0].name, "Pack size");
        assert_eq!(
            product.variants[1]
                .price
                .clone()
                .unwrap()
                .amount
                .to_string(),
            "0.0375"
        );
        assert_eq!(product.variants[1].stock, StockState::OutOfStock);
        assert_eq!(product.default_variant().unwrap().sku.as_str(), "SC-160");
        assert_eq!(product.images[0].url, "/media/products/side-cutter.svg");
        let path: Vec<_> = product
            .breadcrumbs
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(path, ["Tools", "Pliers", "Cutters"]);
    })
    .await;
}

#[tokio::test]
async fn an_unknown_product_is_not_found() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let err = engine.product(&shopper, "no-such-thing").await.unwrap_err();
        assert!(
            matches!(
                err,
                EngineError::NotFound {
                    entity: "product",
                    ..
                }
            ),
            "{err:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_home_page_counts_products_down_the_whole_tree() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let home = engine.home_page(&shopper).await.unwrap();
        assert_eq!(home.categories.len(), 2);
        let tools = &home.categories[0];
        assert_eq!(tools.product_count, 33);
        assert_eq!(tools.children[1].product_count, 3);
        assert_eq!(tools.children[1].children[0].product_count, 2);
        assert_eq!(home.featured.len(), 8);
    })
    .await;
}

#[tokio::test]
async fn generated_media_is_served_from_the_database() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let _shopper = common::guest(&engine).await;
        let media = engine.media("products/side-cutter.svg").await.unwrap();
        assert_eq!(media.content_type, "image/svg+xml");
        assert!(
            String::from_utf8(media.body)
                .unwrap()
                .contains("side-cutter")
        );
        assert!(matches!(
            engine.media("products/none.svg").await,
            Err(EngineError::NotFound { .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn the_category_tree_matches_the_home_page() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = common::guest(&engine).await;
        let tree = engine.category_tree(&shopper).await.unwrap();
        assert_eq!(tree, engine.home_page(&shopper).await.unwrap().categories);
        assert_eq!(tree[0].category.slug.as_str(), "tools");
        let top: Vec<_> = tree.into_iter().map(|n| n.category).collect();
        assert_eq!(engine.top_categories(&shopper).await.unwrap(), top);
    })
    .await;
}

#[tokio::test]
async fn the_sitemap_lists_every_category_and_product_in_stable_shards() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let _shopper = common::guest(&engine).await;
        let counts = engine.sitemap_counts().await.unwrap();
        assert_eq!((counts.categories, counts.products), (5, 33));
        assert_eq!(engine.category_sitemap().await.unwrap().len(), 5);
        let first = engine.product_sitemap(0, 20).await.unwrap();
        let rest = engine.product_sitemap(20, 20).await.unwrap();
        assert_eq!((first.len(), rest.len()), (20, 13));
        assert!(first.iter().all(|e| !rest.contains(e)));
        assert!(first.iter().all(|e| e.updated_at > 0));
    })
    .await;
}
