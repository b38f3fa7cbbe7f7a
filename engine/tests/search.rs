//! Search and refinement through the index: typos, prefixes, SKUs, facets, sorting, paging, languages, and
//! freshness across app servers.

mod common;

use std::time::{Duration, Instant};

use common::{each_backend, each_shared_backend, query, seeded};

fn names(page: &domain::SearchPage) -> Vec<String> {
    page.products.iter().map(|p| p.name.clone()).collect()
}

#[tokio::test]
async fn a_typo_still_finds_the_product_and_a_sku_finds_it_first() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let typo = engine
            .search(&guest, &query("q=side+cuter"), 24)
            .await
            .unwrap();
        assert_eq!(names(&typo)[0], "Side Cutter 160 mm");
        let swapped = engine
            .search(&guest, &query("q=spnaner+07"), 24)
            .await
            .unwrap();
        assert!(
            names(&swapped).contains(&"Spanner 07 mm".to_owned()),
            "{:?}",
            names(&swapped)
        );
        let sku = engine.search(&guest, &query("q=sc-160"), 24).await.unwrap();
        assert_eq!(names(&sku)[0], "Side Cutter 160 mm");
        let none = engine
            .search(&guest, &query("q=zzzzqqq"), 24)
            .await
            .unwrap();
        assert_eq!(none.page.total_items, 0);
        assert!(none.products.is_empty());
    })
    .await;
}

#[tokio::test]
async fn suggestions_complete_the_last_word_as_it_is_typed() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let s = engine.suggest(&guest, "side cu", 5).await.unwrap();
        assert_eq!(s[0].name, "Side Cutter 160 mm");
        assert_eq!(s[0].slug.as_str(), "side-cutter");
        assert!(engine.suggest(&guest, "   ", 5).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn facets_count_and_filter_by_brand_attribute_price_and_stock() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let all = engine
            .category_page(&guest, "tools", &query(""), 24)
            .await
            .unwrap();
        let brands: Vec<(String, u64)> = all
            .facets
            .brands
            .iter()
            .map(|b| (b.value.clone(), b.count))
            .collect();
        assert_eq!(brands, [("steelmark".into(), 32), ("ferrox".into(), 1)]);
        let material = &all
            .facets
            .attributes
            .iter()
            .find(|a| a.code == "material")
            .unwrap();
        assert!(
            material
                .values
                .iter()
                .any(|v| v.label == "Chrome vanadium" && v.count == 1)
        );
        let children: Vec<&str> = all
            .facets
            .categories
            .iter()
            .map(|c| c.value.as_str())
            .collect();
        assert_eq!(children, ["spanners", "pliers"]);
        assert_eq!(
            all.facets.in_stock, 32,
            "the bolt cutter and nothing else is sold out"
        );

        let ferrox = engine
            .category_page(&guest, "tools", &query("brand=ferrox"), 24)
            .await
            .unwrap();
        assert_eq!(ferrox.page.total_items, 1);
        assert!(
            ferrox
                .facets
                .brands
                .iter()
                .any(|b| b.value == "steelmark" && !b.selected),
            "other brands stay offered with their counts"
        );
        let cv = engine
            .category_page(&guest, "tools", &query("attr.material=chrome-vanadium"), 24)
            .await
            .unwrap();
        assert_eq!(cv.products[0].name, "Side Cutter 160 mm");
        let cheap = engine
            .category_page(&guest, "tools", &query("price=1-5"), 24)
            .await
            .unwrap();
        // Spanners 01–30 cost 4.51–4.80; the side cutter starts at 0.0375, below the range.
        assert_eq!(cheap.page.total_items, 30);
        assert!(cheap.facets.prices.iter().any(|p| p.selected));
        let stocked = engine
            .category_page(&guest, "tools", &query("stock=in"), 24)
            .await
            .unwrap();
        assert_eq!(stocked.page.total_items, 32);
    })
    .await;
}

