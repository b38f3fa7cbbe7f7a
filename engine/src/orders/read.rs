//! Reading orders as a buyer: the history with its filters, and one order in full. Every query carries the
//! visibility rule (the caller's company, or a private buyer's own orders), so an order of another company is
//! `NotFound` by any number.

use domain::{
    Account, Address, CompanyRef, Currency, Money, OrderFilter, OrderLine, OrderList, OrderStatus,
    OrderSummary, OrderTotals, PageInfo, PaymentMethod, PoNumber, Shipment, Sku,
};
use rust_decimal::Decimal;
use sqlx::FromRow;

use super::{id_of, number_of};
use crate::{Engine, EngineError, EngineResult};

/// Orders per history page.
const PER_PAGE: u32 = 20;

#[derive(FromRow)]
struct OrderRow {
    id: i64,
    company_id: Option<i64>,
    company_code: Option<String>,
    company_name: Option<String>,
    status: String,
    email: String,
    currency: String,
    po_number: Option<String>,
    payment_method: String,
    payment_terms_days: i64,
    payment_status: String,
    shipping_method: String,
    shipping_address: String,
    billing_address: String,
    subtotal_net_micros: i64,
    shipping_net_micros: i64,
    shipping_tax_micros: i64,
    tax_micros: i64,
    total_micros: i64,
    created_at: i64,
    tax_note: String,
    vat_id: Option<String>,
    cost_centre: String,
}

#[derive(FromRow)]
struct LineRow {
    sku: String,
    product_name: String,
    variant_title: String,
    quantity: i64,
    unit_net_micros: i64,
    line_net_micros: i64,
    line_tax_micros: i64,
    line_gross_micros: i64,
    shipped: i64,
    backordered: i64,
}

/// The visibility rule as SQL on `orders o`, with the id it binds as `$1`.
fn visible(account: &Account) -> (&'static str, i64) {
    match &account.company {
        Some(c) => ("o.company_id = $1", c.id),
        None => (
            "o.customer_id = $1 AND o.company_id IS NULL",
            account.customer_id,
        ),
    }
}

/// The merchant's rule: everything, or one company's orders when an integration is bound to it.
fn merchant(company: Option<i64>) -> (&'static str, i64) {
    match company {
        Some(id) => ("o.company_id = $1", id),
        None => ("$1 = 0", 0),
    }
}

pub(super) fn money(micros: i64, currency: &Currency) -> Money {
    Money::new(Decimal::new(micros, 6).normalize(), currency.clone())
}

impl Engine {
    /// The caller's order history, newest first, filtered by status, date range and order or PO number.
    pub async fn orders(&self, account: &Account, filter: &OrderFilter) -> EngineResult<OrderList> {
        self.list_orders(visible(account), filter).await
    }

