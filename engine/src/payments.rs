//! How an order is paid. Kontor ships the two ways B2B buyers pay most — invoice on account with payment terms,
//! and bank transfer in advance — behind one interface, so a card provider can be added as another
//! [`PaymentProvider`] whose checkout redirects to the provider's hosted page: card data never touches Kontor.

use domain::{Account, Money, PaymentMethod};

use crate::settings::{PaymentSettings, ShopProfile};

/// What a buyer sees after placing an order with a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentStart {
    /// Nothing more to do now; the text says what happens next.
    Done(String),
    /// Continue at the provider (a hosted card page); the provider reports the outcome to Kontor later.
    Redirect(String),
}

/// A way to pay.
pub trait PaymentProvider: Send + Sync {
    /// Stable code stored on the order (`invoice`).
    fn code(&self) -> &'static str;
    /// Whether `account` may pay this way (`terms_days` is the company's payment terms).
    fn offered_to(&self, account: &Account) -> bool;
    /// The method as stored on the order.
    fn method(&self, terms_days: u16) -> PaymentMethod;
    /// What happens once the order is placed; `seller` is the shop's profile, with its bank details.
    fn start(
        &self,
        order_number: &str,
        total: &Money,
        terms_days: u16,
        seller: &ShopProfile,
    ) -> PaymentStart;
    /// Whether the shop's payment settings have this method switched on.
    fn enabled(&self, settings: &PaymentSettings) -> bool;
    /// Whether the goods ship only once the money arrives: such an order that stays unpaid expires.
    fn pays_in_advance(&self) -> bool {
        false
    }
    /// Whether the merchant extends credit: offered only to companies approved for it, within their limit.
    fn extends_credit(&self) -> bool {
        false
    }
}

/// Invoice on account: companies only, due after their payment terms.
pub struct Invoice;

impl PaymentProvider for Invoice {
    fn code(&self) -> &'static str {
        "invoice"
    }
    fn offered_to(&self, account: &Account) -> bool {
        account.company.is_some()
    }
    fn extends_credit(&self) -> bool {
        true
    }
    fn method(&self, terms_days: u16) -> PaymentMethod {
        PaymentMethod::Invoice { terms_days }
    }
    fn enabled(&self, settings: &PaymentSettings) -> bool {
        settings.invoice_enabled
    }
    fn start(
        &self,
        order_number: &str,
        total: &Money,
        terms_days: u16,
        _: &ShopProfile,
    ) -> PaymentStart {
        PaymentStart::Done(format!(
            "We will send an invoice for {} with the goods; it is due {terms_days} days after the invoice date. \
             Please quote order {order_number}.",
            total.display()
        ))
    }
}

/// Bank transfer in advance: anyone; the order ships once the money arrives.
pub struct BankTransfer;

impl PaymentProvider for BankTransfer {
    fn code(&self) -> &'static str {
        "bank_transfer"
    }
    fn offered_to(&self, _: &Account) -> bool {
        true
    }
    fn pays_in_advance(&self) -> bool {
        true
    }
    fn method(&self, _: u16) -> PaymentMethod {
        PaymentMethod::BankTransfer
    }
    fn enabled(&self, settings: &PaymentSettings) -> bool {
        settings.bank_transfer_enabled
    }
    fn start(
        &self,
        order_number: &str,
        total: &Money,
        _: u16,
        seller: &ShopProfile,
    ) -> PaymentStart {
        let account = [
            (!seller.iban.is_empty()).then(|| format!("IBAN {}", seller.iban)),
            (!seller.bic.is_empty()).then(|| format!("BIC {}", seller.bic)),
            (!seller.bank_name.is_empty()).then(|| seller.bank_name.clone()),
            (!seller.legal_name.is_empty()).then(|| seller.legal_name.clone()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
        let to = if account.is_empty() {
            String::new()
        } else {
            format!(" to {}", account.join(", "))
        };
        PaymentStart::Done(format!(
            "Please transfer {}{to}, reference {order_number}. We ship when it arrives.",
            total.display()
        ))
    }
}

/// What the buyer reads about paying an order: the provider's text for `code`, empty for an unknown one.
pub fn instructions(
    code: &str,
    order_number: &str,
    total: &Money,
    terms_days: u16,
    seller: &ShopProfile,
) -> String {
    providers()
        .into_iter()
        .find(|p| p.code() == code)
        .map(|p| match p.start(order_number, total, terms_days, seller) {
            PaymentStart::Done(text) | PaymentStart::Redirect(text) => text,
        })
        .unwrap_or_default()
}

/// The payment text for a placed order, for its confirmation page.
pub fn order_instructions(order: &domain::Order, seller: &ShopProfile) -> String {
    let terms = match order.payment {
        PaymentMethod::Invoice { terms_days } => terms_days,
        PaymentMethod::BankTransfer => 0,
    };
    instructions(
        order.payment.code(),
        &order.number,
        &order.totals.total,
        terms,
        seller,
    )
}

/// The providers this shop offers, in the order checkout lists them.
pub fn providers() -> [&'static dyn PaymentProvider; 2] {
    [&Invoice, &BankTransfer]
}
