//! The back office's start page in figures: orders and net revenue per day over the last 30 days, open orders by
//! status, variants running low, and webhook deliveries that gave up. Each part needs the permission its own list
//! needs, and a member without it gets `None` for that part rather than a refusal of the whole page.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Actor, Engine, EngineResult, Scope, now_ms};

/// Days the chart covers, today included.
pub const DAYS: i64 = 30;
/// Variants with at most this many units to promise (and no backorders) count as running low.
pub const LOW_STOCK: i64 = 5;
/// Rows a list on the dashboard shows; the page behind it has the rest.
const ROWS: i64 = 10;
const DAY_MS: i64 = 86_400_000;

/// One day of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayFigures {
    /// `YYYY-MM-DD` (UTC).
    pub day: String,
    /// Orders placed that day and not cancelled.
    pub orders: i64,
    /// Their net revenue (goods and shipping, without tax), per currency code.
    pub revenue: BTreeMap<String, Decimal>,
}

/// A variant running low.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LowStock {
    /// Its SKU.
    pub sku: String,
    /// Its product's name.
    pub product: String,
    /// Units it can still promise.
    pub available: i64,
}

/// A webhook delivery that gave up after its attempts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedDelivery {
    /// The delivery's id (what a replay takes).
    pub id: i64,
    /// The endpoint.
    pub url: String,
    /// The event's type.
    pub event_type: String,
    /// Attempts made.
    pub attempts: i64,
    /// The last failure.
    pub last_error: Option<String>,
}

/// The dashboard's figures; a part is `None` when the actor may not read what it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The last [`DAYS`] days, oldest first, every day present (`orders:read`).
    pub days: Option<Vec<DayFigures>>,
    /// Open orders (placed, confirmed, partially shipped) by status, in lifecycle order (`orders:read`).
    pub open_orders: Option<Vec<(domain::OrderStatus, i64)>>,
    /// The variants with the least to promise, at most [`LOW_STOCK`] (`inventory:read`).
    pub low_stock: Option<Vec<LowStock>>,
    /// The newest failed webhook deliveries (`webhooks:manage`).
    pub failed_deliveries: Option<Vec<FailedDelivery>>,
    /// Businesses that registered in the storefront and wait for approval, oldest first: (code, name, registered
    /// at) (`customers:read`).
    pub pending_companies: Option<Vec<(String, String, i64)>>,
}

impl Engine {
    /// The dashboard for `actor`, as of now.
    pub async fn dashboard(&self, actor: &Actor) -> EngineResult<Dashboard> {
        let now = now_ms();
        Ok(Dashboard {
            days: match actor.allows(Scope::OrdersRead) {
                true => Some(self.days(now).await?),
                false => None,
            },
            open_orders: match actor.allows(Scope::OrdersRead) {
                true => Some(self.open_orders().await?),
                false => None,
            },
            low_stock: match actor.allows(Scope::InventoryRead) {
                true => Some(self.low_stock().await?),
                false => None,
            },
            failed_deliveries: match actor.allows(Scope::WebhooksManage) {
                true => Some(self.failed_deliveries().await?),
                false => None,
            },
            pending_companies: match actor.allows(Scope::CustomersRead) {
                true => Some(
                    sqlx::query_as(&format!(
                        "SELECT code, name, created_at FROM companies WHERE status = 'pending'
                         ORDER BY created_at LIMIT {ROWS}"
                    ))
                    .fetch_all(&self.db.pool)
                    .await?,
                ),
                false => None,
            },
        })
    }

    async fn days(&self, now: i64) -> EngineResult<Vec<DayFigures>> {
        let today = now.div_euclid(DAY_MS);
        let first = today - (DAYS - 1);
        // Summed per day and currency by the database: one row each, however many orders there are.
        let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(
            "SELECT created_at / 86400000, currency, COUNT(*),
                    CAST(SUM(subtotal_net_micros + shipping_net_micros) AS BIGINT)
             FROM orders WHERE created_at >= $1 AND status NOT IN ('cancelled', 'declined')
             GROUP BY created_at / 86400000, currency",
        )
        .bind(first * DAY_MS)
        .fetch_all(&self.db.pool)
        .await?;
        Ok((first..=today)
            .map(|day| {
                let of_day = rows.iter().filter(|(d, ..)| *d == day);
                DayFigures {
                    day: domain::calendar_day(day * DAY_MS),
                    orders: of_day.clone().map(|(_, _, n, _)| n).sum(),
                    revenue: of_day
                        .map(|(_, currency, _, micros)| {
                            (currency.clone(), Decimal::new(*micros, 6).normalize())
                        })
                        .collect(),
                }
            })
            .collect())
    }

    async fn open_orders(&self) -> EngineResult<Vec<(domain::OrderStatus, i64)>> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM orders
             WHERE status IN ('placed', 'confirmed', 'partially_shipped') GROUP BY status",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(domain::OrderStatus::ALL
            .into_iter()
            .filter_map(|status| {
                rows.iter()
                    .find(|(s, _)| s == status.as_str())
                    .map(|(_, n)| (status, *n))
            })
            .collect())
    }

    async fn low_stock(&self) -> EngineResult<Vec<LowStock>> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT v.sku, p.name, v.stock_on_hand - v.reserved FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.allow_backorder = 0 AND v.stock_on_hand - v.reserved <= $1
             ORDER BY v.stock_on_hand - v.reserved, v.sku LIMIT $2",
        )
        .bind(LOW_STOCK)
        .bind(ROWS)
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(sku, product, available)| LowStock {
                sku,
                product,
                available: available.max(0),
            })
            .collect())
    }

    async fn failed_deliveries(&self) -> EngineResult<Vec<FailedDelivery>> {
        let rows: Vec<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT d.id, s.url, e.event_type, d.attempts, d.last_error FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id JOIN events e ON e.id = d.event_id
             WHERE d.status = 'failed' ORDER BY d.id DESC LIMIT $1",
        )
        .bind(ROWS)
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, url, event_type, attempts, last_error)| FailedDelivery {
                    id,
                    url,
                    event_type,
                    attempts,
                    last_error,
                },
            )
            .collect())
    }
}
