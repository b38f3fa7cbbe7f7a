//! Checkout: the options a buyer chooses from, and placing the order.
//!
//! Placing an order is one transaction: the order, its lines, the stock reservations, the history entry, the
//! emptied cart and the confirmation email commit together or not at all, so a process killed half-way leaves
//! nothing behind. The buyer's idempotency key (one per checkout page) is unique per customer: a double click or a
//! retried request finds the order the first one placed.

use domain::{
    Account, Address, AddressInput, CheckoutOptions, DomainError, LineAmounts, Money, OrderStatus,
    OrderTotals, PaymentChoice, PlacedOrder, PoNumber, Quantity, ShippingOption, TaxClass,
    TaxRates, TaxTreatment, VatId, tax_line,
};
use rust_decimal::Decimal;

use crate::{
    Engine, EngineError, EngineResult, Shopper, cart::CheckoutLine, inventory, now_ms,
    orders::number_of, payments,
};

mod order_edit;
mod quote_order;
mod shipping;

pub use order_edit::LineChange;

/// Where the order goes.
#[derive(Debug, Clone)]
pub enum ShipTo {
    /// An address from the buyer's (company's) address book, by id.
    Saved(i64),
    /// An address typed at checkout.
    New(AddressInput),
}

/// What the checkout form sends.
#[derive(Debug, Clone)]
pub struct CheckoutRequest {
    /// One per checkout page: a repeated submission with the same key returns the same order.
    pub idempotency_key: String,
    /// Delivery address.
    pub ship_to: ShipTo,
    /// Shipping method code.
    pub shipping_method: String,
    /// Payment provider code (`invoice`, `bank_transfer`).
    pub payment: String,
    /// The buyer's purchase-order number; empty for none.
    pub po_number: String,
    /// The cart subtotal the buyer was shown (as the channel shows prices, with or without tax); if prices moved
    /// since, the order is refused with the new figure rather than placed at a price nobody saw.
    pub expected_subtotal: Option<Decimal>,
    /// The company's cost centre to charge the order to, by code; `None` or empty for none.
    pub cost_centre: Option<String>,
}

/// Where an order's lines come from.
#[derive(Clone, Copy)]
enum Source {
    /// The buyer's cart (its id), emptied in the order's transaction.
    Cart(i64),
    /// An answered quote (its id), accepted in the order's transaction.
    Quote(i64),
}

struct Priced {
    line: CheckoutLine,
    amounts: LineAmounts,
    /// The line total as the cart shows it (with or without tax, as the channel displays prices).
    shown: Money,
    unit_net: i64,
}

impl Engine {
    /// What checkout offers this buyer: their cart, address book, shipping methods priced for the cart, the
    /// payment methods open to them, and a fresh idempotency key for the form.
    pub async fn checkout_options(
        &self,
        shopper: &Shopper,
        account: &Account,
    ) -> EngineResult<CheckoutOptions> {
        let cart = self.account_cart(shopper).await?;
        let addresses = self.addresses(account).await?;
        let currency = shopper.channel.currency.clone();
        let (subtotal_net, weight) = match self.checkout_lines(shopper).await? {
            Some((_, lines)) => {
                let priced = self.price_lines(shopper, lines).await?;
                let weight = priced.iter().map(|p| p.line.weight()).sum();
                (net_total(&priced, &currency)?, weight)
            }
            None => (Money::zero(currency.clone()), 0),
        };
        let mut shipping = Vec::new();
        for method in self.shipping_methods(&currency).await? {
            shipping.push(ShippingOption {
                price: method.price(&subtotal_net, weight)?,
                description: method.describe(),
                countries: method.countries,
                code: method.code,
                name: method.name,
            });
        }
        let terms = self.payment_terms(account).await?;
        Ok(CheckoutOptions {
            cart,
            addresses,
            shipping,
            payments: self
                .payment_offers(account)
                .await?
                .iter()
                .map(|p| PaymentChoice {
                    code: p.code().to_owned(),
                    label: p.method(terms).label(),
                })
                .collect(),
            idempotency_key: crate::accounts::new_secret(),
            can_order: account.can_order(),
            cost_centres: self
                .cost_centres(account)
                .await?
                .into_iter()
                .map(|s| s.centre)
                .collect(),
            awaiting_approval: match &account.company {
                Some(company) => !self.company_may_order(company.id).await?,
                None => false,
            },
            country: shopper.channel.country.clone(),
        })
    }

