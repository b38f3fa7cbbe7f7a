//! Checking a record before anything is written, every line on its own: errors name the record's field (and the
//! SKU or locale), so an ERP team can fix the line without reading Kontor's code. Amounts are normalized here
//! through [`UnitPrice`], so what is compared with storage and written is exactly what storage will hold.

use std::collections::{HashMap, HashSet};

use domain::{Currency, DomainError, QuantityRules, Sku, Slug, UnitPrice};

use super::{PriceRecord, ProductRecord, TierRecord, VariantRecord, definitions::Definitions};
use crate::catalog::CategoryIndex;

/// A record that passed every check, with what the writers need besides it.
pub(super) struct Valid {
    pub(super) line: usize,
    pub(super) record: ProductRecord,
    pub(super) category_id: i64,
}

/// Keys a file may use once: handles, SKUs, and translated slugs per locale, each with the line that used it.
#[derive(Default)]
pub(super) struct Seen {
    handles: HashMap<String, usize>,
    skus: HashMap<String, usize>,
    slugs: HashMap<(String, String), usize>,
}

/// Checks one record and normalizes it (SKUs upper case, amounts normalized, other prices by currency); `seen`
/// catches keys an earlier line of the same file already used.
pub(super) fn validate_record(
    currency: &Currency,
    index: &CategoryIndex,
    definitions: &Definitions,
    line: usize,
    mut record: ProductRecord,
    seen: &mut Seen,
) -> Result<Valid, DomainError> {
    Slug::parse(&record.handle).map_err(|e| DomainError::new("handle", e.message))?;
    if record.name.trim().is_empty() {
        return Err(DomainError::new("name", "must not be empty"));
    }
    let category_id = index
        .by_slug(&record.category)
        .map(|c| c.id)
        .ok_or_else(|| {
            DomainError::new("category", format!("{:?} does not exist", record.category))
        })?;
    definitions.check_product(&mut record)?;
    if record.variants.is_empty() {
        return Err(DomainError::new(
            "variants",
            "must hold at least one variant",
        ));
    }
    for image in &record.images {
        if let Some(sku) = &image.variant
            && !record
                .variants
                .iter()
                .any(|v| v.sku.eq_ignore_ascii_case(sku))
        {
            return Err(DomainError::new(
                "images",
                format!(
                    "{} shows variant {sku}, which the product does not have",
                    image.url
                ),
            ));
        }
    }
    for variant in &mut record.variants {
        variant.sku = Sku::parse(&variant.sku)?.as_str().to_owned();
        if variant.title.trim().is_empty() {
            return Err(DomainError::new(
                "title",
                format!("of {} must not be empty", variant.sku),
            ));
        }
        let parsed = Currency::parse(&variant.currency)?;
        if parsed != *currency {
            return Err(DomainError::new(
                "currency",
                format!(
                    "of {} must be {}, the channel currency",
                    variant.sku, currency
                ),
            ));
        }
        variant.currency = parsed.code().to_owned();
        let price = UnitPrice::parse(variant.price, parsed)
            .map_err(|e| DomainError::new(e.field, format!("of {} {}", variant.sku, e.message)))?;
        variant.price = price.money().amount;
        check_free(variant, &price)?;
        check_variant_pricing(variant, &price)?;
        if variant.stock < 0 {
            return Err(DomainError::new(
                "stock",
                format!("of {} must not be negative", variant.sku),
            ));
        }
    }
    if let Some(first) = seen.handles.get(&record.handle) {
        return Err(DomainError::new(
            "handle",
            format!("{} was already on line {first}", record.handle),
        ));
    }
    for variant in &record.variants {
        if let Some(first) = seen.skus.get(&variant.sku) {
            return Err(DomainError::new(
                "sku",
                format!("{} was already on line {first}", variant.sku),
            ));
        }
    }
    for (locale, t) in &record.translations {
        if let Some(first) = seen.slugs.get(&(locale.clone(), t.slug.clone())) {
            return Err(DomainError::new(
                "translations",
                format!("{locale}: slug {} was already on line {first}", t.slug),
            ));
        }
    }
    seen.handles.insert(record.handle.clone(), line);
    for variant in &record.variants {
        seen.skus.insert(variant.sku.clone(), line);
    }
    for (locale, t) in &record.translations {
        seen.slugs.insert((locale.clone(), t.slug.clone()), line);
    }
    Ok(Valid {
        line,
        record,
        category_id,
    })
}

