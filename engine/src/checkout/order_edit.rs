//! Changing an order's lines before anything ships, as customer service does when a buyer phones: a quantity up or
//! down, a line removed, a SKU added. Units already on the order keep the price they were sold at; added units get
//! the buyer's price of today, as checkout would give it (their company's lists, volume breaks at the line's new
//! quantity, the delivery's tax). Stock and the credit limit are checked again, and the order, its reservations,
//! the buyer's email, the event and the audit entry are written in one transaction.

use domain::{
    Account, DomainError, LineAmounts, Money, OrderStatus, OrderTotals, Quantity, Sku, TaxClass,
    TaxTreatment, tax_line,
};
use rust_decimal::Decimal;

use super::micros;
use crate::{
    Engine, EngineError, EngineResult, Scope, Shopper,
    audit_log::{self, Change},
    cart::CheckoutLine,
    inventory, now_ms,
    orders::number_of,
    staff::Actor,
};

/// The quantity one SKU should have on an order: 0 removes it, a SKU the order lacks is added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineChange {
    /// The SKU.
    pub sku: Sku,
    /// Units it should have.
    pub quantity: u32,
}

/// An order line as stored: id, variant, SKU, product name, variant title, quantity, unit net (micros), and its
/// net, tax and gross (micros).
type LineRow = (
    i64,
    Option<i64>,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    i64,
    i64,
);

/// A line of the order as it will be.
struct Planned {
    /// The stored line it updates; none for a new one.
    id: Option<i64>,
    variant_id: Option<i64>,
    sku: String,
    product_name: String,
    variant_title: String,
    quantity: i64,
    unit_net: i64,
    /// Stored amounts of a line whose quantity is unchanged: kept to the cent as invoiced.
    kept: Option<(i64, i64, i64)>,
    tax_class: String,
}

/// The order's header fields an edit needs.
struct Header {
    status: String,
    customer_id: i64,
    company_id: Option<i64>,
    channel_id: i64,
    currency: String,
    payment_method: String,
    paid: i64,
    total: i64,
    shipping_net: i64,
    treatment: String,
    ship_country: String,
    email: String,
}