#[tokio::test]
async fn listings_sort_and_page() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let by_price = engine
            .category_page(&guest, "tools", &query("sort=price-desc"), 24)
            .await
            .unwrap();
        assert_eq!(by_price.products[0].name, "Bolt Cutter 600 mm");
        let ascending = engine
            .category_page(&guest, "tools", &query("sort=price-asc"), 24)
            .await
            .unwrap();
        assert_eq!(ascending.products[0].name, "Side Cutter 160 mm");
        let by_name = engine
            .category_page(&guest, "tools", &query("sort=name&page=2"), 24)
            .await
            .unwrap();
        assert_eq!(by_name.products.len(), 9);
        assert_eq!(by_name.products.last().unwrap().name, "Spanner 30 mm");
        assert!(
            engine
                .category_page(&guest, "tools", &query("page=3"), 24)
                .await
                .is_err()
        );
    })
    .await;
}

#[tokio::test]
async fn german_text_is_searchable_and_shown_in_german() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let de = common::guest(&engine)
            .await
            .in_locale(domain::Locale::parse("de").unwrap())
            .unwrap();
        let hits = engine
            .search(&de, &query("q=seitenschneider"), 24)
            .await
            .unwrap();
        assert_eq!(hits.products[0].name, "Seitenschneider 160 mm");
        assert_eq!(hits.products[0].slug.as_str(), "seitenschneider-160");
        let product = engine.product(&de, "seitenschneider-160").await.unwrap();
        let paths: Vec<&str> = product.alternates.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(
            paths,
            ["/products/side-cutter", "/de/products/seitenschneider-160"]
        );
        let page = engine
            .category_page(&de, "tools-de", &query(""), 24)
            .await
            .unwrap();
        assert_eq!(page.category.name, "Tools (de)");

        // Attribute names and option labels follow the language; English is the fallback.
        let material = page
            .facets
            .attributes
            .iter()
            .find(|a| a.code == "material")
            .expect("a material facet");
        assert_eq!(material.name, "Werkstoff");
        let labels: Vec<&str> = material.values.iter().map(|v| v.label.as_str()).collect();
        assert!(labels.contains(&"Chrom-Vanadium"), "{labels:?}");
        assert!(labels.contains(&"Stahl"), "{labels:?}");
        let spec = |p: &domain::Product| {
            let s = p
                .specifications
                .iter()
                .find(|s| s.code == "material")
                .unwrap();
            (s.name.clone(), s.value.clone())
        };
        assert_eq!(
            spec(&product),
            ("Werkstoff".into(), "Chrom-Vanadium".into())
        );
        let guest = common::guest(&engine).await;
        let english = engine.product(&guest, "side-cutter").await.unwrap();
        assert_eq!(
            spec(&english),
            ("Material".into(), "Chrome vanadium".into())
        );
        // A German label finds products in any language.
        let steel = engine.search(&guest, &query("q=stahl"), 24).await.unwrap();
        assert!(steel.page.total_items > 0);
        assert!(
            steel
                .products
                .iter()
                .all(|p| p.slug.as_str() != "side-cutter")
        );
    })
    .await;
}

#[tokio::test]
async fn a_change_on_one_app_server_is_searchable_on_another_within_a_second() {
    each_shared_backend(|a, b| async move {
        seeded(&a).await;
        let guest = common::guest(&b).await;
        b.warm_up().await.unwrap();
        let poller = b.spawn_refresher();
        let record = r#"{"handle":"torque-wrench","name":"Torque Wrench 40-200 Nm","brand":"Steelmark","category":"spanners",
            "variants":[{"sku":"TW-200","title":"Each","price":"89.5","currency":"EUR","stock":12}]}"#;
        let report = a.import_products(&engine::Actor::process("test"), vec![(1, record.to_owned())], false).await.unwrap();
        assert_eq!(report.created, 1);
        let written = Instant::now();
        loop {
            let hits = b.search(&guest, &query("q=torque"), 24).await.unwrap();
            if hits.page.total_items == 1 {
                break;
            }
            assert!(written.elapsed() < Duration::from_secs(1), "not searchable on the other server");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        poller.abort();
    })
    .await;
}
