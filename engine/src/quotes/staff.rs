//! The shop's side of quotes: the list, answering with a price per line (or a discount off the buyer's own price)
//! and a date the prices hold until, comments, declining, and the expiry of answers nobody accepted in time.
//! Staff need `orders:read` to read and `orders:write` to answer; a key bound to a company sees that company's.

use domain::{
    DomainError, Sku,
    quotes::{Quote, QuoteStatus, QuoteSummary, discounted, quote_text},
};
use rust_decimal::Decimal;

use super::{QUOTE_SELECT, QuoteRow, add_comment, micros, quote_id, quote_number, set_status};
use crate::{Engine, EngineError, EngineResult, Scope, now_ms, staff::Actor};

/// How the shop answers a quote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuoteAnswer {
    /// Net unit prices for SKUs of the quote.
    pub prices: Vec<(Sku, Decimal)>,
    /// For the lines without a price: this percentage off the buyer's own price today.
    pub discount_percent: Option<Decimal>,
    /// The prices hold until then, Unix milliseconds.
    pub valid_until_ms: i64,
    /// A comment for the buyer.
    pub comment: String,
}

/// Who the actor may see: every quote, or their company's.
fn staff_rule(by: &Actor) -> (&'static str, i64) {
    match by.company() {
        Some(company) => ("q.company_id = $1", company),
        None => ("$1 >= 0", 0),
    }
}

impl Engine {
    /// Quotes for the shop, newest first: those in `status`, or all.
    pub async fn staff_quotes(
        &self,
        by: &Actor,
        status: Option<QuoteStatus>,
    ) -> EngineResult<Vec<QuoteSummary>> {
        by.require(Scope::OrdersRead)?;
        let (rule, owner) = staff_rule(by);
        let rows: Vec<QuoteRow> = sqlx::query_as(&format!(
            "{QUOTE_SELECT} WHERE {rule} AND ($2 = '' OR q.status = $2)
             ORDER BY q.created_at DESC, q.id DESC LIMIT 200"
        ))
        .bind(owner)
        .bind(status.map_or("", QuoteStatus::as_str))
        .fetch_all(&self.db.pool)
        .await?;
        self.summaries(rows).await
    }

    /// One quote, for the shop.
    pub async fn staff_quote(&self, by: &Actor, number: &str) -> EngineResult<Quote> {
        by.require(Scope::OrdersRead)?;
        let row = self.staff_visible_quote(by, number).await?;
        self.load_quote(row).await
    }

