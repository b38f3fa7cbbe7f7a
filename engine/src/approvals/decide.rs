//! Orders that wait for approval: what is waiting, a company admin's decision, and the decline of orders nobody
//! decided on in time. A decision is one transaction: the order's status, the approval's record, the release of
//! a declined order's stock, the timeline, the webhook event and the email to the buyer.

use domain::{
    Account, OrderStatus,
    approval::{ApprovalReason, Decision, PendingApproval, decision_comment, money_of},
};

use crate::{
    Engine, EngineError, EngineResult, db::WriteTx, inventory, now_ms, orders::transition,
};

/// Who `decided_by` names when an order was declined because nobody decided in time.
pub const DECIDED_BY_EXPIRY: &str = "expiry";

type WaitingRow = (i64, String, i64, String, i64, i64, String);

impl Engine {
    /// The orders waiting for approval that `account` sees, oldest first: all of the company's for its admins,
    /// their own for everyone else.
    pub async fn approvals_waiting(&self, account: &Account) -> EngineResult<Vec<PendingApproval>> {
        let Some(company) = &account.company else {
            return Ok(Vec::new());
        };
        let admin = account.role.is_some_and(domain::Role::can_manage_company);
        let rows: Vec<WaitingRow> = sqlx::query_as(
            "SELECT o.id, o.email, o.subtotal_net_micros + o.shipping_net_micros, o.currency, o.created_at,
                    a.expires_at, a.reasons
             FROM order_approvals a JOIN orders o ON o.id = a.order_id
             WHERE a.company_id = $1 AND a.decided_at IS NULL AND ($2 = 1 OR o.customer_id = $3)
             ORDER BY o.created_at, o.id",
        )
        .bind(company.id)
        .bind(i64::from(admin))
        .bind(account.customer_id)
        .fetch_all(&self.db.pool)
        .await?;
        rows.into_iter()
            .map(|(id, email, net, currency, at, expires, reasons)| {
                Ok(PendingApproval {
                    number: crate::orders::number_of(id),
                    placed_by: email,
                    net: money_of(net, &domain::Currency::parse(&currency)?),
                    reasons: reasons
                        .split(',')
                        .filter_map(ApprovalReason::parse)
                        .collect(),
                    placed_at_ms: at,
                    expires_at_ms: expires,
                })
            })
            .collect()
    }

