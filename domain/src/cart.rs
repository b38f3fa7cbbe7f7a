//! Carts: quantities, lines and totals.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{Currency, DomainError, Money, Sku, Slug, UnitPrice};

/// How many units of a variant a cart line holds: at least 1, at most [`Quantity::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Quantity(u32);

impl Quantity {
    /// The most units one line may hold; larger orders are a call to sales, not a typo.
    pub const MAX: u32 = 100_000;

    /// Validates a quantity typed by a buyer or sent by a client.
    pub fn parse(value: i64) -> Result<Self, DomainError> {
        if value < 1 {
            return Err(DomainError::new("quantity", "must be at least 1"));
        }
        if value > i64::from(Self::MAX) {
            return Err(DomainError::new(
                "quantity",
                format!("must be at most {}", Self::MAX),
            ));
        }
        Ok(Self(value as u32))
    }

    /// Parses a quantity from form text.
    pub fn parse_str(text: &str) -> Result<Self, DomainError> {
        let value: i64 = text
            .trim()
            .parse()
            .map_err(|_| DomainError::new("quantity", "must be a whole number"))?;
        Self::parse(value)
    }

    /// The number of units.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Quantity {
    type Error = DomainError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Quantity> for u32 {
    fn from(value: Quantity) -> Self {
        value.0
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// The secret that identifies a guest cart (kept in a cookie): 32 lower-case hex digits, unguessable.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CartToken(String);

impl CartToken {
    /// Validates a token read from a cookie or a URL.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let ok = text.len() == 32
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
        if !ok {
            return Err(DomainError::new("cart", "is not a valid cart token"));
        }
        Ok(Self(text.to_owned()))
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

// No Display: a cart token is a bearer secret and must not end up in a log line by accident.
text_newtype!(CartToken, secret);

/// One line of a cart: a variant, its current unit price and a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// The variant's storage id.
    pub variant_id: i64,
    /// The variant's SKU.
    pub sku: Sku,
    /// The product's name.
    pub product_name: String,
    /// The product's slug, to link back to it.
    pub product_slug: Slug,
    /// The variant's label (`Box of 100`).
    pub variant_title: String,
    /// Current unit price, exact.
    pub unit_price: UnitPrice,
    /// Units in the cart.
    pub quantity: Quantity,
    /// `unit_price × quantity`, rounded to the currency by the one rule in [`crate::money`].
    pub line_total: Money,
    /// Units on hand now, so the cart can warn before checkout.
    pub on_hand: i64,
    /// The unit price the buyer saw before, when the price has changed since (a price list ended, a tier or
    /// the buyer's company changed): shown next to the new one rather than applied silently.
    #[serde(default)]
    pub previous_unit_price: Option<UnitPrice>,
    /// Whether units beyond the stock are taken as a backorder.
    #[serde(default)]
    pub backorder: bool,
}

impl CartLine {
    /// Builds a line, computing its total.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        variant_id: i64,
        sku: Sku,
        product_name: String,
        product_slug: Slug,
        variant_title: String,
        unit_price: UnitPrice,
        quantity: Quantity,
        on_hand: i64,
    ) -> Self {
        let line_total = unit_price.line_total(quantity.get());
        Self {
            variant_id,
            sku,
            product_name,
            product_slug,
            variant_title,
            unit_price,
            quantity,
            line_total,
            on_hand,
            previous_unit_price: None,
            backorder: false,
        }
    }

    /// Whether the quantity wanted is more than is on hand and cannot be backordered.
    pub fn exceeds_stock(&self) -> bool {
        !self.backorder && i64::from(self.quantity.get()) > self.on_hand
    }
}

/// A cart with its totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// The cart's secret token.
    pub token: CartToken,
    /// The currency every line is priced in.
    pub currency: Currency,
    /// Lines in the order they were added.
    pub lines: Vec<CartLine>,
    /// Sum of the rounded line totals.
    pub subtotal: Money,
    /// Units over all lines.
    pub item_count: u64,
}

impl Cart {
    /// Builds a cart from its lines; lines in another currency are a bug and are refused.
    pub fn new(
        token: CartToken,
        currency: Currency,
        lines: Vec<CartLine>,
    ) -> Result<Self, DomainError> {
        let mut subtotal = Money::zero(currency.clone());
        for line in &lines {
            subtotal = subtotal.checked_add(&line.line_total).ok_or_else(|| {
                DomainError::new("currency", "every line must be in the cart's currency")
            })?;
        }
        let item_count = lines.iter().map(|l| u64::from(l.quantity.get())).sum();
        Ok(Self {
            token,
            currency,
            lines,
            subtotal,
            item_count,
        })
    }

