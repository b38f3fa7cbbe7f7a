//! Server functions of quotes: a buyer asks for prices on their cart's lines (a wanted quantity and a target
//! price per line), follows the back and forth, comments, declines, and accepts an answered quote into an order
//! through checkout's own fields. Plain form posts, so each works without JavaScript; who may do what is the
//! engine's rule.

// A plain form posts its fields flat, so accepting a quote takes one argument per checkout field.
#![allow(clippy::too_many_arguments)]

use domain::{
    CheckoutOptions, PlacedOrder,
    quotes::{Quote, QuoteSummary},
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::ssr;
use crate::error::AppError;

/// One line of the request form: `rows[i][sku]`, `rows[i][quantity]`, `rows[i][target_price]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    /// The SKU.
    #[serde(default)]
    pub sku: String,
    /// Units wanted; 0 or empty leaves the line out.
    #[serde(default)]
    pub quantity: String,
    /// The net unit price aimed for; optional.
    #[serde(default)]
    pub target_price: String,
}

/// What a quote's page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotePage {
    /// The quote.
    pub quote: Quote,
    /// Whether the reader may comment, decline and accept (a viewer only reads).
    pub can_decide: bool,
    /// Whether it can be ordered now: answered, and its prices still hold.
    pub acceptable: bool,
    /// Checkout's choices (addresses, shipping, payment, the idempotency key), when it can be ordered.
    pub checkout: Option<CheckoutOptions>,
}

/// The quotes of the buyer's company (a private buyer's own), newest first.
#[server(endpoint = "quotes/mine")]
pub async fn my_quotes() -> Result<Vec<QuoteSummary>, AppError> {
    let (_, account) = ssr::signed_in().await?;
    Ok(ssr::engine()?.quotes(&account).await?)
}

/// One quote, with checkout's choices when it can be ordered.
#[server(endpoint = "quotes/get")]
pub async fn get_buyer_quote(number: String) -> Result<QuotePage, AppError> {
    let (shopper, account) = ssr::signed_in().await?;
    let engine = ssr::engine()?;
    let quote = engine.buyer_quote(&account, &number).await?;
    let can_decide = account.can_order();
    let acceptable = quote.acceptable_at(engine::now_ms());
    let checkout = if can_decide && acceptable {
        Some(engine.checkout_options(&shopper, &account).await?)
    } else {
        None
    };
    Ok(QuotePage {
        quote,
        can_decide,
        acceptable,
        checkout,
    })
}

/// Asks for a quote on the rows given (the cart's lines as the buyer adjusted them) and goes to it.
#[server(endpoint = "quotes/request")]
pub async fn request_quote(
    #[server(default)] message: String,
    #[server(default)] rows: Vec<QuoteRow>,
) -> Result<String, AppError> {
    let result: Result<String, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        let mut lines = Vec::with_capacity(rows.len());
        for row in rows.iter().filter(|r| !r.sku.trim().is_empty()) {
            let sku = domain::Sku::parse(&row.sku)?;
            let quantity = match row.quantity.trim() {
                "" => 0,
                text => text.parse::<u32>().map_err(|_| AppError::Invalid {
                    field: "quantity".into(),
                    message: format!("of {} must be a whole number", sku.as_str()),
                })?,
            };
            if quantity == 0 {
                continue;
            }
            let target_price = match row.target_price.trim() {
                "" => None,
                text => Some(text.parse().map_err(|_| AppError::Invalid {
                    field: "target_price".into(),
                    message: format!("of {} is not an amount", sku.as_str()),
                })?),
            };
            lines.push(engine::QuoteRequestLine {
                sku,
                quantity,
                target_price,
            });
        }
        Ok(ssr::engine()?
            .request_quote(&account, &shopper, &message, &lines)
            .await?)
    }
    .await;
    ssr::finish_form_to(result, |number| {
        Some(format!("/account/quotes/{number}?saved=requested"))
    })
}

/// Adds a comment; on an answered quote it asks the shop again.
#[server(endpoint = "quotes/comment")]
pub async fn comment_quote(number: String, body: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?
            .comment_on_quote(&account, &number, &body)
            .await?)
    }
    .await;
    ssr::finish_form(
        result,
        Some(&format!("/account/quotes/{number}?saved=commented")),
    )
}

/// Declines an open quote.
#[server(endpoint = "quotes/decline")]
pub async fn decline_my_quote(number: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?.decline_quote(&account, &number).await?)
    }
    .await;
    ssr::finish_form(
        result,
        Some(&format!("/account/quotes/{number}?saved=declined")),
    )
}

/// Accepts an answered quote: it becomes an order at the quoted prices through checkout's placing step
/// (approvals included), and the buyer goes to its confirmation page.
#[server(endpoint = "quotes/accept")]
pub async fn accept_quote(
    number: String,
    idempotency_key: String,
    address: String,
    #[server(default)] name: String,
    #[server(default)] company: String,
    #[server(default)] line1: String,
    #[server(default)] line2: String,
    #[server(default)] postal_code: String,
    #[server(default)] city: String,
    #[server(default)] country: String,
    #[server(default)] phone: String,
    shipping_method: String,
    payment: String,
    #[server(default)] po_number: String,
    #[server(default)] cost_centre: String,
) -> Result<PlacedOrder, AppError> {
    let result: Result<PlacedOrder, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        let request = super::orders::checkout_request(
            idempotency_key,
            &address,
            domain::AddressInput {
                name,
                company,
                line1,
                line2,
                postal_code,
                city,
                country,
                phone,
            },
            shipping_method,
            payment,
            po_number,
            "",
            cost_centre,
        )?;
        Ok(ssr::engine()?
            .accept_quote(&shopper, &account, &number, request)
            .await?)
    }
    .await;
    ssr::finish_form_to(result, |placed| {
        Some(format!("/checkout/confirmation/{}", placed.number))
    })
}
