//! Quotes: a buyer asks for prices on what is in their cart (a message, and per line the quantity they want and,
//! if they like, the unit price they aim for); the shop answers with a price per line or a discount and a date the
//! prices hold until; the two sides may go back and forth with comments; the buyer accepts, and the quote becomes
//! an order at the quoted prices through the same checkout as a cart, approvals included. An expired or declined
//! quote cannot be ordered.

use serde::{Deserialize, Serialize};

use crate::{Currency, DomainError, Money};

/// Where a quote stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// The buyer asked (or asked again, after an answer); the shop's turn.
    Requested,
    /// The shop priced it; the buyer's turn: accept, decline or ask again.
    Answered,
    /// The buyer accepted it: it became an order.
    Accepted,
    /// Declined by the shop, or by the buyer.
    Declined,
    /// Its prices were not accepted in time.
    Expired,
}

impl QuoteStatus {
    /// Every status, in the order a quote goes through them.
    pub const ALL: [QuoteStatus; 5] = [
        QuoteStatus::Requested,
        QuoteStatus::Answered,
        QuoteStatus::Accepted,
        QuoteStatus::Declined,
        QuoteStatus::Expired,
    ];

    /// Stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Requested => "requested",
            QuoteStatus::Answered => "answered",
            QuoteStatus::Accepted => "accepted",
            QuoteStatus::Declined => "declined",
            QuoteStatus::Expired => "expired",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            QuoteStatus::Requested => "Waiting for our answer",
            QuoteStatus::Answered => "Answered",
            QuoteStatus::Accepted => "Accepted",
            QuoteStatus::Declined => "Declined",
            QuoteStatus::Expired => "Expired",
        }
    }

    /// Reads the stored form; an error names `status`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| DomainError::new("status", format!("{text:?} is not a quote status")))
    }

    /// The one table of allowed steps: the shop answers (again, if it revises its prices) or declines a request;
    /// the buyer accepts, declines or asks again about an answer; an answer nobody accepted in time expires.
    /// Accepted, declined and expired are final.
    pub fn can_become(self, next: QuoteStatus) -> bool {
        use QuoteStatus::*;
        matches!(
            (self, next),
            (Requested, Answered)
                | (Requested, Declined)
                | (Answered, Answered)
                | (Answered, Requested)
                | (Answered, Accepted)
                | (Answered, Declined)
                | (Answered, Expired)
        )
    }

    /// `next` if the step is allowed, else an error on `status` saying why not.
    pub fn transition(self, next: QuoteStatus) -> Result<QuoteStatus, DomainError> {
        if self.can_become(next) {
            Ok(next)
        } else {
            Err(DomainError::new(
                "status",
                format!(
                    "a quote that is {} cannot become {}",
                    self.as_str(),
                    next.as_str()
                ),
            ))
        }
    }

    /// Whether nothing can happen to the quote any more.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            QuoteStatus::Accepted | QuoteStatus::Declined | QuoteStatus::Expired
        )
    }
}

/// A line of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// The SKU.
    pub sku: String,
    /// The product and variant.
    pub name: String,
    /// Units wanted.
    pub quantity: u32,
    /// The net unit price the buyer aims for, if they named one.
    pub target_price: Option<Money>,
    /// The net unit price the shop quoted; none until answered.
    pub unit_price: Option<Money>,
}

/// A comment on a quote, from either side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteComment {
    /// Who wrote it: the buyer's email, or the member of staff's.
    pub author: String,
    /// Whether the shop wrote it.
    pub from_shop: bool,
    /// What they wrote.
    pub body: String,
    /// When, Unix milliseconds.
    pub at_ms: i64,
}

/// A quote as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Its number, `Q-…`.
    pub number: String,
    /// Where it stands.
    pub status: QuoteStatus,
    /// Who asked, by email.
    pub requested_by: String,
    /// The company they asked for, by name.
    pub company: Option<String>,
    /// The currency of every amount.
    pub currency: Currency,
    /// The buyer's message.
    pub message: String,
    /// Its lines.
    pub lines: Vec<QuoteLine>,
    /// The quoted prices hold until then (Unix milliseconds); none until answered.
    pub valid_until_ms: Option<i64>,
    /// The back and forth, oldest first.
    pub comments: Vec<QuoteComment>,
    /// The order it became, once accepted.
    pub order_number: Option<String>,
    /// When it was asked for, Unix milliseconds.
    pub created_at_ms: i64,
}

impl Quote {
    /// The quoted net total, once every line has its price.
    pub fn total(&self) -> Option<Money> {
        let mut total = rust_decimal::Decimal::ZERO;
        for line in &self.lines {
            total += line.unit_price.as_ref()?.amount * rust_decimal::Decimal::from(line.quantity);
        }
        Some(Money::new(total, self.currency.clone()))
    }

    /// Whether the buyer may accept it at `now` (Unix milliseconds): answered, and its prices still hold.
    pub fn acceptable_at(&self, now: i64) -> bool {
        self.status == QuoteStatus::Answered
            && self.valid_until_ms.is_some_and(|until| now <= until)
    }
}

/// A quote in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteSummary {
    /// Its number.
    pub number: String,
    /// Where it stands.
    pub status: QuoteStatus,
    /// Who asked.
    pub requested_by: String,
    /// The company, by name.
    pub company: Option<String>,
    /// Lines.
    pub lines: u32,
    /// When it was asked for, Unix milliseconds.
    pub created_at_ms: i64,
    /// The quoted prices hold until then.
    pub valid_until_ms: Option<i64>,
}

/// Longest message or comment, in characters.
pub const TEXT_MAX: usize = 2000;

/// A net amount a person typed for a quote (a target or quoted unit price, a discount); an error names `field`.
pub fn quote_amount(text: &str, field: &str) -> Result<rust_decimal::Decimal, DomainError> {
    text.trim()
        .parse()
        .map_err(|_| DomainError::new(field, "is not a decimal amount, like 7.50"))
}

/// The moment a quote's prices stop holding when they hold "until" the day `day` (`YYYY-MM-DD`): the end of that
/// day, UTC, so a quote valid until today can still be ordered today.
pub fn valid_until_end_of(day: &str) -> Result<i64, DomainError> {
    Ok(crate::day_ms(day.trim(), "valid_until")? + 86_400_000 - 1)
}

/// A message or comment, trimmed: at most [`TEXT_MAX`] characters; an error names `field`. Empty is allowed where
/// the caller allows it.
pub fn quote_text(text: &str, field: &str) -> Result<String, DomainError> {
    let text = text.trim();
    if text.chars().count() > TEXT_MAX {
        return Err(DomainError::new(
            field,
            format!("must be at most {TEXT_MAX} characters"),
        ));
    }
    Ok(text.to_owned())
}

/// The unit price `discount_percent` off `unit`, rounded to the cent: how a discount answer prices a line.
pub fn discounted(
    unit: &Money,
    discount_percent: rust_decimal::Decimal,
) -> Result<Money, DomainError> {
    if discount_percent.is_sign_negative() || discount_percent >= rust_decimal::Decimal::ONE_HUNDRED
    {
        return Err(DomainError::new(
            "discount_percent",
            "must be at least 0 and below 100",
        ));
    }
    let factor = (rust_decimal::Decimal::ONE_HUNDRED - discount_percent)
        / rust_decimal::Decimal::ONE_HUNDRED;
    Ok(Money::new(
        (unit.amount * factor).round_dp(2),
        unit.currency.clone(),
    ))
}

#[cfg(test)]
mod tests;
