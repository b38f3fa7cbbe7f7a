//! Stock per warehouse, reservations for open orders, and available-to-promise per variant.
//!
//! The guard that keeps stock from being oversold is one conditional update of the variant row
//! (`reserved + q` only where `stock_on_hand - reserved >= q`, or the variant allows backorders). On PostgreSQL the
//! row lock makes concurrent checkouts of one variant queue on that row and re-check the condition; on SQLite
//! writers are serialised anyway. Reservations are then spread over warehouses by priority, inside the same
//! transaction as the order, so an order either exists with its reservations or not at all.

use serde::Serialize;
use sqlx::{Any, Transaction};

use crate::{
    Engine, EngineError, EngineResult, Scope,
    audit_log::{self, Change},
    db::WriteTx,
    now_ms,
    staff::Actor,
};

/// The warehouse an import's `stock` fills: created by the migration, so it is always there.
pub const MAIN_WAREHOUSE: i64 = 1;

/// One warehouse's stock of a variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockLevel {
    /// Warehouse code.
    pub warehouse: String,
    /// Units physically there.
    pub on_hand: i64,
    /// Units open orders hold there.
    pub reserved: i64,
}

/// A variant's stock across warehouses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// Units on hand in every warehouse.
    pub on_hand: i64,
    /// Units open orders claim (backorders included).
    pub reserved: i64,
    /// What can still be promised: on hand minus reserved, never below zero.
    pub available: i64,
    /// Whether orders beyond that are accepted as backorders.
    pub allow_backorder: bool,
    /// Per warehouse.
    pub levels: Vec<StockLevel>,
}

