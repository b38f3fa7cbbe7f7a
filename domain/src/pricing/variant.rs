//! What the catalog knows about pricing one variant, whoever buys it.

use serde::{Deserialize, Serialize};

use super::quantity_rules::QuantityRules;
use super::tax::TaxClass;
use super::tiers::{Tier, check_unit_price, validate_tiers};
use crate::{Currency, DomainError, UnitPrice};

/// A variant's base price in one currency: what a buyer pays when no price list applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BasePrice {
    /// Net price per unit below the first tier; its currency is the currency this base price is for.
    pub unit_price: UnitPrice,
    /// Volume breaks everyone gets; empty for one price at every quantity.
    #[serde(default)]
    pub tiers: Vec<Tier>,
}

impl BasePrice {
    /// A base price without volume breaks.
    pub fn new(unit_price: UnitPrice) -> Self {
        Self {
            unit_price,
            tiers: Vec::new(),
        }
    }

    /// The currency the price is in.
    pub fn currency(&self) -> &Currency {
        &self.unit_price.money().currency
    }

    /// Checks the price and its tiers.
    pub fn validate(&self) -> Result<(), DomainError> {
        check_unit_price(&self.unit_price)?;
        validate_tiers(&self.unit_price, &self.tiers)
    }
}

/// Everything about pricing a variant that does not depend on the buyer: what [`quote`](super::quote()) needs
/// besides the price lists, the tax rates and the buyer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantPricing {
    /// The variant's storage id, which price list entries refer to.
    pub variant_id: i64,
    /// Base prices, at most one per currency. Prices are never converted between currencies: a shop selling in
    /// CHF sets CHF prices, because exchange rates move and a price printed yesterday must still hold.
    pub base_prices: Vec<BasePrice>,
    /// How many units a line may hold.
    #[serde(default)]
    pub quantity_rules: QuantityRules,
    /// Which tax rate applies, looked up per country in [`TaxRates`](super::TaxRates).
    pub tax_class: TaxClass,
}

impl VariantPricing {
    /// The base price in `currency`; an error naming `currency` when the variant is not sold in it.
    ///
    /// A base price is required even when a fixed price list would replace it: it is the fallback the moment a
    /// list expires, and the first line of every explanation.
    pub fn base_price(&self, currency: &Currency) -> Result<&BasePrice, DomainError> {
        self.base_prices
            .iter()
            .find(|b| b.currency() == currency)
            .ok_or_else(|| {
                DomainError::new(
                    "currency",
                    format!("this product is not sold in {}", currency.code()),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::{eur, tier, variant};

    #[test]
    fn the_base_price_is_picked_by_currency() {
        let mut v = variant("4.20", vec![]);
        let chf = UnitPrice::parse(4.into(), Currency::parse("CHF").unwrap()).unwrap();
        v.base_prices.push(BasePrice::new(chf.clone()));
        assert_eq!(
            v.base_price(&Currency::parse("CHF").unwrap())
                .unwrap()
                .unit_price,
            chf
        );
        assert_eq!(
            v.base_price(&Currency::eur()).unwrap().unit_price,
            eur("4.20")
        );
    }

    #[test]
    fn a_variant_not_sold_in_a_currency_names_the_currency_field() {
        let err = variant("4.20", vec![])
            .base_price(&Currency::parse("USD").unwrap())
            .unwrap_err();
        assert_eq!(err.field, "currency");
        assert!(err.message.contains("USD"));
    }

    #[test]
    fn a_base_price_checks_its_tiers() {
        let base = BasePrice {
            unit_price: eur("1"),
            tiers: vec![tier(10, "2")],
        };
        assert_eq!(base.validate().unwrap_err().field, "tiers");
    }
}
