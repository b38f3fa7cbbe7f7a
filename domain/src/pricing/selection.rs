//! Which price applies: the base price, or the one price list that wins.
//!
//! **The selection rule.** A price list is *eligible* for a buyer and a variant when it
//! 1. is valid at the buyer's `now_ms` (`valid_from ≤ now < valid_until`, either bound open),
//! 2. is in the buyer's currency (prices are never converted),
//! 3. targets the buyer: `Company` of the buyer's company, `CustomerGroup` of the buyer's group, or `Everyone`,
//! 4. and has an entry for the variant.
//!
//! Among eligible lists, the **highest priority** wins. Ties go to the **more specific target** (company > customer
//! group > everyone, taking a list's most specific target that matches), then to the **lower resulting unit price**
//! at the quantity asked for, then to the **lower id**. With no eligible list, the base price applies.
//!
//! Why in this order:
//! - Priority is the merchant's explicit decision, so nothing overrides it, not even a lower price. "Lowest price
//!   wins" (the alternative) would let a public promotion undercut a negotiated contract that promised a fixed
//!   price, and would make it impossible to raise a price on purpose (a small-order surcharge list).
//! - At equal priority the merchant has said nothing, and the more specific target is the more deliberate decision:
//!   a price negotiated with one company was made with that buyer in mind; a group or public price was not. This is
//!   how commercetools scopes prices and Shopify B2B ranks a company location's catalogs.
//! - Then the lower price, because a buyer who sees two prices that both apply and pays the higher one has been
//!   overcharged by our tie-break, not by the merchant.
//! - Then the lower id, so the same inputs give the same answer in the browser, on the server, and tomorrow.

use std::cmp::Reverse;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::PriceStep;
use super::price_list::{EntryPrice, PriceList, PriceTarget};
use super::quote::BuyerContext;
use super::tiers::applicable_tier;
use super::variant::BasePrice;
use super::{percent_of, to_unit_scale};
use crate::DomainError;

/// How specifically a price list targets a buyer: the tie-breaker after priority, ordered
/// `Everyone < CustomerGroup < Company`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Specificity {
    /// The list is for everyone.
    Everyone,
    /// The list is for the buyer's customer group.
    CustomerGroup,
    /// The list is for the buyer's company.
    Company,
}

impl PriceTarget {
    /// Whether the target includes the buyer.
    pub fn matches(&self, buyer: &BuyerContext) -> bool {
        match self {
            PriceTarget::Everyone => true,
            PriceTarget::CustomerGroup(id) => buyer.customer_group == Some(*id),
            PriceTarget::Company(id) => buyer.company == Some(*id),
        }
    }

    /// How specific the target is.
    pub fn specificity(&self) -> Specificity {
        match self {
            PriceTarget::Everyone => Specificity::Everyone,
            PriceTarget::CustomerGroup(_) => Specificity::CustomerGroup,
            PriceTarget::Company(_) => Specificity::Company,
        }
    }
}

impl PriceList {
    /// The most specific of the list's targets that includes the buyer; `None` when the list is not for them.
    pub fn specificity_for(&self, buyer: &BuyerContext) -> Option<Specificity> {
        self.targets
            .iter()
            .filter(|t| t.matches(buyer))
            .map(PriceTarget::specificity)
            .max()
    }
}

/// One way the variant could be priced for the buyer at a quantity: the base price, or one eligible list.
#[derive(Debug, Clone)]
pub(super) struct Candidate<'a> {
    /// The list, or `None` for the base price.
    pub list: Option<&'a PriceList>,
    /// How specifically the list targets the buyer (`Everyone` for the base price; it never competes).
    pub specificity: Specificity,
    /// Net unit price at the quantity, at most 6 decimals.
    pub unit_net: Decimal,
    /// Base, list or discount, and tier steps.
    pub steps: Vec<PriceStep>,
}

