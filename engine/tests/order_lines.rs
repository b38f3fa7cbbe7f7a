//! Changing an order's lines before it ships, on every backend: more units of a SKU at the same price join its line
//! and at a new price make a line of their own, fewer units come off the newest line, a SKU is added and removed,
//! and totals, reservations, the email, the note and the audit entry follow. Refused, changing nothing: more than
//! the stock, beyond the credit limit, an unknown SKU, a SKU named twice, a shipped order, a lesser role.

mod common;

use common::{each_backend_with_url, order_cart_on_account, seeded, signed_in_buyer, staff_actor};
use domain::{Quantity, Sku};
use engine::{Actor, Engine, EngineError, LineChange};
use rust_decimal::Decimal;

fn change(sku: &str, quantity: u32) -> LineChange {
    LineChange {
        sku: Sku::parse(sku).unwrap(),
        quantity,
    }
}

/// (SKU, units, unit price) of each line of the order.
async fn lines(engine: &Engine, number: &str) -> Vec<(String, u32, Decimal)> {
    engine
        .order_for_merchant(number)
        .await
        .unwrap()
        .lines
        .into_iter()
        .map(|l| {
            (
                l.sku.as_str().to_owned(),
                l.quantity,
                l.unit_price.amount.normalize(),
            )
        })
        .collect()
}

async fn reserved(engine: &Engine, sku: &str) -> i64 {
    engine
        .availability(&Sku::parse(sku).unwrap())
        .await
        .unwrap()
        .reserved
}

#[tokio::test]
async fn staff_change_an_orders_lines_before_it_ships_and_the_rest_follows() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        for sku in ["SC-160", "SP-01"] {
            engine
                .set_stock(&ops, "main", &Sku::parse(sku).unwrap(), 100)
                .await
                .unwrap();
        }
        let (account, shopper) = signed_in_buyer(&engine, "buyer@acme.example").await;
        engine
            .add_to_cart(&shopper, None, &Sku::parse("SC-160").unwrap(), Quantity::parse(2).unwrap())
            .await
            .unwrap();
        let number = order_cart_on_account(&engine, &account, &shopper, "edit-0000001").await;
        assert_eq!(lines(&engine, &number).await, [("SC-160".into(), 2, Decimal::new(95, 1))]);
        let reserved_before = reserved(&engine, "SC-160").await;

        let manager = staff_actor(&engine, "om@shop.example", "order_manager").await;
        // Same price today: the added units join the line.
        engine
            .change_order_lines(&manager, &number, &[change("SC-160", 4), change("SP-01", 3)])
            .await
            .unwrap();
        let now = lines(&engine, &number).await;
        assert_eq!(now[0], ("SC-160".into(), 4, Decimal::new(95, 1)));
        assert_eq!((now[1].0.as_str(), now[1].1), ("SP-01", 3));
        assert_eq!(reserved(&engine, "SC-160").await, reserved_before + 2);
        let order = engine.order_for_merchant(&number).await.unwrap();
        let net: Decimal = order.lines.iter().map(|l| l.line_net.amount).sum();
        assert_eq!(order.totals.subtotal_net.amount, net);
        assert_eq!(
            order.totals.total.amount,
            net + order.totals.shipping_net.amount + order.totals.tax.amount
        );

        // The line was sold at 8.00 (a price that has changed since): those units keep it, added ones cost 9.50.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        sqlx::query("UPDATE order_lines SET unit_net_micros = 8000000, line_net_micros = 32000000 WHERE sku = 'SC-160'")
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        engine
            .change_order_lines(&manager, &number, &[change("SC-160", 6)])
            .await
            .unwrap();
        let now = lines(&engine, &number).await;
        let sc: Vec<_> = now.iter().filter(|l| l.0 == "SC-160").cloned().collect();
        assert_eq!(
            sc,
            [("SC-160".into(), 4, Decimal::from(8)), ("SC-160".into(), 2, Decimal::new(95, 1))]
        );
        // Fewer units come off the newest line first; 0 removes a SKU.
        engine
            .change_order_lines(&manager, &number, &[change("SC-160", 3), change("SP-01", 0)])
            .await
            .unwrap();
        assert_eq!(lines(&engine, &number).await, [("SC-160".into(), 3, Decimal::from(8))]);
        assert_eq!(reserved(&engine, "SC-160").await, reserved_before + 1);
        assert_eq!(reserved(&engine, "SP-01").await, 0, "the removed line's stock is free again");

        // The buyer is emailed, the timeline has a note, the audit trail has each change.
        let mail = engine
            .claim_emails(50, std::time::Duration::from_secs(60))
            .await
            .unwrap();
        let changed = mail
            .iter()
            .filter(|m| m.subject == format!("Order {number} changed"))
            .count();
        assert_eq!(changed, 3);
        let timeline = engine.order_timeline(&manager, &number).await.unwrap();
        assert!(timeline.iter().any(|e| e.detail.contains("SP-01: removed")), "{timeline:?}");
        let trail = common::trail(&engine, "order", &number).await;
        let edits: Vec<_> = trail.iter().filter(|e| e.action == "order.lines_changed").collect();
        assert_eq!(edits.len(), 3);
        assert!(edits[0].changes.iter().any(|c| c.field == "SP-01.quantity"
            && c.before.as_deref() == Some("3")
            && c.after.is_none()));

        // Refused, and nothing changes.
        let before = lines(&engine, &number).await;
        engine
            .set_stock(&ops, "main", &Sku::parse("SC-160").unwrap(), 10)
            .await
            .unwrap();
        let refusals = [
            (vec![change("SC-160", 50)], "stock"),
            (vec![change("NO-SUCH-SKU", 1)], "lines"),
            (vec![change("SC-160", 4), change("SC-160", 5)], "lines"),
            (vec![], "lines"),
            (vec![change("SC-160", 0)], "lines"),
        ];
        for (changes, why) in refusals {
            let result = engine.change_order_lines(&manager, &number, &changes).await;
            match (why, &result) {
                ("stock", Err(EngineError::OutOfStock { .. })) => {}
                ("lines", Err(EngineError::Domain(e))) if e.field == "lines" => {}
                _ => panic!("{changes:?}: {result:?}"),
            }
            assert_eq!(lines(&engine, &number).await, before);
        }
        let mut terms = engine.company_overview(&ops, "acme").await.unwrap().terms;
        terms.credit_limit = Some(Decimal::from(60));
        engine.save_company_terms(&ops, &terms).await.unwrap();
        let over = engine
            .change_order_lines(&manager, &number, &[change("SC-160", 9)])
            .await;
        assert!(
            matches!(over, Err(EngineError::Domain(ref e)) if e.field == "payment"),
            "{over:?}"
        );
        assert_eq!(lines(&engine, &number).await, before);
        for role in ["catalog_manager", "read_only"] {
            let member = staff_actor(&engine, &format!("{role}@shop.example"), role).await;
            assert!(matches!(
                engine.change_order_lines(&member, &number, &[change("SC-160", 1)]).await,
                Err(EngineError::Forbidden(_))
            ));
        }
        engine.confirm_order(&ops, &number).await.unwrap();
        engine
            .ship_order(&ops, &number, "DHL", "123", &[(Sku::parse("SC-160").unwrap(), 1)])
            .await
            .unwrap();
        let shipped = engine
            .change_order_lines(&manager, &number, &[change("SC-160", 2)])
            .await;
        assert!(
            matches!(shipped, Err(EngineError::Domain(ref e)) if e.field == "status"),
            "{shipped:?}"
        );
    })
    .await;
}