    /// An empty cart.
    pub fn empty(token: CartToken, currency: Currency) -> Self {
        Self {
            token,
            subtotal: Money::zero(currency.clone()),
            currency,
            lines: Vec::new(),
            item_count: 0,
        }
    }

    /// Whether the cart holds nothing.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn line(id: i64, price: &str, qty: u32) -> CartLine {
        CartLine::new(
            id,
            Sku::parse(&format!("SKU-{id}")).unwrap(),
            "Hex bolt".into(),
            Slug::parse("hex-bolt").unwrap(),
            "Box of 100".into(),
            UnitPrice::parse(Decimal::from_str(price).unwrap(), Currency::eur()).unwrap(),
            Quantity::parse(i64::from(qty)).unwrap(),
            100,
        )
    }

    fn token() -> CartToken {
        CartToken::parse("0123456789abcdef0123456789abcdef").unwrap()
    }

    #[test]
    fn a_negative_quantity_is_rejected() {
        assert_eq!(Quantity::parse(-1).unwrap_err().field, "quantity");
        assert!(Quantity::parse(0).is_err());
    }

    #[test]
    fn a_quantity_above_the_maximum_is_rejected() {
        assert!(Quantity::parse(100_001).is_err());
        assert!(Quantity::parse(100_000).is_ok());
    }

    #[test]
    fn form_text_that_is_not_a_number_names_the_quantity_field() {
        let err = Quantity::parse_str("ten").unwrap_err();
        assert_eq!(err.field, "quantity");
        assert_eq!(Quantity::parse_str(" 12 ").unwrap().get(), 12);
    }

    #[test]
    fn a_cart_token_must_be_32_hex_digits() {
        assert!(CartToken::parse("0123456789abcdef0123456789abcdef").is_ok());
        assert!(CartToken::parse("0123456789ABCDEF0123456789abcdef").is_err());
        assert!(CartToken::parse("short").is_err());
    }

    #[test]
    fn the_subtotal_adds_rounded_line_totals() {
        // 0.0375 × 7 = 0.2625 → 0.26 and 0.0375 × 9 = 0.3375 → 0.34: 0.60, while the exact sum rounds to 0.60 too
        // here; 0.005 × 1 twice rounds each line to 0.01 for 0.02, where the exact sum would be 0.01.
        let cart = Cart::new(
            token(),
            Currency::eur(),
            vec![line(1, "0.005", 1), line(2, "0.005", 1)],
        )
        .unwrap();
        assert_eq!(cart.subtotal.amount.to_string(), "0.02");
        assert_eq!(cart.item_count, 2);
    }

    #[test]
    fn a_line_in_another_currency_is_refused() {
        let mut usd = line(1, "1", 1);
        usd.line_total.currency = Currency::parse("USD").unwrap();
        assert_eq!(
            Cart::new(token(), Currency::eur(), vec![usd])
                .unwrap_err()
                .field,
            "currency"
        );
    }

    #[test]
    fn a_line_beyond_stock_is_flagged() {
        let mut l = line(1, "1", 5);
        l.on_hand = 4;
        assert!(l.exceeds_stock());
    }

    proptest! {
        #[test]
        fn the_subtotal_equals_the_sum_of_line_totals(lines in proptest::collection::vec((0i64..1_000_000_000, 1u32..1000), 0..20)) {
            let lines: Vec<CartLine> = lines.iter().enumerate().map(|(i, (micros, qty))| {
                let price = Decimal::new(*micros, 6).to_string();
                line(i as i64, &price, *qty)
            }).collect();
            let expected: Decimal = lines.iter().map(|l| l.line_total.amount).sum();
            let cart = Cart::new(token(), Currency::eur(), lines).unwrap();
            prop_assert_eq!(cart.subtotal.amount, expected);
            prop_assert!(cart.subtotal.amount.scale() <= 2);
        }
    }
}
