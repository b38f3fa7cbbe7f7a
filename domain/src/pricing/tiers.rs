//! Volume breaks: a lower unit price from a quantity on.

use serde::{Deserialize, Serialize};

use crate::{DomainError, UnitPrice};

/// A volume break: from `min_quantity` units on, each unit costs `unit_price` (net).
///
/// Of a price's tiers, the one with the largest `min_quantity` not above the quantity applies; below the first
/// tier the price's own unit price applies. A tier replaces the price, it is not a further discount, so the figure
/// a merchant types is the figure a buyer pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    /// The smallest quantity the tier applies to; at least 2, because from 1 on it would simply be the price.
    pub min_quantity: u32,
    /// Net price per unit from `min_quantity` on, in the currency of the price it belongs to.
    pub unit_price: UnitPrice,
}

/// The tier that applies to `quantity`: the one with the largest `min_quantity` not above it, if any.
///
/// Robust against unsorted input (stored data may predate [`validate_tiers`]): the order of `tiers` does not
/// matter, and of two tiers with the same `min_quantity` the cheaper applies.
pub fn applicable_tier(tiers: &[Tier], quantity: u32) -> Option<&Tier> {
    tiers
        .iter()
        .filter(|t| t.min_quantity <= quantity)
        .max_by(|a, b| {
            a.min_quantity.cmp(&b.min_quantity).then_with(|| {
                b.unit_price
                    .money()
                    .amount
                    .cmp(&a.unit_price.money().amount)
            })
        })
}

/// Checks a tier table against the price it belongs to (`head`, the price below the first tier).
///
/// The rules make a promise the product page prints: buying more never raises the unit price. So tiers are
/// listed by rising `min_quantity`, each once, starting above 1, none dearer than the one before (or than `head`),
/// all in `head`'s currency and all valid unit prices.
pub fn validate_tiers(head: &UnitPrice, tiers: &[Tier]) -> Result<(), DomainError> {
    let mut previous_min = 1;
    let mut previous_price = head.money().amount;
    for tier in tiers {
        check_unit_price(&tier.unit_price)?;
        if tier.unit_price.money().currency != head.money().currency {
            return Err(DomainError::new(
                "currency",
                format!(
                    "every volume break must be in {}",
                    head.money().currency.code()
                ),
            ));
        }
        if tier.min_quantity <= previous_min {
            return Err(DomainError::new(
                "tiers",
                "volume breaks must start above 1 and be listed by rising quantity, each quantity once",
            ));
        }
        if tier.unit_price.money().amount > previous_price {
            return Err(DomainError::new(
                "tiers",
                format!(
                    "the break from {} must not cost more per unit than a smaller quantity",
                    tier.min_quantity
                ),
            ));
        }
        previous_min = tier.min_quantity;
        previous_price = tier.unit_price.money().amount;
    }
    Ok(())
}

/// Re-checks a unit price against [`UnitPrice::parse`]. Every `UnitPrice` passed it already (deserializing does
/// too), so this always holds; it keeps each input's `validate` complete on its own.
pub(super) fn check_unit_price(price: &UnitPrice) -> Result<(), DomainError> {
    UnitPrice::parse(price.money().amount, price.money().currency.clone()).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::{eur, tier};
    use crate::{Currency, UnitPrice};
    use rust_decimal::Decimal;

    fn table() -> Vec<Tier> {
        vec![tier(100, "3.90"), tier(500, "3.60")]
    }

    #[test]
    fn below_the_first_break_no_tier_applies() {
        assert_eq!(applicable_tier(&table(), 99), None);
    }

    #[test]
    fn a_break_applies_exactly_at_its_minimum_quantity() {
        assert_eq!(applicable_tier(&table(), 100).unwrap().min_quantity, 100);
        assert_eq!(applicable_tier(&table(), 500).unwrap().min_quantity, 500);
    }

    #[test]
    fn above_a_break_the_largest_break_not_above_the_quantity_applies() {
        assert_eq!(applicable_tier(&table(), 101).unwrap().min_quantity, 100);
        assert_eq!(applicable_tier(&table(), 499).unwrap().min_quantity, 100);
        assert_eq!(applicable_tier(&table(), 10_000).unwrap().min_quantity, 500);
    }

    #[test]
    fn the_order_of_stored_tiers_does_not_matter() {
        let mut reversed = table();
        reversed.reverse();
        assert_eq!(applicable_tier(&reversed, 600).unwrap().min_quantity, 500);
    }

    #[test]
    fn a_valid_tier_table_passes() {
        assert_eq!(validate_tiers(&eur("4.20"), &table()), Ok(()));
        assert_eq!(validate_tiers(&eur("4.20"), &[]), Ok(()));
    }

    #[test]
    fn a_break_that_raises_the_price_is_refused() {
        let err = validate_tiers(&eur("3.00"), &table()).unwrap_err();
        assert_eq!(err.field, "tiers");
        assert!(err.message.contains("from 100"), "{}", err.message);
        let rising = vec![tier(100, "3.60"), tier(500, "3.90")];
        assert!(validate_tiers(&eur("4.20"), &rising).is_err());
    }

    #[test]
    fn breaks_out_of_order_twice_or_from_one_are_refused() {
        for bad in [
            vec![tier(500, "3.60"), tier(100, "3.90")],
            vec![tier(100, "3.90"), tier(100, "3.80")],
            vec![tier(1, "3.90")],
        ] {
            assert_eq!(
                validate_tiers(&eur("4.20"), &bad).unwrap_err().field,
                "tiers"
            );
        }
    }

    #[test]
    fn a_break_in_another_currency_is_refused() {
        let usd = Tier {
            min_quantity: 10,
            unit_price: UnitPrice::parse(Decimal::ONE, Currency::parse("USD").unwrap()).unwrap(),
        };
        assert_eq!(
            validate_tiers(&eur("4.20"), &[usd]).unwrap_err().field,
            "currency"
        );
    }
}
