//! An order's timeline for the merchant (status changes, payments, emails, webhook deliveries and staff notes, in
//! the order they happened), staff notes, and sending the confirmation again.

use domain::{Address, DomainError, Order, OrderTotals};

use super::{number_of, read::money};
use crate::{
    Engine, EngineResult, Scope,
    audit_log::{self, Change},
    staff::Actor,
};

/// An email about an order: written at, subject, to, sent at, attempts, last error.
type EmailRow = (i64, String, String, Option<i64>, i64, Option<String>);
/// A webhook delivery of an order's event: event at, event type, endpoint, status, attempts, last HTTP status.
type DeliveryRow = (i64, String, String, String, i64, Option<i64>);

/// Longest staff note, in characters.
const NOTE_MAX: usize = 2000;

/// What kind of thing happened to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineKind {
    /// The status changed (placed, confirmed, shipped, …).
    Status,
    /// A payment was recorded.
    Payment,
    /// An email to the buyer was written (and perhaps sent).
    Email,
    /// An event went, or is going, to a webhook.
    Webhook,
    /// A member of staff wrote a note; buyers never see it.
    Note,
}

impl TimelineKind {
    /// A word for it, as the back office labels entries.
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::Status => "status",
            TimelineKind::Payment => "payment",
            TimelineKind::Email => "email",
            TimelineKind::Webhook => "webhook",
            TimelineKind::Note => "note",
        }
    }
}

/// One thing that happened to an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    /// When, epoch milliseconds.
    pub at_ms: i64,
    /// What kind of thing.
    pub kind: TimelineKind,
    /// What happened, in a line.
    pub title: String,
    /// More about it (a note's text, an email's delivery state, a webhook's answer); may be empty.
    pub detail: String,
}

