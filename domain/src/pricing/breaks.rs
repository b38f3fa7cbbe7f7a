//! The volume-break table a product page shows: "1+: €4.20, 100+: €3.90, 500+: €3.60".

use serde::{Deserialize, Serialize};

use super::price_list::{EntryPrice, PriceList};
use super::quote::{BuyerContext, quote};
use super::tax::TaxRates;
use super::variant::VariantPricing;
use crate::{DomainError, Quantity, UnitPrice};

/// One row of a product page's volume-break table: "from `min_quantity` units, `unit_shown` each".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreak {
    /// The smallest orderable quantity that gets this price.
    pub min_quantity: u32,
    /// The unit price shown from that quantity on, per the channel's tax display.
    pub unit_shown: UnitPrice,
}

/// The volume-break table the buyer would get, for the product page: `1+: €4.20, 100+: €3.90, 500+: €3.60`.
///
/// Each row is produced by [`quote()`] itself at that quantity, so the table can never disagree with the cart. Rows
/// start at the first orderable quantity; a break at a quantity the pack size does not allow is shown from the next
/// orderable quantity; breaks beyond the maximum are left out, and so is a row whose price equals the row before.
pub fn price_breaks(
    variant: &VariantPricing,
    lists: &[PriceList],
    tax: &TaxRates,
    buyer: &BuyerContext,
) -> Result<Vec<PriceBreak>, DomainError> {
    let rules = &variant.quantity_rules;
    let base = variant.base_price(&buyer.currency)?;
    // Every quantity at which some price could change. Lists that turn out not to apply only add rows with an
    // unchanged price, which are dropped below, so there is no need to repeat the selection rule here.
    let list_tiers = lists
        .iter()
        .filter_map(|l| l.entry(variant.variant_id))
        .filter_map(|e| match &e.price {
            EntryPrice::Fixed { tiers, .. } => Some(tiers),
            EntryPrice::PercentOff { .. } => None,
        })
        .flatten();
    let mut quantities: Vec<u32> = std::iter::once(rules.first_valid())
        .chain(
            base.tiers
                .iter()
                .chain(list_tiers)
                .filter_map(|t| rules.round_up(t.min_quantity).ok().map(Quantity::get)),
        )
        .collect();
    quantities.sort_unstable();
    quantities.dedup();

    let mut rows: Vec<PriceBreak> = Vec::new();
    for q in quantities {
        let Ok(quantity) = Quantity::parse(i64::from(q)) else {
            continue;
        };
        let unit_shown = quote(variant, lists, tax, buyer, quantity)?.unit_shown;
        if rows.last().is_none_or(|r| r.unit_shown != unit_shown) {
            rows.push(PriceBreak {
                min_quantity: q,
                unit_shown,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::*;
    use crate::pricing::{PriceTarget, QuantityRules, TaxDisplay};

    fn including_tax() -> BuyerContext {
        BuyerContext {
            tax_display: TaxDisplay::IncludingTax,
            ..buyer()
        }
    }

    fn table(rows: &[PriceBreak]) -> Vec<(u32, String)> {
        rows.iter()
            .map(|r| (r.min_quantity, r.unit_shown.money().display()))
            .collect()
    }

    #[test]
    fn the_break_table_lists_each_price_from_its_first_quantity() {
        let v = variant("4.20", vec![tier(100, "3.90"), tier(500, "3.60")]);
        let rows = price_breaks(&v, &[], &rates(), &buyer()).unwrap();
        assert_eq!(
            table(&rows),
            [
                (1, "€4.20".into()),
                (100, "€3.90".into()),
                (500, "€3.60".into())
            ]
        );
        let gross = price_breaks(&v, &[], &rates(), &including_tax()).unwrap();
        assert_eq!(gross[1].unit_shown, eur("4.641"));
    }

    #[test]
    fn the_break_table_follows_the_quantity_rules() {
        let mut v = variant("4.20", vec![tier(110, "3.90"), tier(500, "3.60")]);
        v.quantity_rules = QuantityRules::new(50, 25, Some(400)).unwrap();
        let rows = price_breaks(&v, &[], &rates(), &buyer()).unwrap();
        assert_eq!(table(&rows), [(50, "€4.20".into()), (125, "€3.90".into())]);
    }

    #[test]
    fn the_break_table_shows_the_list_the_buyer_gets() {
        let v = variant("4.20", vec![tier(100, "3.90")]);
        let mut contract = fixed_list(1, 10, PriceTarget::Company(7), "4.00");
        contract.entries[0].price = EntryPrice::Fixed {
            unit_price: eur("4.00"),
            tiers: vec![tier(250, "3.50")],
        };
        let acme = BuyerContext {
            company: Some(7),
            ..buyer()
        };
        let lists = [contract];
        assert_eq!(
            table(&price_breaks(&v, &lists, &rates(), &acme).unwrap()),
            [(1, "€4.00".into()), (250, "€3.50".into())]
        );
        assert_eq!(
            table(&price_breaks(&v, &lists, &rates(), &buyer()).unwrap()),
            [(1, "€4.20".into()), (100, "€3.90".into())]
        );
    }
}
