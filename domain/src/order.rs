//! Orders: the state machine, payment methods, totals and the views buyers read.

mod filter;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Address, CompanyRef, Currency, DomainError, Money, PageInfo, Sku};

pub use filter::{OrderFilter, calendar_day, day_ms, utc_timestamp};

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed beyond a limit, budget or rule of the buyer's company: its stock is held while one of the company's
    /// approvers decides.
    AwaitingApproval,
    /// Placed by the buyer (or approved by their company); stock is reserved.
    Placed,
    /// Accepted by the merchant.
    Confirmed,
    /// Some units have left the warehouse.
    PartiallyShipped,
    /// Everything has left the warehouse.
    Shipped,
    /// The carrier delivered it.
    Delivered,
    /// Cancelled before anything shipped; reservations released.
    Cancelled,
    /// Declined by the buyer's company (or by no decision in time); reservations released.
    Declined,
}

impl OrderStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [OrderStatus; 8] = [
        OrderStatus::AwaitingApproval,
        OrderStatus::Placed,
        OrderStatus::Confirmed,
        OrderStatus::PartiallyShipped,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
        OrderStatus::Cancelled,
        OrderStatus::Declined,
    ];

    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::AwaitingApproval => "awaiting_approval",
            OrderStatus::Placed => "placed",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::PartiallyShipped => "partially_shipped",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Declined => "declined",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            OrderStatus::AwaitingApproval => "Awaiting approval",
            OrderStatus::Placed => "Placed",
            OrderStatus::Confirmed => "Confirmed",
            OrderStatus::PartiallyShipped => "Partially shipped",
            OrderStatus::Shipped => "Shipped",
            OrderStatus::Delivered => "Delivered",
            OrderStatus::Cancelled => "Cancelled",
            OrderStatus::Declined => "Declined",
        }
    }

    /// Parses the stored form.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| DomainError::new("status", format!("{text:?} is not an order status")))
    }

    /// The one table of allowed steps. An order awaiting approval is approved (placed), declined, or withdrawn by
    /// its buyer (cancelled); nothing is cancelled once goods have left; delivered, cancelled and declined are
    /// final; another partial shipment keeps an order partially shipped.
    pub fn can_become(self, next: OrderStatus) -> bool {
        use OrderStatus::*;
        matches!(
            (self, next),
            (AwaitingApproval, Placed)
                | (AwaitingApproval, Declined)
                | (AwaitingApproval, Cancelled)
                | (Placed, Confirmed)
                | (Placed, Cancelled)
                | (Confirmed, PartiallyShipped)
                | (Confirmed, Shipped)
                | (Confirmed, Cancelled)
                | (PartiallyShipped, PartiallyShipped)
                | (PartiallyShipped, Shipped)
                | (Shipped, Delivered)
        )
    }

    /// `next` if the step is allowed, else an error on `status` saying why not.
    pub fn transition(self, next: OrderStatus) -> Result<OrderStatus, DomainError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(DomainError::new(
                "status",
                format!(
                    "a {} order cannot become {}",
                    self.label().to_lowercase(),
                    next.label().to_lowercase()
                ),
            ))
        }
    }

    /// Whether nothing can happen to the order any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OrderStatus::Delivered | OrderStatus::Cancelled | OrderStatus::Declined
        )
    }
}

/// Whether the money for an order has arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    /// Less than the total has been recorded.
    Unpaid,
    /// Payments recorded add up to the total.
    Paid,
}

impl PaymentStatus {
    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Unpaid => "unpaid",
            PaymentStatus::Paid => "paid",
        }
    }

    /// Reads the stored form.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        match text {
            "unpaid" => Ok(PaymentStatus::Unpaid),
            "paid" => Ok(PaymentStatus::Paid),
            _ => Err(DomainError::new("payment_status", "must be unpaid or paid")),
        }
    }

    /// The status once `paid` of `total` (both in micro-units) has been recorded.
    pub fn after(paid: i64, total: i64) -> Self {
        if paid >= total {
            PaymentStatus::Paid
        } else {
            PaymentStatus::Unpaid
        }
    }
}

/// How an order is paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentMethod {
    /// On account: invoiced, due `terms_days` after the invoice.
    Invoice {
        /// Payment terms in days (net 30).
        terms_days: u16,
    },
    /// Bank transfer before shipping.
    BankTransfer,
}

impl PaymentMethod {
    /// Stored form.
    pub fn code(&self) -> &'static str {
        match self {
            PaymentMethod::Invoice { .. } => "invoice",
            PaymentMethod::BankTransfer => "bank_transfer",
        }
    }

    /// For people.
    pub fn label(&self) -> String {
        match self {
            PaymentMethod::Invoice { terms_days } => format!("Invoice, net {terms_days} days"),
            PaymentMethod::BankTransfer => "Bank transfer in advance".to_owned(),
        }
    }
}

/// The buyer's own purchase-order number, printed on the invoice so their accounts payable can match it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PoNumber(String);

