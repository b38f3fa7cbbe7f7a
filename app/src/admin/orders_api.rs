//! Server functions of the order pages, under `/admin/fn/orders…`: the list with its filters, one order with its
//! timeline, and every step the order's state allows, through the same engine calls as the admin API.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// An order as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    /// Order number.
    pub number: String,
    /// When it was placed, epoch milliseconds.
    pub placed_at_ms: i64,
    /// Status label.
    pub status: String,
    /// `Paid` or `Unpaid`.
    pub payment: String,
    /// The company's name; empty for a private buyer.
    pub company: String,
    /// Who placed it.
    pub email: String,
    /// Channel code.
    pub channel: String,
    /// Total with its currency.
    pub total: String,
}

/// What the order list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrdersView {
    /// This page, newest first.
    pub rows: Vec<OrderRow>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are.
    pub pages: u32,
    /// Orders that match, counted up to 1,001 on the server.
    pub total: u64,
    /// Whether more orders match than were counted.
    pub more_than_cap: bool,
}

/// A timeline entry as the order page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineRow {
    /// When, epoch milliseconds.
    pub at_ms: i64,
    /// `status`, `payment`, `email`, `webhook` or `note`.
    pub kind: String,
    /// What happened.
    pub title: String,
    /// More about it.
    pub detail: String,
}

/// What the order page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetailView {
    /// The order.
    pub order: domain::Order,
    /// Everything that happened to it, oldest first.
    pub timeline: Vec<TimelineRow>,
    /// Whether the signed-in member may act on it.
    pub can_write: bool,
}

/// The list's filters from the page's query string (`status`, `payment_status`, `company`, `channel`, `from`,
/// `to`, `q`, `page`), shared by the page and its CSV download; a bad value names its parameter.
#[cfg(feature = "ssr")]
pub fn order_search(query: &str) -> Result<engine::OrderSearch, AppError> {
    let pairs = super::query_pairs(query);
    Ok(engine::OrderSearch::from_pairs(
        pairs.iter().map(|(k, v)| (*k, v.as_str())),
    )?)
}

/// A page of orders narrowed by `query` (the page's query string); needs `orders:read`.
#[server(prefix = "/admin/fn", endpoint = "orders")]
pub async fn get_admin_orders(query: String) -> Result<OrdersView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let list = engine.search_orders(&actor, &order_search(&query)?).await?;
    Ok(OrdersView {
        rows: list.orders.into_iter().map(order_row).collect(),
        page: list.page.number,
        pages: list.page.total_pages().max(1),
        total: list.page.total_items,
        more_than_cap: list.more_than_cap,
    })
}

/// An order of the merchant's list as the pages show it.
#[cfg(feature = "ssr")]
pub fn order_row(o: engine::MerchantOrder) -> OrderRow {
    OrderRow {
        number: o.number,
        placed_at_ms: o.placed_at_ms,
        status: o.status.label().to_owned(),
        payment: match o.payment_status {
            domain::PaymentStatus::Paid => "Paid".into(),
            domain::PaymentStatus::Unpaid => "Unpaid".into(),
        },
        company: o.company.map(|(_, name)| name).unwrap_or_default(),
        email: o.placed_by,
        channel: o.channel,
        total: o.total.display(),
    }
}

/// One order with its timeline; needs `orders:read`.
#[server(prefix = "/admin/fn", endpoint = "orders/one")]
pub async fn get_admin_order(number: String) -> Result<OrderDetailView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let timeline = engine.order_timeline(&actor, &number).await?;
    let order = engine.merchant_order(actor.company(), &number).await?;
    Ok(OrderDetailView {
        order,
        timeline: timeline
            .into_iter()
            .map(|e| TimelineRow {
                at_ms: e.at_ms,
                kind: e.kind.as_str().to_owned(),
                title: e.title,
                detail: e.detail,
            })
            .collect(),
        can_write: actor.allows(engine::Scope::OrdersWrite),
    })
}

/// Units of one SKU in an order's forms (to ship, or the quantity it should have).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipUnits {
    /// The SKU.
    pub sku: String,
    /// Units; empty counts as none.
    #[serde(default)]
    pub quantity: String,
}

