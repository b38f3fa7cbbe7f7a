//! Property tests over random catalogs, lists, rates and quantities: totals, rounding, tiers and selection.

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::test_support::{NOW, VARIANT};
use super::*;
use crate::{Currency, Quantity, UnitPrice};

fn unit(micros: i64, currency: &Currency) -> UnitPrice {
    UnitPrice::from_micros(micros, currency.clone()).unwrap()
}

/// A valid tier table below `head_micros`: rising quantities, falling (or equal) prices.
fn tiers(head_micros: i64, currency: Currency) -> impl Strategy<Value = Vec<Tier>> {
    prop::collection::vec((1u32..2_000, 0i64..=100), 0..4).prop_map(move |steps| {
        let (mut min, mut price) = (1u32, head_micros);
        steps
            .into_iter()
            .map(|(gap, cut_percent)| {
                min += gap;
                price -= price * cut_percent / 300;
                Tier {
                    min_quantity: min,
                    unit_price: unit(price, &currency),
                }
            })
            .collect()
    })
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![Just("EUR"), Just("JPY"), Just("KWD")].prop_map(|c| Currency::parse(c).unwrap())
}

fn target() -> impl Strategy<Value = PriceTarget> {
    prop_oneof![
        Just(PriceTarget::Everyone),
        (1i64..3).prop_map(PriceTarget::CustomerGroup),
        (1i64..3).prop_map(PriceTarget::Company),
    ]
}

fn entry_price(currency: Currency) -> impl Strategy<Value = EntryPrice> {
    prop_oneof![
        (0i64..50_000_000_000).prop_flat_map(move |micros| {
            let c = currency.clone();
            tiers(micros, c.clone()).prop_map(move |tiers| EntryPrice::Fixed {
                unit_price: unit(micros, &c),
                tiers,
            })
        }),
        (0i64..=10_000).prop_map(|hundredths| EntryPrice::PercentOff {
            percent: Decimal::new(hundredths, 2),
        }),
    ]
}

/// A list in `currency` or (sometimes) in USD, valid around `NOW` or not, for some buyers, maybe pricing the variant.
fn list(id: i64, currency: Currency) -> impl Strategy<Value = PriceList> {
    let usd = Currency::parse("USD").unwrap();
    (
        prop::bool::weighted(0.85),
        -1i32..3,
        prop::option::of(-5i64..5),
        prop::option::of(-5i64..5),
    )
        .prop_flat_map(move |(same_currency, priority, from, until)| {
            let c = if same_currency {
                currency.clone()
            } else {
                usd.clone()
            };
            (
                prop::collection::vec(target(), 0..3),
                entry_price(c.clone()),
                prop::bool::weighted(0.9),
            )
                .prop_map(move |(targets, price, priced)| PriceList {
                    id,
                    name: format!("List {id}"),
                    currency: c.clone(),
                    priority,
                    valid_from: from.map(|d| NOW + d * 1_000),
                    valid_until: until.map(|d| NOW + d * 1_000),
                    targets,
                    entries: vec![PriceListEntry {
                        variant_id: if priced { VARIANT } else { VARIANT + 1 },
                        price,
                    }],
                })
        })
}

#[derive(Debug, Clone)]
struct World {
    variant: VariantPricing,
    lists: Vec<PriceList>,
    tax: TaxRates,
    buyer: BuyerContext,
}

fn world() -> impl Strategy<Value = World> {
    currency().prop_flat_map(|currency| {
        let c = currency.clone();
        let base = (0i64..50_000_000_000)
            .prop_flat_map(move |micros| tiers(micros, c.clone()).prop_map(move |t| (micros, t)));
        let lists = (0usize..5).prop_flat_map({
            let c = currency.clone();
            move |n| {
                (0..n as i64)
                    .map(|id| list(id, c.clone()))
                    .collect::<Vec<_>>()
            }
        });
        (
            base,
            lists,
            0i64..=2_500,
            prop::option::of(1i64..3),
            prop::option::of(1i64..3),
            prop::bool::ANY,
        )
            .prop_map(
                move |((micros, tiers), lists, rate, group, company, gross)| World {
                    variant: VariantPricing {
                        variant_id: VARIANT,
                        base_prices: vec![BasePrice {
                            unit_price: unit(micros, &currency),
                            tiers,
                        }],
                        quantity_rules: QuantityRules::default(),
                        tax_class: TaxClass::standard(),
                    },
                    lists,
                    tax: TaxRates::new(vec![TaxRate {
                        class: TaxClass::standard(),
                        country: "DE".into(),
                        rate_percent: Decimal::new(rate, 2),
                    }])
                    .unwrap(),
                    buyer: BuyerContext {
                        currency: currency.clone(),
                        country: "DE".into(),
                        customer_group: group,
                        company,
                        now_ms: NOW,
                        tax_display: if gross {
                            TaxDisplay::IncludingTax
                        } else {
                            TaxDisplay::ExcludingTax
                        },
                    },
                },
            )
    })
}

