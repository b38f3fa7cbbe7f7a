//! Whether an order is paid, and what happens to one that is not: staff (or an ERP) record payments as they
//! arrive; an order paid in advance that stays unpaid past its deadline is cancelled, which releases the stock it
//! held, so nobody can hoard stock with orders they never pay.

use domain::{DomainError, OrderStatus, PaymentStatus};
use rust_decimal::Decimal;

use super::{number_of, transition};
use crate::{
    Engine, EngineError, EngineResult, Scope,
    audit_log::{self, Change},
    inventory, now_ms,
    staff::Actor,
};

/// A payment as staff record it.
#[derive(Debug, Clone)]
pub struct NewPayment {
    /// The amount received, in the order's currency.
    pub amount: Decimal,
    /// The bank's or provider's reference, for people reconciling accounts.
    pub reference: String,
    /// Who recorded it (a key's name, a staff member's email, `cli`).
    pub recorded_by: String,
}

/// An order's payment state after a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentState {
    /// Paid once the recorded payments reach the total.
    pub status: PaymentStatus,
    /// Everything recorded so far.
    pub paid: Decimal,
    /// The order's total.
    pub total: Decimal,
    /// The order's currency.
    pub currency: String,
}

impl Engine {
    /// Records a payment for order `number`; needs `orders:write`. Refused for a cancelled order, a zero or
    /// negative amount, or an amount with more than six decimals; an order whose payments reach its total becomes
    /// paid (`order.paid`).
    pub async fn record_payment(
        &self,
        by: &Actor,
        number: &str,
        payment: NewPayment,
    ) -> EngineResult<PaymentState> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        if payment.amount <= Decimal::ZERO {
            return Err(DomainError::new("amount", "must be more than zero").into());
        }
        let micros = amount_micros("amount", payment.amount)?;
        let reference = payment.reference.trim();
        if reference.is_empty() || reference.chars().count() > 200 {
            return Err(DomainError::new("reference", "must be 1 to 200 characters").into());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        self.db.lock_rows(&mut tx, "orders", "id", &[id]).await?;
        let row: Option<(String, String, i64, i64, String)> = sqlx::query_as(
            "SELECT status, payment_status, paid_micros, total_micros, currency FROM orders WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
        let (status, before, paid, total, currency) =
            row.ok_or_else(|| EngineError::not_found("order", number))?;
        if OrderStatus::parse(&status)? == OrderStatus::Cancelled {
            return Err(DomainError::new("order", "is cancelled; nothing is due").into());
        }
        let paid = paid
            .checked_add(micros)
            .ok_or_else(|| DomainError::new("amount", "is too large"))?;
        let after = PaymentStatus::after(paid, total);
        sqlx::query(
            "UPDATE orders SET paid_micros = $1, payment_status = $2, updated_at = $3 WHERE id = $4",
        )
        .bind(paid)
        .bind(after.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO order_payments (order_id, amount_micros, reference, recorded_by, at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(micros)
        .bind(reference)
        .bind(payment.recorded_by.trim())
        .bind(now)
        .execute(&mut **tx)
        .await?;
        if after == PaymentStatus::Paid && before != PaymentStatus::Paid.as_str() {
            crate::events::order_changed(&mut tx, id, "paid", reference, now).await?;
        }
        audit_log::record(
            &mut tx,
            by,
            "payment.recorded",
            ("order", &number_of(id)),
            &[
                Change::new(
                    "amount",
                    None,
                    Some(format!("{} {currency}", payment.amount.normalize())),
                ),
                Change::new("reference", None, Some(reference.to_owned())),
                Change::new(
                    "payment_status",
                    Some(before.clone()),
                    Some(after.as_str().to_owned()),
                ),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(PaymentState {
            status: after,
            paid: Decimal::new(paid, 6).normalize(),
            total: Decimal::new(total, 6).normalize(),
            currency,
        })
    }

    /// Cancels every order paid in advance that is still unpaid at its deadline, releasing its stock and telling
    /// the buyer; returns their numbers. Every app server runs it now and then: the cancellation is conditional on
    /// the order's state, so two servers never cancel one order twice.
    pub async fn expire_unpaid_orders(&self) -> EngineResult<Vec<String>> {
        self.expire_unpaid_orders_at(now_ms()).await
    }

    /// [`Engine::expire_unpaid_orders`] as if it were `now` (epoch milliseconds): for tests and tools.
    pub async fn expire_unpaid_orders_at(&self, now: i64) -> EngineResult<Vec<String>> {
        let due: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, email FROM orders
             WHERE pay_by IS NOT NULL AND pay_by <= $1 AND payment_status = 'unpaid'
               AND status IN ('placed', 'confirmed')
             ORDER BY pay_by LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.db.pool)
        .await?;
        let mut expired = Vec::new();
        for (id, email) in due {
            let number = number_of(id);
            let mut tx = self.db.begin_write().await?;
            let note = "expired: no payment arrived in time";
            match transition(&mut tx, id, OrderStatus::Cancelled, note).await {
                Ok(_) => {}
                // Paid, shipped or cancelled meanwhile (perhaps by another app server): nothing to do.
                Err(EngineError::Domain(_) | EngineError::Conflict(_)) => continue,
                Err(e) => return Err(e),
            }
            let still_unpaid: Option<(i64,)> =
                sqlx::query_as("SELECT id FROM orders WHERE id = $1 AND payment_status = 'unpaid'")
                    .bind(id)
                    .fetch_optional(&mut **tx)
                    .await?;
            if still_unpaid.is_none() {
                continue;
            }
            inventory::release_order(&mut tx, id).await?;
            let body = format!(
                "Hello,\n\nno payment for your order {number} arrived by its deadline, so we have cancelled it and \
                 released the goods it reserved. If you have paid meanwhile, please reply to this message and we \
                 will sort it out.\n"
            );
            crate::mail::enqueue_about_order(
                &mut tx,
                id,
                &email,
                &format!("Order {number} cancelled: not paid"),
                &body,
            )
            .await?;
            tx.commit().await?;
            expired.push(number);
        }
        Ok(expired)
    }
}

/// An amount in micro-units; more than six decimals or more than storage holds is an error, never rounded or
/// clamped.
pub(crate) fn amount_micros(field: &str, amount: Decimal) -> EngineResult<i64> {
    let normalized = amount.normalize();
    if normalized.scale() > 6 {
        return Err(DomainError::new(field, "has more than six decimals").into());
    }
    normalized
        .checked_mul(Decimal::from(1_000_000))
        .and_then(|m| i64::try_from(m.trunc()).ok())
        .ok_or_else(|| DomainError::new(field, "is too large").into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_micro_units_or_an_error() {
        assert_eq!(
            amount_micros("amount", Decimal::new(1250, 2)).unwrap(),
            12_500_000
        );
        assert!(amount_micros("amount", Decimal::new(1, 7)).is_err());
        assert!(amount_micros("amount", Decimal::MAX).is_err());
    }
}
