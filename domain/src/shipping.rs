//! Shipping methods and their rates: flat, by weight, free above an order value.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Currency, DomainError, Money};

/// How a method is charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ShippingRate {
    /// One price per order.
    Flat {
        /// Net price.
        price: Decimal,
    },
    /// A base price plus a price per started kilogram (freight).
    ByWeight {
        /// Net base price.
        base: Decimal,
        /// Net price per started kilogram.
        per_kg: Decimal,
    },
}

/// A way to ship, in one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingMethod {
    /// Stable code, posted by checkout.
    pub code: String,
    /// Name for people.
    pub name: String,
    /// How it is charged.
    pub rate: ShippingRate,
    /// Net order value from which it is free.
    pub free_above: Option<Decimal>,
    /// Currency of every amount.
    pub currency: Currency,
    /// ISO 3166-1 codes of the countries it delivers to: a carrier's contract covers named countries, and the
    /// tax on a delivery depends on where it goes.
    pub countries: Vec<String>,
}

impl ShippingMethod {
    /// Whether the method delivers to `country` (ISO 3166-1 alpha-2, any case).
    pub fn serves(&self, country: &str) -> bool {
        self.countries
            .iter()
            .any(|c| c.eq_ignore_ascii_case(country.trim()))
    }

    /// `Ok` if the method delivers to `country`, else an error naming `shipping_method`.
    pub fn check_serves(&self, country: &str) -> Result<(), DomainError> {
        if self.serves(country) {
            return Ok(());
        }
        Err(DomainError::new(
            "shipping_method",
            format!(
                "{} does not deliver to {}; it delivers to {}",
                self.name,
                country.trim().to_ascii_uppercase(),
                self.countries.join(", ")
            ),
        ))
    }

    /// The net price for an order of `subtotal_net` weighing `weight_grams`.
    pub fn price(&self, subtotal_net: &Money, weight_grams: u64) -> Result<Money, DomainError> {
        if subtotal_net.currency != self.currency {
            return Err(DomainError::new(
                "currency",
                "the order is in another currency than this method",
            ));
        }
        if self
            .free_above
            .is_some_and(|limit| subtotal_net.amount >= limit)
        {
            return Ok(Money::zero(self.currency.clone()));
        }
        let amount = match &self.rate {
            ShippingRate::Flat { price } => *price,
            ShippingRate::ByWeight { base, per_kg } => {
                *base + *per_kg * Decimal::from(weight_grams.div_ceil(1000))
            }
        };
        Ok(Money::new(
            self.currency.round(amount),
            self.currency.clone(),
        ))
    }

    /// One line for the checkout page.
    pub fn describe(&self) -> String {
        let c = self.currency.code();
        let mut text = match &self.rate {
            ShippingRate::Flat { price } => format!("{price:.2} {c}"),
            ShippingRate::ByWeight { base, per_kg } => {
                format!("{base:.2} {c} plus {per_kg:.2} {c} per kg")
            }
        };
        if let Some(limit) = self.free_above {
            text.push_str(&format!(", free from {limit:.2} {c}"));
        }
        text
    }
}

/// A method as checkout offers it, priced for the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingOption {
    /// Method code.
    pub code: String,
    /// Method name.
    pub name: String,
    /// Net price for this cart.
    pub price: Money,
    /// How it is charged.
    pub description: String,
    /// ISO 3166-1 codes of the countries it delivers to.
    pub countries: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(rate: ShippingRate, free_above: Option<i64>) -> ShippingMethod {
        ShippingMethod {
            code: "m".into(),
            name: "M".into(),
            rate,
            free_above: free_above.map(Decimal::from),
            currency: Currency::eur(),
            countries: vec!["DE".into(), "AT".into()],
        }
    }

    #[test]
    fn a_method_delivers_only_to_the_countries_it_names() {
        let m = method(
            ShippingRate::Flat {
                price: Decimal::ONE,
            },
            None,
        );
        assert!(m.serves("de") && m.serves("AT"));
        assert!(!m.serves("CH"));
        let err = m.check_serves("ch").unwrap_err();
        assert_eq!(err.field, "shipping_method");
        assert!(err.message.contains("CH") && err.message.contains("DE, AT"));
    }

    fn eur(units: i64) -> Money {
        Money::new(Decimal::from(units), Currency::eur())
    }

    #[test]
    fn a_flat_rate_is_free_from_the_threshold_on() {
        let m = method(
            ShippingRate::Flat {
                price: Decimal::new(950, 2),
            },
            Some(250),
        );
        assert_eq!(m.price(&eur(249), 0).unwrap().amount, Decimal::new(950, 2));
        assert_eq!(m.price(&eur(250), 0).unwrap().amount, Decimal::ZERO);
    }

    #[test]
    fn freight_is_charged_per_started_kilogram() {
        let m = method(
            ShippingRate::ByWeight {
                base: Decimal::from(25),
                per_kg: Decimal::new(80, 2),
            },
            None,
        );
        assert_eq!(m.price(&eur(10), 0).unwrap().amount, Decimal::from(25));
        assert_eq!(
            m.price(&eur(10), 1000).unwrap().amount,
            Decimal::new(2580, 2)
        );
        assert_eq!(
            m.price(&eur(10), 1001).unwrap().amount,
            Decimal::new(2660, 2)
        );
    }

    #[test]
    fn another_currency_is_refused() {
        let m = method(
            ShippingRate::Flat {
                price: Decimal::ONE,
            },
            None,
        );
        let chf = Money::new(Decimal::ONE, Currency::parse("CHF").unwrap());
        assert_eq!(m.price(&chf, 0).unwrap_err().field, "currency");
    }
}
