//! The merchant's order list: the back office's and the admin API's filters (status, payment, dates, company,
//! channel, text), newest first, a page at a time, and the same selection as CSV. Every filter is a column of
//! `orders` with an index that also sorts by `created_at`, so a page of 100,000 orders reads only its own rows.

use domain::{DomainError, Money, OrderStatus, PageInfo, PaymentStatus};
use sqlx::FromRow;

use super::{NUMBER_BASE, number_of, read::money};
use crate::{
    Engine, EngineResult, Scope,
    db::{Arg, bound},
    staff::Actor,
};

/// Orders per page of the merchant's list.
pub const MERCHANT_PAGE: u32 = 50;
/// Matches counted at most: beyond it the list says "more than 1,000", so a broad filter over a long history
/// does not count every order on every page.
pub const COUNT_CAP: u64 = 1_000;

/// What the merchant's order list is narrowed to; every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderSearch {
    /// Only this status.
    pub status: Option<OrderStatus>,
    /// Only paid or only unpaid orders.
    pub payment: Option<PaymentStatus>,
    /// Only this company's orders, by code.
    pub company: Option<String>,
    /// Only orders placed in this channel, by code.
    pub channel: Option<String>,
    /// Placed at or after, epoch milliseconds.
    pub from_ms: Option<i64>,
    /// Placed at or before, epoch milliseconds.
    pub to_ms: Option<i64>,
    /// An order number, or part of a PO number, the buyer's email or the company's name.
    pub text: Option<String>,
    /// Page, from 1.
    pub page: u32,
}

impl OrderSearch {
    /// Reads `status`, `payment_status`, `company`, `channel`, `from`, `to` (`YYYY-MM-DD`), `q` and `page` from
    /// decoded query pairs, as the back office's list and the admin API take them; empty values are ignored and a
    /// bad value names its parameter.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DomainError> {
        let pairs: Vec<(&str, &str)> = pairs
            .into_iter()
            .map(|(k, v)| (k, v.trim()))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let value = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        };
        let common = domain::OrderFilter::from_pairs(
            pairs
                .iter()
                .copied()
                .filter(|(k, _)| matches!(*k, "status" | "from" | "to" | "page")),
        )?;
        Ok(OrderSearch {
            status: common.status,
            payment: value("payment_status")
                .map(|p| PaymentStatus::parse(&p))
                .transpose()?,
            company: value("company"),
            channel: value("channel"),
            from_ms: common.from_ms,
            to_ms: common.to_ms,
            text: value("q"),
            page: common.page,
        })
    }
}

/// One order in the merchant's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantOrder {
    /// Order number.
    pub number: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// Whether it is paid.
    pub payment_status: PaymentStatus,
    /// When it was placed, epoch milliseconds.
    pub placed_at_ms: i64,
    /// Email of the person who placed it.
    pub placed_by: String,
    /// The company's code and name, for a company's order.
    pub company: Option<(String, String)>,
    /// The channel's code.
    pub channel: String,
    /// The buyer's PO number.
    pub po_number: Option<String>,
    /// The cost centre it is charged to, code and name.
    pub cost_centre: Option<String>,
    /// What is due.
    pub total: Money,
}

/// A page of the merchant's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantOrderPage {
    /// Newest first.
    pub orders: Vec<MerchantOrder>,
    /// Where this page is; `total_items` stops at [`COUNT_CAP`] + 1.
    pub page: PageInfo,
    /// Whether more orders match than [`COUNT_CAP`].
    pub more_than_cap: bool,
}

#[derive(FromRow)]
struct Row {
    id: i64,
    status: String,
    payment_status: String,
    created_at: i64,
    email: String,
    company_code: Option<String>,
    company_name: Option<String>,
    channel: Option<String>,
    po_number: Option<String>,
    cost_centre: String,
    total_micros: i64,
    currency: String,
}

/// The `WHERE` clause of a search and what it binds.
struct Clause {
    sql: String,
    args: Vec<Arg>,
    /// Whether it searches text no index holds.
    text_search: bool,
}

impl Clause {
    /// Adds `condition`, whose `?`s take `args` in order.
    fn push_all(&mut self, condition: &str, args: Vec<Arg>) {
        let mut sql = String::with_capacity(condition.len());
        let mut args = args.into_iter();
        for c in condition.chars() {
            match c {
                '?' => {
                    self.args.push(args.next().unwrap_or(Arg::Int(0)));
                    sql.push_str(&format!("${}", self.args.len()));
                }
                c => sql.push(c),
            }
        }
        self.sql.push_str(&format!(" AND {sql}"));
    }

    fn push(&mut self, condition: &str, arg: Arg) {
        self.args.push(arg);
        let n = self.args.len();
        self.sql.push_str(&format!(
            " AND {}",
            condition.replace('?', &format!("${n}"))
        ));
    }
}

