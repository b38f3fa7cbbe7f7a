//! The explanation that travels with every price: what each step did, and the unit price after it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::tax::TaxClass;
use crate::{Currency, Money};

/// One step from the base price to the price charged, in order: base → price list or discount → tier → tax.
///
/// Every `amount` is the exact **unit** price after the step (net until the tax step, gross after it), in the
/// quote's currency, as a decimal string on the wire. Steps that did not happen are absent: no list applied means
/// no `price_list` step. On the wire the variant is named by `"step"`: `{"step":"tier","min_quantity":100,…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum PriceStep {
    /// The variant's base price in the buyer's currency, before any list or tier.
    Base {
        /// The base unit price.
        amount: Decimal,
    },
    /// A price list replaced the base price with a fixed price.
    PriceList {
        /// The list's id.
        price_list_id: i64,
        /// The list's name, as the buyer may see it.
        name: String,
        /// The list's unit price.
        amount: Decimal,
    },
    /// A price list took a percentage off the base price.
    Discount {
        /// The list's id.
        price_list_id: i64,
        /// The list's name, as the buyer may see it.
        name: String,
        /// Percent off.
        percent: Decimal,
        /// The discounted unit price, reduced to 6 decimals.
        amount: Decimal,
    },
    /// A volume break applied.
    Tier {
        /// The quantity from which the break applies.
        min_quantity: u32,
        /// The unit price from that quantity on (after the list's discount, if any).
        amount: Decimal,
    },
    /// Tax for the buyer's country; present whether prices are shown with or without tax, so the rate is always
    /// visible.
    Tax {
        /// ISO 3166-1 alpha-2 country code.
        country: String,
        /// The product's tax class.
        class: TaxClass,
        /// The rate in percent.
        rate_percent: Decimal,
        /// The gross unit price, reduced to 6 decimals.
        amount: Decimal,
    },
}

impl PriceStep {
    /// The unit price after this step.
    pub fn amount(&self) -> Decimal {
        match self {
            PriceStep::Base { amount }
            | PriceStep::PriceList { amount, .. }
            | PriceStep::Discount { amount, .. }
            | PriceStep::Tier { amount, .. }
            | PriceStep::Tax { amount, .. } => *amount,
        }
    }

    /// One line of "why this price" for the product page, such as `From 100 units: €3.60`. English for now;
    /// a translated storefront renders the structured step itself.
    pub fn describe(&self, currency: &Currency) -> String {
        let money = Money::new(self.amount(), currency.clone()).display();
        match self {
            PriceStep::Base { .. } => format!("Base price: {money}"),
            PriceStep::PriceList { name, .. } => format!("{name}: {money}"),
            PriceStep::Discount { name, percent, .. } => {
                format!("{name}, {}% off: {money}", percent.normalize())
            }
            PriceStep::Tier { min_quantity, .. } => format!("From {min_quantity} units: {money}"),
            PriceStep::Tax {
                country,
                rate_percent,
                ..
            } => format!(
                "Including {}% tax ({country}): {money}",
                rate_percent.normalize()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::dec;

    #[test]
    fn every_step_reads_as_one_line_for_the_product_page() {
        let eur = Currency::eur();
        let steps = [
            PriceStep::Base { amount: dec("4.2") },
            PriceStep::PriceList {
                price_list_id: 1,
                name: "Dealer prices".into(),
                amount: dec("3.95"),
            },
            PriceStep::Discount {
                price_list_id: 2,
                name: "Schools".into(),
                percent: dec("12.50"),
                amount: dec("3.675"),
            },
            PriceStep::Tier {
                min_quantity: 100,
                amount: dec("3.6"),
            },
            PriceStep::Tax {
                country: "DE".into(),
                class: TaxClass::standard(),
                rate_percent: dec("19"),
                amount: dec("4.284"),
            },
        ];
        let lines: Vec<String> = steps.iter().map(|s| s.describe(&eur)).collect();
        assert_eq!(
            lines,
            [
                "Base price: €4.20",
                "Dealer prices: €3.95",
                "Schools, 12.5% off: €3.675",
                "From 100 units: €3.60",
                "Including 19% tax (DE): €4.284",
            ]
        );
    }

    #[test]
    fn a_step_round_trips_through_json_with_string_decimals() {
        let step = PriceStep::Tier {
            min_quantity: 100,
            amount: dec("3.6"),
        };
        let json = serde_json::to_string(&step).unwrap();
        assert_eq!(json, r#"{"step":"tier","min_quantity":100,"amount":"3.6"}"#);
        assert_eq!(serde_json::from_str::<PriceStep>(&json).unwrap(), step);
    }
}