impl Engine {
    /// Sets the units on hand of `sku` in `warehouse`, as a stock count or an ERP reports them, with an audit
    /// entry; needs `inventory:write` and a caller not bound to a company. Refuses to go below what open orders
    /// hold there.
    pub async fn set_stock(
        &self,
        actor: &Actor,
        warehouse: &str,
        sku: &domain::Sku,
        on_hand: i64,
    ) -> EngineResult<()> {
        require_stock_write(actor)?;
        let mut tx = self.db.begin_write().await?;
        self.db
            .lock_rows(&mut tx, "variants", "sku", &[sku.as_str().to_owned()])
            .await?;
        count_stock(&mut tx, actor, warehouse, sku, on_hand).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stock counts `(warehouse, sku, on_hand)` in one transaction, each with its audit entry; each count's
    /// outcome in order. A refused count (unknown SKU or warehouse, below what open orders hold) writes nothing
    /// and leaves the others be. Needs what [`Engine::set_stock`] needs.
    pub async fn set_stock_counts(
        &self,
        actor: &Actor,
        counts: &[(String, domain::Sku, i64)],
    ) -> EngineResult<Vec<Result<(), String>>> {
        require_stock_write(actor)?;
        let mut tx = self.db.begin_write().await?;
        let skus: Vec<String> = counts.iter().map(|(_, sku, _)| sku.to_string()).collect();
        self.db.lock_rows(&mut tx, "variants", "sku", &skus).await?;
        let mut outcomes = Vec::with_capacity(counts.len());
        for (warehouse, sku, on_hand) in counts {
            outcomes.push(
                match count_stock(&mut tx, actor, warehouse, sku, *on_hand).await {
                    Ok(()) => Ok(()),
                    Err(e @ (EngineError::NotFound { .. } | EngineError::Domain(_))) => {
                        Err(e.to_string())
                    }
                    Err(other) => return Err(other),
                },
            );
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Stock of `sku` across warehouses.
    pub async fn availability(&self, sku: &domain::Sku) -> EngineResult<Availability> {
        let row: Option<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT id, stock_on_hand, reserved, allow_backorder FROM variants WHERE sku = $1",
        )
        .bind(sku.as_str())
        .fetch_optional(&self.db.pool)
        .await?;
        let (id, on_hand, reserved, backorder) =
            row.ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?;
        let levels: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT w.code, l.on_hand, l.reserved FROM stock_levels l JOIN warehouses w ON w.id = l.warehouse_id
             WHERE l.variant_id = $1 ORDER BY w.priority, w.id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        Ok(Availability {
            on_hand,
            reserved,
            available: (on_hand - reserved).max(0),
            allow_backorder: backorder != 0,
            levels: levels
                .into_iter()
                .map(|(warehouse, on_hand, reserved)| StockLevel {
                    warehouse,
                    on_hand,
                    reserved,
                })
                .collect(),
        })
    }
}

impl Engine {
    /// Every warehouse's count of each SKU in `skus`, in one query: (SKU, level), by SKU and shipping priority.
    pub async fn stock_levels(&self, skus: &[&str]) -> EngineResult<Vec<(String, StockLevel)>> {
        if skus.is_empty() {
            return Ok(Vec::new());
        }
        let marks = (1..=skus.len())
            .map(|n| format!("${n}"))
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT v.sku, w.code, l.on_hand, l.reserved FROM stock_levels l
             JOIN variants v ON v.id = l.variant_id JOIN warehouses w ON w.id = l.warehouse_id
             WHERE v.sku IN ({marks}) ORDER BY v.sku, w.priority, w.id"
        );
        let mut query = sqlx::query_as::<_, (String, String, i64, i64)>(&sql);
        for sku in skus {
            query = query.bind(*sku);
        }
        Ok(query
            .fetch_all(&self.db.pool)
            .await?
            .into_iter()
            .map(|(sku, warehouse, on_hand, reserved)| {
                (
                    sku,
                    StockLevel {
                        warehouse,
                        on_hand,
                        reserved,
                    },
                )
            })
            .collect())
    }
}

async fn variant_id(tx: &mut Transaction<'static, Any>, sku: &domain::Sku) -> EngineResult<(i64,)> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM variants WHERE sku = $1")
        .bind(sku.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or_else(|| EngineError::not_found("variant", sku.as_str()))
}

/// Keeps the variant's total in step with its warehouses.
async fn sync_on_hand(tx: &mut Transaction<'static, Any>, variant_id: i64) -> EngineResult<()> {
    sqlx::query(
        "UPDATE variants SET stock_on_hand = COALESCE((SELECT SUM(on_hand) FROM stock_levels WHERE variant_id = $1), 0),
                             updated_at = $2
         WHERE id = $1",
    )
    .bind(variant_id)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Claims `quantity` units of a variant for an order line in `channel_id`, from the warehouses that serve the
/// channel. Returns how many of them are backordered (not held in any warehouse); `OutOfStock` when the variant
/// cannot promise them there and takes no backorders.
pub(crate) async fn reserve(
    tx: &mut Transaction<'static, Any>,
    order_line_id: i64,
    variant_id: i64,
    sku: &str,
    quantity: i64,
    channel_id: i64,
) -> EngineResult<i64> {
    let claimed: Option<(i64,)> = sqlx::query_as(
        "UPDATE variants SET reserved = reserved + $1
         WHERE id = $2 AND (allow_backorder = 1 OR stock_on_hand - reserved >= $1)
         RETURNING allow_backorder",
    )
    .bind(quantity)
    .bind(variant_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((backorder,)) = claimed else {
        let (available,): (i64,) =
            sqlx::query_as("SELECT stock_on_hand - reserved FROM variants WHERE id = $1")
                .bind(variant_id)
                .fetch_one(&mut **tx)
                .await?;
        return Err(EngineError::OutOfStock {
            sku: sku.to_owned(),
            available: available.max(0),
        });
    };
    // The variant row is now locked by this transaction (PostgreSQL) or the database is (SQLite): the levels read
    // here cannot change under us. Where every warehouse serves the channel they hold at least what the variant
    // promised; where some do not, the ones that do may hold less.
    let free = free_levels(tx, variant_id, channel_id).await?;
    let serving: i64 = free.iter().map(|(_, units)| units).sum();
    if serving < quantity && backorder == 0 {
        return Err(EngineError::OutOfStock {
            sku: sku.to_owned(),
            available: serving,
        });
    }
    let mut remaining = quantity;
    for (warehouse_id, free) in free {
        if remaining == 0 {
            break;
        }
        let take = remaining.min(free);
        sqlx::query(
            "UPDATE stock_levels SET reserved = reserved + $1 WHERE warehouse_id = $2 AND variant_id = $3",
        )
        .bind(take)
        .bind(warehouse_id)
        .bind(variant_id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO reservations (order_line_id, warehouse_id, quantity) VALUES ($1, $2, $3)",
        )
        .bind(order_line_id)
        .bind(warehouse_id)
        .bind(take)
        .execute(&mut **tx)
        .await?;
        remaining -= take;
    }
    Ok(remaining)
}

/// Warehouses that serve `channel_id` with unreserved units of a variant, in shipping priority, with how many. A
/// warehouse serves every channel unless `warehouse_channels` names the ones it serves; read in the transaction,
/// not from an app server's snapshot, so a change of channels holds at once.
async fn free_levels(
    tx: &mut Transaction<'static, Any>,
    variant_id: i64,
    channel_id: i64,
) -> EngineResult<Vec<(i64, i64)>> {
    Ok(sqlx::query_as(
        "SELECT l.warehouse_id, l.on_hand - l.reserved FROM stock_levels l JOIN warehouses w ON w.id = l.warehouse_id
         WHERE l.variant_id = $1 AND l.on_hand > l.reserved
           AND (NOT EXISTS (SELECT 1 FROM warehouse_channels x WHERE x.warehouse_id = w.id)
                OR EXISTS (SELECT 1 FROM warehouse_channels x WHERE x.warehouse_id = w.id AND x.channel_id = $2))
         ORDER BY w.priority, w.id",
    )
    .bind(variant_id)
    .bind(channel_id)
    .fetch_all(&mut **tx)
    .await?)
}

/// Gives back what an order's unshipped lines hold: on cancellation.
pub(crate) async fn release_order(
    tx: &mut Transaction<'static, Any>,
    order_id: i64,
) -> EngineResult<()> {
    let held: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT r.warehouse_id, l.variant_id, r.quantity FROM reservations r
         JOIN order_lines l ON l.id = r.order_line_id WHERE l.order_id = $1 AND l.variant_id IS NOT NULL
         ORDER BY l.variant_id",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?;
    let open: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT variant_id, quantity - shipped FROM order_lines
         WHERE order_id = $1 AND variant_id IS NOT NULL AND quantity > shipped ORDER BY variant_id",
    )
    .bind(order_id)
    .fetch_all(&mut **tx)
    .await?;
    for (variant_id, units) in open {
        sqlx::query("UPDATE variants SET reserved = reserved - $1 WHERE id = $2")
            .bind(units)
            .bind(variant_id)
            .execute(&mut **tx)
            .await?;
    }
    for (warehouse_id, variant_id, units) in held {
        sqlx::query(
            "UPDATE stock_levels SET reserved = reserved - $1 WHERE warehouse_id = $2 AND variant_id = $3",
        )
        .bind(units)
        .bind(warehouse_id)
        .bind(variant_id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "DELETE FROM reservations WHERE order_line_id IN (SELECT id FROM order_lines WHERE order_id = $1)",
    )
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Ships `units` of an order line of `channel_id`: they leave the warehouses that hold them (then any serving the
/// channel with free stock, for backordered units that have arrived since), and stop being reserved.
pub(crate) async fn ship_units(
    tx: &mut Transaction<'static, Any>,
    order_line_id: i64,
    variant_id: i64,
    sku: &str,
    units: i64,
    channel_id: i64,
) -> EngineResult<()> {
    let held: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT warehouse_id, quantity FROM reservations WHERE order_line_id = $1 ORDER BY warehouse_id",
    )
    .bind(order_line_id)
    .fetch_all(&mut **tx)
    .await?;
    let mut remaining = units;
    for (warehouse_id, quantity) in held {
        if remaining == 0 {
            break;
        }
        let take = remaining.min(quantity);
        sqlx::query(
            "UPDATE stock_levels SET on_hand = on_hand - $1, reserved = reserved - $1
             WHERE warehouse_id = $2 AND variant_id = $3",
        )
        .bind(take)
        .bind(warehouse_id)
        .bind(variant_id)
        .execute(&mut **tx)
        .await?;
        let left = quantity - take;
        let sql = if left == 0 {
            "DELETE FROM reservations WHERE order_line_id = $2 AND warehouse_id = $3 AND $1 = $1"
        } else {
            "UPDATE reservations SET quantity = $1 WHERE order_line_id = $2 AND warehouse_id = $3"
        };
        sqlx::query(sql)
            .bind(left)
            .bind(order_line_id)
            .bind(warehouse_id)
            .execute(&mut **tx)
            .await?;
        remaining -= take;
    }
    if remaining > 0 {
        // Backordered units: they must be on hand somewhere by now, and not promised to anyone else.
        for (warehouse_id, free) in free_levels(tx, variant_id, channel_id).await? {
            if remaining == 0 {
                break;
            }
            let take = remaining.min(free);
            sqlx::query(
                "UPDATE stock_levels SET on_hand = on_hand - $1 WHERE warehouse_id = $2 AND variant_id = $3",
            )
            .bind(take)
            .bind(warehouse_id)
            .bind(variant_id)
            .execute(&mut **tx)
            .await?;
            remaining -= take;
        }
        if remaining > 0 {
            return Err(EngineError::OutOfStock {
                sku: sku.to_owned(),
                available: units - remaining,
            });
        }
    }
    sqlx::query(
        "UPDATE variants SET stock_on_hand = stock_on_hand - $1, reserved = reserved - $1 WHERE id = $2",
    )
    .bind(units)
    .bind(variant_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// One stock count in `tx`: every check comes before the first write, so a refused count changes nothing. The
/// caller has locked the variant's row: a checkout reserves on that row first, so the reserved units read here
/// cannot grow before the count commits.
/// Refuses an actor that may not change stock or warehouses: one without `inventory:write`, and a key bound to a
/// company (stock is the shop's).
pub(crate) fn require_stock_write(actor: &Actor) -> EngineResult<()> {
    actor.require(Scope::InventoryWrite)?;
    if actor.company().is_some() {
        return Err(EngineError::Forbidden(
            "a key bound to a company cannot change the shop's stock or warehouses".into(),
        ));
    }
    Ok(())
}

async fn count_stock(
    tx: &mut WriteTx,
    actor: &Actor,
    warehouse: &str,
    sku: &domain::Sku,
    on_hand: i64,
) -> EngineResult<()> {
    if on_hand < 0 {
        return Err(domain::DomainError::new("on_hand", "must not be negative").into());
    }
    let (variant_id,) = variant_id(tx, sku).await?;
    let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM warehouses WHERE code = $1")
        .bind(warehouse)
        .fetch_optional(&mut ***tx)
        .await?;
    let (warehouse_id,) = found.ok_or_else(|| EngineError::not_found("warehouse", warehouse))?;
    let level: Option<(i64, i64)> = sqlx::query_as(
        "SELECT reserved, on_hand FROM stock_levels WHERE warehouse_id = $1 AND variant_id = $2",
    )
    .bind(warehouse_id)
    .bind(variant_id)
    .fetch_optional(&mut ***tx)
    .await?;
    let (held, before) = level.map_or((0, None), |(r, o)| (r, Some(o)));
    if on_hand < held {
        return Err(domain::DomainError::new(
            "on_hand",
            format!("open orders hold {held} units here; ship or cancel them first"),
        )
        .into());
    }
    sqlx::query(
        "INSERT INTO stock_levels (warehouse_id, variant_id, on_hand) VALUES ($1, $2, $3)
         ON CONFLICT (warehouse_id, variant_id) DO UPDATE SET on_hand = excluded.on_hand",
    )
    .bind(warehouse_id)
    .bind(variant_id)
    .bind(on_hand)
    .execute(&mut ***tx)
    .await?;
    sync_on_hand(tx, variant_id).await?;
    if before != Some(on_hand) {
        audit_log::record(
            tx,
            actor,
            "stock.counted",
            ("stock", &format!("{}@{warehouse}", sku.as_str())),
            &[Change::new(
                "on_hand",
                before.map(|b| b.to_string()),
                Some(on_hand.to_string()),
            )],
        )
        .await?;
    }
    let payload =
        serde_json::json!({ "sku": sku.as_str(), "warehouse": warehouse, "on_hand": on_hand })
            .to_string();
    crate::events::record(
        tx,
        "stock.changed",
        &format!("variant:{}", sku.as_str()),
        None,
        &payload,
        now_ms(),
    );
    Ok(())
}