impl Engine {
    /// Everything that happened to order `number`, oldest first; needs `orders:read` (a key bound to a company:
    /// only that company's orders, another's is `NotFound`).
    pub async fn order_timeline(
        &self,
        by: &Actor,
        number: &str,
    ) -> EngineResult<Vec<TimelineEntry>> {
        let id = self
            .merchant_order_id(by, Scope::OrdersRead, number)
            .await?;
        let pool = &self.db.pool;
        let mut entries = Vec::new();
        let events: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, status, note FROM order_events WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        entries.extend(events.into_iter().map(|(at, status, note)| TimelineEntry {
            at_ms: at,
            kind: TimelineKind::Status,
            title: status.replace('_', " "),
            detail: note,
        }));
        let (currency,): (String,) = sqlx::query_as("SELECT currency FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(pool)
            .await?;
        let currency = domain::Currency::parse(&currency)?;
        let payments: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT at, amount_micros, reference, recorded_by FROM order_payments WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        entries.extend(
            payments
                .into_iter()
                .map(|(at, amount, reference, by)| TimelineEntry {
                    at_ms: at,
                    kind: TimelineKind::Payment,
                    title: format!("payment of {}", money(amount, &currency).display()),
                    detail: format!("{reference} (recorded by {by})"),
                }),
        );
        let emails: Vec<EmailRow> = sqlx::query_as(
            "SELECT created_at, subject, to_address, sent_at, attempts, last_error FROM outbox_emails
             WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        entries.extend(
            emails
                .into_iter()
                .map(|(at, subject, to, sent, attempts, error)| TimelineEntry {
                    at_ms: at,
                    kind: TimelineKind::Email,
                    title: format!("email “{subject}” to {to}"),
                    detail: match (sent, error) {
                        (Some(_), _) => "sent".to_owned(),
                        (None, Some(error)) => {
                            format!("not sent yet after {attempts} attempts: {error}")
                        }
                        (None, None) => "waiting to be sent".to_owned(),
                    },
                }),
        );
        let deliveries: Vec<DeliveryRow> = sqlx::query_as(
            "SELECT e.created_at, e.event_type, s.url, d.status, d.attempts, d.last_status
             FROM events e JOIN webhook_deliveries d ON d.event_id = e.id
                  JOIN webhook_subscriptions s ON s.id = d.subscription_id
             WHERE e.resource = $1 ORDER BY d.id",
        )
        .bind(format!("order:{}", number_of(id)))
        .fetch_all(pool)
        .await?;
        entries.extend(
            deliveries
                .into_iter()
                .map(|(at, event, url, status, attempts, answer)| TimelineEntry {
                    at_ms: at,
                    kind: TimelineKind::Webhook,
                    title: format!("webhook {event} to {url}"),
                    detail: match answer {
                        Some(code) => format!("{status} after {attempts} attempts (HTTP {code})"),
                        None => format!("{status} after {attempts} attempts"),
                    },
                }),
        );
        let notes: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, author, body FROM order_notes WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(pool)
        .await?;
        entries.extend(notes.into_iter().map(|(at, author, body)| TimelineEntry {
            at_ms: at,
            kind: TimelineKind::Note,
            title: format!("note by {author}"),
            detail: body,
        }));
        // Stable: entries of one instant keep the order above (status, payment, email, webhook, note).
        entries.sort_by_key(|e| e.at_ms);
        Ok(entries)
    }

    /// Adds a staff note to order `number`: for the merchant only, never shown to the buyer. Needs
    /// `orders:write`; an empty note or one over 2,000 characters is refused naming `note`.
    pub async fn add_order_note(&self, by: &Actor, number: &str, note: &str) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        let note = note.trim();
        if note.is_empty() {
            return Err(DomainError::new("note", "must not be empty").into());
        }
        if note.chars().count() > NOTE_MAX {
            return Err(DomainError::new("note", "must be at most 2000 characters").into());
        }
        let mut tx = self.db.begin_write().await?;
        sqlx::query("INSERT INTO order_notes (order_id, author, body, at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(by.name())
            .bind(note)
            .bind(crate::now_ms())
            .execute(&mut **tx)
            .await?;
        let change = Change::new("note", None, Some(note.to_owned()));
        audit_log::record(
            &mut tx,
            by,
            "order.noted",
            ("order", &number_of(id)),
            &[change],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Emails the buyer their order confirmation again, as the order now stands (lines, totals, addresses and
    /// how to pay); needs `orders:write`. For a buyer who lost the first one or needs it for their books.
    pub async fn resend_order_confirmation(&self, by: &Actor, number: &str) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        let order = self.order_for_merchant(&number_of(id)).await?;
        let profile = self.meta().await?.profile.clone();
        let body = confirmation_copy(
            &order,
            &crate::payments::order_instructions(&order, &profile),
        );
        let mut tx = self.db.begin_write().await?;
        crate::mail::enqueue_about_order(
            &mut tx,
            id,
            &order.placed_by,
            &format!("Order {} confirmation (copy)", order.number),
            &body,
        )
        .await?;
        let change = Change::new("email", None, Some(order.placed_by.clone()));
        audit_log::record(
            &mut tx,
            by,
            "order.confirmation_resent",
            ("order", &order.number),
            &[change],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The confirmation as the stored order reads now.
fn confirmation_copy(order: &Order, instructions: &str) -> String {
    let head = format!(
        "Hello,\n\nas asked, here is a copy of the confirmation of your order {} (status: {}).\n\n",
        order.number,
        order.status.as_str().replace('_', " ")
    );
    let lines: Vec<_> = order
        .lines
        .iter()
        .map(|l| {
            (
                i64::from(l.quantity),
                l.product_name.as_str(),
                l.variant_title.as_str(),
                l.sku.as_str(),
                l.line_net.display(),
            )
        })
        .collect();
    head + &summary_text(
        &lines,
        &order.totals,
        &order.shipping_address,
        instructions,
        order.tax_note.as_deref(),
    )
}

/// The part of an order email that lists it: a line per (quantity, product, variant, SKU, net amount), the
/// totals, where it goes, how to pay and why no VAT is charged, if so.
pub(crate) fn summary_text(
    lines: &[(i64, &str, &str, &str, String)],
    totals: &OrderTotals,
    ship_to: &Address,
    instructions: &str,
    tax_note: Option<&str>,
) -> String {
    let mut body = String::new();
    for (quantity, product, variant, sku, net) in lines {
        body.push_str(&format!(
            "{quantity:>6} × {product} {variant} ({sku})  {net}\n"
        ));
    }
    body.push_str(&format!(
        "\nSubtotal {}\nShipping {}\nTax {}\nTotal {}\n\nShip to:\n{}\n\n{instructions}\n",
        totals.subtotal_net.display(),
        totals.shipping_net.display(),
        totals.tax.display(),
        totals.total.display(),
        ship_to.lines().join("\n"),
    ));
    if let Some(note) = tax_note {
        body.push_str(&format!("\n{note}\n"));
    }
    body
}