    /// Places the order for the buyer's cart. Returns the same order for a repeated idempotency key.
    pub async fn place_order(
        &self,
        shopper: &Shopper,
        account: &Account,
        request: CheckoutRequest,
    ) -> EngineResult<PlacedOrder> {
        let key = self.may_place(account, &request).await?;
        if let Some(placed) = self.placed_by_key(account.customer_id, key).await? {
            return Ok(placed);
        }
        let (cart_id, lines) = self
            .checkout_lines(shopper)
            .await?
            .filter(|(_, lines)| !lines.is_empty())
            .ok_or_else(|| DomainError::new("cart", "is empty"))?;
        let priced = self.price_lines(shopper, lines).await?;
        self.place(shopper, account, &request, priced, Source::Cart(cart_id))
            .await
    }

    /// Whether `account` may place an order now (their role, their business approved, their email confirmed); the
    /// request's idempotency key, checked.
    async fn may_place<'r>(
        &self,
        account: &Account,
        request: &'r CheckoutRequest,
    ) -> EngineResult<&'r str> {
        if !account.can_order() {
            return Err(EngineError::forbidden(
                "Your role lets you see the company's orders, not place them.",
            ));
        }
        if let Some(company) = &account.company
            && !self.company_may_order(company.id).await?
        {
            return Err(EngineError::forbidden(
                "Your business account is waiting for our approval; we will email you as soon as you can order.",
            ));
        }
        self.require_confirmed_email(account).await?;
        checked_key(&request.idempotency_key)
    }

    /// Places the order of `priced` lines, taken from `source` in the order's transaction: the addresses, shipping,
    /// tax, payment, credit and approvals exactly as for any order.
    async fn place(
        &self,
        shopper: &Shopper,
        account: &Account,
        request: &CheckoutRequest,
        mut priced: Vec<Priced>,
        source: Source,
    ) -> EngineResult<PlacedOrder> {
        let key = request.idempotency_key.as_str();
        let currency = shopper.channel.currency.clone();
        let book = self.addresses(account).await?;
        let ship_to = match &request.ship_to {
            ShipTo::Saved(id) => book
                .iter()
                .find(|a| a.id == *id)
                .map(|a| a.address.clone())
                .ok_or_else(|| EngineError::not_found("address", id.to_string()))?,
            ShipTo::New(input) => input.clone().validate()?,
        };
        let billing = book
            .into_iter()
            .find(|a| a.kind == domain::AddressKind::Billing)
            .map_or_else(|| ship_to.clone(), |a| a.address);
        let method = self
            .shipping_methods(&currency)
            .await?
            .into_iter()
            .find(|m| m.code == request.shipping_method)
            .ok_or_else(|| {
                DomainError::new("shipping_method", "choose one of the methods shown")
            })?;
        method.check_serves(&ship_to.country)?;
        // The tax follows the goods: the channel's country is where they are sold from, the delivery address
        // where they go, and the company's VAT number whether a business abroad accounts for the VAT itself.
        // With reverse charge switched off, such a business is taxed like a consumer.
        let meta = self.meta().await?;
        let vat_id = self.company_vat_id(account).await?;
        let treatment = TaxTreatment::for_delivery(
            &shopper.channel.country,
            &ship_to.country,
            vat_id.as_ref().filter(|_| meta.tax_settings.reverse_charge),
        )?;
        retax(&mut priced, &treatment, &meta.tax)?;
        let amounts: Vec<LineAmounts> = priced.iter().map(|p| p.amounts.clone()).collect();
        let subtotal = net_total(&priced, &currency)?;
        let weight = priced.iter().map(|p| p.line.weight()).sum();
        let shipping_net = method.price(&subtotal, weight)?;
        let rate = treatment.rate_percent(&meta.tax, &TaxClass::standard())? / Decimal::ONE_HUNDRED;
        let totals = OrderTotals::compute(&amounts, shipping_net, rate, &currency)?;
        if let Some(expected) = request.expected_subtotal {
            let shown: Decimal = priced.iter().map(|p| p.shown.amount).sum();
            if expected != shown {
                return Err(EngineError::Conflict(format!(
                    "Prices have changed since the page was shown: the total is now {}. Please check and place \
                     the order again.",
                    totals.total.display()
                )));
            }
        }
        let provider = self
            .payment_offers(account)
            .await?
            .into_iter()
            .find(|p| p.code() == request.payment)
            .ok_or_else(|| {
                DomainError::new("payment", "choose one of the payment methods shown")
            })?;
        let terms = self.payment_terms(account).await?;
        let payment = provider.method(terms);
        let po = match request.po_number.trim() {
            "" => None,
            text => Some(PoNumber::parse(text)?),
        };

        let now = now_ms();
        let pay_by = provider
            .pays_in_advance()
            .then(|| now + i64::from(meta.payments.bank_transfer_days) * 86_400_000);
        let mut tx = self.db.begin_write().await?;
        if let Source::Cart(cart_id) = source {
            // The cart is taken inside the transaction: a second submission of the same cart (another key, another
            // tab) waits here for the first and then finds nothing to order, and a cart changed since it was priced
            // is not ordered at prices or quantities nobody saw.
            let taken: Vec<(i64, i64)> = sqlx::query_as(
                "DELETE FROM cart_lines WHERE cart_id = $1 RETURNING variant_id, quantity",
            )
            .bind(cart_id)
            .fetch_all(&mut **tx)
            .await?;
            let mut taken_sorted = taken;
            taken_sorted.sort_unstable();
            let mut priced_lines: Vec<(i64, i64)> = priced
                .iter()
                .map(|p| (p.line.variant_id, p.line.quantity))
                .collect();
            priced_lines.sort_unstable();
            if taken_sorted != priced_lines {
                tx.rollback().await?;
                if let Some(placed) = self.placed_by_key(account.customer_id, key).await? {
                    return Ok(placed);
                }
                return Err(EngineError::Conflict(
                    "The cart changed while the order was being placed (or was ordered from another window). \
                     Please check the cart and place the order again."
                        .into(),
                ));
            }
        }
        if provider.extends_credit() {
            self.check_credit(&mut tx, account, &currency, micros(&totals.total)?)
                .await?;
        }
        let net = micros(&totals.subtotal_net)?.saturating_add(micros(&totals.shipping_net)?);
        let verdict = self
            .approval_verdict(
                &mut tx,
                account,
                &currency,
                net,
                now,
                request.cost_centre.as_deref(),
            )
            .await?;
        let status = if verdict.reasons.is_empty() {
            OrderStatus::Placed
        } else {
            OrderStatus::AwaitingApproval
        };
        let inserted: Option<(i64,)> = sqlx::query_as(
            "INSERT INTO orders (customer_id, company_id, channel_id, idempotency_key, status, email, currency,
                 po_number, payment_method, payment_terms_days, shipping_method, shipping_address, billing_address,
                 subtotal_net_micros, shipping_net_micros, shipping_tax_micros, tax_micros, total_micros,
                 created_at, updated_at, pay_by, tax_treatment, tax_note, vat_id, cost_centre_id, cost_centre)
             VALUES ($1, $2, $3, $4, $23, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18,
                     $19, $20, $21, $22, $24, $25)
             ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id",
        )
        .bind(account.customer_id)
        .bind(account.company.as_ref().map(|c| c.id))
        .bind(shopper.channel.id)
        .bind(key)
        .bind(account.email.as_str())
        .bind(currency.code())
        .bind(po.as_ref().map(|p| p.as_str().to_owned()))
        .bind(payment.code())
        .bind(i64::from(terms))
        .bind(&method.name)
        .bind(to_json(&ship_to)?)
        .bind(to_json(&billing)?)
        .bind(micros(&totals.subtotal_net)?)
        .bind(micros(&totals.shipping_net)?)
        .bind(micros(&totals.shipping_tax)?)
        .bind(micros(&totals.tax)?)
        .bind(micros(&totals.total)?)
        .bind(now)
        .bind(pay_by)
        .bind(treatment.code())
        .bind(treatment.note().unwrap_or(""))
        .bind(vat_id.as_ref().map(|v| v.as_str().to_owned()))
        .bind(status.as_str())
        .bind(verdict.centre.as_ref().map(|c| c.id))
        .bind(verdict.centre.as_ref().map_or("", |c| c.label.as_str()))
        .fetch_optional(&mut **tx)
        .await?;
        let Some((order_id,)) = inserted else {
            // The same key committed meanwhile (a double click racing itself): that order is the answer.
            tx.rollback().await?;
            return self
                .placed_by_key(account.customer_id, key)
                .await?
                .ok_or_else(|| EngineError::Conflict("the order is being placed".into()));
        };
        if let Source::Quote(quote_id) = source {
            // Accepted once, while its prices hold: a second acceptance (another tab, another key) finds it taken.
            let taken = sqlx::query(
                "UPDATE quotes SET status = 'accepted', order_id = $1, updated_at = $2
                 WHERE id = $3 AND status = 'answered' AND valid_until >= $2",
            )
            .bind(order_id)
            .bind(now)
            .bind(quote_id)
            .execute(&mut **tx)
            .await?;
            if taken.rows_affected() == 0 {
                tx.rollback().await?;
                return Err(EngineError::Conflict(
                    "The quote was accepted, declined or expired meanwhile; look at it again."
                        .into(),
                ));
            }
            crate::quotes::quote_event(
                &mut tx,
                quote_id,
                domain::quotes::QuoteStatus::Accepted,
                now,
            )
            .await?;
        }
        let mut sorted: Vec<&Priced> = priced.iter().collect();
        // One lock order for every checkout, so two orders of the same variants never wait on each other.
        sorted.sort_by_key(|p| p.line.variant_id);
        for p in sorted {
            let (line_id,): (i64,) = sqlx::query_as(
                "INSERT INTO order_lines (order_id, variant_id, sku, product_name, variant_title, quantity,
                     unit_net_micros, line_net_micros, line_tax_micros, line_gross_micros)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(order_id)
            .bind(p.line.variant_id)
            .bind(&p.line.sku)
            .bind(&p.line.product_name)
            .bind(&p.line.variant_title)
            .bind(p.line.quantity)
            .bind(p.unit_net)
            .bind(micros(&p.amounts.net)?)
            .bind(micros(&p.amounts.tax)?)
            .bind(micros(&p.amounts.gross)?)
            .fetch_one(&mut **tx)
            .await?;
            let backordered = inventory::reserve(
                &mut tx,
                line_id,
                p.line.variant_id,
                &p.line.sku,
                p.line.quantity,
                shopper.channel.id,
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
        let why: Vec<&str> = verdict.reasons.iter().map(|r| r.label()).collect();
        let note = why.join("; ");
        sqlx::query(
            "INSERT INTO order_events (order_id, status, note, at) VALUES ($1, $2, $3, $4)",
        )
        .bind(order_id)
        .bind(status.as_str())
        .bind(&note)
        .bind(now)
        .execute(&mut **tx)
        .await?;
        crate::events::order_changed(&mut tx, order_id, status.as_str(), &note, now).await?;
        let number = number_of(order_id);
        let instructions = payments::instructions(
            provider.code(),
            &number,
            &totals.total,
            terms,
            &meta.profile,
        );
        let body = confirmation_email(
            &confirmation_head(account, &number, status),
            &priced,
            &totals,
            &ship_to,
            &instructions,
            treatment.note(),
        );
        let awaiting_approval = status == OrderStatus::AwaitingApproval;
        let subject = if awaiting_approval {
            let net = domain::approval::money_of(net, &currency);
            self.request_approval(&mut tx, account, order_id, &verdict, &net, now)
                .await?;
            format!("Order {number} waits for your company's approval")
        } else {
            format!("Order {number} received")
        };
        crate::mail::enqueue_about_order(
            &mut tx,
            order_id,
            account.email.as_str(),
            &subject,
            &body,
        )
        .await?;
        tx.commit().await?;
        Ok(PlacedOrder {
            number,
            instructions,
            awaiting_approval,
        })
    }

    async fn placed_by_key(
        &self,
        customer_id: i64,
        key: &str,
    ) -> EngineResult<Option<PlacedOrder>> {
        let row: Option<(i64, String, i64, String, i64, String)> = sqlx::query_as(
            "SELECT id, payment_method, payment_terms_days, currency, total_micros, status FROM orders
             WHERE customer_id = $1 AND idempotency_key = $2",
        )
        .bind(customer_id)
        .bind(key)
        .fetch_optional(&self.db.pool)
        .await?;
        let Some((id, payment, terms, currency, total, status)) = row else {
            return Ok(None);
        };
        let number = number_of(id);
        let total = Money::new(
            Decimal::new(total, 6).normalize(),
            domain::Currency::parse(&currency)?,
        );
        let terms = u16::try_from(terms).unwrap_or(30);
        let seller = self.shop_profile().await?;
        let instructions = payments::instructions(&payment, &number, &total, terms, &seller);
        Ok(Some(PlacedOrder {
            number,
            instructions,
            awaiting_approval: status == OrderStatus::AwaitingApproval.as_str(),
        }))
    }

    async fn price_lines(
        &self,
        shopper: &Shopper,
        lines: Vec<CheckoutLine>,
    ) -> EngineResult<Vec<Priced>> {
        let ids: Vec<i64> = lines.iter().map(|l| l.variant_id).collect();
        if let Some(sku) = self.unsold_skus(shopper, &ids).await?.first() {
            return Err(DomainError::new(
                "cart",
                format!("{sku} is not sold in this shop; remove it"),
            )
            .into());
        }
        let pricing = self.pricing_for_variants(shopper, &ids).await?;
        let meta = self.meta().await?;
        let mut priced = Vec::with_capacity(lines.len());
        for line in lines {
            let quantity = Quantity::parse(line.quantity)?;
            let quote = pricing
                .quote(&meta.tax, shopper, line.variant_id, quantity)
                .map_err(|e| match e {
                    EngineError::Domain(d) => {
                        DomainError::new("cart", format!("{}: {}", line.sku, d.message)).into()
                    }
                    other => other,
                })?
                .ok_or_else(|| {
                    DomainError::new(
                        "cart",
                        format!("{} is no longer sold here; remove it", line.sku),
                    )
                })?;
            priced.push(Priced {
                shown: quote.line_shown,
                unit_net: quote.unit_net.to_micros(),
                amounts: LineAmounts {
                    net: quote.line_net,
                    tax: quote.line_tax,
                    gross: quote.line_gross,
                },
                line,
            });
        }
        Ok(priced)
    }

    /// The VAT number of the company `account` buys for, if it has one on record.
    async fn company_vat_id(&self, account: &Account) -> EngineResult<Option<VatId>> {
        let Some(company) = &account.company else {
            return Ok(None);
        };
        let row: Option<(Option<String>,)> =
            sqlx::query_as("SELECT vat_id FROM companies WHERE id = $1")
                .bind(company.id)
                .fetch_optional(&self.db.pool)
                .await?;
        // Stored numbers were checked when written; one that no longer parses is treated as absent, so the
        // buyer is charged VAT rather than wrongly exempted.
        Ok(row
            .and_then(|(id,)| id)
            .and_then(|id| VatId::parse(&id).ok()))
    }

    /// The payment methods open to `account`: invoice on account only for a company the merchant approved.
    async fn payment_offers(
        &self,
        account: &Account,
    ) -> EngineResult<Vec<&'static dyn payments::PaymentProvider>> {
        let approved = match &account.company {
            Some(company) => {
                let row: Option<(i64,)> =
                    sqlx::query_as("SELECT invoice_approved FROM companies WHERE id = $1")
                        .bind(company.id)
                        .fetch_optional(&self.db.pool)
                        .await?;
                row.is_some_and(|(a,)| a != 0)
            }
            None => false,
        };
        let settings = self.payment_settings().await?;
        Ok(payments::providers()
            .into_iter()
            .filter(|p| p.enabled(&settings))
            .filter(|p| p.offered_to(account) && (approved || !p.extends_credit()))
            .collect())
    }

    /// Refuses an order on account that would take the company's open balance (its unpaid, uncancelled orders on
    /// account) past its credit limit. Runs in the order's transaction with the company's row locked, so two
    /// orders placed at once cannot both slip under the limit.
    async fn check_credit(
        &self,
        tx: &mut crate::db::WriteTx,
        account: &Account,
        currency: &domain::Currency,
        total: i64,
    ) -> EngineResult<()> {
        let Some(company) = &account.company else {
            return Ok(());
        };
        self.db
            .lock_rows(tx, "companies", "id", &[company.id])
            .await?;
        let (limit,): (Option<i64>,) =
            sqlx::query_as("SELECT credit_limit_micros FROM companies WHERE id = $1")
                .bind(company.id)
                .fetch_one(&mut ***tx)
                .await?;
        let Some(limit) = limit else {
            return Ok(());
        };
        let base = &self.config.currency;
        if currency != base {
            return Err(DomainError::new(
                "payment",
                format!(
                    "your company's account is kept in {}; pay this order by bank transfer",
                    base.code()
                ),
            )
            .into());
        }
        let open =
            crate::customers::open_balance_micros(&mut ***tx, company.id, base.code()).await?;
        if open.saturating_add(total) > limit {
            let money = |m: i64| Money::new(Decimal::new(m, 6).normalize(), base.clone()).display();
            return Err(DomainError::new(
                "payment",
                format!(
                    "this order would take your company's open balance to {}, beyond its credit limit of {}; \
                     pay by bank transfer or ask us to raise the limit",
                    money(open.saturating_add(total)),
                    money(limit)
                ),
            )
            .into());
        }
        Ok(())
    }

    /// Refuses an account that has not confirmed its email address yet.
    async fn require_confirmed_email(&self, account: &Account) -> EngineResult<()> {
        if !self.email_confirmed(account.customer_id).await? {
            return Err(EngineError::forbidden(
                "Please confirm your email address first: open the link we emailed you when you signed up \
                 (or use \"Forgot password\" to get a new one).",
            ));
        }
        Ok(())
    }

    async fn payment_terms(&self, account: &Account) -> EngineResult<u16> {
        let Some(company) = &account.company else {
            return Ok(0);
        };
        let (days,): (i64,) =
            sqlx::query_as("SELECT payment_terms_days FROM companies WHERE id = $1")
                .bind(company.id)
                .fetch_one(&self.db.pool)
                .await?;
        Ok(u16::try_from(days).unwrap_or(30))
    }
}