impl Engine {
    /// Sets the quantities of the SKUs in `changes` on order `number`; needs `orders:write`. Allowed while the order
    /// is placed or confirmed and nothing of it has shipped. Refused, changing nothing: a SKU named twice, an
    /// unknown SKU or one not sold to the buyer, a quantity the variant's rules forbid, more than the warehouses
    /// can promise, and a total on account beyond the company's credit limit. The buyer is emailed the order as it
    /// now is; shipping stays as charged.
    pub async fn change_order_lines(
        &self,
        by: &Actor,
        number: &str,
        changes: &[LineChange],
    ) -> EngineResult<()> {
        let id = self
            .merchant_order_id(by, Scope::OrdersWrite, number)
            .await?;
        if changes.is_empty() {
            return Err(DomainError::new("lines", "name at least one SKU and quantity").into());
        }
        for (i, change) in changes.iter().enumerate() {
            if changes[..i].iter().any(|c| c.sku == change.sku) {
                return Err(DomainError::new(
                    "lines",
                    format!("{} is named twice", change.sku.as_str()),
                )
                .into());
            }
        }
        let header = self.edit_header(id).await?;
        let lines = self.edit_lines(id).await?;
        let (account, shopper) = self.order_buyer(&header).await?;
        let mut plan = self.plan_lines(&lines, changes, &shopper).await?;
        plan.retain(|p| p.quantity > 0);
        if plan.is_empty() {
            return Err(DomainError::new(
                "lines",
                "an order needs at least one line; cancel it instead",
            )
            .into());
        }
        let currency = domain::Currency::parse(&header.currency)?;
        let meta = self.meta().await?;
        let treatment = self.order_treatment(&header, &shopper)?;
        let mut amounts = Vec::with_capacity(plan.len());
        for p in &plan {
            amounts.push(match p.kept {
                Some((net, tax, gross)) => LineAmounts {
                    net: money(net, &currency),
                    tax: money(tax, &currency),
                    gross: money(gross, &currency),
                },
                None => {
                    let net =
                        currency.round(Decimal::new(p.unit_net, 6) * Decimal::from(p.quantity));
                    let rate =
                        treatment.rate_percent(&meta.tax, &TaxClass::parse(&p.tax_class)?)?;
                    tax_line(Money::new(net, currency.clone()), rate)?
                }
            });
        }
        let rate = treatment.rate_percent(&meta.tax, &TaxClass::standard())? / Decimal::ONE_HUNDRED;
        let totals = OrderTotals::compute(
            &amounts,
            money(header.shipping_net, &currency),
            rate,
            &currency,
        )?;
        let total = micros(&totals.total)?;

        let mut tx = self.db.begin_write().await?;
        self.db.lock_rows(&mut tx, "orders", "id", &[id]).await?;
        let now_lines = lines_of(&mut tx, id).await?;
        let (status,): (String,) = sqlx::query_as("SELECT status FROM orders WHERE id = $1")
            .bind(id)
            .fetch_one(&mut **tx)
            .await?;
        if status != header.status || now_lines != lines {
            return Err(EngineError::Conflict(
                "the order changed meanwhile; open it again".into(),
            ));
        }
        inventory::release_order(&mut tx, id).await?;
        let kept_ids: Vec<i64> = plan.iter().filter_map(|p| p.id).collect();
        for line in &lines {
            if !kept_ids.contains(&line.0) {
                sqlx::query("DELETE FROM order_lines WHERE id = $1")
                    .bind(line.0)
                    .execute(&mut **tx)
                    .await?;
            }
        }
        let mut order: Vec<(&Planned, &LineAmounts)> = plan.iter().zip(&amounts).collect();
        // One lock order for every writer of stock, as at checkout.
        order.sort_by_key(|(p, _)| p.variant_id);
        for (p, a) in order {
            let line_id = match p.id {
                Some(line_id) => {
                    sqlx::query(
                        "UPDATE order_lines SET quantity = $1, line_net_micros = $2, line_tax_micros = $3,
                             line_gross_micros = $4, backordered = 0 WHERE id = $5",
                    )
                    .bind(p.quantity)
                    .bind(micros(&a.net)?)
                    .bind(micros(&a.tax)?)
                    .bind(micros(&a.gross)?)
                    .bind(line_id)
                    .execute(&mut **tx)
                    .await?;
                    line_id
                }
                None => {
                    let (line_id,): (i64,) = sqlx::query_as(
                        "INSERT INTO order_lines (order_id, variant_id, sku, product_name, variant_title, quantity,
                             unit_net_micros, line_net_micros, line_tax_micros, line_gross_micros)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                    )
                    .bind(id)
                    .bind(p.variant_id)
                    .bind(&p.sku)
                    .bind(&p.product_name)
                    .bind(&p.variant_title)
                    .bind(p.quantity)
                    .bind(p.unit_net)
                    .bind(micros(&a.net)?)
                    .bind(micros(&a.tax)?)
                    .bind(micros(&a.gross)?)
                    .fetch_one(&mut **tx)
                    .await?;
                    line_id
                }
            };
            if let Some(variant_id) = p.variant_id {
                let backordered = inventory::reserve(
                    &mut tx,
                    line_id,
                    variant_id,
                    &p.sku,
                    p.quantity,
                    header.channel_id,
                )
                .await?;
                if backordered > 0 {
                    sqlx::query("UPDATE order_lines SET backordered = $1 WHERE id = $2")
                        .bind(backordered)
                        .bind(line_id)
                        .execute(&mut **tx)
                        .await?;
                }
            }
        }
        let now = now_ms();
        sqlx::query(
            "UPDATE orders SET subtotal_net_micros = $1, tax_micros = $2, total_micros = $3,
                 payment_status = CASE WHEN paid_micros >= $3 THEN 'paid' ELSE 'unpaid' END, updated_at = $4
             WHERE id = $5",
        )
        .bind(micros(&totals.subtotal_net)?)
        .bind(micros(&totals.tax)?)
        .bind(total)
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
        if total > header.total {
            self.check_budget_after_edit(&mut tx, &account, &currency, now, id)
                .await?;
        }
        if header.payment_method == "invoice" && total > header.total && header.paid < total {
            // The order's new total is already in the balance: nothing more to add to it.
            self.check_credit(&mut tx, &account, &currency, 0).await?;
        }
        let summary = summary(&lines, &plan);
        let body = format!(
            "Hello {},\n\nwe have changed your order {} as agreed:\n\n{}\n\nThe order's total is now {}.\n",
            account.name,
            number_of(id),
            summary.join("\n"),
            totals.total.display()
        );
        crate::mail::enqueue_about_order(
            &mut tx,
            id,
            &header.email,
            &format!("Order {} changed", number_of(id)),
            &body,
        )
        .await?;
        sqlx::query("INSERT INTO order_notes (order_id, author, body, at) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(by.name())
            .bind(format!(
                "Changed the lines: {}. Total now {}.",
                summary.join("; "),
                totals.total.display()
            ))
            .bind(now)
            .execute(&mut **tx)
            .await?;
        let mut audit: Vec<Change> = summary_changes(&lines, &plan);
        audit.push(Change::new(
            "total",
            Some(money(header.total, &currency).display()),
            Some(totals.total.display()),
        ));
        audit_log::record(
            &mut tx,
            by,
            "order.lines_changed",
            ("order", &number_of(id)),
            &audit,
        )
        .await?;
        crate::events::order_changed(&mut tx, id, "changed", "", now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn edit_header(&self, id: i64) -> EngineResult<Header> {
        type Row = (
            String,
            i64,
            Option<i64>,
            i64,
            String,
            String,
            i64,
            i64,
            i64,
            String,
            String,
            String,
        );
        let row: Row = sqlx::query_as(
            "SELECT status, customer_id, company_id, channel_id, currency, payment_method, paid_micros, total_micros,
                    shipping_net_micros, tax_treatment, shipping_address, email FROM orders WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.pool)
        .await?;
        let (status, customer_id, company_id, channel_id, currency, payment_method, paid, total) =
            (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7);
        let (shipping_net, treatment, address, email) = (row.8, row.9, row.10, row.11);
        let status_now = OrderStatus::parse(&status)?;
        if !matches!(status_now, OrderStatus::Placed | OrderStatus::Confirmed) {
            return Err(DomainError::new(
                "status",
                format!(
                    "a {} order cannot be changed; only one that has not shipped",
                    status_now.label().to_lowercase()
                ),
            )
            .into());
        }
        let address: domain::Address = serde_json::from_str(&address).map_err(|e| {
            EngineError::Conflict(format!("the order's address is unreadable: {e}"))
        })?;
        Ok(Header {
            status,
            customer_id,
            company_id,
            channel_id,
            currency,
            payment_method,
            paid,
            total,
            shipping_net,
            treatment,
            ship_country: address.country,
            email,
        })
    }

    async fn edit_lines(&self, id: i64) -> EngineResult<Vec<LineRow>> {
        let (shipped,): (i64,) = sqlx::query_as(
            "SELECT CAST(COALESCE(SUM(shipped), 0) AS BIGINT) FROM order_lines WHERE order_id = $1",
        )
        .bind(id)
        .fetch_one(&self.db.pool)
        .await?;
        if shipped > 0 {
            return Err(DomainError::new(
                "status",
                "part of the order has shipped; its lines can no longer be changed",
            )
            .into());
        }
        Ok(sqlx::query_as(LINES)
            .bind(id)
            .fetch_all(&self.db.pool)
            .await?)
    }

    /// The buyer as they would check out today: their account acting for the order's company, in its channel.
    async fn order_buyer(&self, header: &Header) -> EngineResult<(Account, Shopper)> {
        self.buyer_as_of(
            header.customer_id,
            header.company_id,
            header.channel_id,
            &header.currency,
        )
        .await
    }

    /// A buyer as they would check out today: `customer_id`'s account acting for `company_id`, in channel
    /// `channel_id`, which must still sell in `currency` (an order's or a quote's).
    pub(crate) async fn buyer_as_of(
        &self,
        customer_id: i64,
        company_id: Option<i64>,
        channel_id: i64,
        currency: &str,
    ) -> EngineResult<(Account, Shopper)> {
        let account = self
            .account_in(customer_id, company_id.unwrap_or(0))
            .await?;
        let meta = self.meta().await?;
        let channel = meta
            .channels
            .iter()
            .find(|c| c.id == channel_id)
            .cloned()
            .ok_or_else(|| EngineError::not_found("channel", channel_id.to_string()))?;
        if channel.currency.code() != currency {
            return Err(DomainError::new(
                "currency",
                "the channel sells in another currency now; ask again in the channel it sells in",
            )
            .into());
        }
        let shopper = self.shopper_as(Shopper::guest(channel), &account).await?;
        Ok((account, shopper))
    }

    /// The treatment the order was taxed with, for the lines that are priced again.
    fn order_treatment(&self, header: &Header, shopper: &Shopper) -> EngineResult<TaxTreatment> {
        Ok(match header.treatment.as_str() {
            "reverse_charge" => TaxTreatment::ReverseCharge,
            "export" => TaxTreatment::Export,
            _ => match TaxTreatment::for_delivery(
                &shopper.channel.country,
                &header.ship_country,
                None,
            )? {
                TaxTreatment::Charged { country } => TaxTreatment::Charged { country },
                _ => TaxTreatment::Charged {
                    country: shopper.channel.country.clone(),
                },
            },
        })
    }

    /// The order's lines once `changes` apply: fewer units come off the newest lines; more units are priced for
    /// the buyer today and join the newest line where the price is the same, or make a line of their own.
    async fn plan_lines(
        &self,
        lines: &[LineRow],
        changes: &[LineChange],
        shopper: &Shopper,
    ) -> EngineResult<Vec<Planned>> {
        let ids: Vec<i64> = lines.iter().filter_map(|l| l.1).collect();
        let classes = self.tax_classes(&ids).await?;
        let mut plan: Vec<Planned> = lines
            .iter()
            .map(|l| Planned {
                id: Some(l.0),
                variant_id: l.1,
                sku: l.2.clone(),
                product_name: l.3.clone(),
                variant_title: l.4.clone(),
                quantity: l.5,
                unit_net: l.6,
                kept: Some((l.7, l.8, l.9)),
                tax_class: l
                    .1
                    .and_then(|v| classes.iter().find(|(id, _)| *id == v))
                    .map(|(_, c)| c.clone())
                    .unwrap_or_else(|| "standard".into()),
            })
            .collect();
        let mut wanted: Vec<CheckoutLine> = Vec::new();
        for change in changes {
            let sku = change.sku.as_str();
            let target = i64::from(change.quantity);
            let have: i64 = plan
                .iter()
                .filter(|p| p.sku == sku)
                .map(|p| p.quantity)
                .sum();
            if target < have {
                let mut excess = have - target;
                for p in plan.iter_mut().rev().filter(|p| p.sku == sku) {
                    let off = excess.min(p.quantity);
                    if off > 0 {
                        p.quantity -= off;
                        p.kept = None;
                        excess -= off;
                    }
                }
            }
            if target > 0 {
                match self.sellable_line(sku, target).await {
                    Ok(line) => wanted.push(line),
                    // Fewer units of something no longer on sale: nothing to price or check.
                    Err(_) if target <= have => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let variant_ids: Vec<i64> = wanted.iter().map(|l| l.variant_id).collect();
        let pricing = self.pricing_for_variants(shopper, &variant_ids).await?;
        for line in &wanted {
            Quantity::parse(line.quantity)
                .and_then(|q| pricing.rules(line.variant_id).validate(q))
                .map_err(|e| DomainError::new("lines", format!("{}: {}", line.sku, e.message)))?;
        }
        let priced = self
            .price_lines(shopper, wanted)
            .await
            .map_err(|e| match e {
                EngineError::Domain(d) => DomainError::new("lines", d.message).into(),
                other => other,
            })?;
        for p in priced {
            let target = p.line.quantity;
            let have: i64 = plan
                .iter()
                .filter(|l| l.sku == p.line.sku)
                .map(|l| l.quantity)
                .sum();
            let added = target - have;
            if added <= 0 {
                continue;
            }
            let newest = plan
                .iter_mut()
                .rev()
                .find(|l| l.sku == p.line.sku && l.quantity > 0);
            match newest {
                Some(line) if line.unit_net == p.unit_net => {
                    line.quantity += added;
                    line.kept = None;
                }
                _ => plan.push(Planned {
                    id: None,
                    variant_id: Some(p.line.variant_id),
                    sku: p.line.sku.clone(),
                    product_name: p.line.product_name.clone(),
                    variant_title: p.line.variant_title.clone(),
                    quantity: added,
                    unit_net: p.unit_net,
                    kept: None,
                    tax_class: p.line.tax_class.clone(),
                }),
            }
        }
        Ok(plan)
    }

    /// The variant with `sku` as a line of `quantity`, if it is on sale; an error naming `lines` if not.
    async fn sellable_line(&self, sku: &str, quantity: i64) -> EngineResult<CheckoutLine> {
        let line: Option<CheckoutLine> = sqlx::query_as(&format!(
            "SELECT v.id AS variant_id, v.sku, p.name AS product_name, v.title AS variant_title,
                    CAST($2 AS BIGINT) AS quantity, v.weight_grams, p.tax_class
             FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1 AND {}",
            crate::products::SHOWN
        ))
        .bind(sku)
        .bind(quantity)
        .fetch_optional(&self.db.pool)
        .await?;
        line.ok_or_else(|| {
            DomainError::new("lines", format!("{sku} is not a SKU on sale in this shop")).into()
        })
    }

    async fn tax_classes(&self, variant_ids: &[i64]) -> EngineResult<Vec<(i64, String)>> {
        if variant_ids.is_empty() {
            return Ok(Vec::new());
        }
        // Ids read from the database: integers, safe to list in the statement.
        let list = variant_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        Ok(sqlx::query_as(&format!(
            "SELECT v.id, p.tax_class FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id IN ({list})"
        ))
        .fetch_all(&self.db.pool)
        .await?)
    }
}

const LINES: &str = "SELECT id, variant_id, sku, product_name, variant_title, quantity, unit_net_micros, line_net_micros,
                            line_tax_micros, line_gross_micros FROM order_lines WHERE order_id = $1 ORDER BY id";

async fn lines_of(tx: &mut crate::db::WriteTx, id: i64) -> EngineResult<Vec<LineRow>> {
    Ok(sqlx::query_as(LINES).bind(id).fetch_all(&mut ***tx).await?)
}

fn money(micros: i64, currency: &domain::Currency) -> Money {
    Money::new(currency.round(Decimal::new(micros, 6)), currency.clone())
}

/// Units per SKU before and after, for every SKU whose count changed, in the order's line order.
fn counts(lines: &[LineRow], plan: &[Planned]) -> Vec<(String, i64, i64)> {
    let mut skus: Vec<String> = Vec::new();
    for sku in lines
        .iter()
        .map(|l| &l.2)
        .chain(plan.iter().map(|p| &p.sku))
    {
        if !skus.contains(sku) {
            skus.push(sku.clone());
        }
    }
    skus.into_iter()
        .filter_map(|sku| {
            let before: i64 = lines.iter().filter(|l| l.2 == sku).map(|l| l.5).sum();
            let after: i64 = plan
                .iter()
                .filter(|p| p.sku == sku)
                .map(|p| p.quantity)
                .sum();
            (before != after).then_some((sku, before, after))
        })
        .collect()
}

fn summary(lines: &[LineRow], plan: &[Planned]) -> Vec<String> {
    counts(lines, plan)
        .into_iter()
        .map(|(sku, before, after)| match (before, after) {
            (0, n) => format!("{sku}: added, {n} units"),
            (_, 0) => format!("{sku}: removed"),
            (b, a) => format!("{sku}: {b} → {a} units"),
        })
        .collect()
}

fn summary_changes(lines: &[LineRow], plan: &[Planned]) -> Vec<Change> {
    counts(lines, plan)
        .into_iter()
        .map(|(sku, before, after)| {
            Change::new(
                &format!("{sku}.quantity"),
                (before > 0).then(|| before.to_string()),
                (after > 0).then(|| after.to_string()),
            )
        })
        .collect()
}