/// A main price of 0 only with `free`, and `free` only with a main price of 0. An amount that arrives as 0 is far
/// more often an empty ERP field or a botched export than a gift, and selling for nothing is a loss nobody
/// notices until the goods are gone; so a deliberate 0 has to say so, and the flag cannot outlive the price.
fn check_free(variant: &VariantRecord, price: &UnitPrice) -> Result<(), DomainError> {
    match (price.is_zero(), variant.free) {
        (true, false) => Err(DomainError::new(
            "price",
            format!(
                "of {} is 0; a variant sold for nothing must say so with \"free\": true",
                variant.sku
            ),
        )),
        (false, true) => Err(DomainError::new(
            "free",
            format!(
                "{} is marked free but its price is {}; set the price to 0 or leave free out",
                variant.sku,
                price.money().amount
            ),
        )),
        _ => Ok(()),
    }
}

/// Checks and normalizes a variant's breaks, other prices and quantity rules; `base` is its validated main price.
fn check_variant_pricing(variant: &mut VariantRecord, base: &UnitPrice) -> Result<(), DomainError> {
    let sku = variant.sku.clone();
    if let Some(tiers) = &mut variant.tiers {
        check_tiers(&sku, base, tiers)?;
    }
    if let Some(prices) = &mut variant.prices {
        check_other_prices(&sku, variant.free, base, prices)?;
    }
    if let Some(rules) = variant.rules {
        QuantityRules::new(rules.min, rules.step, rules.max).map_err(|e| {
            let field = match e.field.as_str() {
                "min_quantity" => "min",
                "increment" => "step",
                _ => "max",
            };
            DomainError::new("rules", format!("of {sku}: {field} {}", e.message))
        })?;
    }
    Ok(())
}

/// Other currencies' prices: each currency once, not the main one, and 0 only for a `free` variant. `free` is
/// about the main price (the export reads it from there), so a free variant may still have a price elsewhere.
fn check_other_prices(
    sku: &str,
    free: bool,
    base: &UnitPrice,
    prices: &mut [PriceRecord],
) -> Result<(), DomainError> {
    let main = base.money().currency.code();
    let bad = |message: String| DomainError::new("prices", format!("of {sku}: {message}"));
    let mut seen = HashSet::new();
    for p in prices.iter_mut() {
        let currency =
            Currency::parse(&p.currency).map_err(|e| bad(format!("currency {}", e.message)))?;
        if currency.code() == main {
            return Err(bad(format!(
                "{main} is the main price's currency; list only other currencies here"
            )));
        }
        if !seen.insert(currency.code().to_owned()) {
            return Err(bad(format!("{} is listed twice", currency.code())));
        }
        let price = UnitPrice::parse(p.price, currency.clone())
            .map_err(|e| bad(format!("the {} price {}", currency.code(), e.message)))?;
        if price.is_zero() && !free {
            return Err(bad(format!(
                "the {} price is 0; only a variant marked \"free\": true may cost 0",
                currency.code()
            )));
        }
        p.currency = currency.code().to_owned();
        p.price = price.money().amount;
        check_tiers(sku, &price, &mut p.tiers)?;
    }
    // Stored prices are read back by currency, so a record in any order compares equal to them.
    prices.sort_by(|a, b| a.currency.cmp(&b.currency));
    Ok(())
}

/// Breaks start at 2 units, rise in quantity and fall in price, each below the price before it (the base price
/// first): a break that does not lower the price would only clutter the tier table. A break never costs 0: a
/// variant given away is `free` at every quantity and has no breaks.
fn check_tiers(sku: &str, base: &UnitPrice, tiers: &mut [TierRecord]) -> Result<(), DomainError> {
    let currency = &base.money().currency;
    let bad = |message: String| {
        DomainError::new(
            "tiers",
            format!("of {sku} in {}: {message}", currency.code()),
        )
    };
    if base.is_zero() && !tiers.is_empty() {
        return Err(bad("a price of 0 has no volume breaks".to_owned()));
    }
    let (mut previous_min, mut previous_price) = (1, base.money().amount);
    for t in tiers.iter_mut() {
        let price = UnitPrice::parse(t.price, currency.clone())
            .map_err(|e| bad(format!("the price from {} {}", t.min_quantity, e.message)))?;
        if price.is_zero() {
            return Err(bad(format!(
                "the price from {} is 0; a break must cost more than 0",
                t.min_quantity
            )));
        }
        t.price = price.money().amount;
        if t.min_quantity < 2 {
            return Err(bad(format!(
                "min_quantity must be at least 2, not {}",
                t.min_quantity
            )));
        }
        if t.min_quantity <= previous_min {
            return Err(bad(format!(
                "breaks must be listed by rising min_quantity ({} after {previous_min})",
                t.min_quantity
            )));
        }
        if t.price >= previous_price {
            return Err(bad(format!(
                "the break from {} must cost less than {previous_price}, the price below it",
                t.min_quantity
            )));
        }
        (previous_min, previous_price) = (t.min_quantity, t.price);
    }
    Ok(())
}