    /// Answers (or answers again) a quote the buyer asked about: every line gets a net unit price, from `prices`
    /// or as `discount_percent` off the buyer's own price today; the prices hold until `valid_until_ms`. The buyer
    /// is emailed.
    pub async fn answer_quote(
        &self,
        by: &Actor,
        number: &str,
        answer: &QuoteAnswer,
    ) -> EngineResult<()> {
        by.require(Scope::OrdersWrite)?;
        let row = self.staff_visible_quote(by, number).await?;
        let status = QuoteStatus::parse(&row.status)?;
        status.transition(QuoteStatus::Answered)?;
        let now = now_ms();
        if answer.valid_until_ms <= now {
            return Err(DomainError::new("valid_until", "must be in the future").into());
        }
        let comment = quote_text(&answer.comment, "comment")?;
        let lines: Vec<(i64, i64, String, i64)> = sqlx::query_as(
            "SELECT id, variant_id, sku, quantity FROM quote_lines WHERE quote_id = $1 ORDER BY id",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        for (sku, _) in &answer.prices {
            if !lines.iter().any(|l| l.2 == sku.as_str()) {
                return Err(DomainError::new(
                    "prices",
                    format!("{} is not on the quote", sku.as_str()),
                )
                .into());
            }
        }
        let currency = domain::Currency::parse(&row.currency)?;
        let mut quoted = Vec::with_capacity(lines.len());
        let buyer = if answer.discount_percent.is_some() {
            Some(
                self.buyer_as_of(
                    row.customer_id,
                    row.company_id,
                    row.channel_id,
                    &row.currency,
                )
                .await?
                .1,
            )
        } else {
            None
        };
        for (line_id, variant_id, sku, quantity) in &lines {
            let price = match answer.prices.iter().find(|(s, _)| s.as_str() == sku) {
                Some((_, price)) => micros("prices", *price)?,
                None => {
                    let (Some(percent), Some(shopper)) = (answer.discount_percent, buyer.as_ref())
                    else {
                        return Err(DomainError::new(
                            "prices",
                            format!(
                                "price {sku}, or give a discount for the lines without a price"
                            ),
                        )
                        .into());
                    };
                    let meta = self.meta().await?;
                    let pricing = self.pricing_for_variants(shopper, &[*variant_id]).await?;
                    let units = domain::Quantity::parse(*quantity)?;
                    let own = pricing
                        .quote(&meta.tax, shopper, *variant_id, units)?
                        .ok_or_else(|| {
                            DomainError::new(
                                "prices",
                                format!("{sku} is no longer sold to the buyer; price it"),
                            )
                        })?;
                    let own = domain::Money::new(own.unit_net.money().amount, currency.clone());
                    micros("prices", discounted(&own, percent)?.amount)?
                }
            };
            quoted.push((*line_id, price));
        }
        let mut tx = self.db.begin_write().await?;
        for (line_id, price) in quoted {
            sqlx::query("UPDATE quote_lines SET quoted_unit_micros = $1 WHERE id = $2")
                .bind(price)
                .bind(line_id)
                .execute(&mut **tx)
                .await?;
        }
        sqlx::query("UPDATE quotes SET valid_until = $1 WHERE id = $2")
            .bind(answer.valid_until_ms)
            .bind(row.id)
            .execute(&mut **tx)
            .await?;
        set_status(&mut tx, row.id, status, QuoteStatus::Answered, now).await?;
        if !comment.is_empty() {
            add_comment(&mut tx, row.id, by.name(), true, &comment, now).await?;
        }
        let number = quote_number(row.id);
        crate::mail::enqueue(
            &mut tx,
            &row.email,
            &format!("Quote {number} answered"),
            &format!(
                "Hello,\n\nwe have priced your quote {number}; the prices hold until {}. Accept it in your account \
                 to order at these prices, or write to us there.{}\n",
                domain::calendar_day(answer.valid_until_ms),
                if comment.is_empty() { String::new() } else { format!("\n\nOur comment: {comment}") }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A comment from the shop on an open quote; the buyer is emailed.
    pub async fn comment_on_quote_as_staff(
        &self,
        by: &Actor,
        number: &str,
        body: &str,
    ) -> EngineResult<()> {
        by.require(Scope::OrdersWrite)?;
        let row = self.staff_visible_quote(by, number).await?;
        let body = quote_text(body, "comment")?;
        if body.is_empty() {
            return Err(DomainError::new("comment", "write something").into());
        }
        if QuoteStatus::parse(&row.status)?.is_final() {
            return Err(DomainError::new("status", "the quote is closed").into());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        add_comment(&mut tx, row.id, by.name(), true, &body, now).await?;
        let number = quote_number(row.id);
        crate::mail::enqueue(
            &mut tx,
            &row.email,
            &format!("Quote {number}: a message from us"),
            &format!("Hello,\n\nabout your quote {number}:\n\n{body}\n"),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The shop declines an open quote, with a comment for the buyer.
    pub async fn decline_quote_as_staff(
        &self,
        by: &Actor,
        number: &str,
        comment: &str,
    ) -> EngineResult<()> {
        by.require(Scope::OrdersWrite)?;
        let row = self.staff_visible_quote(by, number).await?;
        let comment = quote_text(comment, "comment")?;
        let status = QuoteStatus::parse(&row.status)?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        set_status(&mut tx, row.id, status, QuoteStatus::Declined, now).await?;
        if !comment.is_empty() {
            add_comment(&mut tx, row.id, by.name(), true, &comment, now).await?;
        }
        let number = quote_number(row.id);
        crate::mail::enqueue(
            &mut tx,
            &row.email,
            &format!("Quote {number} declined"),
            &format!(
                "Hello,\n\nwe cannot offer the quote {number}.{}\n",
                if comment.is_empty() {
                    String::new()
                } else {
                    format!(" {comment}")
                }
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Expires every answered quote whose prices no longer hold; their numbers. Every app server runs it now and
    /// then.
    pub async fn expire_quotes(&self) -> EngineResult<Vec<String>> {
        self.expire_quotes_at(now_ms()).await
    }

    /// Expires every answered quote whose prices no longer hold at `now`; their numbers. Each expiry is
    /// conditional on the quote's state, so two app servers never expire one twice.
    pub async fn expire_quotes_at(&self, now: i64) -> EngineResult<Vec<String>> {
        let due: Vec<(i64, String)> = sqlx::query_as(
            "SELECT q.id, c.email FROM quotes q JOIN customers c ON c.id = q.customer_id
             WHERE q.status = 'answered' AND q.valid_until < $1 ORDER BY q.valid_until LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.db.pool)
        .await?;
        let mut expired = Vec::new();
        for (id, email) in due {
            let mut tx = self.db.begin_write().await?;
            match set_status(
                &mut tx,
                id,
                QuoteStatus::Answered,
                QuoteStatus::Expired,
                now,
            )
            .await
            {
                Ok(()) => {}
                Err(EngineError::Conflict(_)) => continue,
                Err(e) => return Err(e),
            }
            let number = quote_number(id);
            crate::mail::enqueue(
                &mut tx,
                &email,
                &format!("Quote {number} expired"),
                &format!("Hello,\n\nthe prices of your quote {number} no longer hold. Ask us again from your cart.\n"),
            )
            .await?;
            tx.commit().await?;
            expired.push(number);
        }
        Ok(expired)
    }

    async fn staff_visible_quote(&self, by: &Actor, number: &str) -> EngineResult<QuoteRow> {
        let id = quote_id(number)?;
        let (rule, owner) = staff_rule(by);
        let row: Option<QuoteRow> =
            sqlx::query_as(&format!("{QUOTE_SELECT} WHERE {rule} AND q.id = $2"))
                .bind(owner)
                .bind(id)
                .fetch_optional(&self.db.pool)
                .await?;
        row.ok_or_else(|| EngineError::not_found("quote", number))
    }
}