impl PoNumber {
    /// 1 to 64 printable characters.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let value = input.trim();
        if value.is_empty() || value.chars().count() > 64 || value.chars().any(char::is_control) {
            return Err(DomainError::new(
                "po_number",
                "must be 1 to 64 printable characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(PoNumber);

/// One line's charged amounts, as the pricing engine computed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineAmounts {
    /// Net.
    pub net: Money,
    /// Tax.
    pub tax: Money,
    /// Net plus tax.
    pub gross: Money,
}

/// An order's totals. Sums of rounded line amounts plus shipping, whose tax is rounded once: the invoice adds up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderTotals {
    /// Sum of line nets.
    pub subtotal_net: Money,
    /// Shipping, net.
    pub shipping_net: Money,
    /// Tax on shipping.
    pub shipping_tax: Money,
    /// All tax: lines and shipping.
    pub tax: Money,
    /// What the buyer pays.
    pub total: Money,
}

impl OrderTotals {
    /// Totals of `lines` plus `shipping_net` taxed at `shipping_tax_rate` (a fraction: 0.19).
    pub fn compute(
        lines: &[LineAmounts],
        shipping_net: Money,
        shipping_tax_rate: Decimal,
        currency: &Currency,
    ) -> Result<OrderTotals, DomainError> {
        let wrong = || DomainError::new("currency", "every amount must be in the order's currency");
        let mut subtotal = Money::zero(currency.clone());
        let mut tax = Money::zero(currency.clone());
        for line in lines {
            subtotal = subtotal.checked_add(&line.net).ok_or_else(wrong)?;
            tax = tax.checked_add(&line.tax).ok_or_else(wrong)?;
        }
        if &shipping_net.currency != currency {
            return Err(wrong());
        }
        let shipping_tax = Money::new(
            currency.round(shipping_net.amount * shipping_tax_rate),
            currency.clone(),
        );
        let tax = tax.checked_add(&shipping_tax).ok_or_else(wrong)?;
        let total = Money::new(
            subtotal.amount + shipping_net.amount + tax.amount,
            currency.clone(),
        );
        Ok(OrderTotals {
            subtotal_net: subtotal,
            shipping_net,
            shipping_tax,
            tax,
            total,
        })
    }
}

/// A line of a placed order, as it was sold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    /// SKU.
    pub sku: Sku,
    /// Product name at the time of the order.
    pub product_name: String,
    /// Variant label.
    pub variant_title: String,
    /// Units ordered.
    pub quantity: u32,
    /// Net unit price.
    pub unit_price: Money,
    /// Net line total.
    pub line_net: Money,
    /// Tax on the line.
    pub line_tax: Money,
    /// Gross line total.
    pub line_gross: Money,
    /// Units shipped so far.
    pub shipped: u32,
    /// Units that were not in stock when ordered.
    pub backordered: u32,
}

/// A parcel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// Shipment id.
    pub id: i64,
    /// Carrier name.
    pub carrier: String,
    /// Carrier's tracking number.
    pub tracking_number: String,
    /// When it left, epoch milliseconds.
    pub shipped_at_ms: i64,
    /// SKUs and units in it.
    pub lines: Vec<(Sku, u32)>,
}

/// One order in full: detail page, invoice, API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order number.
    pub number: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// When it was placed, epoch milliseconds.
    pub placed_at_ms: i64,
    /// The company it was placed for.
    pub company: Option<CompanyRef>,
    /// Email of the person who placed it.
    pub placed_by: String,
    /// The buyer's purchase-order number.
    pub po_number: Option<PoNumber>,
    /// How it is paid.
    pub payment: PaymentMethod,
    /// Whether it is paid.
    pub payment_status: PaymentStatus,
    /// Shipping method name.
    pub shipping_method: String,
    /// Delivery address.
    pub shipping_address: Address,
    /// Invoice address.
    pub billing_address: Address,
    /// Lines.
    pub lines: Vec<OrderLine>,
    /// Totals.
    pub totals: OrderTotals,
    /// Currency of every amount.
    pub currency: Currency,
    /// Parcels sent.
    pub shipments: Vec<Shipment>,
    /// When an invoice is due, epoch milliseconds.
    pub due_at_ms: Option<i64>,
    /// Why no VAT is charged (reverse charge, export), as the invoice must state it; `None` when VAT is charged.
    pub tax_note: Option<String>,
    /// The buyer's VAT number at the time of the order, printed on the invoice.
    pub vat_id: Option<String>,
    /// The cost centre it is charged to, code and name as they were when it was placed.
    #[serde(default)]
    pub cost_centre: Option<String>,
}

/// An order in the history list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    /// Order number.
    pub number: String,
    /// Where it stands.
    pub status: OrderStatus,
    /// When it was placed.
    pub placed_at_ms: i64,
    /// Who placed it.
    pub placed_by: String,
    /// The buyer's PO number.
    pub po_number: Option<PoNumber>,
    /// What it costs.
    pub total: Money,
    /// Units over all lines.
    pub item_count: u64,
}

/// One page of the order history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderList {
    /// The orders, newest first.
    pub orders: Vec<OrderSummary>,
    /// Where this page is.
    pub page: PageInfo,
}

/// What reordering put back into the cart, and what it could not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReorderReport {
    /// SKUs added with their quantities.
    pub added: Vec<(Sku, u32)>,
    /// SKUs left out, with the reason in words.
    pub unavailable: Vec<(String, String)>,
}

#[cfg(test)]
mod tests;
