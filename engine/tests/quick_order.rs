//! Quick order on every backend: a pasted list of 20 lines with two unknown SKUs puts 18 lines into the cart in one
//! go and answers the two with the closest SKUs; a line beyond the stock (counting what the cart holds) stays out
//! with the reason; checking alone changes nothing; a shopper who may not see prices is refused; the rows offer the
//! SKUs the buyer's company orders and keeps on lists.

mod common;

use common::{each_backend, guest, seeded, signed_in_buyer};
use domain::{Sku, quick_order::read_order_list};
use engine::{Actor, EngineError};

#[tokio::test]
async fn a_pasted_list_goes_into_the_cart_and_unknown_skus_get_suggestions() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        for i in 1..=20 {
            engine
                .set_stock(
                    &ops,
                    "main",
                    &Sku::parse(&format!("SP-{i:02}")).unwrap(),
                    50,
                )
                .await
                .unwrap();
        }
        let (_, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let mut text = String::from("SKU\tQuantity\n");
        for i in 1..=18 {
            text.push_str(&format!("SP-{i:02}\t{}\n", i % 4 + 1));
        }
        text.push_str("SP-O1\t2\nXQ-123456\t1\n");
        let lines = read_order_list(&text).unwrap();
        assert_eq!(lines.len(), 20);

        let checked = engine
            .check_order_list(&shopper, lines.clone())
            .await
            .unwrap();
        assert_eq!(checked.iter().filter(|l| l.problem.is_none()).count(), 18);
        assert!(
            engine
                .account_cart(&shopper)
                .await
                .unwrap()
                .is_none_or(|c| c.lines.is_empty()),
            "a check changes nothing"
        );

        let (cart, rows) = engine.add_order_list(&shopper, None, lines).await.unwrap();
        let cart = cart.expect("a cart");
        assert_eq!(cart.lines.len(), 18);
        let bad: Vec<_> = rows.iter().filter(|r| r.problem.is_some()).collect();
        assert_eq!(bad.len(), 2);
        assert_eq!((bad[0].line, bad[0].sku.as_str()), (20, "SP-O1"));
        assert!(
            bad[0].suggestions.contains(&"SP-01".to_owned()),
            "{:?}",
            bad[0].suggestions
        );
        assert_eq!(bad[0].problem.as_deref(), Some("no product has this SKU"));
        assert_eq!((bad[1].line, bad[1].suggestions.len()), (21, 0));
        let good = rows.iter().find(|r| r.sku == "SP-02").unwrap();
        assert_eq!(good.quantity, 3);
        assert!(good.line_price.is_some() && !good.name.is_empty());

        // With what the cart holds, a second list asking beyond the stock keeps that line out and adds the rest.
        let more = read_order_list("SP-01 49\nSP-19 1").unwrap();
        let (cart, rows) = engine.add_order_list(&shopper, None, more).await.unwrap();
        let problem = rows[0].problem.as_deref().unwrap();
        assert!(problem.starts_with("only 50 in stock"), "{problem}");
        let cart = cart.unwrap();
        assert_eq!(cart.lines.len(), 19);
        let sp01 = cart
            .lines
            .iter()
            .find(|l| l.sku.as_str() == "SP-01")
            .unwrap();
        assert_eq!(sp01.quantity.get(), 2, "unchanged");
    })
    .await;
}

#[tokio::test]
async fn a_list_over_500_lines_is_refused_and_a_guest_who_may_not_see_prices_too() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let shopper = guest(&engine).await;
        let lines: Vec<_> = (1..=501)
            .map(|n| domain::quick_order::read_line(n, "SP-01", Some("1")))
            .collect();
        assert!(matches!(
            engine.check_order_list(&shopper, lines).await,
            Err(EngineError::Domain(ref e)) if e.field == "lines"
        ));
        let mut hidden = shopper.clone();
        hidden.channel.prices_public = false;
        let one = read_order_list("SP-01 1").unwrap();
        assert!(matches!(
            engine.check_order_list(&hidden, one).await,
            Err(EngineError::Forbidden(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn the_rows_offer_the_skus_the_buyers_company_orders_and_keeps_on_lists() {
    each_backend(|engine| async move {
        seeded(&engine).await;
        let (buyer, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        let (viewer, viewer_shopper) = signed_in_buyer(&engine, "viewer@acme.example").await;
        let usual = |engine: engine::Engine, account: domain::Account, shopper: engine::Shopper| async move {
            engine
                .usual_skus(&account, &shopper, 300)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.sku)
                .collect::<Vec<_>>()
        };
        // The demo's shared list is the company's: its SKUs are everyone's usual ones, the viewer's too.
        let shared = usual(engine.clone(), viewer.clone(), viewer_shopper.clone()).await;
        assert!(!shared.is_empty());
        let private = engine
            .create_shopping_list_with(&buyer, "Mine", false, &[(Sku::parse("SP-30").unwrap(), 1)])
            .await
            .unwrap();
        assert!(private > 0);
        let mine = usual(engine.clone(), buyer.clone(), shopper.clone()).await;
        assert!(mine.contains(&"SP-30".to_owned()), "{mine:?}");
        assert!(mine.windows(2).all(|w| w[0] < w[1]), "in SKU order, each once");
        let theirs = usual(engine.clone(), viewer, viewer_shopper).await;
        assert!(!theirs.contains(&"SP-30".to_owned()), "a private list is its owner's alone");
    })
    .await;
}
