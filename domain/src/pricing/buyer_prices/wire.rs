//! The form [`BuyerPrices`] takes on a page: nested arrays, no field names and no tagged enums.
//!
//! A browser that prices in place reads one per variant, and its bundle pays for each shape it can read: a
//! tagged enum makes the JSON reader buffer and re-read its input, and every field name is matched by code. Arrays
//! of plain values cost the least to read. Amounts are all in the buyer's currency, which is written once.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::BuyerPrices;
use crate::pricing::{
    BasePrice, BuyerContext, EntryPrice, PriceList, PriceListEntry, PriceTarget, QuantityRules,
    TaxClass, TaxDisplay, TaxRate, TaxRates, Tier, VariantPricing,
};
use crate::{Currency, DomainError, UnitPrice};

/// A unit price and its volume breaks: (from quantity, unit price).
type Ladder = (Decimal, Vec<(u32, Decimal)>);

/// One price list: id, name, priority, valid from, valid until, targets (0 everyone, 1 customer group,
/// 2 company; with the id), and this variant's entry as a fixed ladder or a percentage off.
type ListWire = (
    i64,
    String,
    i32,
    Option<i64>,
    Option<i64>,
    Vec<(u8, i64)>,
    Option<Ladder>,
    Option<Decimal>,
);

/// See the module: currency, country, customer group, company, the moment it prices at, whether tax is shown; the
/// variant's id, base price, quantity rules (minimum, increment, maximum) and tax class; the lists; the buyer's
/// country's rates (class, country, percent).
#[derive(Serialize, Deserialize)]
pub(super) struct Wire(
    String,
    String,
    Option<i64>,
    Option<i64>,
    i64,
    bool,
    i64,
    Option<Ladder>,
    (u32, u32, Option<u32>),
    String,
    Vec<ListWire>,
    Vec<(String, String, Decimal)>,
);

fn ladder(head: &UnitPrice, tiers: &[Tier]) -> Ladder {
    (
        head.money().amount,
        tiers
            .iter()
            .map(|t| (t.min_quantity, t.unit_price.money().amount))
            .collect(),
    )
}

fn unit(amount: Decimal, currency: &Currency) -> Result<UnitPrice, DomainError> {
    UnitPrice::parse(amount, currency.clone())
}

fn tiers(rows: Vec<(u32, Decimal)>, currency: &Currency) -> Result<Vec<Tier>, DomainError> {
    rows.into_iter()
        .map(|(min_quantity, amount)| {
            Ok(Tier {
                min_quantity,
                unit_price: unit(amount, currency)?,
            })
        })
        .collect()
}

impl From<BuyerPrices> for Wire {
    /// Only what is in the buyer's currency and for this variant travels: nothing else can decide its price.
    fn from(p: BuyerPrices) -> Self {
        let b = &p.buyer;
        let base = p
            .variant
            .base_prices
            .iter()
            .find(|base| base.currency() == &b.currency)
            .map(|base| ladder(&base.unit_price, &base.tiers));
        let lists = p
            .lists
            .iter()
            .filter(|l| l.currency == b.currency)
            .filter_map(|l| {
                let entry = l.entry(p.variant.variant_id)?;
                let targets = l
                    .targets
                    .iter()
                    .map(|t| match t {
                        PriceTarget::Everyone => (0, 0),
                        PriceTarget::CustomerGroup(id) => (1, *id),
                        PriceTarget::Company(id) => (2, *id),
                    })
                    .collect();
                let (fixed, percent) = match &entry.price {
                    EntryPrice::Fixed { unit_price, tiers } => {
                        (Some(ladder(unit_price, tiers)), None)
                    }
                    EntryPrice::PercentOff { percent } => (None, Some(*percent)),
                };
                Some((
                    l.id,
                    l.name.clone(),
                    l.priority,
                    l.valid_from,
                    l.valid_until,
                    targets,
                    fixed,
                    percent,
                ))
            })
            .collect();
        let rules = p.variant.quantity_rules;
        Wire(
            b.currency.code().to_owned(),
            b.country.clone(),
            b.customer_group,
            b.company,
            b.now_ms,
            b.tax_display == TaxDisplay::IncludingTax,
            p.variant.variant_id,
            base,
            (rules.min, rules.increment, rules.max),
            p.variant.tax_class.as_str().to_owned(),
            lists,
            p.tax
                .rates
                .into_iter()
                .map(|r| (r.class.as_str().to_owned(), r.country, r.rate_percent))
                .collect(),
        )
    }
}

impl TryFrom<Wire> for BuyerPrices {
    type Error = DomainError;

    /// Rebuilds the prices; a unit price, currency, tax class or quantity rule that could not have been written
    /// is refused as it would be on its way in.
    fn try_from(w: Wire) -> Result<Self, DomainError> {
        let Wire(
            currency,
            country,
            customer_group,
            company,
            now_ms,
            tax_included,
            variant_id,
            base,
            (min, increment, max),
            tax_class,
            lists,
            rates,
        ) = w;
        let currency = Currency::parse(&currency)?;
        let base_prices = match base {
            Some((head, rows)) => vec![BasePrice {
                unit_price: unit(head, &currency)?,
                tiers: tiers(rows, &currency)?,
            }],
            None => Vec::new(),
        };
        let lists = lists
            .into_iter()
            .map(
                |(id, name, priority, valid_from, valid_until, targets, fixed, percent)| {
                    let price = match (fixed, percent) {
                        (Some((head, rows)), _) => EntryPrice::Fixed {
                            unit_price: unit(head, &currency)?,
                            tiers: tiers(rows, &currency)?,
                        },
                        (None, Some(percent)) => EntryPrice::PercentOff { percent },
                        (None, None) => return Err(DomainError::new("price", "is missing")),
                    };
                    Ok(PriceList {
                        id,
                        name,
                        currency: currency.clone(),
                        priority,
                        valid_from,
                        valid_until,
                        targets: targets
                            .into_iter()
                            .map(|(kind, id)| match kind {
                                1 => PriceTarget::CustomerGroup(id),
                                2 => PriceTarget::Company(id),
                                _ => PriceTarget::Everyone,
                            })
                            .collect(),
                        entries: vec![PriceListEntry { variant_id, price }],
                    })
                },
            )
            .collect::<Result<_, DomainError>>()?;
        let rates = rates
            .into_iter()
            .map(|(class, country, rate_percent)| {
                Ok(TaxRate {
                    class: TaxClass::parse(&class)?,
                    country,
                    rate_percent,
                })
            })
            .collect::<Result<_, DomainError>>()?;
        Ok(BuyerPrices {
            variant: VariantPricing {
                variant_id,
                base_prices,
                quantity_rules: QuantityRules::new(min, increment, max)?,
                tax_class: TaxClass::parse(&tax_class)?,
            },
            lists,
            tax: TaxRates { rates },
            buyer: BuyerContext {
                currency,
                country,
                customer_group,
                company,
                now_ms,
                tax_display: if tax_included {
                    TaxDisplay::IncludingTax
                } else {
                    TaxDisplay::ExcludingTax
                },
            },
        })
    }
}
