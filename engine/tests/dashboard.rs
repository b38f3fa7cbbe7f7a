//! The back office's dashboard: orders and net revenue per day over 30 days (cancelled orders left out, older
//! ones too), open orders by status, variants running low, failed webhook deliveries — each part only for a
//! member who may read it.

mod common;

use common::{each_backend_with_url, order_cart_on_account, seeded, signed_in_buyer, staff_actor};
use domain::{OrderStatus, Quantity, Sku};
use engine::{Actor, Engine, dashboard::DAYS};
use rust_decimal::Decimal;

/// Orders `quantity` of `sku` as ACME's buyer.
async fn order(engine: &Engine, key: &str, sku: &str, quantity: i64) -> String {
    let (account, shopper) = signed_in_buyer(engine, "buyer@acme.example").await;
    engine
        .add_to_cart(
            &shopper,
            None,
            &Sku::parse(sku).unwrap(),
            Quantity::parse(quantity).unwrap(),
        )
        .await
        .unwrap();
    order_cart_on_account(engine, &account, &shopper, key).await
}

#[tokio::test]
async fn the_dashboard_counts_the_last_30_days_and_shows_each_part_to_whoever_may_read_it() {
    each_backend_with_url(|engine, url| async move {
        seeded(&engine).await;
        let ops = Actor::process("test");
        let today = order(&engine, "dash-0000001", "SC-160", 2).await;
        let cancelled = order(&engine, "dash-0000002", "SC-160", 1).await;
        engine.cancel_order(&ops, &cancelled, "test").await.unwrap();
        order(&engine, "dash-0000003", "SC-160", 1).await;
        order(&engine, "dash-0000004", "SC-160", 1).await;
        // Two orders moved into the past: three days ago, and before the chart starts.
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&url).await.unwrap();
        let day = 86_400_000_i64;
        for (key, days_ago) in [("dash-0000003", 3), ("dash-0000004", DAYS + 5)] {
            sqlx::query(
                "UPDATE orders SET created_at = created_at - $1 WHERE idempotency_key = $2",
            )
            .bind(days_ago * day)
            .bind(key)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;
        engine
            .set_stock(&ops, "main", &Sku::parse("SC-160").unwrap(), 6)
            .await
            .unwrap();

        let manager = staff_actor(&engine, "om@shop.example", "order_manager").await;
        let board = engine.dashboard(&manager).await.unwrap();
        let days = board.days.unwrap();
        assert_eq!(days.len(), DAYS as usize);
        let (last, three_ago) = (&days[days.len() - 1], &days[days.len() - 4]);
        assert_eq!(
            last.orders, 1,
            "today's order counts, the cancelled one does not: {last:?}"
        );
        assert_eq!(three_ago.orders, 1);
        assert_eq!(
            days.iter().map(|d| d.orders).sum::<i64>(),
            2,
            "the older order is left out"
        );
        let revenue = last.revenue.get("EUR").copied().unwrap();
        assert!(revenue > Decimal::ZERO);
        let placed = engine.order_for_merchant(&today).await.unwrap();
        assert_eq!(
            revenue,
            (placed.totals.subtotal_net.amount + placed.totals.shipping_net.amount).normalize()
        );
        assert_eq!(
            board.open_orders.unwrap(),
            [(OrderStatus::Placed, 3)],
            "three orders are open, the cancelled one is not"
        );
        let low = board.low_stock.unwrap();
        let bolt = low
            .iter()
            .find(|l| l.sku == "SC-160")
            .expect("SC-160 runs low");
        assert_eq!(
            bolt.available,
            6 - 4,
            "six on hand, four held by open orders"
        );
        assert!(
            board.failed_deliveries.is_none(),
            "an order manager manages no webhooks"
        );

        // A catalog manager sees stock but no orders; an owner sees every part.
        let catalog = staff_actor(&engine, "cm@shop.example", "catalog_manager").await;
        let board = engine.dashboard(&catalog).await.unwrap();
        assert!(board.days.is_none() && board.open_orders.is_none());
        assert!(board.low_stock.is_some());
        let board = engine.dashboard(&ops).await.unwrap();
        assert_eq!(board.failed_deliveries, Some(Vec::new()));
    })
    .await;
}
