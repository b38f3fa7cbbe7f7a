//! Prices as buyers see them: volume breaks, the explanation, contract and group prices, tax display per channel,
//! quantity rules in the cart.

mod common;

use common::{each_backend, seeded};
use domain::{PriceStep, Quantity, Sku};

fn sku(s: &str) -> Sku {
    Sku::parse(s).unwrap()
}

fn qty(n: i64) -> Quantity {
    Quantity::parse(n).unwrap()
}

#[tokio::test]
async fn the_product_page_shows_the_tier_table_and_why() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let cutter = engine.product(&guest, "side-cutter").await.unwrap();
        let v = &cutter.variants[0];
        let rows: Vec<(u32, String)> = v
            .breaks
            .iter()
            .map(|b| (b.min_quantity, b.unit_shown.money().amount.to_string()))
            .collect();
        assert_eq!(
            rows,
            [(1, "12.99".into()), (10, "12".into()), (50, "11".into())]
        );
        assert!(matches!(v.explanation[0], PriceStep::Base { .. }));
        assert!(
            matches!(v.explanation.last(), Some(PriceStep::Tax { country, .. }) if country == "DE")
        );

        let at_60 = engine.quote(&guest, &sku("SC-160"), qty(60)).await.unwrap();
        assert_eq!(at_60.unit_shown.money().amount.to_string(), "11");
        assert_eq!(at_60.line_net.amount.to_string(), "660.00");
        assert_eq!(at_60.line_tax.amount.to_string(), "125.40");
        assert!(at_60.explanation.iter().any(|s| matches!(
            s,
            PriceStep::Tier {
                min_quantity: 50,
                ..
            }
        )));
    })
    .await;
}

#[tokio::test]
async fn a_company_sees_its_contract_price_and_nobody_else_does() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let acme = engine.as_company(guest.clone(), "acme").await.unwrap();
        let quote = engine.quote(&acme, &sku("SC-160"), qty(1)).await.unwrap();
        assert_eq!(quote.unit_net.money().amount.to_string(), "9.5");
        assert!(
            quote
                .explanation
                .iter()
                .any(|s| matches!(s, PriceStep::PriceList { name, .. } if name == "ACME contract"))
        );
        let page = engine.product(&acme, "side-cutter").await.unwrap();
        assert_eq!(
            page.variants[0].price.as_ref().unwrap().amount.to_string(),
            "9.5"
        );
        let listing = engine
            .category_page(&acme, "cutters", &common::page(1), 24)
            .await
            .unwrap();
        let card = listing
            .products
            .iter()
            .find(|p| p.slug.as_str() == "side-cutter")
            .unwrap();
        assert_eq!(
            card.price_from.as_ref().unwrap().amount.to_string(),
            "0.0375"
        );

        // The guest still pays the list price: the contract price is nowhere in what a guest gets.
        let public = engine.product(&guest, "side-cutter").await.unwrap();
        assert_eq!(
            public.variants[0]
                .price
                .as_ref()
                .unwrap()
                .amount
                .to_string(),
            "12.99"
        );
        assert!(!format!("{public:?}").contains("ACME"));
    })
    .await;
}

#[tokio::test]
async fn a_customer_group_gets_its_discount() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let mut dealer = common::guest(&engine).await;
        dealer.customer_group = Some(1);
        let quote = engine.quote(&dealer, &sku("SP-01"), qty(1)).await.unwrap();
        // 4.51 less 10 %.
        assert_eq!(quote.unit_net.money().amount.to_string(), "4.059");
        assert!(
            quote
                .explanation
                .iter()
                .any(|s| matches!(s, PriceStep::Discount { .. }))
        );
    })
    .await;
}

#[tokio::test]
async fn the_swiss_shop_shows_gross_francs_and_only_its_assortment() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ch = engine.shopper_for("shop-ch").await.unwrap();
        assert_eq!(ch.locale.as_str(), "de");
        let cutter = engine.product(&ch, "side-cutter").await.unwrap();
        // 12.99 CHF net + 8.1 % = 14.04219.
        let price = cutter.variants[0].price.clone().unwrap();
        assert_eq!(price.currency.code(), "CHF");
        assert_eq!(price.amount.to_string(), "14.04219");
        assert_eq!(cutter.name, "Seitenschneider 160 mm");
        // Spanners are not in the Swiss assortment.
        assert!(engine.product(&ch, "spanner-01").await.is_err());
        assert!(
            engine
                .category_page(&ch, "spanners-de", &common::page(1), 24)
                .await
                .is_err()
        );
        let top = engine.top_categories(&ch).await.unwrap();
        let names: Vec<&str> = top.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Pliers (de)"],
            "the navigation starts at the sold sub-tree"
        );
        let tree = engine.category_tree(&ch).await.unwrap();
        assert_eq!(tree.len(), 1);
        assert_eq!(tree[0].product_count, 3);
    })
    .await;
}

#[tokio::test]
async fn quantity_rules_are_checked_before_stock() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let guest = common::guest(&engine).await;
        let err = engine
            .add_to_cart(&guest, None, &sku("SC-160-X"), qty(150))
            .await
            .unwrap_err();
        assert!(
            matches!(&err, engine::EngineError::Domain(e) if e.field == "quantity"),
            "{err:?}"
        );
        let err = engine
            .add_to_cart(&guest, None, &sku("SC-160-X"), qty(100))
            .await
            .unwrap_err();
        assert!(
            matches!(err, engine::EngineError::OutOfStock { .. }),
            "{err:?}"
        );
        let page = engine.product(&guest, "side-cutter").await.unwrap();
        assert_eq!(page.variants[1].rules.min, 100);
        assert_eq!(page.variants[1].rules.increment, 100);
    })
    .await;
}

#[tokio::test]
async fn a_closed_channel_hides_prices_from_guests() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let mut closed = common::guest(&engine).await;
        closed.channel.prices_public = false;
        let page = engine.product(&closed, "side-cutter").await.unwrap();
        assert!(
            page.variants
                .iter()
                .all(|v| v.price.is_none() && v.breaks.is_empty())
        );
        let listing = engine
            .category_page(&closed, "tools", &common::page(1), 24)
            .await
            .unwrap();
        assert!(listing.products.iter().all(|p| p.price_from.is_none()));
        assert!(listing.facets.prices.is_empty());
        assert!(matches!(
            engine.quote(&closed, &sku("SC-160"), qty(1)).await,
            Err(engine::EngineError::Forbidden(_))
        ));
        closed.signed_in = true;
        let page = engine.product(&closed, "side-cutter").await.unwrap();
        assert!(page.variants[0].price.is_some());
    })
    .await;
}
