//! What a product page ships to the buy box prices every quantity as the server does: every demo product, for a
//! guest of each channel and for each demo company, at quantities 1 to 1,000 (refusals included).

mod common;

use common::each_backend;
use domain::Quantity;
use engine::{Engine, EngineError, Shopper, seed::demo_catalog};

/// Every product's slug, read through the top categories' listings, which together hold the whole catalog.
async fn every_slug(engine: &Engine, shopper: &Shopper) -> Vec<String> {
    let mut slugs = Vec::new();
    for node in engine.category_tree(shopper).await.unwrap() {
        for page in 1.. {
            let listing = engine
                .category_page(
                    shopper,
                    node.category.slug.as_str(),
                    &common::page(page),
                    24,
                )
                .await
                .unwrap();
            slugs.extend(listing.products.iter().map(|p| p.slug.to_string()));
            if page >= listing.page.total_pages() {
                break;
            }
        }
    }
    slugs
}

#[tokio::test]
async fn shipped_prices_quote_every_demo_product_as_the_server_does() {
    each_backend(|engine| async move {
        engine.seed(&demo_catalog()).await.unwrap();
        let trade = common::guest(&engine).await;
        let shoppers = [
            engine.as_company(trade.clone(), "acme").await.unwrap(),
            engine.as_company(trade.clone(), "globex").await.unwrap(),
            engine.shopper_for("shop-ch").await.unwrap(),
            trade,
        ];
        let quantities: Vec<Quantity> = (1..=1_000).map(|q| Quantity::parse(q).unwrap()).collect();
        let (mut priced, mut refused) = (0_u32, 0_u32);
        for shopper in &shoppers {
            // A channel sells its own assortment.
            let slugs = every_slug(&engine, shopper).await;
            assert!(slugs.len() >= 90, "{}", slugs.len());
            for slug in &slugs {
                let product = engine.product(shopper, slug).await.unwrap();
                for variant in &product.variants {
                    let shipped = variant.prices.as_ref().expect("prices are shown");
                    let server = engine
                        .price_ladder(shopper, &variant.sku, &quantities)
                        .await
                        .unwrap();
                    for (quantity, answer) in quantities.iter().zip(server) {
                        let q = quantity.get();
                        match (shipped.quote(q), answer) {
                            (Ok(browser), Ok(server)) => {
                                assert_eq!(browser, server, "{} at {q}", variant.sku);
                                priced += 1;
                            }
                            (Err(browser), Err(EngineError::Domain(server))) => {
                                assert_eq!(browser, server, "{} at {q}", variant.sku);
                                refused += 1;
                            }
                            (browser, server) => {
                                panic!("{} at {q}: {browser:?} but {server:?}", variant.sku)
                            }
                        }
                    }
                }
            }
        }
        // Both paths were taken, and contract prices among them (ACME's and Globex's lists are in the demo).
        assert!(priced > 100_000 && refused > 1_000, "{priced} {refused}");
    })
    .await;
}
