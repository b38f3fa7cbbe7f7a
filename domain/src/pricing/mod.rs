//! The pricing engine: which unit price a buyer pays for a variant, how many units they may order, the tax on the
//! line, and an explanation of every step ("why this price").
//!
//! Plain data in, plain data out, no I/O: the engine loads prices, lists, rules and rates from storage and calls
//! [`quote()`]; the storefront can call the same function in the browser and is guaranteed the same answer.
//!
//! **Prices are stored net** (excluding tax). B2B trades in net prices, and one stored net price serves every
//! country: the gross price follows from the buyer's country at quote time, so a price never has to be re-entered
//! when a rate changes or the shop starts selling to another country.
//!
//! **How a price is found** (details in [`selection`]): the variant's [`BasePrice`] in the buyer's
//! currency, unless an eligible [`PriceList`] replaces it (highest priority, then most specific target, then lowest
//! price), then the volume break ([`Tier`]) for the quantity, then tax for the buyer's country.
//!
//! **The rounding rule**, the one in [`crate::money`] extended to tax, each step applied once, half away from zero:
//! 1. A unit price keeps up to [`UnitPrice::MAX_SCALE`] (6) decimals. A computed unit price (a percentage
//!    discount, a gross price) is reduced to 6 decimals, always from exact inputs, never from an already reduced
//!    figure, so no error accumulates.
//! 2. `line_net = round(unit_net × quantity)` to the currency's minor unit ([`UnitPrice::line_total`]).
//! 3. `line_tax = round(line_net × rate / 100)` to the minor unit.
//! 4. `line_gross = line_net + line_tax`, so net + tax = gross exactly on every line, and a cart or an invoice
//!    that adds lines adds up in all three columns. `line_gross` can differ by a minor unit from
//!    `unit_gross × quantity`; the line figures are the ones charged, `unit_gross` is for display.
//!
//! [`UnitPrice::MAX_SCALE`]: crate::UnitPrice::MAX_SCALE
//! [`UnitPrice::line_total`]: crate::UnitPrice::line_total

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{DomainError, LineAmounts, Money, UnitPrice};

pub mod breaks;
pub mod buyer_prices;
pub mod explain;
pub mod price_list;
pub mod quantity_rules;
pub mod quote;
pub mod selection;
pub mod tax;
pub mod tiers;
pub mod variant;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod test_support;

pub use breaks::{PriceBreak, price_breaks};
pub use buyer_prices::BuyerPrices;
pub use explain::PriceStep;
pub use price_list::{EntryPrice, PriceList, PriceListEntry, PriceTarget};
pub use quantity_rules::QuantityRules;
pub use quote::{BuyerContext, PriceQuote, quote};
pub use selection::Specificity;
pub use tax::{TaxClass, TaxDisplay, TaxRate, TaxRates};
pub use tiers::Tier;
pub use variant::{BasePrice, VariantPricing};

/// Reduces a computed unit amount to [`UnitPrice::MAX_SCALE`] decimals, half away from zero: rule 1 above.
fn to_unit_scale(amount: Decimal) -> Decimal {
    amount
        .round_dp_with_strategy(UnitPrice::MAX_SCALE, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// `amount × factor_percent / 100`, refusing instead of panicking when a nonsensical price would overflow.
fn percent_of(amount: Decimal, factor_percent: Decimal) -> Result<Decimal, DomainError> {
    amount
        .checked_mul(factor_percent)
        .map(|x| x / Decimal::ONE_HUNDRED)
        .ok_or_else(|| DomainError::new("price", "is too large to calculate with"))
}

/// A line's tax and gross from its net amount: `round(line_net × rate / 100)` (rule 3) and net + tax (rule 4).
/// The one formula for quotes and for orders, whose rate follows the delivery.
pub fn tax_line(line_net: Money, rate_percent: Decimal) -> Result<LineAmounts, DomainError> {
    let currency = line_net.currency.clone();
    let tax = Money::new(
        currency.round(percent_of(line_net.amount, rate_percent)?),
        currency.clone(),
    );
    let gross = Money::new(line_net.amount + tax.amount, currency);
    Ok(LineAmounts {
        net: line_net,
        tax,
        gross,
    })
}