    async fn list_orders(
        &self,
        (rule, owner): (&'static str, i64),
        filter: &OrderFilter,
    ) -> EngineResult<OrderList> {
        let mut sql = format!(
            "FROM orders o JOIN customers c ON c.id = o.customer_id WHERE {rule}
               AND ($2 = '' OR o.status = $2) AND o.created_at >= $3 AND o.created_at <= $4"
        );
        let text = filter.text.clone().unwrap_or_default().to_lowercase();
        if !text.is_empty() {
            sql.push_str(
                " AND (CAST(o.id + 100000 AS TEXT) LIKE $5 OR LOWER(COALESCE(o.po_number, '')) LIKE $5)",
            );
        }
        let pattern = format!("%{}%", text.replace(['%', '_'], ""));
        let status = filter.status.map(|s| s.as_str()).unwrap_or("");
        let from = filter.from_ms.unwrap_or(0);
        let to = filter.to_ms.unwrap_or(i64::MAX);
        let (page, per_page) = PageInfo::request(filter.page.max(1), PER_PAGE)?;
        let count_sql = format!("SELECT COUNT(*) {sql}");
        let mut count = sqlx::query_as::<_, (i64,)>(&count_sql)
            .bind(owner)
            .bind(status)
            .bind(from)
            .bind(to);
        if !text.is_empty() {
            count = count.bind(&pattern);
        }
        let (total,) = count.fetch_one(&self.db.pool).await?;
        let list_sql = format!(
            "SELECT o.id, o.status, o.created_at, o.email, o.po_number, o.total_micros, o.currency,
                    (SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines l WHERE l.order_id = o.id) AS items
             {sql} ORDER BY o.created_at DESC, o.id DESC LIMIT {per_page} OFFSET {}",
            PageInfo::offset(page, per_page)
        );
        let mut list = sqlx::query_as::<
            _,
            (i64, String, i64, String, Option<String>, i64, String, i64),
        >(&list_sql)
        .bind(owner)
        .bind(status)
        .bind(from)
        .bind(to);
        if !text.is_empty() {
            list = list.bind(&pattern);
        }
        let rows = list.fetch_all(&self.db.pool).await?;
        let mut orders = Vec::with_capacity(rows.len());
        for (id, status, at, email, po, total, currency, items) in rows {
            let currency = Currency::parse(&currency)?;
            orders.push(OrderSummary {
                number: number_of(id),
                status: OrderStatus::parse(&status)?,
                placed_at_ms: at,
                placed_by: email,
                po_number: po.as_deref().map(PoNumber::parse).transpose()?,
                total: money(total, &currency),
                item_count: u64::try_from(items).unwrap_or(0),
            });
        }
        Ok(OrderList {
            orders,
            page: PageInfo {
                number: page,
                per_page,
                total_items: u64::try_from(total).unwrap_or(0),
            },
        })
    }

    /// One order in full, if the caller may see it; `NotFound` otherwise (whether or not it exists).
    pub async fn order(&self, account: &Account, number: &str) -> EngineResult<domain::Order> {
        let id = id_of(number)?;
        let (rule, owner) = visible(account);
        self.load_order(id, Some((rule, owner))).await
    }

    /// One order in full, for the merchant.
    pub async fn order_for_merchant(&self, number: &str) -> EngineResult<domain::Order> {
        self.load_order(id_of(number)?, None).await
    }

    /// One order for the merchant or, with `company`, only if it is that company's; `NotFound` otherwise.
    pub async fn merchant_order(
        &self,
        company: Option<i64>,
        number: &str,
    ) -> EngineResult<domain::Order> {
        self.load_order(id_of(number)?, Some(merchant(company)))
            .await
    }

    /// The id of order `number` if the merchant (or, with `company`, that company's key) sees it; `NotFound`
    /// otherwise. One indexed lookup, for writes that only need to know the order is theirs.
    pub(crate) async fn merchant_order_visible(
        &self,
        company: Option<i64>,
        number: &str,
    ) -> EngineResult<i64> {
        let id = id_of(number)?;
        let (rule, owner) = merchant(company);
        let row: Option<(i64,)> = sqlx::query_as(&format!(
            "SELECT o.id FROM orders o WHERE {rule} AND o.id = $2"
        ))
        .bind(owner)
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(|(id,)| id)
            .ok_or_else(|| EngineError::not_found("order", number))
    }

    async fn load_order(&self, id: i64, rule: Option<(&str, i64)>) -> EngineResult<domain::Order> {
        let (rule, owner) = rule.unwrap_or(("$1 >= 0", 0));
        let row: Option<OrderRow> = sqlx::query_as(&format!(
            "SELECT o.id, o.company_id, co.code AS company_code, co.name AS company_name, o.status,
                    o.email, o.currency, o.po_number, o.payment_method, o.payment_terms_days, o.payment_status,
                    o.shipping_method,
                    o.shipping_address, o.billing_address, o.subtotal_net_micros, o.shipping_net_micros,
                    o.shipping_tax_micros, o.tax_micros, o.total_micros, o.created_at, o.tax_note, o.vat_id,
                    o.cost_centre
             FROM orders o LEFT JOIN companies co ON co.id = o.company_id
             WHERE {rule} AND o.id = $2"
        ))
        .bind(owner)
        .bind(id)
        .fetch_optional(&self.db.pool)
        .await?;
        let o = row.ok_or_else(|| EngineError::not_found("order", number_of(id)))?;
        let currency = Currency::parse(&o.currency)?;
        let lines: Vec<LineRow> = sqlx::query_as(
            "SELECT sku, product_name, variant_title, quantity, unit_net_micros, line_net_micros,
                    line_tax_micros, line_gross_micros, shipped, backordered
             FROM order_lines WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        let shipments: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, carrier, tracking_number, created_at FROM shipments WHERE order_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        let shipped_lines: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT sl.shipment_id, l.sku, sl.quantity FROM shipment_lines sl
             JOIN order_lines l ON l.id = sl.order_line_id WHERE l.order_id = $1 ORDER BY l.id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        let to_u32 = |v: i64| u32::try_from(v).unwrap_or(0);
        let terms = u16::try_from(o.payment_terms_days).unwrap_or(0);
        let payment = match o.payment_method.as_str() {
            "invoice" => PaymentMethod::Invoice { terms_days: terms },
            _ => PaymentMethod::BankTransfer,
        };
        let address = |json: &str| -> EngineResult<Address> {
            serde_json::from_str(json)
                .map_err(|e| EngineError::Conflict(format!("stored address: {e}")))
        };
        let company = match (o.company_id, o.company_code, o.company_name) {
            (Some(id), Some(code), Some(name)) => Some(CompanyRef { id, code, name }),
            _ => None,
        };
        let mut order_lines = Vec::with_capacity(lines.len());
        for l in lines {
            order_lines.push(OrderLine {
                sku: Sku::parse(&l.sku)?,
                product_name: l.product_name,
                variant_title: l.variant_title,
                quantity: to_u32(l.quantity),
                unit_price: money(l.unit_net_micros, &currency),
                line_net: money(l.line_net_micros, &currency),
                line_tax: money(l.line_tax_micros, &currency),
                line_gross: money(l.line_gross_micros, &currency),
                shipped: to_u32(l.shipped),
                backordered: to_u32(l.backordered),
            });
        }
        let mut order_shipments = Vec::with_capacity(shipments.len());
        for (sid, carrier, tracking_number, at) in shipments {
            let mut shipped = Vec::new();
            for (s, sku, q) in &shipped_lines {
                if *s == sid {
                    shipped.push((Sku::parse(sku)?, to_u32(*q)));
                }
            }
            order_shipments.push(Shipment {
                id: sid,
                carrier,
                tracking_number,
                shipped_at_ms: at,
                lines: shipped,
            });
        }
        Ok(domain::Order {
            number: number_of(o.id),
            status: OrderStatus::parse(&o.status)?,
            placed_at_ms: o.created_at,
            company,
            placed_by: o.email,
            po_number: o.po_number.as_deref().map(PoNumber::parse).transpose()?,
            shipping_method: o.shipping_method,
            shipping_address: address(&o.shipping_address)?,
            billing_address: address(&o.billing_address)?,
            lines: order_lines,
            totals: OrderTotals {
                subtotal_net: money(o.subtotal_net_micros, &currency),
                shipping_net: money(o.shipping_net_micros, &currency),
                shipping_tax: money(o.shipping_tax_micros, &currency),
                tax: money(o.tax_micros, &currency),
                total: money(o.total_micros, &currency),
            },
            due_at_ms: matches!(payment, PaymentMethod::Invoice { .. })
                .then(|| o.created_at + i64::from(terms) * 86_400_000),
            payment,
            payment_status: domain::PaymentStatus::parse(&o.payment_status)?,
            currency,
            shipments: order_shipments,
            tax_note: Some(o.tax_note).filter(|n| !n.is_empty()),
            vat_id: o.vat_id,
            cost_centre: Some(o.cost_centre).filter(|c| !c.is_empty()),
        })
    }
}
