//! The buy box's line price, priced in the browser by `domain::pricing` from the prices the page carries. The
//! pricing code is a chunk of the bundle of its own: a product page loads without it, and the browser fetches it
//! once, when the buyer first changes the quantity or the option.

use domain::BuyerPrices;
use serde::{Deserialize, Serialize};

/// A line as the buy box shows it: priced, or refused with the reason the cart would give.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Units priced.
    pub quantity: u32,
    /// The net line total as a decimal, empty when the line is refused or prices are hidden.
    pub net: String,
    /// The gross line total as a decimal, empty likewise.
    pub gross: String,
    /// What the buyer reads: the unit and line price for more than one unit, or why the quantity is refused.
    pub text: Option<String>,
}

impl Line {
    /// `quantity` units with no price shown: prices are hidden, or could not be read.
    pub fn unpriced(quantity: u32) -> Self {
        Self {
            quantity,
            ..Self::default()
        }
    }
}

/// Prices `quantity` units from a variant's prices as the page carries them (a `BuyerPrices` in JSON).
pub fn line_at(prices: &str, quantity: u32) -> Line {
    let mut line = Line::unpriced(quantity);
    let Ok(prices) = serde_json::from_str::<BuyerPrices>(prices) else {
        return line;
    };
    match prices.quote(quantity) {
        Ok(q) => {
            line.net = q.line_net.amount.to_string();
            line.gross = q.line_gross.amount.to_string();
            line.text = (quantity > 1).then(|| {
                format!(
                    "{} each at {quantity}: {} in all",
                    q.unit_shown.money().display(),
                    q.line_shown.display()
                )
            });
        }
        Err(e) => line.text = Some(e.message),
    }
    line
}

/// [`line_at`] in its own chunk of the browser bundle, loaded on the first call.
#[cfg(feature = "islands")]
#[leptos::prelude::lazy]
pub fn price_line(prices: String, quantity: u32) -> Line {
    line_at(&prices, quantity)
}

/// [`line_at`], for the fully hydrated comparison build, which is not split.
#[cfg(not(feature = "islands"))]
pub async fn price_line(prices: String, quantity: u32) -> Line {
    line_at(&prices, quantity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_prices_price_nothing() {
        assert_eq!(
            line_at("not json", 3),
            Line {
                quantity: 3,
                net: String::new(),
                gross: String::new(),
                text: None,
            }
        );
    }
}
