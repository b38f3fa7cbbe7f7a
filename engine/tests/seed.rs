mod common;

use common::{each_backend, fixture};
use engine::seed::demo_catalog;

#[tokio::test]
async fn the_demo_catalog_loads_a_whole_shop() {
    each_backend(|engine| async move {
        assert!(engine.catalog_is_empty().await.unwrap());
        let summary = engine.seed(&demo_catalog()).await.unwrap();
        let shopper = common::guest(&engine).await;
        assert!(summary.products >= 150, "{summary:?}");
        assert!(summary.variants > summary.products);
        assert!(!engine.catalog_is_empty().await.unwrap());
        let home = engine.home_page(&shopper).await.unwrap();
        let total: u64 = home.categories.iter().map(|c| c.product_count).sum();
        assert_eq!(total, summary.products);
        for node in &home.categories {
            let page = engine
                .category_page(&shopper, node.category.slug.as_str(), &common::page(1), 24)
                .await
                .unwrap();
            assert_eq!(page.page.total_items, node.product_count);
            let first = &page.products[0];
            let product = engine.product(&shopper, first.slug.as_str()).await.unwrap();
            assert!(!product.images.is_empty());
            assert!(
                engine
                    .media(product.images[0].url.trim_start_matches("/media/"))
                    .await
                    .is_ok()
            );
        }
    })
    .await;
}

/// The demo's channels, translations, attributes and price lists are consistent: every price a company, a guest
/// of either channel or a German reader can ask for is computed without error.
#[tokio::test]
async fn the_demo_prices_every_shopper_without_error() {
    each_backend(|engine| async move {
        engine.seed(&demo_catalog()).await.unwrap();
        let trade = common::guest(&engine).await;
        let acme = engine.as_company(trade.clone(), "acme").await.unwrap();
        let swiss = engine.shopper_for("shop-ch").await.unwrap();
        let german = trade
            .clone()
            .in_locale(domain::Locale::parse("de").unwrap())
            .unwrap();
        let bolts = engine
            .category_page(&acme, "hex-bolts", &common::page(1), 24)
            .await
            .unwrap();
        for card in &bolts.products {
            let contract = engine.product(&acme, card.slug.as_str()).await.unwrap();
            let public = engine.product(&trade, card.slug.as_str()).await.unwrap();
            let (c, p) = (&contract.variants[0], &public.variants[0]);
            assert!(c.price.as_ref().unwrap().amount < p.price.as_ref().unwrap().amount);
            assert!(
                c.explanation
                    .iter()
                    .any(|s| matches!(s, domain::PriceStep::PriceList { .. }))
            );
        }
        for shopper in [&trade, &swiss, &german] {
            let tree = engine.category_tree(shopper).await.unwrap();
            assert!(!tree.is_empty());
            for node in &tree {
                let page = engine
                    .category_page(shopper, node.category.slug.as_str(), &common::page(1), 24)
                    .await
                    .unwrap();
                assert!(page.products.iter().all(|p| p.price_from.is_some()));
                let product = engine
                    .product(shopper, page.products[0].slug.as_str())
                    .await
                    .unwrap();
                assert!(product.product_type.is_some(), "{}", product.name);
            }
        }
        let de = engine
            .category_page(&german, "handwerkzeug", &common::page(1), 24)
            .await
            .unwrap();
        assert_eq!(de.category.name, "Handwerkzeug");
    })
    .await;
}

#[tokio::test]
async fn seeding_a_shop_that_has_products_changes_nothing() {
    each_backend(|engine| async move {
        engine.seed(&fixture()).await.unwrap();
        let shopper = common::guest(&engine).await;
        let again = engine.seed(&demo_catalog()).await.unwrap();
        assert!(again.skipped);
        assert_eq!(
            engine
                .category_page(&shopper, "tools", &common::page(1), 24)
                .await
                .unwrap()
                .page
                .total_items,
            33
        );
    })
    .await;
}

#[tokio::test]
async fn migrating_twice_is_harmless() {
    each_backend(|engine| async move {
        engine.migrate().await.unwrap();
        engine.health().await.unwrap();
    })
    .await;
}

/// `kontor serve` warns when accounts with the published password exist: after the demo seed they are the six
/// demo people, on an empty shop none, and a demo account whose password was changed drops out.
#[tokio::test]
async fn demo_accounts_are_those_that_accept_the_published_password() {
    each_backend(|engine| async move {
        assert!(engine.demo_accounts().await.unwrap().is_empty());
        assert!(engine.channels().await.unwrap().is_empty());
        engine.seed(&demo_catalog()).await.unwrap();
        let found = engine.demo_accounts().await.unwrap();
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(found.contains(&"buyer@acme.example".to_owned()));
        // Seeding again changes nothing: the demo is safe to load twice.
        assert!(engine.seed(&demo_catalog()).await.unwrap().skipped);
        assert_eq!(engine.demo_accounts().await.unwrap().len(), 6);
    })
    .await;
}

#[tokio::test]
async fn the_demo_staff_sign_in_with_the_demo_password_and_no_phone() {
    common::each_backend(|engine| async move {
        let made = engine.seed_demo_staff().await.unwrap();
        let roles: Vec<&str> = made.iter().map(|m| m.role.as_str()).collect();
        let every_role: Vec<String> = engine::staff::builtin_roles()
            .into_iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(roles, every_role, "one member per built-in role");
        assert!(
            engine.seed_demo_staff().await.unwrap().is_empty(),
            "a shop with staff is left alone"
        );
        let owner = engine
            .staff_sign_in(
                "owner@kontor.example",
                engine::seed::DEMO_PASSWORD,
                engine::ClientAddr::LOCAL,
            )
            .await
            .unwrap();
        assert!(matches!(owner, engine::staff::StaffSignIn::Session(s) if s.actor.is_owner()));
        let warned = engine.demo_accounts().await.unwrap();
        assert!(
            warned.contains(&"catalog@kontor.example".to_owned()),
            "{warned:?}"
        );
    })
    .await;
}