/// Where an order's form goes once it worked: back to the order, saying what was done.
#[cfg(feature = "ssr")]
fn back_to(number: &str, done: &str) -> String {
    format!(
        "/admin/orders/{}?saved={done}",
        domain::listing::encode(number)
    )
}

/// Confirms a placed order.
#[server(prefix = "/admin/fn", endpoint = "orders/confirm")]
pub async fn admin_confirm_order(number: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?.confirm_order(&actor, &number).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "confirmed")))
}

/// Ships the units named in `lines` with a carrier and tracking number; lines left at 0 stay to ship.
#[server(prefix = "/admin/fn", endpoint = "orders/ship")]
pub async fn admin_ship_order(
    number: String,
    carrier: String,
    tracking_number: String,
    #[server(default)] lines: Vec<ShipUnits>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let mut plan = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let text = line.quantity.trim();
            let units: u32 = match text {
                "" => 0,
                _ => text.parse().map_err(|_| AppError::Invalid {
                    field: format!("lines[{i}].quantity"),
                    message: format!("`{text}` is not a whole number of units"),
                })?,
            };
            if units > 0 {
                plan.push((domain::Sku::parse(&line.sku)?, units));
            }
        }
        if plan.is_empty() && !lines.is_empty() {
            return Err(AppError::Invalid {
                field: "lines".into(),
                message: "name at least one unit to ship".into(),
            });
        }
        ssr::engine()?
            .ship_order(&actor, &number, &carrier, &tracking_number, &plan)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "shipped")))
}

/// Marks a shipped order delivered.
#[server(prefix = "/admin/fn", endpoint = "orders/delivered")]
pub async fn admin_mark_delivered(number: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?.mark_delivered(&actor, &number).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "delivered")))
}

/// Cancels an order that has not shipped, releasing its stock.
#[server(prefix = "/admin/fn", endpoint = "orders/cancel")]
pub async fn admin_cancel_order(number: String, reason: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .cancel_order(&actor, &number, reason.trim())
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "cancelled")))
}

/// Records a payment received for an order.
#[server(prefix = "/admin/fn", endpoint = "orders/payment")]
pub async fn admin_record_payment(
    number: String,
    amount: String,
    reference: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let amount = amount
            .trim()
            .parse::<rust_decimal::Decimal>()
            .map_err(|_| AppError::Invalid {
                field: "amount".into(),
                message: format!("`{}` is not an amount such as 120.50", amount.trim()),
            })?;
        let payment = engine::NewPayment {
            amount,
            reference,
            recorded_by: actor.name().to_owned(),
        };
        ssr::engine()?
            .record_payment(&actor, &number, payment)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "payment")))
}

/// Emails the buyer a copy of the confirmation.
#[server(prefix = "/admin/fn", endpoint = "orders/resend")]
pub async fn admin_resend_confirmation(number: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .resend_order_confirmation(&actor, &number)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "resent")))
}

/// Adds a staff note to the order's timeline.
#[server(prefix = "/admin/fn", endpoint = "orders/note")]
pub async fn admin_add_order_note(number: String, note: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .add_order_note(&actor, &number, &note)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "noted")))
}

/// Sets the quantities of an order's SKUs before it ships; a row with a new SKU adds it, 0 removes one. Rows left
/// empty (no SKU) are ignored.
#[server(prefix = "/admin/fn", endpoint = "orders/lines")]
pub async fn admin_change_order_lines(
    number: String,
    #[server(default)] lines: Vec<ShipUnits>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let mut changes = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if line.sku.trim().is_empty() {
                continue;
            }
            let text = line.quantity.trim();
            let quantity: u32 = match text {
                "" => 0,
                _ => text.parse().map_err(|_| AppError::Invalid {
                    field: format!("lines[{i}].quantity"),
                    message: format!("`{text}` is not a whole number of units"),
                })?,
            };
            let sku = domain::Sku::parse(&line.sku).map_err(|e| AppError::Invalid {
                field: format!("lines[{i}].sku"),
                message: e.message,
            })?;
            changes.push(engine::LineChange { sku, quantity });
        }
        ssr::engine()?
            .change_order_lines(&actor, &number, &changes)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "lines")))
}
