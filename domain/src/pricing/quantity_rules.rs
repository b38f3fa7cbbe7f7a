//! Quantity rules: minimum order quantity, pack size, maximum per line.

use serde::{Deserialize, Serialize};

use crate::{DomainError, Quantity};

/// How many units of a variant one line may hold.
///
/// Valid quantities are the multiples of `increment` from `min` to `max` (and never above [`Quantity::MAX`]).
/// As in Shopify B2B, `min` and `max` must themselves be multiples of `increment`, so "a multiple of the pack
/// size" always means the same thing whatever the minimum. Deserialization checks that through
/// [`QuantityRules::new`]; a value built field by field is still handled without panicking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "QuantityRulesFields")]
pub struct QuantityRules {
    /// Minimum order quantity (at least 1).
    pub min: u32,
    /// Pack size: quantities go up in steps of this many units (at least 1).
    pub increment: u32,
    /// Most units per line, if limited (allocation of a scarce item, a quantity above which sales quotes).
    pub max: Option<u32>,
}

/// The wire form, validated into [`QuantityRules`].
#[derive(Deserialize)]
struct QuantityRulesFields {
    min: u32,
    increment: u32,
    max: Option<u32>,
}

impl TryFrom<QuantityRulesFields> for QuantityRules {
    type Error = DomainError;
    fn try_from(f: QuantityRulesFields) -> Result<Self, Self::Error> {
        Self::new(f.min, f.increment, f.max)
    }
}

impl Default for QuantityRules {
    /// Any quantity from 1 on, one at a time: the rule for a product nobody configured.
    fn default() -> Self {
        Self {
            min: 1,
            increment: 1,
            max: None,
        }
    }
}

impl QuantityRules {
    /// Validates rules as a merchant enters them; errors name the form fields `min_quantity`, `increment` and
    /// `max_quantity`.
    pub fn new(min: u32, increment: u32, max: Option<u32>) -> Result<Self, DomainError> {
        if increment == 0 {
            return Err(DomainError::new("increment", "must be at least 1"));
        }
        if min == 0 {
            return Err(DomainError::new("min_quantity", "must be at least 1"));
        }
        if min > Quantity::MAX {
            return Err(DomainError::new(
                "min_quantity",
                format!("must be at most {}", Quantity::MAX),
            ));
        }
        if !min.is_multiple_of(increment) {
            return Err(DomainError::new(
                "min_quantity",
                format!("must be a multiple of the pack size ({increment})"),
            ));
        }
        if let Some(max) = max {
            if max < min {
                return Err(DomainError::new(
                    "max_quantity",
                    format!("must be at least the minimum ({min})"),
                ));
            }
            if !max.is_multiple_of(increment) {
                return Err(DomainError::new(
                    "max_quantity",
                    format!("must be a multiple of the pack size ({increment})"),
                ));
            }
        }
        Ok(Self {
            min,
            increment,
            max,
        })
    }

    fn step(&self) -> u32 {
        self.increment.max(1)
    }

    /// The smallest quantity that may be ordered.
    pub fn first_valid(&self) -> u32 {
        let step = u64::from(self.step());
        let min = u64::from(self.min.max(1));
        (min.div_ceil(step) * step).min(u64::from(u32::MAX)) as u32
    }

    /// The largest quantity that may be ordered; `None` when the rules admit no quantity at all.
    pub fn last_valid(&self) -> Option<u32> {
        let cap = self.max.unwrap_or(Quantity::MAX).min(Quantity::MAX);
        let last = cap - cap % self.step();
        (last >= self.first_valid()).then_some(last)
    }

    /// Whether `quantity` may be ordered.
    pub fn is_valid(&self, quantity: u32) -> bool {
        quantity >= self.first_valid()
            && self.last_valid().is_some_and(|last| quantity <= last)
            && quantity.is_multiple_of(self.step())
    }

    /// Checks a quantity; the error names the field `quantity` and says what would be valid.
    pub fn validate(&self, quantity: Quantity) -> Result<(), DomainError> {
        let q = quantity.get();
        let Some(last) = self.last_valid() else {
            return Err(DomainError::new(
                "quantity",
                "this product cannot be ordered in any quantity",
            ));
        };
        if q < self.first_valid() {
            return Err(DomainError::new(
                "quantity",
                format!("must be at least {}", self.first_valid()),
            ));
        }
        if q > last {
            return Err(DomainError::new(
                "quantity",
                format!("must be at most {last}"),
            ));
        }
        if !q.is_multiple_of(self.step()) {
            return Err(DomainError::new(
                "quantity",
                format!("must be a multiple of {} (pack size)", self.step()),
            ));
        }
        Ok(())
    }

