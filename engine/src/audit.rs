//! Consistency checks over orders and stock: what must hold whatever crashed or raced. The load and crash tests
//! assert an empty report, and an operator can run the same check on a live shop.

use crate::{Engine, EngineResult};

/// Statuses whose unshipped units are still claimed from stock.
const OPEN: &str = "('awaiting_approval', 'placed', 'confirmed', 'partially_shipped')";

impl Engine {
    /// Every inconsistency between orders, reservations and stock, one sentence each; empty when all is well:
    /// every order has lines and a history; each variant's `reserved` equals the unshipped units of its open
    /// orders; each warehouse's `reserved` equals its reservation rows; each variant's stock is the sum of its
    /// warehouses'; nothing is negative or reserved beyond what is on hand (the tables' checks).
    pub async fn audit_orders_and_stock(&self) -> EngineResult<Vec<String>> {
        let mut problems = Vec::new();
        let pool = &self.db.pool;
        let no_lines: Vec<(i64,)> = sqlx::query_as(
            "SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)",
        )
        .fetch_all(pool)
        .await?;
        problems.extend(
            no_lines
                .into_iter()
                .map(|(id,)| format!("order {id} has no lines")),
        );
        let no_history: Vec<(i64,)> = sqlx::query_as(
            "SELECT o.id FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id)",
        )
        .fetch_all(pool)
        .await?;
        problems.extend(
            no_history
                .into_iter()
                .map(|(id,)| format!("order {id} has no history")),
        );
        let claimed: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT v.sku, v.reserved, CAST(COALESCE((
                 SELECT SUM(l.quantity - l.shipped) FROM order_lines l JOIN orders o ON o.id = l.order_id
                 WHERE l.variant_id = v.id AND o.status IN {OPEN}), 0) AS BIGINT) AS open_units
             FROM variants v"
        ))
        .fetch_all(pool)
        .await?;
        problems.extend(
            claimed
                .into_iter()
                .filter(|(_, reserved, open)| reserved != open)
                .map(|(sku, reserved, open)| {
                    format!("{sku}: {reserved} reserved, but open orders claim {open}")
                }),
        );
        let per_warehouse: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT s.warehouse_id, v.sku, s.reserved, CAST(COALESCE((
                 SELECT SUM(r.quantity) FROM reservations r JOIN order_lines l ON l.id = r.order_line_id
                 WHERE r.warehouse_id = s.warehouse_id AND l.variant_id = s.variant_id), 0) AS BIGINT) AS held
             FROM stock_levels s JOIN variants v ON v.id = s.variant_id",
        )
        .fetch_all(pool)
        .await?;
        problems.extend(
            per_warehouse
                .into_iter()
                .filter(|(_, _, reserved, held)| reserved != held)
                .map(|(warehouse, sku, reserved, held)| {
                    format!(
                        "{sku} in warehouse {warehouse}: {reserved} reserved, but reservations hold {held}"
                    )
                }),
        );
        let totals: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT v.sku, v.stock_on_hand, CAST(COALESCE((
                 SELECT SUM(s.on_hand) FROM stock_levels s WHERE s.variant_id = v.id), 0) AS BIGINT) AS held
             FROM variants v",
        )
        .fetch_all(pool)
        .await?;
        problems.extend(
            totals
                .into_iter()
                .filter(|(_, on_hand, held)| on_hand != held)
                .map(|(sku, on_hand, held)| {
                    format!("{sku}: {on_hand} on hand, but its warehouses hold {held}")
                }),
        );
        Ok(problems)
    }
}
