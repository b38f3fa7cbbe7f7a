//! Quotes (see `domain::quotes`): the buyer's side — asking for prices on lines, reading their company's quotes,
//! commenting (which, on an answered quote, asks again) and declining. The shop's side is in `staff`; accepting a
//! quote places an order through checkout (`checkout::quote_order`). Every change of status is an event
//! (`quote.requested`, `quote.answered`, `quote.accepted`, `quote.declined`, `quote.expired`) for an ERP or CPQ
//! that answers quotes through the admin API, and an email to the other side.

mod staff;

pub use staff::QuoteAnswer;

use domain::{
    Account, Currency, DomainError, Money, Quantity, Sku,
    quotes::{Quote, QuoteComment, QuoteLine, QuoteStatus, QuoteSummary, quote_text},
};
use rust_decimal::Decimal;
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, Shopper, db::WriteTx, now_ms};

/// Lines one quote may ask about.
pub const MAX_QUOTE_LINES: usize = 500;

/// Quote numbers start here, so they never look like an order's.
const NUMBER_BASE: i64 = 500_000;

/// A line of a request for a quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequestLine {
    /// The SKU.
    pub sku: Sku,
    /// Units wanted.
    pub quantity: u32,
    /// The net unit price the buyer aims for, if any.
    pub target_price: Option<Decimal>,
}

/// A quote's number from its id.
pub(crate) fn quote_number(id: i64) -> String {
    format!("Q-{}", NUMBER_BASE + id)
}

/// A quote's id from its number; anything else is `NotFound`.
pub(crate) fn quote_id(number: &str) -> EngineResult<i64> {
    number
        .trim()
        .strip_prefix("Q-")
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|n| *n > NUMBER_BASE)
        .map(|n| n - NUMBER_BASE)
        .ok_or_else(|| EngineError::not_found("quote", number))
}

/// Who sees a quote: `$1` a company (the quotes of its people), or for a private buyer their own.
fn visible_to(account: &Account) -> (&'static str, i64) {
    match &account.company {
        Some(c) => ("q.company_id = $1", c.id),
        None => (
            "q.customer_id = $1 AND q.company_id IS NULL",
            account.customer_id,
        ),
    }
}

#[derive(FromRow)]
pub(crate) struct QuoteRow {
    pub(crate) id: i64,
    pub(crate) customer_id: i64,
    pub(crate) company_id: Option<i64>,
    pub(crate) channel_id: i64,
    email: String,
    company_name: Option<String>,
    pub(crate) currency: String,
    pub(crate) status: String,
    message: String,
    pub(crate) valid_until: Option<i64>,
    order_id: Option<i64>,
    created_at: i64,
}

/// A quote line as stored: SKU, product, variant, units, target and quoted unit prices in micro-units.
type LineRow = (String, String, String, i64, Option<i64>, Option<i64>);

const QUOTE_SELECT: &str = "SELECT q.id, q.customer_id, q.company_id, q.channel_id, c.email, co.name AS company_name,
        q.currency, q.status, q.message, q.valid_until, q.order_id, q.created_at
     FROM quotes q JOIN customers c ON c.id = q.customer_id LEFT JOIN companies co ON co.id = q.company_id";

fn micros(field: &str, amount: Decimal) -> EngineResult<i64> {
    if amount.is_sign_negative() {
        return Err(DomainError::new(field, "must not be negative").into());
    }
    crate::orders::amount_micros(field, amount)
}

fn money(micros: i64, currency: &Currency) -> Money {
    domain::approval::money_of(micros, currency)
}