    /// A company admin approves (the order goes ahead as placed) or declines (its stock is released) an order of
    /// their company that waits, with an optional comment the buyer reads. Nobody decides on their own order.
    pub async fn decide_order(
        &self,
        account: &Account,
        number: &str,
        decision: Decision,
        comment: &str,
    ) -> EngineResult<()> {
        let company = crate::company::require_admin(account)?;
        let comment = decision_comment(comment)?;
        // Another company's order, or an unknown number, is NotFound, as for every other order read.
        let order = self.order(account, number).await?;
        let id = crate::orders::id_of(number)?;
        let (owner,): (i64,) = sqlx::query_as("SELECT customer_id FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&self.db.pool)
            .await?;
        if owner == account.customer_id {
            return Err(EngineError::forbidden(
                "Another of the company's administrators decides on your own order.",
            ));
        }
        if order.status != OrderStatus::AwaitingApproval {
            return Err(domain::DomainError::new(
                "status",
                format!(
                    "the order is {}, not awaiting approval",
                    order.status.label().to_lowercase()
                ),
            )
            .into());
        }
        let mut tx = self.db.begin_write().await?;
        let by = account.email.as_str();
        decide(
            &mut tx,
            id,
            company,
            decision,
            by,
            &comment,
            &order.placed_by,
        )
        .await?;
        if decision == Decision::Approve {
            // A deadline to pay in advance runs from the approval: the buyer could not pay an order that waited.
            let meta = self.meta().await?;
            let days = i64::from(meta.payments.bank_transfer_days);
            sqlx::query("UPDATE orders SET pay_by = $1 WHERE id = $2 AND pay_by IS NOT NULL")
                .bind(now_ms() + days * 86_400_000)
                .bind(id)
                .execute(&mut **tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Declines every order whose wait for approval is over, releasing its stock and telling the buyer; their
    /// numbers. Every app server runs it now and then: each decline is conditional on the order still waiting, so
    /// two servers never decline one order twice.
    pub async fn decline_expired_approvals(&self) -> EngineResult<Vec<String>> {
        self.decline_expired_approvals_at(now_ms()).await
    }

    /// [`Engine::decline_expired_approvals`] as if it were `now` (epoch milliseconds): for tests and tools.
    pub async fn decline_expired_approvals_at(&self, now: i64) -> EngineResult<Vec<String>> {
        let due: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT a.order_id, a.company_id, o.email FROM order_approvals a JOIN orders o ON o.id = a.order_id
             WHERE a.decided_at IS NULL AND a.expires_at <= $1 ORDER BY a.expires_at LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.db.pool)
        .await?;
        let mut declined = Vec::new();
        for (id, company, email) in due {
            let mut tx = self.db.begin_write().await?;
            let note = "nobody decided in time";
            match decide(
                &mut tx,
                id,
                company,
                Decision::Decline,
                DECIDED_BY_EXPIRY,
                note,
                &email,
            )
            .await
            {
                Ok(()) => {}
                // Decided or withdrawn meanwhile (perhaps through another app server): nothing to do.
                Err(EngineError::Domain(_) | EngineError::Conflict(_)) => continue,
                Err(e) => return Err(e),
            }
            tx.commit().await?;
            declined.push(crate::orders::number_of(id));
        }
        Ok(declined)
    }
}

/// Records `decision` on order `id` in `tx`: its status, the approval's record and, for a decline, the release of
/// its stock; then emails the buyer at `email`.
async fn decide(
    tx: &mut WriteTx,
    id: i64,
    company: i64,
    decision: Decision,
    by: &str,
    comment: &str,
    email: &str,
) -> EngineResult<()> {
    let next = match decision {
        Decision::Approve => OrderStatus::Placed,
        Decision::Decline => OrderStatus::Declined,
    };
    let note = match (decision, comment.is_empty()) {
        (Decision::Approve, true) => format!("approved by {by}"),
        (Decision::Approve, false) => format!("approved by {by}: {comment}"),
        (Decision::Decline, true) => format!("declined by {by}"),
        (Decision::Decline, false) => format!("declined by {by}: {comment}"),
    };
    transition(tx, id, next, &note).await?;
    let now = now_ms();
    let recorded = sqlx::query(
        "UPDATE order_approvals SET decided_by = $1, decided_at = $2, approved = $3, comment = $4
         WHERE order_id = $5 AND company_id = $6 AND decided_at IS NULL",
    )
    .bind(by)
    .bind(now)
    .bind(i64::from(decision == Decision::Approve))
    .bind(comment)
    .bind(id)
    .bind(company)
    .execute(&mut ***tx)
    .await?;
    if recorded.rows_affected() == 0 {
        return Err(EngineError::Conflict(
            "the order was decided meanwhile".into(),
        ));
    }
    if decision == Decision::Decline {
        inventory::release_order(tx, id).await?;
    }
    let number = crate::orders::number_of(id);
    let said = if comment.is_empty() {
        String::new()
    } else {
        format!("\n\nThe comment: {comment}")
    };
    let (subject, body) = match decision {
        Decision::Approve => (
            format!("Order {number} approved"),
            format!(
                "Hello,\n\nyour order {number} has been approved by your company and goes ahead as placed. We will \
                 confirm it shortly.{said}\n"
            ),
        ),
        Decision::Decline if by == DECIDED_BY_EXPIRY => (
            format!("Order {number} declined: no decision"),
            format!(
                "Hello,\n\nnobody at your company decided on your order {number} in time, so it has been declined \
                 and the goods it held are released. You may place it again.\n"
            ),
        ),
        Decision::Decline => (
            format!("Order {number} declined"),
            format!(
                "Hello,\n\nyour order {number} has been declined by your company, and the goods it held are \
                 released.{said}\n"
            ),
        ),
    };
    crate::mail::enqueue_about_order(tx, id, email, &subject, &body).await
}
