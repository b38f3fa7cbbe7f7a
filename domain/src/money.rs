//! Exact money. Amounts are `rust_decimal::Decimal`, never floats, and travel as strings on the wire.
//!
//! **The rounding rule** (the only one in Kontor): a unit price keeps up to [`UnitPrice::MAX_SCALE`] decimal places,
//! because B2B prices per piece are often fractions of a cent. A *line total* is `unit price × quantity`, rounded
//! once to the currency's minor unit, half away from zero (`0.125 EUR → 0.13 EUR`). Every sum of money (cart
//! subtotal, order total) adds already-rounded line totals, so a printed invoice always adds up.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// An ISO 4217 currency code, such as `EUR`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

impl Currency {
    /// Parses a three-letter code; lower case is accepted and upper-cased.
    pub fn parse(code: &str) -> Result<Self, DomainError> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(DomainError::new(
                "currency",
                "must be a three-letter ISO 4217 code such as EUR",
            ));
        }
        Ok(Self(code))
    }

    /// The euro, the demo shop's currency.
    pub fn eur() -> Self {
        Self("EUR".to_owned())
    }

    /// The three-letter code.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// Decimal places of the currency's minor unit (ISO 4217): 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_units(&self) -> u32 {
        match self.0.as_str() {
            "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF"
            | "UGX" | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            _ => 2,
        }
    }

    /// Rounds an amount to this currency's minor unit by Kontor's one rule: half away from zero.
    /// The result always carries exactly the minor unit's digits (`12.5` becomes `12.50`), so it prints as money.
    pub fn round(&self, amount: Decimal) -> Decimal {
        let mut rounded = amount
            .round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        rounded.rescale(self.minor_units());
        rounded
    }

    fn symbol(&self) -> Option<&'static str> {
        match self.0.as_str() {
            "EUR" => Some("€"),
            "USD" => Some("$"),
            "GBP" => Some("£"),
            _ => None,
        }
    }
}

text_newtype!(Currency);

/// An amount in a currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The exact amount; serialized as a string such as `"12.50"`.
    pub amount: Decimal,
    /// The currency the amount is in.
    pub currency: Currency,
}

