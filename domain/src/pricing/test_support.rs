//! Fixtures shared by the pricing tests: a variant, tax rates for DE, NL and FR, a buyer in Germany.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{
    BasePrice, BuyerContext, EntryPrice, PriceList, PriceListEntry, PriceTarget, QuantityRules,
    TaxClass, TaxDisplay, TaxRate, TaxRates, Tier, VariantPricing,
};
use crate::{Currency, Quantity, UnitPrice};

/// The variant every fixture prices.
pub const VARIANT: i64 = 42;
/// The fixtures' "now": 2023-11-14.
pub const NOW: i64 = 1_700_000_000_000;

pub fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

pub fn eur(amount: &str) -> UnitPrice {
    UnitPrice::parse(dec(amount), Currency::eur()).unwrap()
}

pub fn qty(n: u32) -> Quantity {
    Quantity::parse(i64::from(n)).unwrap()
}

pub fn tier(min_quantity: u32, amount: &str) -> Tier {
    Tier {
        min_quantity,
        unit_price: eur(amount),
    }
}

pub fn variant(base: &str, tiers: Vec<Tier>) -> VariantPricing {
    VariantPricing {
        variant_id: VARIANT,
        base_prices: vec![BasePrice {
            unit_price: eur(base),
            tiers,
        }],
        quantity_rules: QuantityRules::default(),
        tax_class: TaxClass::standard(),
    }
}

pub fn rates() -> TaxRates {
    let rate = |class: &str, country: &str, percent: &str| TaxRate {
        class: TaxClass::parse(class).unwrap(),
        country: country.into(),
        rate_percent: dec(percent),
    };
    TaxRates::new(vec![
        rate("standard", "DE", "19"),
        rate("reduced", "DE", "7"),
        rate("standard", "NL", "21"),
        rate("reduced", "NL", "9"),
        rate("standard", "FR", "20"),
        rate("reduced", "FR", "5.5"),
    ])
    .unwrap()
}

/// A guest in Germany, shopping in euros, shown net prices.
pub fn buyer() -> BuyerContext {
    BuyerContext {
        currency: Currency::eur(),
        country: "DE".into(),
        customer_group: None,
        company: None,
        now_ms: NOW,
        tax_display: TaxDisplay::ExcludingTax,
    }
}

pub fn list_with(id: i64, priority: i32, target: PriceTarget, price: EntryPrice) -> PriceList {
    PriceList {
        id,
        name: format!("List {id}"),
        currency: Currency::eur(),
        priority,
        valid_from: None,
        valid_until: None,
        targets: vec![target],
        entries: vec![PriceListEntry {
            variant_id: VARIANT,
            price,
        }],
    }
}

pub fn fixed_list(id: i64, priority: i32, target: PriceTarget, amount: &str) -> PriceList {
    list_with(
        id,
        priority,
        target,
        EntryPrice::Fixed {
            unit_price: eur(amount),
            tiers: vec![],
        },
    )
}

pub fn percent_list(id: i64, priority: i32, target: PriceTarget, percent: &str) -> PriceList {
    list_with(
        id,
        priority,
        target,
        EntryPrice::PercentOff {
            percent: dec(percent),
        },
    )
}