    /// The smallest valid quantity not below `wanted`: what "add 60" becomes when packs hold 25 (75).
    /// Rounds up rather than to the nearest, so a buyer never receives less than asked for; an error (naming
    /// `quantity`) when that would exceed the maximum.
    pub fn round_up(&self, wanted: u32) -> Result<Quantity, DomainError> {
        let step = u64::from(self.step());
        let target = u64::from(wanted.max(self.first_valid()));
        let rounded = target.div_ceil(step) * step;
        match self.last_valid() {
            Some(last) if rounded <= u64::from(last) => Quantity::parse(rounded as i64),
            Some(last) => Err(DomainError::new(
                "quantity",
                format!("must be at most {last}"),
            )),
            None => Err(DomainError::new(
                "quantity",
                "this product cannot be ordered in any quantity",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packs() -> QuantityRules {
        QuantityRules::new(50, 25, Some(1000)).unwrap()
    }

    fn qty(n: i64) -> Quantity {
        Quantity::parse(n).unwrap()
    }

    #[test]
    fn a_quantity_below_the_minimum_says_the_minimum() {
        let err = packs().validate(qty(25)).unwrap_err();
        assert_eq!(err.field, "quantity");
        assert_eq!(err.message, "must be at least 50");
    }

    #[test]
    fn a_quantity_that_is_not_a_whole_pack_says_the_pack_size() {
        let err = packs().validate(qty(60)).unwrap_err();
        assert_eq!(err.field, "quantity");
        assert_eq!(err.message, "must be a multiple of 25 (pack size)");
    }

    #[test]
    fn a_quantity_above_the_maximum_says_the_maximum() {
        let err = packs().validate(qty(1025)).unwrap_err();
        assert_eq!(err.field, "quantity");
        assert_eq!(err.message, "must be at most 1000");
    }

    #[test]
    fn valid_quantities_pass() {
        for n in [50, 75, 1000] {
            assert_eq!(packs().validate(qty(n)), Ok(()));
        }
        assert_eq!(QuantityRules::default().validate(qty(7)), Ok(()));
    }

    #[test]
    fn a_wanted_quantity_rounds_up_to_the_next_valid_one() {
        assert_eq!(packs().round_up(60).unwrap().get(), 75);
        assert_eq!(packs().round_up(75).unwrap().get(), 75);
        assert_eq!(packs().round_up(1).unwrap().get(), 50);
        assert_eq!(packs().round_up(0).unwrap().get(), 50);
        assert_eq!(
            packs().round_up(1001).unwrap_err().message,
            "must be at most 1000"
        );
    }

    #[test]
    fn without_a_maximum_the_line_limit_still_holds() {
        let rules = QuantityRules::new(3, 3, None).unwrap();
        assert_eq!(rules.last_valid(), Some(99_999));
        assert!(rules.validate(qty(100_000)).is_err());
        assert!(rules.round_up(99_999).is_ok());
        assert!(rules.round_up(100_000).is_err());
    }

    #[test]
    fn inconsistent_rules_are_refused_naming_the_form_field() {
        assert_eq!(
            QuantityRules::new(1, 0, None).unwrap_err().field,
            "increment"
        );
        assert_eq!(
            QuantityRules::new(0, 1, None).unwrap_err().field,
            "min_quantity"
        );
        assert_eq!(
            QuantityRules::new(30, 25, None).unwrap_err().field,
            "min_quantity"
        );
        assert_eq!(
            QuantityRules::new(50, 25, Some(25)).unwrap_err().field,
            "max_quantity"
        );
        assert_eq!(
            QuantityRules::new(50, 25, Some(110)).unwrap_err().field,
            "max_quantity"
        );
    }

    #[test]
    fn rules_built_by_hand_with_a_zero_pack_size_do_not_panic() {
        let rules = QuantityRules {
            min: 0,
            increment: 0,
            max: None,
        };
        assert_eq!(rules.validate(qty(3)), Ok(()));
        assert_eq!(rules.round_up(0).unwrap().get(), 1);
    }

    #[test]
    fn deserialization_validates_the_rules() {
        let ok: QuantityRules =
            serde_json::from_str(r#"{"min":50,"increment":25,"max":1000}"#).unwrap();
        assert_eq!(ok, packs());
        assert!(
            serde_json::from_str::<QuantityRules>(r#"{"min":30,"increment":25,"max":null}"#)
                .is_err()
        );
    }
}
