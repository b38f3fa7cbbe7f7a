//! The event outbox: every order state change is written as an event in the transaction that made the change,
//! together with one pending delivery per webhook subscription that wants it. A crash between commit and delivery
//! therefore loses nothing: the deliveries wait in the table for the next dispatcher, in any app server.
//!
//! Deliveries of one resource (one order) go out in event order: a delivery is only due when no earlier delivery
//! of the same resource to the same subscription is still pending, so a receiver never sees `order.shipped`
//! before `order.placed`, even across retries.
//!
//! The feed and the order export page by event id (`id > cursor`), which is only safe if ids become visible in
//! id order. On PostgreSQL an identity value is taken when the row is inserted but seen only at commit, so a
//! transaction that inserted id 10 and commits after the one holding id 11 would be skipped by a reader that
//! already moved its cursor to 11. So events are not inserted where they happen: they wait in the write
//! transaction and are inserted at commit, after a transaction-level advisory lock that event-writing transactions
//! take in turn. Ids are then handed out and committed in the same order. The lock is held only from those inserts
//! to commit and taken after every other lock of the transaction, so it cannot close a deadlock with the row locks
//! of checkouts and stock counts (taking it at the first event would, in a chunk that goes on to lock variants).
//! On SQLite there is one writer at a time (`BEGIN IMMEDIATE`, across processes), so ids commit in order anyway.

mod webhooks;

use serde::Serialize;
use sqlx::{Any, FromRow, Transaction};

use crate::{
    EngineResult, Scope,
    db::{Backend, WriteTx},
    orders::number_of,
    staff::Actor,
};

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
    /// The resource it concerns, as `order:100001`, `product:<handle>`, `variant:<sku>`, `customer:<email>`, `shopping_list:<id>` or `quote:Q-…`.
    pub resource: String,
    /// The company the resource belongs to, if any: company-bound API keys see only their company's events.
    pub company_id: Option<i64>,
    /// The event's data as a JSON object.
    pub payload: String,
    /// When it happened, in Unix milliseconds.
    pub created_at: i64,
}

/// The advisory lock event-writing transactions take in turn on PostgreSQL (`kontor` in ASCII).
const EVENT_ORDER_LOCK: i64 = 0x6b6f_6e74_6f72;

/// Every event type Kontor writes.
pub const EVENT_TYPES: [&str; 19] = [
    "order.awaiting_approval",
    "order.placed",
    "order.confirmed",
    "order.changed",
    "order.partially_shipped",
    "order.shipped",
    "order.delivered",
    "order.cancelled",
    "order.declined",
    "product.upserted",
    "stock.changed",
    "price.changed",
    "customer.upserted",
    "shopping_list.changed",
    "quote.requested",
    "quote.answered",
    "quote.accepted",
    "quote.declined",
    "quote.expired",
];

/// The scope a key needs to see events of `event_type`, in the feed or through a subscription: each type is data
/// of one read scope, so an order export key learns nothing about products, stock or people.
pub fn event_scope(event_type: &str) -> Option<Scope> {
    match event_type {
        "order.awaiting_approval"
        | "order.placed"
        | "order.confirmed"
        | "order.changed"
        | "order.partially_shipped"
        | "order.shipped"
        | "order.delivered"
        | "order.cancelled"
        | "order.declined"
        | "quote.requested"
        | "quote.answered"
        | "quote.accepted"
        | "quote.declined"
        | "quote.expired" => Some(Scope::OrdersRead),
        "product.upserted" | "price.changed" => Some(Scope::CatalogRead),
        "stock.changed" => Some(Scope::InventoryRead),
        "customer.upserted" | "shopping_list.changed" => Some(Scope::CustomersRead),
        _ => None,
    }
}

/// The event types `caller` may see.
pub fn readable_event_types(caller: &Actor) -> Vec<&'static str> {
    EVENT_TYPES
        .into_iter()
        .filter(|t| event_scope(t).is_some_and(|s| caller.allows(s)))
        .collect()
}

/// An event waiting in its write transaction for the commit.
pub(crate) struct PendingEvent {
    event_type: String,
    resource: String,
    company_id: Option<i64>,
    payload: String,
    created_at: i64,
}

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

/// Records the event for an order that just reached `status` in `tx`.
pub(crate) async fn order_changed(
    tx: &mut WriteTx,
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
    .fetch_one(&mut ***tx)
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
    );
    Ok(())
}

/// Records an event of `event_type` about `resource` with a JSON `payload` in `tx`: it is written, with its
/// webhook deliveries, when `tx` commits.
pub(crate) fn record(
    tx: &mut WriteTx,
    event_type: &str,
    resource: &str,
    company_id: Option<i64>,
    payload: &str,
    now: i64,
) {
    tx.push_event(PendingEvent {
        event_type: event_type.to_owned(),
        resource: resource.to_owned(),
        company_id,
        payload: payload.to_owned(),
        created_at: now,
    });
}

/// Writes a transaction's events and their deliveries, as the last thing before its commit.
pub(crate) async fn write_pending(
    tx: &mut Transaction<'static, Any>,
    backend: Backend,
    events: &[PendingEvent],
) -> Result<(), sqlx::Error> {
    if backend == Backend::Postgres {
        sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
            .bind(EVENT_ORDER_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    for event in events {
        let (event_id,): (i64,) = sqlx::query_as(
            "INSERT INTO events (event_type, resource, company_id, payload, created_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(&event.event_type)
        .bind(&event.resource)
        .bind(event.company_id)
        .bind(&event.payload)
        .bind(event.created_at)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO webhook_deliveries (subscription_id, event_id, resource, next_attempt_at)
             SELECT id, $1, $2, $3 FROM webhook_subscriptions
             WHERE active = 1 AND (event_types = '*' OR event_types LIKE $4)",
        )
        .bind(event_id)
        .bind(&event.resource)
        .bind(event.created_at)
        .bind(format!("%,{},%", event.event_type))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl crate::Engine {
    /// Events after `after` (an event id; 0 for the start) that `caller` may see, oldest first, at most `limit`:
    /// only the types its scopes read ([`event_scope`]) and, for a company-bound key, only that company's. The
    /// feed an integration polls when it cannot receive webhooks; paging by the last id returned misses none.
    pub async fn events_after(
        &self,
        after: i64,
        limit: u32,
        caller: &Actor,
    ) -> EngineResult<Vec<Event>> {
        let types = readable_event_types(caller);
        if types.is_empty() {
            return Ok(Vec::new());
        }
        let rows = sqlx::query_as(
            "SELECT id, event_type, resource, company_id, payload, created_at FROM events
             WHERE id > $1 AND ($2 = 0 OR company_id = $2) AND $3 LIKE '%,' || event_type || ',%'
             ORDER BY id LIMIT $4",
        )
        .bind(after)
        .bind(caller.company().unwrap_or(0))
        .bind(format!(",{},", types.join(",")))
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

#[cfg(test)]
mod tests {
    #[test]
    fn every_event_type_is_read_by_a_scope() {
        for t in super::EVENT_TYPES {
            assert!(super::event_scope(t).is_some(), "{t} has no scope");
        }
    }
}