/// Keys come from our own form or an API client: 8 to 100 letters, digits, `-` and `_`.
fn checked_key(key: &str) -> EngineResult<&str> {
    let ok = (8..=100).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(key)
    } else {
        Err(DomainError::new(
            "idempotency_key",
            "must be 8 to 100 letters, digits, '-' or '_'",
        )
        .into())
    }
}

/// The storage form (micro-units) of an order amount; an amount storage cannot hold is refused, never clamped.
pub(crate) fn micros(money: &Money) -> EngineResult<i64> {
    money
        .amount
        .checked_mul(Decimal::from(1_000_000))
        .and_then(|scaled| i64::try_from(scaled.trunc()).ok())
        .ok_or_else(|| {
            DomainError::new("total", "is too large for one order; split the order").into()
        })
}

/// The sum of the lines' net amounts; a line in another currency is an error, never left out of the sum.
fn net_total(priced: &[Priced], currency: &domain::Currency) -> EngineResult<Money> {
    let mut total = Money::zero(currency.clone());
    for p in priced {
        total = total.checked_add(&p.amounts.net).ok_or_else(|| {
            DomainError::new(
                "currency",
                format!(
                    "{} is priced in another currency than the order",
                    p.line.sku
                ),
            )
        })?;
    }
    Ok(total)
}

