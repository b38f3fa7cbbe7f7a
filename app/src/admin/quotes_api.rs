//! Server functions of the quote desk, under `/admin/fn/quotes…`: the list, one quote, and the shop's answer, comment
//! and decline, through the same engine calls and the same parsing as the admin API. Reading needs `orders:read`,
//! every form `orders:write`; the engine checks both.

use domain::quotes::{Quote, QuoteSummary};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// What the quote desk shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteDeskView {
    /// The quote.
    pub quote: Quote,
    /// Whether the signed-in member may answer, comment and decline.
    pub can_write: bool,
    /// The day the answer form starts at (`YYYY-MM-DD`): the current answer's, else 30 days from today.
    pub valid_until: String,
}

/// One line of the answer form: `prices[i][sku]`, `prices[i][unit_price]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotePriceRow {
    /// The SKU.
    #[serde(default)]
    pub sku: String,
    /// Net unit price; empty leaves the line to the discount.
    #[serde(default)]
    pub unit_price: String,
}

/// Quotes newest first, those in `status` (a stored status such as `requested`), or all when it is empty; needs
/// `orders:read`.
#[server(prefix = "/admin/fn", endpoint = "quotes")]
pub async fn get_admin_quotes(status: String) -> Result<Vec<QuoteSummary>, AppError> {
    let actor = session::actor().await?;
    let status = match status.trim() {
        "" => None,
        text => Some(domain::quotes::QuoteStatus::parse(text)?),
    };
    Ok(ssr::engine()?.staff_quotes(&actor, status).await?)
}

/// One quote, and whether the member may work on it; needs `orders:read`.
#[server(prefix = "/admin/fn", endpoint = "quotes/one")]
pub async fn get_admin_quote(number: String) -> Result<QuoteDeskView, AppError> {
    let actor = session::actor().await?;
    let quote = ssr::engine()?.staff_quote(&actor, &number).await?;
    let valid_until = domain::calendar_day(
        quote
            .valid_until_ms
            .unwrap_or_else(|| engine::now_ms() + 30 * 86_400_000),
    );
    Ok(QuoteDeskView {
        quote,
        can_write: actor.allows(engine::Scope::OrdersWrite),
        valid_until,
    })
}

/// Where a quote's form goes once it worked: back to the quote, saying what was done.
#[cfg(feature = "ssr")]
fn back_to(number: &str, done: &str) -> String {
    format!(
        "/admin/quotes/{}?saved={done}",
        domain::listing::encode(number)
    )
}

/// Answers (or answers again) a quote: the rows' unit prices, `discount_percent` off the buyer's own price for the
/// rows left empty, holding to the end of the day `valid_until`. The buyer is emailed.
#[server(prefix = "/admin/fn", endpoint = "quotes/answer")]
pub async fn admin_answer_quote(
    number: String,
    #[server(default)] valid_until: String,
    #[server(default)] discount_percent: String,
    #[server(default)] comment: String,
    #[server(default)] prices: Vec<QuotePriceRow>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let mut quoted = Vec::with_capacity(prices.len());
        for row in &prices {
            // An empty price is the form's way of saying "use the discount" for that line.
            if row.sku.trim().is_empty() || row.unit_price.trim().is_empty() {
                continue;
            }
            let sku = domain::Sku::parse(&row.sku).map_err(|e| AppError::Invalid {
                field: "prices".into(),
                message: e.message,
            })?;
            let price = domain::quotes::quote_amount(&row.unit_price, "prices")?;
            quoted.push((sku, price));
        }
        let discount_percent = match discount_percent.trim() {
            "" => None,
            text => Some(domain::quotes::quote_amount(text, "discount_percent")?),
        };
        let answer = engine::QuoteAnswer {
            prices: quoted,
            discount_percent,
            valid_until_ms: domain::quotes::valid_until_end_of(&valid_until)?,
            comment,
        };
        ssr::engine()?
            .answer_quote(&actor, &number, &answer)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "answered")))
}

/// A comment for the buyer on an open quote; the buyer is emailed.
#[server(prefix = "/admin/fn", endpoint = "quotes/comment")]
pub async fn admin_comment_quote(number: String, body: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .comment_on_quote_as_staff(&actor, &number, &body)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "commented")))
}

/// Declines an open quote, with an optional comment for the buyer.
#[server(prefix = "/admin/fn", endpoint = "quotes/decline")]
pub async fn admin_decline_quote(
    number: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .decline_quote_as_staff(&actor, &number, &comment)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some(&back_to(&number, "declined")))
}