fn price(w: &World, lists: &[PriceList], quantity: u32) -> PriceQuote {
    quote(
        &w.variant,
        lists,
        &w.tax,
        &w.buyer,
        Quantity::parse(i64::from(quantity)).unwrap(),
    )
    .unwrap()
}

proptest! {
    #[test]
    fn net_plus_tax_is_gross_on_every_line(w in world(), q in 1u32..=Quantity::MAX) {
        let p = price(&w, &w.lists, q);
        prop_assert_eq!(p.line_net.amount + p.line_tax.amount, p.line_gross.amount);
        prop_assert_eq!(&p.line_net, &p.unit_net.line_total(q));
    }

    #[test]
    fn every_money_amount_has_at_most_the_currencys_minor_unit_decimals(w in world(), q in 1u32..=Quantity::MAX) {
        let p = price(&w, &w.lists, q);
        let minor = w.buyer.currency.minor_units();
        for money in [&p.line_net, &p.line_tax, &p.line_gross, &p.line_shown] {
            prop_assert!(money.amount.scale() <= minor, "{} has more than {} decimals", money.amount, minor);
            prop_assert_eq!(&money.currency, &w.buyer.currency);
        }
    }

    #[test]
    fn unit_prices_have_at_most_six_decimals(w in world(), q in 1u32..=Quantity::MAX) {
        let p = price(&w, &w.lists, q);
        for unit in [&p.unit_net, &p.unit_gross, &p.unit_shown] {
            prop_assert!(unit.money().amount.normalize().scale() <= UnitPrice::MAX_SCALE);
        }
        for step in &p.explanation {
            prop_assert!(step.amount().normalize().scale() <= UnitPrice::MAX_SCALE);
        }
        prop_assert_eq!(p.explanation.last().map(PriceStep::amount), Some(p.unit_gross.money().amount));
    }

    #[test]
    fn a_larger_quantity_never_gets_a_higher_unit_price(w in world(), a in 1u32..=Quantity::MAX, b in 1u32..=Quantity::MAX) {
        let (small, large) = (a.min(b), a.max(b));
        let p_small = price(&w, &w.lists, small);
        let p_large = price(&w, &w.lists, large);
        prop_assert!(p_large.unit_net.money().amount <= p_small.unit_net.money().amount);
        prop_assert!(p_large.unit_shown.money().amount <= p_small.unit_shown.money().amount);
    }

    #[test]
    fn the_chosen_price_is_one_of_the_candidates(w in world(), q in 1u32..=Quantity::MAX) {
        let p = price(&w, &w.lists, q);
        // Each candidate priced alone: the base price, and each list on its own (the base price when it does not
        // apply to this buyer).
        let base = price(&w, &[], q);
        let alone: Vec<PriceQuote> = w.lists.iter().map(|l| price(&w, std::slice::from_ref(l), q)).collect();
        match p.price_list_id {
            None => {
                prop_assert_eq!(&p, &base);
                prop_assert!(alone.iter().all(|a| a.price_list_id.is_none()), "an eligible list was passed over");
            }
            Some(id) => {
                let winner = alone.iter().find(|a| a.price_list_id == Some(id)).unwrap();
                prop_assert_eq!(&p, winner);
                let priority = |id: i64| w.lists.iter().find(|l| l.id == id).unwrap().priority;
                let best = alone.iter().filter_map(|a| a.price_list_id).map(priority).max();
                prop_assert_eq!(best, Some(priority(id)));
            }
        }
    }
}