impl Engine {
    /// Asks for a quote on `lines` with a `message`, for the company `account` buys for, in `shopper`'s channel
    /// and currency; its number. Each SKU must be one the buyer may order, named once.
    pub async fn request_quote(
        &self,
        account: &Account,
        shopper: &Shopper,
        message: &str,
        lines: &[QuoteRequestLine],
    ) -> EngineResult<String> {
        if !account.can_order() {
            return Err(EngineError::forbidden(
                "Your role lets you see the company's quotes, not ask for them.",
            ));
        }
        let message = quote_text(message, "message")?;
        if lines.is_empty() || lines.len() > MAX_QUOTE_LINES {
            return Err(DomainError::new(
                "lines",
                format!("ask about 1 to {MAX_QUOTE_LINES} lines"),
            )
            .into());
        }
        let mut named: Vec<(i64, String, String, String, i64, Option<i64>)> = Vec::new();
        for line in lines {
            Quantity::parse(i64::from(line.quantity))?;
            let row: Option<(i64, String, String)> = sqlx::query_as(&format!(
                "SELECT v.id, p.name, v.title FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE v.sku = $1 AND {}",
                crate::products::SHOWN
            ))
            .bind(line.sku.as_str())
            .fetch_optional(&self.db.pool)
            .await?;
            let (variant_id, product, title) = row.ok_or_else(|| {
                DomainError::new(
                    "sku",
                    format!("no product on sale has the SKU {}", line.sku.as_str()),
                )
            })?;
            if named.iter().any(|n| n.0 == variant_id) {
                return Err(DomainError::new(
                    "sku",
                    format!(
                        "{} is named twice; give it once with all its units",
                        line.sku.as_str()
                    ),
                )
                .into());
            }
            let target = line
                .target_price
                .map(|t| micros("target_price", t))
                .transpose()?;
            named.push((
                variant_id,
                line.sku.as_str().to_owned(),
                product,
                title,
                i64::from(line.quantity),
                target,
            ));
        }
        let ids: Vec<i64> = named.iter().map(|n| n.0).collect();
        if let Some(sku) = self.unsold_skus(shopper, &ids).await?.first() {
            return Err(DomainError::new("sku", format!("{sku} is not sold to you")).into());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO quotes (customer_id, company_id, channel_id, currency, status, message, created_at, updated_at)
             VALUES ($1, $2, $3, $4, 'requested', $5, $6, $6) RETURNING id",
        )
        .bind(account.customer_id)
        .bind(account.company.as_ref().map(|c| c.id))
        .bind(shopper.channel.id)
        .bind(shopper.channel.currency.code())
        .bind(&message)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        for (variant_id, sku, product, title, quantity, target) in named {
            sqlx::query(
                "INSERT INTO quote_lines (quote_id, variant_id, sku, product_name, variant_title, quantity,
                     target_unit_micros) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(variant_id)
            .bind(sku)
            .bind(product)
            .bind(title)
            .bind(quantity)
            .bind(target)
            .execute(&mut **tx)
            .await?;
        }
        let number = quote_number(id);
        quote_event(&mut tx, id, QuoteStatus::Requested, now).await?;
        crate::mail::enqueue(
            &mut tx,
            account.email.as_str(),
            &format!("Quote {number} requested"),
            &format!(
                "Hello {},\n\nwe have your request for a quote, {number}, and answer it shortly with our prices and \
                 how long they hold.\n",
                account.name
            ),
        )
        .await?;
        self.tell_shop(
            &mut tx,
            &format!("Quote {number} requested by {}", account.email.as_str()),
            &message,
        )
        .await?;
        tx.commit().await?;
        Ok(number)
    }

    /// The quotes `account` sees (their company's, or a private buyer's own), newest first.
    pub async fn quotes(&self, account: &Account) -> EngineResult<Vec<QuoteSummary>> {
        let (rule, owner) = visible_to(account);
        let rows: Vec<QuoteRow> = sqlx::query_as(&format!(
            "{QUOTE_SELECT} WHERE {rule} ORDER BY q.created_at DESC, q.id DESC LIMIT 200"
        ))
        .bind(owner)
        .fetch_all(&self.db.pool)
        .await?;
        self.summaries(rows).await
    }

    /// One quote of `account`'s (their company's, or their own); any other is `NotFound`.
    pub async fn buyer_quote(&self, account: &Account, number: &str) -> EngineResult<Quote> {
        let row = self.visible_quote(account, number).await?;
        self.load_quote(row).await
    }

