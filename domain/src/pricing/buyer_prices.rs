//! One variant's prices for one buyer, complete enough to price any quantity wherever they travel: the product's
//! variants carry them so a head (the buy box, in time) can call the same [`quote()`] the server prices carts with,
//! and the figure a buyer sees while typing a quantity is the figure the cart will charge.

use serde::{Deserialize, Serialize};

use super::price_list::PriceList;
use super::quote::{BuyerContext, PriceQuote, quote};
use super::tax::{TaxRates, country_code};
use super::variant::VariantPricing;
use crate::{DomainError, Quantity};

mod wire;

/// [`quote()`]'s inputs for one variant and one buyer, cut down to what can decide the price.
///
/// What is left out cannot change a quote for this buyer and variant, and must not travel to a browser: other
/// currencies' base prices, lists that are not valid at `buyer.now_ms`, not in the buyer's currency or not for the
/// buyer, the other variants' entries and the other buyers a list targets, and other countries' tax rates. The
/// buyer's country keeps all its rates, so a missing rate is refused with the same field as on the server. Nor does
/// the moment priced travel: `buyer.now_ms` is the latest start among the kept lists, a moment that prices the same.
///
/// On the wire it is a compact array (see `wire.rs`), the cheapest shape for a browser bundle to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::Wire", try_from = "wire::Wire")]
pub struct BuyerPrices {
    /// The variant, with its base price in the buyer's currency only.
    pub variant: VariantPricing,
    /// The lists that could set the price, each with this variant's entry only.
    pub lists: Vec<PriceList>,
    /// The rates of the buyer's country.
    pub tax: TaxRates,
    /// The buyer, at the moment the page was priced.
    pub buyer: BuyerContext,
}

impl BuyerPrices {
    /// The inputs of `quote(variant, lists, tax, buyer, _)`, cut down; every quantity quotes the same from both.
    pub fn new(
        variant: &VariantPricing,
        lists: &[PriceList],
        tax: &TaxRates,
        buyer: &BuyerContext,
    ) -> Self {
        let mut variant = variant.clone();
        variant
            .base_prices
            .retain(|b| b.currency() == &buyer.currency);
        let lists: Vec<PriceList> = lists
            .iter()
            .filter(|l| l.currency == buyer.currency && l.is_valid_at(buyer.now_ms))
            .filter_map(|l| {
                let entry = l.entry(variant.variant_id)?.clone();
                let targets: Vec<_> = l
                    .targets
                    .iter()
                    .filter(|t| t.matches(buyer))
                    .copied()
                    .collect();
                (!targets.is_empty()).then(|| PriceList {
                    targets,
                    entries: vec![entry],
                    ..l.clone()
                })
            })
            .collect();
        let country = country_code(&buyer.country).ok();
        let tax = TaxRates {
            rates: tax
                .rates
                .iter()
                .filter(|r| {
                    country
                        .as_deref()
                        .is_some_and(|c| r.country.eq_ignore_ascii_case(c))
                })
                .cloned()
                .collect(),
        };
        // The prices carry no clock. Any moment at which exactly the kept lists are valid prices the same, and the
        // latest start among them is one (each kept list started by `now_ms` and ends after it). Two pages priced
        // for the same catalogue are then the same bytes, which a cache of company pages relies on.
        let buyer = BuyerContext {
            now_ms: lists.iter().filter_map(|l| l.valid_from).max().unwrap_or(0),
            ..buyer.clone()
        };
        Self {
            variant,
            lists,
            tax,
            buyer,
        }
    }

