//! The top level: a priced, taxed, explained line for one buyer.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::explain::PriceStep;
use super::price_list::PriceList;
use super::selection::select;
use super::tax::{TaxDisplay, TaxRates, country_code};
use super::variant::VariantPricing;
use super::{percent_of, tax_line, to_unit_scale};
use crate::{Currency, DomainError, LineAmounts, Money, Quantity, UnitPrice};

/// Who is buying, where, when and through which channel: everything about the buyer a price depends on.
///
/// A channel fixes `currency` and `tax_display`; the signed-in customer supplies `customer_group` and `company`
/// (both `None` for a guest); the shipping address, or the channel's default, supplies `country`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuyerContext {
    /// The channel's currency; only prices in it are considered.
    pub currency: Currency,
    /// ISO 3166-1 alpha-2 code of the country tax is due in (`DE`); lower case is accepted.
    pub country: String,
    /// The customer's group, if any.
    pub customer_group: Option<i64>,
    /// The company the customer buys for, if any.
    pub company: Option<i64>,
    /// The moment to price at, in epoch milliseconds: passed in, never read from a clock, so a quote is
    /// reproducible and a cart can be re-priced "as of" a moment.
    pub now_ms: i64,
    /// Whether the channel shows prices with or without tax.
    pub tax_display: TaxDisplay,
}

/// A priced line: unit and line amounts net, tax and gross, what to show, and why.
///
/// Unit prices are exact (up to 6 decimals) and typed [`UnitPrice`]; line amounts are rounded to the currency and
/// typed [`Money`]. Rounding is described in [`crate::pricing`]: `line_net + line_tax == line_gross` always.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceQuote {
    /// The variant priced.
    pub variant_id: i64,
    /// Units on the line.
    pub quantity: Quantity,
    /// The price list that set the price; `None` for the base price.
    pub price_list_id: Option<i64>,
    /// Whether `unit_shown` and `line_shown` include tax.
    pub tax_display: TaxDisplay,
    /// Net price per unit.
    pub unit_net: UnitPrice,
    /// Gross price per unit, reduced to 6 decimals; for display, the line amounts are what is charged.
    pub unit_gross: UnitPrice,
    /// `unit_gross` or `unit_net`, per the channel's tax display. A unit price, not money rounded to cents,
    /// because rounding €0.0375 to €0.04 would misstate a per-piece price by 7 %.
    pub unit_shown: UnitPrice,
    /// `round(unit_net × quantity)`.
    pub line_net: Money,
    /// `round(line_net × rate / 100)`.
    pub line_tax: Money,
    /// `line_net + line_tax`.
    pub line_gross: Money,
    /// `line_gross` or `line_net`, per the channel's tax display.
    pub line_shown: Money,
    /// Base → price list or discount → tier → tax, each with the unit price after it.
    pub explanation: Vec<PriceStep>,
}

/// Prices `quantity` units of a variant for a buyer.
///
/// Errors name the field to fix: `quantity` (breaks the variant's [`QuantityRules`](super::QuantityRules)),
/// `currency` (the variant has no base price in the buyer's currency), `country` or `tax_class` (no tax rate),
/// or a field of a misconfigured price that would otherwise decide the price (`tiers`, `percent`, `price`).
pub fn quote(
    variant: &VariantPricing,
    lists: &[PriceList],
    tax: &TaxRates,
    buyer: &BuyerContext,
    quantity: Quantity,
) -> Result<PriceQuote, DomainError> {
    variant.quantity_rules.validate(quantity)?;
    let base = variant.base_price(&buyer.currency)?;
    let chosen = select(base, lists, variant.variant_id, buyer, quantity.get())?;
    let country = country_code(&buyer.country)?;
    let rate = tax.rate(&variant.tax_class, &country)?;
    let currency = buyer.currency.clone();

    let unit_net = UnitPrice::parse(chosen.unit_net, currency.clone())?;
    let gross = to_unit_scale(percent_of(chosen.unit_net, Decimal::ONE_HUNDRED + rate)?);
    let unit_gross = UnitPrice::parse(gross, currency.clone())?;
    // `line_total` multiplies unchecked; an absurd stored price must be refused here, not panic there.
    if chosen
        .unit_net
        .checked_mul(Decimal::from(quantity.get()))
        .is_none()
    {
        return Err(DomainError::new("price", "is too large to calculate with"));
    }
    let LineAmounts {
        net: line_net,
        tax: line_tax,
        gross: line_gross,
    } = tax_line(unit_net.line_total(quantity.get()), rate)?;
    let (unit_shown, line_shown) = match buyer.tax_display {
        TaxDisplay::IncludingTax => (unit_gross.clone(), line_gross.clone()),
        TaxDisplay::ExcludingTax => (unit_net.clone(), line_net.clone()),
    };

    let mut explanation = chosen.steps;
    explanation.push(PriceStep::Tax {
        country,
        class: variant.tax_class.clone(),
        rate_percent: rate,
        amount: gross,
    });
    Ok(PriceQuote {
        variant_id: variant.variant_id,
        quantity,
        price_list_id: chosen.list.map(|l| l.id),
        tax_display: buyer.tax_display,
        unit_net,
        unit_gross,
        unit_shown,
        line_net,
        line_tax,
        line_gross,
        line_shown,
        explanation,
    })
}

#[cfg(test)]
mod tests;
