//! The event outbox: every order state change is written as an event in the transaction that made the change,
//! together with one pending delivery per webhook subscription that wants it. A crash between commit and delivery
//! therefore loses nothing: the deliveries wait in the table for the next dispatcher, in any app server.
//!
//! Deliveries of one resource (one order) go out in event order: a delivery is only due when no earlier delivery
//! of the same resource to the same subscription is still pending, so a receiver never sees `order.shipped`
//! before `order.placed`, even across retries.

mod webhooks;

use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

use crate::{EngineResult, orders::number_of};

pub use webhooks::{
    DueDelivery, NewWebhook, Webhook, WebhookAttempt, WebhookDelivery, webhook_signature,
};

/// A recorded state change.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Event {
    /// Position in the event stream; later changes have larger ids.
    pub id: i64,
    /// One of [`EVENT_TYPES`].
    pub event_type: String,
    /// The resource it concerns, as `order:100001`, `product:<handle>`, `variant:<sku>` or `customer:<email>`.
    pub resource: String,
    /// The company the resource belongs to, if any: company-bound API keys see only their company's events.
    pub company_id: Option<i64>,
    /// The event's data as a JSON object.
    pub payload: String,
    /// When it happened, in Unix milliseconds.
    pub created_at: i64,
}

/// Every event type Kontor writes.
pub const EVENT_TYPES: [&str; 10] = [
    "order.placed",
    "order.confirmed",
    "order.partially_shipped",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "product.upserted",
    "stock.changed",
    "price.changed",
    "customer.upserted",
];

#[derive(Serialize)]
struct OrderPayload {
    number: String,
    status: String,
    note: String,
    company: Option<String>,
    email: String,
    po_number: Option<String>,
    currency: String,
    total: String,
}

/// Writes the event for an order that just reached `status`, and queues its webhook deliveries, in `tx`.
pub(crate) async fn order_changed(
    tx: &mut Transaction<'_, Any>,
    order_id: i64,
    status: &str,
    note: &str,
    now: i64,
) -> EngineResult<()> {
    let (company_id, company, email, po_number, currency, total): (
        Option<i64>,
        Option<String>,
        String,
        Option<String>,
        String,
        i64,
    ) = sqlx::query_as(
        "SELECT o.company_id, c.code, o.email, o.po_number, o.currency, o.total_micros
         FROM orders o LEFT JOIN companies c ON c.id = o.company_id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut **tx)
    .await?;
    let number = number_of(order_id);
    let payload = OrderPayload {
        number: number.clone(),
        status: status.to_owned(),
        note: note.to_owned(),
        company,
        email,
        po_number,
        currency,
        total: rust_decimal::Decimal::new(total, 6).normalize().to_string(),
    };
    let payload = serde_json::to_string(&payload).unwrap_or_else(|_| "{}".into());
    record(
        tx,
        &format!("order.{status}"),
        &format!("order:{number}"),
        company_id,
        &payload,
        now,
    )
    .await
}

/// Writes an event of `event_type` about `resource` with a JSON `payload`, and queues its deliveries, in `tx`.
pub(crate) async fn record(
    tx: &mut Transaction<'_, Any>,
    event_type: &str,
    resource: &str,
    company_id: Option<i64>,
    payload: &str,
    now: i64,
) -> EngineResult<()> {
    let (event_id,): (i64,) = sqlx::query_as(
        "INSERT INTO events (event_type, resource, company_id, payload, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(event_type)
    .bind(resource)
    .bind(company_id)
    .bind(payload)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO webhook_deliveries (subscription_id, event_id, resource, next_attempt_at)
         SELECT id, $1, $2, $3 FROM webhook_subscriptions
         WHERE active = 1 AND (event_types = '*' OR event_types LIKE $4)",
    )
    .bind(event_id)
    .bind(resource)
    .bind(now)
    .bind(format!("%,{event_type},%"))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl crate::Engine {
    /// Events after `after` (an event id; 0 for the start), oldest first, at most `limit`; with `company`, only that
    /// company's. The feed an integration polls when it cannot receive webhooks.
    pub async fn events_after(
        &self,
        after: i64,
        limit: u32,
        company: Option<i64>,
    ) -> EngineResult<Vec<Event>> {
        let rows = sqlx::query_as(
            "SELECT id, event_type, resource, company_id, payload, created_at FROM events
             WHERE id > $1 AND ($2 = 0 OR company_id = $2) ORDER BY id LIMIT $3",
        )
        .bind(after)
        .bind(company.unwrap_or(0))
        .bind(i64::from(limit.clamp(1, 1000)))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows)
    }
}

impl crate::Engine {
    /// Orders whose latest event comes after position `after`, as `(position of that event, order number)`, by
    /// position, at most `limit`; with `company`, only that company's. Each order appears once, at its latest
    /// change, so paging by the last position returned misses no change.
    pub async fn orders_changed_after(
        &self,
        after: i64,
        limit: u32,
        company: Option<i64>,
    ) -> EngineResult<Vec<(i64, String)>> {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT MAX(id) AS position, resource FROM events
             WHERE id > $1 AND resource LIKE 'order:%' AND ($2 = 0 OR company_id = $2)
             GROUP BY resource ORDER BY position LIMIT $3",
        )
        .bind(after)
        .bind(company.unwrap_or(0))
        .bind(i64::from(limit.clamp(1, 1000)))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(p, r)| (p, r.trim_start_matches("order:").to_owned()))
            .collect())
    }
}
