//! What checkout shows and what placing an order answers.

use serde::{Deserialize, Serialize};

use crate::{Cart, SavedAddress, ShippingOption};

/// A payment method the buyer may choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentChoice {
    /// Provider code, posted by the form (`invoice`).
    pub code: String,
    /// What the buyer reads ("Invoice, net 30 days").
    pub label: String,
}

/// Everything the checkout page offers a signed-in buyer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutOptions {
    /// The cart being ordered, priced for the buyer now.
    pub cart: Option<Cart>,
    /// The buyer's (company's) address book.
    pub addresses: Vec<SavedAddress>,
    /// Shipping methods priced for this cart.
    pub shipping: Vec<ShippingOption>,
    /// Payment methods open to this buyer.
    pub payments: Vec<PaymentChoice>,
    /// Sent back with the order: the same key twice places one order.
    pub idempotency_key: String,
    /// Whether this buyer's role lets them order (viewers see checkout, but cannot place).
    pub can_order: bool,
    /// Whether the buyer's business registered and waits for the shop's approval before it may order.
    pub awaiting_approval: bool,
    /// The country a new address defaults to.
    pub country: String,
    /// The company's cost centres to charge the order to; empty when it keeps none.
    #[serde(default)]
    pub cost_centres: Vec<crate::cost_centre::CostCentre>,
}

/// The answer to placing an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacedOrder {
    /// The order's number.
    pub number: String,
    /// What happens next with payment, for the confirmation page.
    pub instructions: String,
    /// Whether it waits for the buyer's company to approve it.
    pub awaiting_approval: bool,
}