    /// The priced line for `quantity` units, or the error the server would give (`quantity` when the variant's
    /// rules refuse it).
    pub fn quote(&self, quantity: u32) -> Result<PriceQuote, DomainError> {
        let quantity = Quantity::parse(i64::from(quantity))?;
        quote(&self.variant, &self.lists, &self.tax, &self.buyer, quantity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use crate::pricing::test_support::*;
    use crate::pricing::{BasePrice, EntryPrice, PriceListEntry, PriceTarget, QuantityRules};

    fn full() -> (VariantPricing, Vec<PriceList>, BuyerContext) {
        let mut v = variant("4.20", vec![tier(100, "3.90"), tier(500, "3.60")]);
        v.quantity_rules = QuantityRules::new(5, 5, Some(900)).unwrap();
        let chf = UnitPrice::parse(dec("4.5"), Currency::parse("CHF").unwrap()).unwrap();
        v.base_prices.push(BasePrice::new(chf));
        let mut contract = fixed_list(1, 10, PriceTarget::Company(7), "4.00");
        contract.targets.push(PriceTarget::Company(8));
        contract.entries[0].price = EntryPrice::Fixed {
            unit_price: eur("4.00"),
            tiers: vec![tier(250, "3.50")],
        };
        contract.entries.push(PriceListEntry {
            variant_id: VARIANT + 1,
            price: EntryPrice::PercentOff { percent: dec("50") },
        });
        let mut promo = fixed_list(2, 10, PriceTarget::Everyone, "3.95");
        promo.valid_until = Some(NOW + 1);
        let expired = PriceList {
            valid_until: Some(NOW),
            ..fixed_list(3, 99, PriceTarget::Everyone, "1")
        };
        let other = fixed_list(4, 99, PriceTarget::Company(8), "1");
        let buyer = BuyerContext {
            company: Some(7),
            ..buyer()
        };
        (v, vec![contract, promo, expired, other], buyer)
    }

    use crate::UnitPrice;

    #[test]
    fn the_cut_down_inputs_quote_every_quantity_as_the_whole_set_does() {
        let (v, lists, buyer) = full();
        let prices = BuyerPrices::new(&v, &lists, &rates(), &buyer);
        for q in 1..=1_000 {
            let whole = Quantity::parse(i64::from(q))
                .and_then(|quantity| quote(&v, &lists, &rates(), &buyer, quantity));
            assert_eq!(prices.quote(q), whole, "at {q}");
        }
    }

    #[test]
    fn the_page_form_quotes_every_quantity_as_the_prices_it_was_made_from() {
        let (v, lists, buyer) = full();
        let prices = BuyerPrices::new(&v, &lists, &rates(), &buyer);
        let json = serde_json::to_string(&prices).unwrap();
        assert!(!json.contains("kind"), "no tagged enums: {json}");
        let read: BuyerPrices = serde_json::from_str(&json).unwrap();
        assert_eq!(read, prices);
        let guest = BuyerPrices::new(&v, &[], &rates(), &crate::pricing::test_support::buyer());
        let read: BuyerPrices =
            serde_json::from_str(&serde_json::to_string(&guest).unwrap()).unwrap();
        assert_eq!(read, guest);
    }

    #[test]
    fn a_page_form_that_could_not_have_been_written_is_refused() {
        let (v, lists, buyer) = full();
        let json = serde_json::to_string(&BuyerPrices::new(&v, &lists, &rates(), &buyer)).unwrap();
        let negative = json.replacen("\"4.2\"", "\"-4.2\"", 1);
        assert_ne!(negative, json, "the base price is in the form: {json}");
        assert!(serde_json::from_str::<BuyerPrices>(&negative).is_err());
    }

    #[test]
    fn nothing_that_cannot_decide_the_price_is_kept() {
        let (v, lists, buyer) = full();
        let prices = BuyerPrices::new(&v, &lists, &rates(), &buyer);
        assert_eq!(
            prices.variant.base_prices.len(),
            1,
            "the buyer's currency only"
        );
        let ids: Vec<i64> = prices.lists.iter().map(|l| l.id).collect();
        assert_eq!(
            ids,
            [1, 2],
            "neither the expired list nor another company's"
        );
        assert_eq!(
            prices.lists[0].targets,
            [PriceTarget::Company(7)],
            "no other buyer named"
        );
        assert_eq!(
            prices.lists[0].entries.len(),
            1,
            "this variant's entry only"
        );
        assert!(prices.tax.rates.iter().all(|r| r.country == "DE"));
        assert!(!prices.tax.rates.is_empty());
    }
}