impl Money {
    /// An amount in `currency`.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Self { amount, currency }
    }

    /// Nothing, in `currency`: the start of every sum.
    pub fn zero(currency: Currency) -> Self {
        Self::new(Decimal::ZERO, currency)
    }

    /// Adds two amounts of the same currency; `None` when the currencies differ, because adding euros to dollars is
    /// a bug, never a number.
    pub fn checked_add(&self, other: &Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| Money::new(self.amount + other.amount, self.currency.clone()))
    }

    /// The amount for display: currency symbol, thousands separators, at least the minor unit's digits and any
    /// further non-zero digits a unit price carries (`€0.0375`).
    pub fn display(&self) -> String {
        let minor = self.currency.minor_units();
        let normalized = self.amount.normalize();
        let scale = normalized.scale().max(minor);
        let text = format!("{:.*}", scale as usize, self.amount.abs());
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
            None => (text, None),
        };
        let mut grouped = String::with_capacity(int_part.len() + int_part.len() / 3);
        for (i, c) in int_part.chars().enumerate() {
            if i > 0 && (int_part.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let number = match frac_part {
            Some(f) => format!("{grouped}.{f}"),
            None => grouped,
        };
        let sign = if self.amount.is_sign_negative() && !self.amount.is_zero() {
            "-"
        } else {
            ""
        };
        match self.currency.symbol() {
            Some(symbol) => format!("{sign}{symbol}{number}"),
            None => format!("{sign}{number} {}", self.currency.code()),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// A price per unit: non-negative, at most [`UnitPrice::MAX_AMOUNT`], at most [`UnitPrice::MAX_SCALE`] decimal
/// places, not yet rounded to the currency.
///
/// Every value went through [`UnitPrice::parse`] (deserializing does too), so these bounds hold for every
/// `UnitPrice` there is; [`UnitPrice::to_micros`] relies on them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Money", into = "Money")]
pub struct UnitPrice(Money);

impl UnitPrice {
    /// Decimal places a unit price may carry.
    pub const MAX_SCALE: u32 = 6;

    /// The largest unit price, in whole units of its currency: one billion.
    ///
    /// Money is stored as `i64` micro-units (at most about 9.2 × 10^18). A billion units is 10^15 micro-units, so
    /// every unit price converts to storage exactly, and even a line of 9,223 units at this price still fits: the
    /// room needed for totals, which are stored as micro-units too. A billion covers what a shop sells per piece
    /// in any currency, including those without minor units (a billion yen is several million euros); anything
    /// larger is a typo or an attack, and is refused rather than clamped to a number nobody entered. A quote adds
    /// tax to the net price, and a gross price above this limit is refused the same way.
    pub const MAX_AMOUNT: i64 = 1_000_000_000;

    /// [`UnitPrice::MAX_AMOUNT`] in micro-units, the largest stored price.
    pub const MAX_MICROS: i64 = Self::MAX_AMOUNT * 1_000_000;

    /// Validates an amount as a unit price: not negative, at most [`UnitPrice::MAX_AMOUNT`], at most
    /// [`UnitPrice::MAX_SCALE`] decimals. Errors name the field `price`. Zero is a valid unit price here (a
    /// price list's 100 % discount, a free sample); where a price is entered, the caller decides whether 0 is
    /// allowed.
    pub fn parse(amount: Decimal, currency: Currency) -> Result<Self, DomainError> {
        if amount.is_sign_negative() && !amount.is_zero() {
            return Err(DomainError::new("price", "must not be negative"));
        }
        if amount > Decimal::from(Self::MAX_AMOUNT) {
            return Err(DomainError::new(
                "price",
                format!("must be at most {}", Self::MAX_AMOUNT),
            ));
        }
        if amount.normalize().scale() > Self::MAX_SCALE {
            return Err(DomainError::new(
                "price",
                format!("may have at most {} decimal places", Self::MAX_SCALE),
            ));
        }
        Ok(Self(Money::new(amount.normalize(), currency)))
    }

    /// Builds a unit price from integer micro-units (millionths), the storage form; a stored amount outside the
    /// bounds of [`UnitPrice::parse`] is an error, as it would be on the way in.
    pub fn from_micros(micros: i64, currency: Currency) -> Result<Self, DomainError> {
        Self::parse(Decimal::new(micros, Self::MAX_SCALE), currency)
    }

    /// The price in integer micro-units, the storage form: exact for every unit price, never clamped.
    ///
    /// Infallible by construction: a `UnitPrice` has at most [`UnitPrice::MAX_SCALE`] (6) decimals, so scaling
    /// it to 6 decimals loses nothing and its mantissa is the amount in micro-units; it is at most
    /// [`UnitPrice::MAX_AMOUNT`], so that mantissa is at most [`UnitPrice::MAX_MICROS`] (10^15), far inside `i64`.
    pub fn to_micros(&self) -> i64 {
        let mut scaled = self.0.amount;
        scaled.rescale(Self::MAX_SCALE);
        i64::try_from(scaled.mantissa())
            .expect("a unit price is at most MAX_MICROS, which fits i64 (see UnitPrice::parse)")
    }

    /// The price as money.
    pub fn money(&self) -> &Money {
        &self.0
    }

    /// Whether the price is 0.
    pub fn is_zero(&self) -> bool {
        self.0.amount.is_zero()
    }

    /// `unit price × quantity`, rounded once to the currency's minor unit: the one rule for line totals. Cannot
    /// overflow: at most 10^9 × 2^32 is far inside `Decimal`'s range.
    pub fn line_total(&self, quantity: u32) -> Money {
        let currency = self.0.currency.clone();
        let amount = currency.round(self.0.amount * Decimal::from(quantity));
        Money::new(amount, currency)
    }
}

/// Deserializing checks a unit price like [`UnitPrice::parse`], so no bound can be skipped by sending JSON.
impl TryFrom<Money> for UnitPrice {
    type Error = DomainError;

    fn try_from(money: Money) -> Result<Self, Self::Error> {
        Self::parse(money.amount, money.currency)
    }
}

impl From<UnitPrice> for Money {
    fn from(price: UnitPrice) -> Self {
        price.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn eur(amount: &str) -> UnitPrice {
        UnitPrice::parse(Decimal::from_str(amount).unwrap(), Currency::eur()).unwrap()
    }

    #[test]
    fn a_currency_code_must_have_three_letters() {
        assert_eq!(Currency::parse("eur").unwrap().code(), "EUR");
        assert_eq!(Currency::parse("EURO").unwrap_err().field, "currency");
        assert!(Currency::parse("E1R").is_err());
    }

    #[test]
    fn currencies_know_their_minor_unit() {
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        assert_eq!(Currency::eur().minor_units(), 2);
    }

    #[test]
    fn a_midpoint_rounds_away_from_zero() {
        assert_eq!(
            Currency::eur()
                .round(Decimal::from_str("0.125").unwrap())
                .to_string(),
            "0.13"
        );
        assert_eq!(
            Currency::eur()
                .round(Decimal::from_str("-0.125").unwrap())
                .to_string(),
            "-0.13"
        );
    }

    #[test]
    fn a_line_total_is_rounded_once_after_multiplying() {
        // 0.0375 × 7 = 0.2625 → 0.26; rounding the unit price first would give 0.04 × 7 = 0.28.
        assert_eq!(eur("0.0375").line_total(7).amount.to_string(), "0.26");
    }

    #[test]
    fn a_negative_price_is_rejected() {
        let err = UnitPrice::parse(Decimal::from(-1), Currency::eur()).unwrap_err();
        assert_eq!(err.field, "price");
    }

    #[test]
    fn a_price_with_more_than_six_decimals_is_rejected() {
        assert!(
            UnitPrice::parse(Decimal::from_str("0.1234567").unwrap(), Currency::eur()).is_err()
        );
        assert!(UnitPrice::parse(Decimal::from_str("0.123456").unwrap(), Currency::eur()).is_ok());
    }

    #[test]
    fn micros_round_trip_exactly() {
        let price = eur("12.345678");
        assert_eq!(price.to_micros(), 12_345_678);
        assert_eq!(
            UnitPrice::from_micros(12_345_678, Currency::eur()).unwrap(),
            price
        );
    }

    #[test]
    fn a_price_above_the_maximum_is_refused_naming_price() {
        let limit = Decimal::from(UnitPrice::MAX_AMOUNT);
        assert!(UnitPrice::parse(limit, Currency::eur()).is_ok());
        for too_much in [
            limit + Decimal::new(1, 6),
            Decimal::from(10_000_000_000_000_i64),
            Decimal::MAX,
        ] {
            let err = UnitPrice::parse(too_much, Currency::eur()).unwrap_err();
            assert_eq!(err.field, "price", "{too_much}");
            assert_eq!(err.message, "must be at most 1000000000");
        }
    }

    #[test]
    fn the_largest_prices_convert_to_micros_exactly() {
        assert_eq!(eur("1000000000").to_micros(), 1_000_000_000_000_000);
        assert_eq!(eur("999999999.999999").to_micros(), 999_999_999_999_999);
        assert_eq!(eur("0").to_micros(), 0);
        assert_eq!(UnitPrice::MAX_MICROS, 1_000_000_000_000_000);
    }

    #[test]
    fn a_stored_amount_above_the_maximum_is_an_error_not_a_price() {
        let err = UnitPrice::from_micros(i64::MAX, Currency::eur()).unwrap_err();
        assert_eq!(err.field, "price");
        assert!(UnitPrice::from_micros(UnitPrice::MAX_MICROS + 1, Currency::eur()).is_err());
        assert!(UnitPrice::from_micros(-1, Currency::eur()).is_err());
    }

    #[test]
    fn deserializing_checks_a_unit_price_like_parsing() {
        let ok: UnitPrice = serde_json::from_str(r#"{"amount":"12.5","currency":"EUR"}"#).unwrap();
        assert_eq!(ok, eur("12.5"));
        assert_eq!(
            serde_json::to_string(&ok).unwrap(),
            r#"{"amount":"12.5","currency":"EUR"}"#
        );
        for bad in [
            r#"{"amount":"-1","currency":"EUR"}"#,
            r#"{"amount":"1000000000.5","currency":"EUR"}"#,
            r#"{"amount":"0.1234567","currency":"EUR"}"#,
        ] {
            let err = serde_json::from_str::<UnitPrice>(bad).unwrap_err();
            assert!(err.to_string().starts_with("price: "), "{bad}: {err}");
        }
    }

    #[test]
    fn money_displays_with_symbol_grouping_and_extra_digits() {
        assert_eq!(eur("1234567.5").money().display(), "€1,234,567.50");
        assert_eq!(eur("0.0375").money().display(), "€0.0375");
        assert_eq!(eur("12").money().display(), "€12.00");
        let chf = Money::new(
            Decimal::from_str("9.9").unwrap(),
            Currency::parse("CHF").unwrap(),
        );
        assert_eq!(chf.display(), "9.90 CHF");
    }

    #[test]
    fn adding_different_currencies_is_refused() {
        let usd = Money::zero(Currency::parse("USD").unwrap());
        assert!(Money::zero(Currency::eur()).checked_add(&usd).is_none());
    }

    #[test]
    fn amounts_travel_as_strings() {
        let json = serde_json::to_string(&eur("12.5").line_total(1)).unwrap();
        assert_eq!(json, r#"{"amount":"12.50","currency":"EUR"}"#);
    }

    proptest! {
        #[test]
        fn a_line_total_is_within_half_a_cent_of_the_exact_product(micros in 0i64..10_000_000_000, qty in 1u32..100_000) {
            let price = UnitPrice::from_micros(micros, Currency::eur()).unwrap();
            let exact = price.money().amount * Decimal::from(qty);
            let total = price.line_total(qty).amount;
            prop_assert!((total - exact).abs() <= Decimal::from_str("0.005").unwrap());
            prop_assert!(total.scale() <= 2);
        }

        #[test]
        fn micros_round_trip_for_every_valid_price(micros in 0i64..=UnitPrice::MAX_MICROS) {
            let price = UnitPrice::from_micros(micros, Currency::eur()).unwrap();
            prop_assert_eq!(price.to_micros(), micros);
        }

        #[test]
        fn every_amount_above_the_maximum_is_refused(micros in UnitPrice::MAX_MICROS + 1..=i64::MAX) {
            let err = UnitPrice::from_micros(micros, Currency::eur()).unwrap_err();
            prop_assert_eq!(err.field, "price");
        }
    }
}