/// The base price at `quantity`, as a candidate.
pub(super) fn base_candidate<'a>(
    base: &BasePrice,
    quantity: u32,
) -> Result<Candidate<'a>, DomainError> {
    base.validate()?;
    let mut steps = vec![PriceStep::Base {
        amount: base.unit_price.money().amount,
    }];
    if let Some(tier) = applicable_tier(&base.tiers, quantity) {
        steps.push(PriceStep::Tier {
            min_quantity: tier.min_quantity,
            amount: tier.unit_price.money().amount,
        });
    }
    Ok(finish(None, Specificity::Everyone, steps))
}

/// Every eligible list's price at `quantity`, as candidates, in the order of `lists`.
pub(super) fn list_candidates<'a>(
    base: &BasePrice,
    lists: &'a [PriceList],
    variant_id: i64,
    buyer: &BuyerContext,
    quantity: u32,
) -> Result<Vec<Candidate<'a>>, DomainError> {
    let mut out = Vec::new();
    for list in lists {
        if !list.is_valid_at(buyer.now_ms) || list.currency != buyer.currency {
            continue;
        }
        let (Some(specificity), Some(entry)) =
            (list.specificity_for(buyer), list.entry(variant_id))
        else {
            continue;
        };
        // A broken entry that would decide the price stops the sale rather than being skipped: skipping would
        // silently charge some other price than the one the merchant set.
        entry.price.validate(&list.currency)?;
        let base_step = PriceStep::Base {
            amount: base.unit_price.money().amount,
        };
        let steps = match &entry.price {
            EntryPrice::Fixed { unit_price, tiers } => {
                let mut steps = vec![
                    base_step,
                    PriceStep::PriceList {
                        price_list_id: list.id,
                        name: list.name.clone(),
                        amount: unit_price.money().amount,
                    },
                ];
                if let Some(tier) = applicable_tier(tiers, quantity) {
                    steps.push(PriceStep::Tier {
                        min_quantity: tier.min_quantity,
                        amount: tier.unit_price.money().amount,
                    });
                }
                steps
            }
            EntryPrice::PercentOff { percent } => {
                let keep = Decimal::ONE_HUNDRED - percent;
                let mut steps = vec![
                    base_step,
                    PriceStep::Discount {
                        price_list_id: list.id,
                        name: list.name.clone(),
                        percent: *percent,
                        amount: to_unit_scale(percent_of(base.unit_price.money().amount, keep)?),
                    },
                ];
                if let Some(tier) = applicable_tier(&base.tiers, quantity) {
                    steps.push(PriceStep::Tier {
                        min_quantity: tier.min_quantity,
                        amount: to_unit_scale(percent_of(tier.unit_price.money().amount, keep)?),
                    });
                }
                steps
            }
        };
        out.push(finish(Some(list), specificity, steps));
    }
    Ok(out)
}

/// The price that applies, by the rule at the top of this module.
pub(super) fn select<'a>(
    base: &BasePrice,
    lists: &'a [PriceList],
    variant_id: i64,
    buyer: &BuyerContext,
    quantity: u32,
) -> Result<Candidate<'a>, DomainError> {
    let lists = list_candidates(base, lists, variant_id, buyer, quantity)?;
    let winner = lists.into_iter().max_by_key(|c| {
        let (priority, id) = c.list.map_or((i32::MIN, i64::MAX), |l| (l.priority, l.id));
        (priority, c.specificity, Reverse(c.unit_net), Reverse(id))
    });
    match winner {
        Some(winner) => Ok(winner),
        None => base_candidate(base, quantity),
    }
}

fn finish(
    list: Option<&PriceList>,
    specificity: Specificity,
    steps: Vec<PriceStep>,
) -> Candidate<'_> {
    let unit_net = steps.last().map(PriceStep::amount).unwrap_or_default();
    Candidate {
        list,
        specificity,
        unit_net,
        steps,
    }
}

#[cfg(test)]
mod tests;
