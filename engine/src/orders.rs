//! Orders after checkout: history and detail for buyers (a company's people see the company's orders, nobody else
//! does), the state machine's transitions for the merchant, shipments, and reorder.

mod payment;
mod read;
mod search;
mod timeline;

pub(crate) use payment::amount_micros;
pub use payment::{NewPayment, PaymentState};
pub use search::{COUNT_CAP, MERCHANT_PAGE, MerchantOrder, MerchantOrderPage, OrderSearch};
pub(crate) use timeline::summary_text;
pub use timeline::{TimelineEntry, TimelineKind};

use domain::{Account, DomainError, OrderStatus, ReorderReport, Sku};

use crate::{
    Engine, EngineError, EngineResult, Scope, Shopper,
    audit_log::{self, Change},
    db::WriteTx,
    inventory, now_ms,
    staff::Actor,
};

/// Order numbers start above 100000 so they never look like quantities or look-alike short codes.
const NUMBER_BASE: i64 = 100_000;

/// The number buyers and invoices use for order `id`.
pub(crate) fn number_of(id: i64) -> String {
    (NUMBER_BASE + id).to_string()
}

/// The id behind an order number; anything that is not one is `NotFound`.
pub(crate) fn id_of(number: &str) -> EngineResult<i64> {
    number
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > NUMBER_BASE)
        .map(|n| n - NUMBER_BASE)
        .ok_or_else(|| EngineError::not_found("order", number))
}

impl Engine {
    /// The id of order `number` if `by` holds `permission` and sees the order (a key bound to a company sees
    /// that company's orders only; another's is `NotFound`, as for buyers).
    pub(crate) async fn merchant_order_id(
        &self,
        by: &Actor,
        permission: Scope,
        number: &str,
    ) -> EngineResult<i64> {
        by.require(permission)?;
        self.merchant_order_visible(by.company(), number).await
    }

    /// The merchant confirms an order (placed → confirmed); needs `orders:write`.
    pub async fn confirm_order(&self, by: &Actor, number: &str) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        let mut tx = self.db.begin_write().await?;
        let before = transition(&mut tx, id, OrderStatus::Confirmed, "").await?;
        audit_status(
            &mut tx,
            by,
            "order.confirmed",
            id,
            before,
            OrderStatus::Confirmed,
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cancels an order and releases its reservations; needs `orders:write`. Allowed until anything has shipped.
    pub async fn cancel_order(&self, by: &Actor, number: &str, reason: &str) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        self.cancel(id, reason, Some(by)).await
    }