    /// A comment from the buyer; on an answered quote it asks again (the shop's turn once more).
    pub async fn comment_on_quote(
        &self,
        account: &Account,
        number: &str,
        body: &str,
    ) -> EngineResult<()> {
        let row = self.visible_quote(account, number).await?;
        let body = quote_text(body, "comment")?;
        if body.is_empty() {
            return Err(DomainError::new("comment", "write something").into());
        }
        let status = QuoteStatus::parse(&row.status)?;
        if status.is_final() {
            return Err(DomainError::new("status", "the quote is closed").into());
        }
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        if status == QuoteStatus::Answered {
            set_status(&mut tx, row.id, status, QuoteStatus::Requested, now).await?;
        }
        add_comment(&mut tx, row.id, account.email.as_str(), false, &body, now).await?;
        let number = quote_number(row.id);
        self.tell_shop(
            &mut tx,
            &format!("Quote {number}: a comment from {}", account.email.as_str()),
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The buyer declines a quote that is still open.
    pub async fn decline_quote(&self, account: &Account, number: &str) -> EngineResult<()> {
        if !account.can_order() {
            return Err(EngineError::forbidden(
                "Your role lets you see quotes, not decide on them.",
            ));
        }
        let row = self.visible_quote(account, number).await?;
        let status = QuoteStatus::parse(&row.status)?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        set_status(&mut tx, row.id, status, QuoteStatus::Declined, now).await?;
        let number = quote_number(row.id);
        self.tell_shop(
            &mut tx,
            &format!("Quote {number} declined by {}", account.email.as_str()),
            "",
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn visible_quote(
        &self,
        account: &Account,
        number: &str,
    ) -> EngineResult<QuoteRow> {
        let id = quote_id(number)?;
        let (rule, owner) = visible_to(account);
        let row: Option<QuoteRow> =
            sqlx::query_as(&format!("{QUOTE_SELECT} WHERE {rule} AND q.id = $2"))
                .bind(owner)
                .bind(id)
                .fetch_optional(&self.db.pool)
                .await?;
        row.ok_or_else(|| EngineError::not_found("quote", number))
    }

    async fn summaries(&self, rows: Vec<QuoteRow>) -> EngineResult<Vec<QuoteSummary>> {
        // One count for the whole page of quotes, not one per quote.
        let counts: Vec<(i64, i64)> = if rows.is_empty() {
            Vec::new()
        } else {
            let marks: Vec<String> = (1..=rows.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT quote_id, COUNT(*) FROM quote_lines WHERE quote_id IN ({}) GROUP BY quote_id",
                marks.join(", ")
            );
            let mut query = sqlx::query_as(&sql);
            for row in &rows {
                query = query.bind(row.id);
            }
            query.fetch_all(&self.db.pool).await?
        };
        let lines_of = |id: i64| {
            counts
                .iter()
                .find(|(quote, _)| *quote == id)
                .map_or(0, |(_, n)| u32::try_from(*n).unwrap_or(0))
        };
        rows.into_iter()
            .map(|row| {
                Ok(QuoteSummary {
                    number: quote_number(row.id),
                    status: QuoteStatus::parse(&row.status)?,
                    lines: lines_of(row.id),
                    requested_by: row.email,
                    company: row.company_name,
                    created_at_ms: row.created_at,
                    valid_until_ms: row.valid_until,
                })
            })
            .collect()
    }

    pub(crate) async fn load_quote(&self, row: QuoteRow) -> EngineResult<Quote> {
        let currency = Currency::parse(&row.currency)?;
        let lines: Vec<LineRow> = sqlx::query_as(
            "SELECT sku, product_name, variant_title, quantity, target_unit_micros, quoted_unit_micros
             FROM quote_lines WHERE quote_id = $1 ORDER BY id",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        let comments: Vec<(String, i64, String, i64)> = sqlx::query_as(
            "SELECT author, from_shop, body, at FROM quote_comments WHERE quote_id = $1 ORDER BY at, id",
        )
        .bind(row.id)
        .fetch_all(&self.db.pool)
        .await?;
        Ok(Quote {
            number: quote_number(row.id),
            status: QuoteStatus::parse(&row.status)?,
            requested_by: row.email,
            company: row.company_name,
            message: row.message,
            lines: lines
                .into_iter()
                .map(
                    |(sku, product, title, quantity, target, quoted)| QuoteLine {
                        sku,
                        name: if title.is_empty() {
                            product
                        } else {
                            format!("{product} — {title}")
                        },
                        quantity: u32::try_from(quantity).unwrap_or(0),
                        target_price: target.map(|t| money(t, &currency)),
                        unit_price: quoted.map(|q| money(q, &currency)),
                    },
                )
                .collect(),
            valid_until_ms: row.valid_until,
            comments: comments
                .into_iter()
                .map(|(author, from_shop, body, at_ms)| QuoteComment {
                    author,
                    from_shop: from_shop == 1,
                    body,
                    at_ms,
                })
                .collect(),
            order_number: row.order_id.map(crate::orders::number_of),
            created_at_ms: row.created_at,
            currency,
        })
    }

    /// Emails the shop's contact address, when the profile has one.
    async fn tell_shop(&self, tx: &mut WriteTx, subject: &str, body: &str) -> EngineResult<()> {
        let profile = self.shop_profile().await?;
        if profile.contact_email.is_empty() {
            return Ok(());
        }
        crate::mail::enqueue(
            tx,
            &profile.contact_email,
            subject,
            &format!("{subject}.\n\n{body}\n"),
        )
        .await
    }
}

/// Moves quote `id` from `from` to `to` in `tx` if the table allows it and nobody moved it meanwhile, and records
/// the event.
pub(crate) async fn set_status(
    tx: &mut WriteTx,
    id: i64,
    from: QuoteStatus,
    to: QuoteStatus,
    now: i64,
) -> EngineResult<()> {
    from.transition(to)?;
    let changed =
        sqlx::query("UPDATE quotes SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
            .bind(to.as_str())
            .bind(now)
            .bind(id)
            .bind(from.as_str())
            .execute(&mut ***tx)
            .await?;
    if changed.rows_affected() == 0 {
        return Err(EngineError::Conflict(
            "the quote changed meanwhile; look again".into(),
        ));
    }
    quote_event(tx, id, to, now).await
}

pub(crate) async fn add_comment(
    tx: &mut WriteTx,
    id: i64,
    author: &str,
    from_shop: bool,
    body: &str,
    now: i64,
) -> EngineResult<()> {
    sqlx::query("INSERT INTO quote_comments (quote_id, author, from_shop, body, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id)
        .bind(author)
        .bind(i64::from(from_shop))
        .bind(body)
        .bind(now)
        .execute(&mut ***tx)
        .await?;
    Ok(())
}

#[derive(serde::Serialize)]
struct QuotePayload {
    number: String,
    status: &'static str,
    company: Option<String>,
    email: String,
    currency: String,
}

/// Records `quote.<status>` for quote `id` in `tx`.
pub(crate) async fn quote_event(
    tx: &mut WriteTx,
    id: i64,
    status: QuoteStatus,
    now: i64,
) -> EngineResult<()> {
    let (company_id, company, email, currency): (Option<i64>, Option<String>, String, String) = sqlx::query_as(
        "SELECT q.company_id, co.code, c.email, q.currency FROM quotes q JOIN customers c ON c.id = q.customer_id
         LEFT JOIN companies co ON co.id = q.company_id WHERE q.id = $1",
    )
    .bind(id)
    .fetch_one(&mut ***tx)
    .await?;
    let number = quote_number(id);
    let payload = QuotePayload {
        number: number.clone(),
        status: status.as_str(),
        company,
        email,
        currency,
    };
    let payload = serde_json::to_string(&payload).unwrap_or_else(|_| "{}".into());
    crate::events::record(
        tx,
        &format!("quote.{}", status.as_str()),
        &format!("quote:{number}"),
        company_id,
        &payload,
        now,
    );
    Ok(())
}