impl Engine {
    /// A page of the orders `by` may read (`orders:read`; a key bound to a company: that company's), narrowed by
    /// `search`. An unknown company or channel code is refused naming `company` or `channel`.
    pub async fn search_orders(
        &self,
        by: &Actor,
        search: &OrderSearch,
    ) -> EngineResult<MerchantOrderPage> {
        by.require(Scope::OrdersRead)?;
        let clause = self.order_clause(by, search).await?;
        let (page, per_page) = PageInfo::request(search.page.max(1), MERCHANT_PAGE)?;
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM orders o WHERE {} LIMIT {}) capped",
            clause.sql,
            COUNT_CAP + 1
        );
        let (total,): (i64,) = bound(sqlx::query_as(&count_sql), &clause.args)
            .fetch_one(&self.db.pool)
            .await?;
        // The page's ids first, from the index alone where it can; only its 50 rows are joined and read whole. A
        // text search reads the table in one pass and sorts what matches (`+ 0` keeps the date index out): walking
        // the index by date would look up every order in turn when few or none match.
        let order_by = match clause.text_search {
            true => "o.created_at + 0 DESC, o.id DESC",
            false => "o.created_at DESC, o.id DESC",
        };
        let page_ids = format!(
            "o.id IN (SELECT o.id FROM orders o WHERE {} ORDER BY {order_by} LIMIT {per_page} OFFSET {})",
            clause.sql,
            PageInfo::offset(page, per_page)
        );
        let rows = self
            .order_rows(
                &Clause {
                    sql: page_ids,
                    args: clause.args,
                    text_search: false,
                },
                "",
            )
            .await?;
        Ok(MerchantOrderPage {
            orders: rows
                .into_iter()
                .map(merchant_order)
                .collect::<EngineResult<_>>()?,
            page: PageInfo {
                number: page,
                per_page,
                total_items: u64::try_from(total).unwrap_or(0),
            },
            more_than_cap: u64::try_from(total).unwrap_or(0) > COUNT_CAP,
        })
    }

    /// Every order `search` selects (its page ignored) as CSV with a header line: number, placed at (RFC 3339,
    /// UTC), status, payment, company, channel, email, PO number, cost centre, currency, total. Needs `orders:read`.
    pub async fn orders_csv(&self, by: &Actor, search: &OrderSearch) -> EngineResult<String> {
        by.require(Scope::OrdersRead)?;
        let clause = self.order_clause(by, search).await?;
        let rows = self.order_rows(&clause, "").await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = [
            "number",
            "placed_at",
            "status",
            "payment_status",
            "company",
            "channel",
            "email",
            "po_number",
            "cost_centre",
            "currency",
            "total",
        ];
        out.write_record(header).map_err(csv_error)?;
        for row in rows {
            let order = merchant_order(row)?;
            out.write_record([
                order.number.as_str(),
                &domain::utc_timestamp(order.placed_at_ms),
                order.status.as_str(),
                order.payment_status.as_str(),
                order.company.as_ref().map(|c| c.0.as_str()).unwrap_or(""),
                &order.channel,
                &order.placed_by,
                order.po_number.as_deref().unwrap_or(""),
                order.cost_centre.as_deref().unwrap_or(""),
                order.total.currency.code(),
                &order.total.amount.to_string(),
            ])
            .map_err(csv_error)?;
        }
        let bytes = out
            .into_inner()
            .map_err(|e| crate::EngineError::Conflict(e.to_string()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The numbers of every order `search` selects (its page ignored), newest first; needs `orders:read`. For
    /// exports that write each order in full.
    pub async fn order_numbers(
        &self,
        by: &Actor,
        search: &OrderSearch,
    ) -> EngineResult<Vec<String>> {
        by.require(Scope::OrdersRead)?;
        let clause = self.order_clause(by, search).await?;
        let sql = format!(
            "SELECT o.id FROM orders o WHERE {} ORDER BY o.created_at DESC, o.id DESC",
            clause.sql
        );
        let ids: Vec<(i64,)> = bound(sqlx::query_as(&sql), &clause.args)
            .fetch_all(&self.db.pool)
            .await?;
        Ok(ids.into_iter().map(|(id,)| number_of(id)).collect())
    }

    async fn order_rows(&self, clause: &Clause, limit: &str) -> EngineResult<Vec<Row>> {
        let sql = format!(
            "SELECT o.id, o.status, o.payment_status, o.created_at, o.email, co.code AS company_code,
                    co.name AS company_name, ch.code AS channel, o.po_number, o.cost_centre, o.total_micros, o.currency
             FROM orders o LEFT JOIN companies co ON co.id = o.company_id
                  LEFT JOIN channels ch ON ch.id = o.channel_id
             WHERE {} ORDER BY o.created_at DESC, o.id DESC {limit}",
            clause.sql
        );
        Ok(bound(sqlx::query_as(&sql), &clause.args)
            .fetch_all(&self.db.pool)
            .await?)
    }

    async fn order_clause(&self, by: &Actor, search: &OrderSearch) -> EngineResult<Clause> {
        let mut clause = Clause {
            sql: "1 = 1".to_owned(),
            args: Vec::new(),
            text_search: false,
        };
        if let Some(company) = by.company() {
            clause.push("o.company_id = ?", Arg::Int(company));
        }
        if let Some(status) = search.status {
            clause.push("o.status = ?", Arg::Text(status.as_str().to_owned()));
        }
        if let Some(payment) = search.payment {
            clause.push(
                "o.payment_status = ?",
                Arg::Text(payment.as_str().to_owned()),
            );
        }
        if let Some(code) = search.company.as_deref().filter(|c| !c.trim().is_empty()) {
            let id = self.id_by_code("companies", "company", code).await?;
            clause.push("o.company_id = ?", Arg::Int(id));
        }
        if let Some(code) = search.channel.as_deref().filter(|c| !c.trim().is_empty()) {
            let id = self.id_by_code("channels", "channel", code).await?;
            clause.push("o.channel_id = ?", Arg::Int(id));
        }
        if let Some(from) = search.from_ms {
            clause.push("o.created_at >= ?", Arg::Int(from));
        }
        if let Some(to) = search.to_ms {
            clause.push("o.created_at <= ?", Arg::Int(to));
        }
        let text = search.text.as_deref().unwrap_or("").trim().to_lowercase();
        if let Some(id) = text
            .parse::<i64>()
            .ok()
            .filter(|n| *n > NUMBER_BASE)
            .map(|n| n - NUMBER_BASE)
        {
            // An order number finds that order by its key, not by a scan of every order.
            clause.push("o.id = ?", Arg::Int(id));
        } else if !text.is_empty() {
            if text.chars().count() > 100 {
                return Err(DomainError::new("q", "must be at most 100 characters").into());
            }
            let bare = text.replace(['%', '_'], "");
            let po = match self.db.backend {
                crate::Backend::Postgres => r#"(LOWER(o.po_number) COLLATE "C")"#,
                crate::Backend::Sqlite => "LOWER(o.po_number)",
            };
            clause.push_all(
                // Every branch is an index's: the people and companies whose email or name holds the text are found
                // in their own small tables, their orders through `orders_customer` and `orders_company`, and a PO
                // number by its beginning through `orders_po`. A `LIKE '%…%'` on `orders` itself would read every
                // order. Emails are stored in lower case.
                &format!(
                    "(o.customer_id IN (SELECT id FROM customers WHERE email LIKE ?)
                      OR o.company_id IN (SELECT id FROM companies WHERE LOWER(name) LIKE ?)
                      OR ({po} >= ? AND {po} < ?))"
                ),
                vec![
                    Arg::Text(format!("%{bare}%")),
                    Arg::Text(format!("%{bare}%")),
                    Arg::Text(bare.clone()),
                    // Past every text that starts with it: U+FFFF sorts after any character a PO number holds.
                    Arg::Text(format!("{bare}\u{FFFF}")),
                ],
            );
            clause.text_search = true;
        }
        Ok(clause)
    }

    /// The id of the row of `table` with `code`; none is a `field` error.
    async fn id_by_code(&self, table: &str, field: &str, code: &str) -> EngineResult<i64> {
        let row: Option<(i64,)> =
            sqlx::query_as(&format!("SELECT id FROM {table} WHERE code = $1"))
                .bind(code.trim())
                .fetch_optional(&self.db.pool)
                .await?;
        row.map(|(id,)| id).ok_or_else(|| {
            DomainError::new(field, format!("no {field} has the code `{}`", code.trim())).into()
        })
    }
}

fn merchant_order(row: Row) -> EngineResult<MerchantOrder> {
    let currency = domain::Currency::parse(&row.currency)?;
    Ok(MerchantOrder {
        number: number_of(row.id),
        status: OrderStatus::parse(&row.status)?,
        payment_status: PaymentStatus::parse(&row.payment_status)?,
        placed_at_ms: row.created_at,
        placed_by: row.email,
        company: row.company_code.zip(row.company_name),
        channel: row.channel.unwrap_or_default(),
        po_number: row.po_number,
        cost_centre: Some(row.cost_centre).filter(|c| !c.is_empty()),
        total: money(row.total_micros, &currency),
    })
}

fn csv_error(e: csv::Error) -> crate::EngineError {
    crate::EngineError::Conflict(format!("writing CSV: {e}"))
}