    /// Cancels order `id` with `reason`, audited when staff, a key or the command line did it.
    async fn cancel(&self, id: i64, reason: &str, by: Option<&Actor>) -> EngineResult<()> {
        if reason.chars().count() > 500 {
            return Err(DomainError::new("reason", "must be at most 500 characters").into());
        }
        let mut tx = self.db.begin_write().await?;
        let before = transition(&mut tx, id, OrderStatus::Cancelled, reason).await?;
        inventory::release_order(&mut tx, id).await?;
        // An order withdrawn while it waited needs no decision any more.
        sqlx::query(
            "UPDATE order_approvals SET decided_by = 'withdrawn', decided_at = $1 WHERE order_id = $2 AND decided_at IS NULL",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if let Some(by) = by {
            let reason = Change::new("reason", None, Some(reason.to_owned()));
            audit_status(
                &mut tx,
                by,
                "order.cancelled",
                id,
                before,
                OrderStatus::Cancelled,
                &[reason],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// A buyer who may order cancels their own company's (or their own) order while it is still only placed.
    pub async fn cancel_order_as_buyer(&self, account: &Account, number: &str) -> EngineResult<()> {
        let order = self.order(account, number).await?;
        if !account.can_order() {
            return Err(EngineError::forbidden(
                "Your role does not allow cancelling orders.",
            ));
        }
        if !matches!(
            order.status,
            OrderStatus::Placed | OrderStatus::AwaitingApproval
        ) {
            return Err(DomainError::new(
                "status",
                "only an order that is not yet confirmed can be cancelled here; please contact us",
            )
            .into());
        }
        self.cancel(
            id_of(number)?,
            &format!("cancelled by {}", account.email),
            None,
        )
        .await
    }

    /// Ships units of an order with a carrier and tracking number: `lines` names SKUs and quantities, or is empty
    /// for everything not yet shipped. The order becomes partially shipped or shipped, and the buyer is emailed.
    /// Needs `orders:write`.
    pub async fn ship_order(
        &self,
        by: &Actor,
        number: &str,
        carrier: &str,
        tracking_number: &str,
        lines: &[(Sku, u32)],
    ) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        let carrier = required("carrier", carrier)?;
        let tracking = required("tracking_number", tracking_number)?;
        let mut tx = self.db.begin_write().await?;
        let (channel_id,): (i64,) = sqlx::query_as("SELECT channel_id FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        let open: Vec<(i64, Option<i64>, String, i64)> = sqlx::query_as(
            "SELECT id, variant_id, sku, quantity - shipped FROM order_lines
             WHERE order_id = $1 AND quantity > shipped ORDER BY variant_id",
        )
        .bind(id)
        .fetch_all(&mut **tx)
        .await?;
        let mut plan = Vec::new();
        if lines.is_empty() {
            plan = open.clone();
        } else {
            for (i, (sku, units)) in lines.iter().enumerate() {
                let refuse = |field: &str, message: String| {
                    EngineError::Unprocessable(DomainError::new(
                        format!("lines[{i}].{field}"),
                        message,
                    ))
                };
                if lines[..i].iter().any(|(earlier, _)| earlier == sku) {
                    return Err(refuse(
                        "sku",
                        format!("{sku} is named twice; ship its units in one line"),
                    ));
                }
                let line = open
                    .iter()
                    .find(|l| l.2 == sku.as_str())
                    .ok_or_else(|| refuse("sku", format!("{sku} has nothing left to ship")))?;
                if i64::from(*units) > line.3 || *units == 0 {
                    return Err(refuse(
                        "quantity",
                        format!("{sku}: ship between 1 and {} units", line.3),
                    ));
                }
                plan.push((line.0, line.1, line.2.clone(), i64::from(*units)));
            }
        }
        if plan.is_empty() {
            return Err(DomainError::new("lines", "nothing is left to ship").into());
        }
        // Variants before their warehouse rows, as checkouts and stock counts lock them: no two of them deadlock.
        let variants: Vec<i64> = plan.iter().filter_map(|p| p.1).collect();
        self.db
            .lock_rows(&mut tx, "variants", "id", &variants)
            .await?;
        // Lines are locked in one order, so two shipments of one order cannot deadlock.
        plan.sort_by_key(|line| line.0);
        let now = now_ms();
        let (shipment_id,): (i64,) = sqlx::query_as(
            "INSERT INTO shipments (order_id, carrier, tracking_number, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(id)
        .bind(carrier)
        .bind(tracking)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for (line_id, variant_id, sku, units) in &plan {
            // Conditional, and before the stock moves: a shipment that read the lines before another committed
            // waits here for that one's row lock and then finds the units gone, instead of shipping them twice.
            let shipped = sqlx::query(
                "UPDATE order_lines SET shipped = shipped + $1 WHERE id = $2 AND shipped + $1 <= quantity",
            )
            .bind(units)
            .bind(line_id)
            .execute(&mut **tx)
            .await?;
            if shipped.rows_affected() == 0 {
                return Err(EngineError::Conflict(format!(
                    "{sku} was shipped meanwhile; reload the order and try again"
                )));
            }
            if let Some(variant_id) = variant_id {
                inventory::ship_units(&mut tx, *line_id, *variant_id, sku, *units, channel_id)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO shipment_lines (shipment_id, order_line_id, quantity) VALUES ($1, $2, $3)",
            )
            .bind(shipment_id)
            .bind(line_id)
            .bind(units)
            .execute(&mut **tx)
            .await?;
        }
        let (left,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(quantity - shipped), 0) AS BIGINT) FROM order_lines WHERE order_id = $1",
        )
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
        let next = if left == 0 {
            OrderStatus::Shipped
        } else {
            OrderStatus::PartiallyShipped
        };
        let note = format!("{carrier} {tracking}");
        let before = transition(&mut tx, id, next, &note).await?;
        let shipped: Vec<String> = plan
            .iter()
            .map(|(_, _, sku, units)| format!("{units} × {sku}"))
            .collect();
        let shipment = Change::new(
            "shipment",
            None,
            Some(format!("{note}: {}", shipped.join(", "))),
        );
        audit_status(&mut tx, by, "order.shipped", id, before, next, &[shipment]).await?;
        let (email,): (String,) = sqlx::query_as("SELECT email FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        let body = format!(
            "Hello,\n\nwe have shipped {} from your order {}.\nCarrier: {carrier}\nTracking number: {tracking}\n",
            if left == 0 { "everything" } else { "part" },
            number_of(id)
        );
        crate::mail::enqueue_about_order(
            &mut tx,
            id,
            &email,
            &format!("Order {} shipped", number_of(id)),
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The carrier reports delivery (shipped → delivered); needs `orders:write`.
    pub async fn mark_delivered(&self, by: &Actor, number: &str) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        let mut tx = self.db.begin_write().await?;
        let before = transition(&mut tx, id, OrderStatus::Delivered, "").await?;
        audit_status(
            &mut tx,
            by,
            "order.delivered",
            id,
            before,
            OrderStatus::Delivered,
            &[],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Puts every line of an order back into the buyer's cart at the quantity ordered. Lines that cannot be
    /// added (no longer sold, out of stock, quantity rules changed) are reported, not dropped silently.
    pub async fn reorder(
        &self,
        shopper: &Shopper,
        account: &Account,
        number: &str,
    ) -> EngineResult<ReorderReport> {
        let order = self.order(account, number).await?;
        let mut report = ReorderReport {
            added: Vec::new(),
            unavailable: Vec::new(),
        };
        for line in &order.lines {
            let quantity = domain::Quantity::parse(i64::from(line.quantity))?;
            match self.add_to_cart(shopper, None, &line.sku, quantity).await {
                Ok(_) => report.added.push((line.sku.clone(), line.quantity)),
                Err(EngineError::NotFound { .. }) => report
                    .unavailable
                    .push((line.sku.to_string(), "is no longer sold".to_owned())),
                Err(EngineError::OutOfStock { available, .. }) => report
                    .unavailable
                    .push((line.sku.to_string(), format!("only {available} available"))),
                Err(EngineError::Domain(e)) => {
                    report.unavailable.push((line.sku.to_string(), e.message))
                }
                Err(other) => return Err(other),
            }
        }
        Ok(report)
    }
}

fn required<'a>(field: &str, value: &'a str) -> EngineResult<&'a str> {
    let value = value.trim();
    if value.is_empty() || value.len() > 100 {
        return Err(DomainError::new(field, "must be 1 to 100 characters").into());
    }
    Ok(value)
}

/// Moves an order to `next` if the state machine allows it, recording the step in its history. The status is
/// re-read inside the transaction (and the update is conditional on it), so two concurrent changes cannot both
/// pass the check.
/// An audit entry for an order's step from `before` to `after`, with `more` changes.
async fn audit_status(
    tx: &mut WriteTx,
    by: &Actor,
    action: &str,
    order_id: i64,
    before: OrderStatus,
    after: OrderStatus,
    more: &[Change],
) -> EngineResult<()> {
    let mut changes = vec![Change::new(
        "status",
        Some(before.as_str().to_owned()),
        Some(after.as_str().to_owned()),
    )];
    changes.extend_from_slice(more);
    audit_log::record(tx, by, action, ("order", &number_of(order_id)), &changes).await
}

/// Moves order `order_id` to `next` if the state machine allows it; answers the status it had.
pub(crate) async fn transition(
    tx: &mut WriteTx,
    order_id: i64,
    next: OrderStatus,
    note: &str,
) -> EngineResult<OrderStatus> {
    let row: Option<(String,)> = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_optional(&mut ***tx)
        .await?;
    let (current,) = row.ok_or_else(|| EngineError::not_found("order", number_of(order_id)))?;
    let current = OrderStatus::parse(&current)?;
    current.transition(next)?;
    let now = now_ms();
    let changed =
        sqlx::query("UPDATE orders SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
            .bind(next.as_str())
            .bind(now)
            .bind(order_id)
            .bind(current.as_str())
            .execute(&mut ***tx)
            .await?;
    if changed.rows_affected() == 0 {
        return Err(EngineError::Conflict(
            "the order changed meanwhile; try again".into(),
        ));
    }
    sqlx::query("INSERT INTO order_events (order_id, status, note, at) VALUES ($1, $2, $3, $4)")
        .bind(order_id)
        .bind(next.as_str())
        .bind(note)
        .bind(now)
        .execute(&mut ***tx)
        .await?;
    crate::events::order_changed(tx, order_id, next.as_str(), note, now).await?;
    Ok(current)
}
