//! Accepting a quote: its lines become an order at the quoted prices (binding even if list prices changed since),
//! through the same placing step as a cart (addresses, shipping, tax by delivery, payment, credit, approvals).

use domain::{Account, DomainError, LineAmounts, Money, PlacedOrder, quotes::QuoteStatus};

use super::{CheckoutRequest, Priced, Source};
use crate::{Engine, EngineError, EngineResult, Shopper, cart::CheckoutLine, now_ms};

impl Engine {
    /// Accepts an answered quote of the buyer's company while its prices hold, and places it as an order at those
    /// prices; the same order again for a repeated idempotency key. It must be accepted in the channel (and so the
    /// currency) it was asked in.
    pub async fn accept_quote(
        &self,
        shopper: &Shopper,
        account: &Account,
        number: &str,
        request: CheckoutRequest,
    ) -> EngineResult<PlacedOrder> {
        let key = self.may_place(account, &request).await?;
        if let Some(placed) = self.placed_by_key(account.customer_id, key).await? {
            return Ok(placed);
        }
        let row = self.visible_quote(account, number).await?;
        let status = QuoteStatus::parse(&row.status)?;
        if status != QuoteStatus::Answered {
            return Err(DomainError::new(
                "quote",
                format!(
                    "is {}, so it cannot be ordered",
                    status.label().to_lowercase()
                ),
            )
            .into());
        }
        if row.valid_until.is_none_or(|until| until < now_ms()) {
            return Err(DomainError::new("quote", "has expired; ask us again").into());
        }
        if row.channel_id != shopper.channel.id || row.currency != shopper.channel.currency.code() {
            return Err(DomainError::new(
                "quote",
                "was asked for in another channel; switch to it to order",
            )
            .into());
        }
        let lines: Vec<(CheckoutLine, i64)> = sqlx::query_as::<_, QuotedLine>(
            "SELECT v.id AS variant_id, l.sku, l.product_name, l.variant_title, l.quantity, v.weight_grams,
                    p.tax_class, l.quoted_unit_micros
             FROM quote_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id
             WHERE l.quote_id = $1 ORDER BY l.id",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?
        .into_iter()
        .map(QuotedLine::split)
        .collect::<EngineResult<_>>()?;
        let currency = shopper.channel.currency.clone();
        let mut priced = Vec::with_capacity(lines.len());
        for (line, unit) in lines {
            let unit_price = Money::new(rust_decimal::Decimal::new(unit, 6), currency.clone());
            let net = Money::new(
                (unit_price.amount * rust_decimal::Decimal::from(line.quantity)).round_dp(2),
                currency.clone(),
            );
            priced.push(Priced {
                // The tax follows the delivery: `place` works it out from the net, as for a cart.
                amounts: LineAmounts {
                    net: net.clone(),
                    tax: Money::new(rust_decimal::Decimal::ZERO, currency.clone()),
                    gross: net.clone(),
                },
                shown: net,
                unit_net: unit,
                line,
            });
        }
        self.place(shopper, account, &request, priced, Source::Quote(row.id))
            .await
    }
}

#[derive(sqlx::FromRow)]
struct QuotedLine {
    variant_id: i64,
    sku: String,
    product_name: String,
    variant_title: String,
    quantity: i64,
    weight_grams: i64,
    tax_class: String,
    quoted_unit_micros: Option<i64>,
}

impl QuotedLine {
    fn split(self) -> EngineResult<(CheckoutLine, i64)> {
        let unit = self
            .quoted_unit_micros
            .ok_or_else(|| EngineError::Conflict(format!("{} has no quoted price", self.sku)))?;
        Ok((
            CheckoutLine {
                variant_id: self.variant_id,
                sku: self.sku,
                product_name: self.product_name,
                variant_title: self.variant_title,
                quantity: self.quantity,
                weight_grams: self.weight_grams,
                tax_class: self.tax_class,
            },
            unit,
        ))
    }
}