/// Taxes each line as the delivery requires, from its net amount and its product's tax class.
fn retax(priced: &mut [Priced], treatment: &TaxTreatment, rates: &TaxRates) -> EngineResult<()> {
    for p in priced {
        let rate = treatment.rate_percent(rates, &TaxClass::parse(&p.line.tax_class)?)?;
        p.amounts = tax_line(p.amounts.net.clone(), rate)?;
    }
    Ok(())
}

fn to_json(address: &Address) -> EngineResult<String> {
    serde_json::to_string(address).map_err(|e| EngineError::Conflict(e.to_string()))
}

/// The confirmation's greeting: what happens next depends on whether the order waits for the company's approval.
fn confirmation_head(account: &Account, number: &str, status: OrderStatus) -> String {
    let next = if status == OrderStatus::AwaitingApproval {
        "It goes beyond a limit your company has set, so it waits for one of your company's administrators to \
         approve it; its goods are held meanwhile, and we email you their decision."
    } else {
        "We have received it and will confirm it shortly."
    };
    format!(
        "Hello {},\n\nthank you for your order {number}. {next}\n\n",
        account.name
    )
}

fn confirmation_email(
    head: &str,
    lines: &[Priced],
    totals: &OrderTotals,
    ship_to: &Address,
    instructions: &str,
    tax_note: Option<&str>,
) -> String {
    let lines: Vec<_> = lines
        .iter()
        .map(|p| {
            (
                p.line.quantity,
                p.line.product_name.as_str(),
                p.line.variant_title.as_str(),
                p.line.sku.as_str(),
                p.amounts.net.display(),
            )
        })
        .collect();
    head.to_owned() + &crate::orders::summary_text(&lines, totals, ship_to, instructions, tax_note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_storage_cannot_hold_is_refused_not_clamped() {
        let eur = domain::Currency::eur();
        let fine = Money::new(Decimal::new(123_456, 2), eur.clone());
        assert_eq!(micros(&fine).unwrap(), 1_234_560_000);
        let huge = Money::new(Decimal::from(i64::MAX / 1_000_000 + 1), eur.clone());
        assert!(matches!(micros(&huge), Err(EngineError::Domain(e)) if e.field == "total"));
        assert!(micros(&Money::new(Decimal::MAX, eur)).is_err());
    }
}
