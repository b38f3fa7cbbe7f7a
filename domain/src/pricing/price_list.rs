//! Price lists: prices for some buyers, for a while, replacing the base price.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::tiers::{Tier, check_unit_price, validate_tiers};
use crate::{Currency, DomainError, UnitPrice};

/// Who a price list is for.
///
/// On the wire: `{"kind":"everyone"}`, `{"kind":"customer_group","id":3}`, `{"kind":"company","id":7}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum PriceTarget {
    /// Every buyer, signed in or not: a public promotion or a channel's price.
    Everyone,
    /// Members of one customer group (`Dealers`, `Schools`).
    CustomerGroup(i64),
    /// Buyers acting for one company: a negotiated contract price.
    Company(i64),
}

/// One variant's price on a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListEntry {
    /// The variant's storage id.
    pub variant_id: i64,
    /// What the list does to the variant's price.
    pub price: EntryPrice,
}

/// What a price list entry does to a variant's price.
///
/// On the wire: `{"kind":"fixed","unit_price":{…},"tiers":[…]}` or `{"kind":"percent_off","percent":"10"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntryPrice {
    /// A net unit price that replaces the base price, with its own volume breaks, which replace the base price's
    /// breaks: a negotiated price sheet is complete in itself, and mixing two tables would produce prices nobody
    /// agreed to.
    Fixed {
        /// Net price per unit below the first tier.
        unit_price: UnitPrice,
        /// Volume breaks; empty for one price at every quantity.
        #[serde(default)]
        tiers: Vec<Tier>,
    },
    /// A percentage off the base price, and off each of the base price's volume breaks, so a discount keeps the
    /// shop's volume ladder instead of flattening it. Each discounted unit price is reduced to 6 decimals, half
    /// away from zero, computed from the undiscounted price (never from another discounted figure).
    PercentOff {
        /// Between 0 and 100; `"12.5"` means 12.5 % off.
        percent: Decimal,
    },
}

/// A set of prices for some buyers, in one currency, for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    /// Storage id; also the last tie-breaker, so the choice is always deterministic.
    pub id: i64,
    /// The name buyers see in the price explanation (`Dealer prices 2026`).
    pub name: String,
    /// The list applies only to buyers shopping in this currency; prices are never converted.
    pub currency: Currency,
    /// Higher wins; see [`selection`](super::selection) for why priority comes before everything else.
    pub priority: i32,
    /// Epoch milliseconds from which the list applies (inclusive); `None` for always already.
    pub valid_from: Option<i64>,
    /// Epoch milliseconds at which the list stops applying (exclusive); `None` for open-ended.
    pub valid_until: Option<i64>,
    /// Who the list is for. Empty means nobody, so a list being drafted cannot leak to every buyer.
    pub targets: Vec<PriceTarget>,
    /// Prices by variant; a variant without an entry keeps the price it would have without this list.
    pub entries: Vec<PriceListEntry>,
}

impl PriceList {
    /// Whether the list applies at `now_ms`.
    ///
    /// The window is half-open, `[valid_from, valid_until)`, so a list ending at midnight and its successor
    /// starting at the same midnight never both apply and never leave a gap.
    pub fn is_valid_at(&self, now_ms: i64) -> bool {
        self.valid_from.is_none_or(|from| from <= now_ms)
            && self.valid_until.is_none_or(|until| now_ms < until)
    }

    /// The entry for a variant, if the list prices it.
    pub fn entry(&self, variant_id: i64) -> Option<&PriceListEntry> {
        self.entries.iter().find(|e| e.variant_id == variant_id)
    }

    /// Checks the list as a whole, as an admin form or an import would before saving it.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.name.trim().is_empty() {
            return Err(DomainError::new("name", "must not be empty"));
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until)
            && until <= from
        {
            return Err(DomainError::new("valid_until", "must be after valid_from"));
        }
        let mut seen: Vec<i64> = Vec::with_capacity(self.entries.len());
        for entry in &self.entries {
            if seen.contains(&entry.variant_id) {
                return Err(DomainError::new(
                    "entries",
                    format!("variant {} is listed twice", entry.variant_id),
                ));
            }
            seen.push(entry.variant_id);
            entry.price.validate(&self.currency)?;
        }
        Ok(())
    }
}

impl EntryPrice {
    /// Checks the entry against its list's currency.
    pub fn validate(&self, currency: &Currency) -> Result<(), DomainError> {
        match self {
            EntryPrice::Fixed { unit_price, tiers } => {
                check_unit_price(unit_price)?;
                if &unit_price.money().currency != currency {
                    return Err(DomainError::new(
                        "currency",
                        format!("every price on the list must be in {}", currency.code()),
                    ));
                }
                validate_tiers(unit_price, tiers)
            }
            EntryPrice::PercentOff { percent } => {
                if *percent < Decimal::ZERO || *percent > Decimal::ONE_HUNDRED {
                    return Err(DomainError::new("percent", "must be between 0 and 100"));
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::{dec, eur, fixed_list, tier};

    #[test]
    fn a_list_applies_from_its_start_until_just_before_its_end() {
        let mut list = fixed_list(1, 0, PriceTarget::Everyone, "1");
        list.valid_from = Some(1_000);
        list.valid_until = Some(2_000);
        assert!(!list.is_valid_at(999));
        assert!(list.is_valid_at(1_000));
        assert!(list.is_valid_at(1_999));
        assert!(!list.is_valid_at(2_000));
    }

    #[test]
    fn a_list_without_dates_always_applies() {
        assert!(fixed_list(1, 0, PriceTarget::Everyone, "1").is_valid_at(i64::MIN));
    }

    #[test]
    fn a_list_ending_before_it_starts_is_refused() {
        let mut list = fixed_list(1, 0, PriceTarget::Everyone, "1");
        list.valid_from = Some(2_000);
        list.valid_until = Some(2_000);
        assert_eq!(list.validate().unwrap_err().field, "valid_until");
    }

    #[test]
    fn a_variant_listed_twice_is_refused() {
        let mut list = fixed_list(1, 0, PriceTarget::Everyone, "1");
        list.entries.push(list.entries[0].clone());
        assert_eq!(list.validate().unwrap_err().field, "entries");
    }

    #[test]
    fn a_discount_above_one_hundred_percent_is_refused() {
        let price = EntryPrice::PercentOff {
            percent: dec("100.01"),
        };
        assert_eq!(
            price.validate(&Currency::eur()).unwrap_err().field,
            "percent"
        );
    }

    #[test]
    fn a_fixed_entry_checks_its_tiers() {
        let price = EntryPrice::Fixed {
            unit_price: eur("1.00"),
            tiers: vec![tier(10, "1.50")],
        };
        assert_eq!(price.validate(&Currency::eur()).unwrap_err().field, "tiers");
    }

    #[test]
    fn targets_travel_as_tagged_objects() {
        let json = serde_json::to_string(&[
            PriceTarget::Everyone,
            PriceTarget::CustomerGroup(3),
            PriceTarget::Company(7),
        ])
        .unwrap();
        assert_eq!(
            json,
            r#"[{"kind":"everyone"},{"kind":"customer_group","id":3},{"kind":"company","id":7}]"#
        );
    }
}
