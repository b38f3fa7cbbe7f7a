//! Server functions of checkout and the order history. Visibility is the engine's: an order of another company
//! is "not found" by any number, and a viewer's attempt to order is refused there, not only hidden here.

// A plain form posts its fields flat, so a server function taking an address has one argument per field.
#![allow(clippy::too_many_arguments)]

use domain::{CheckoutOptions, Order, OrderList, PlacedOrder};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::{account::parse_id, ssr};
use crate::error::AppError;

/// One order as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderDetail {
    /// The order.
    pub order: Order,
    /// How to pay it, as the confirmation said.
    pub instructions: String,
    /// Whether the signed-in buyer may put it back into their cart.
    pub can_reorder: bool,
    /// Whether the buyer may still cancel it (placed, not yet confirmed).
    pub can_cancel: bool,
    /// The seller as the invoice heads it, from the shop's profile.
    pub seller: Vec<String>,
}

/// What checkout offers the signed-in buyer; `Unauthenticated` sends a guest to sign in first.
#[server(endpoint = "checkout")]
pub async fn get_checkout() -> Result<CheckoutOptions, AppError> {
    let (shopper, account) = ssr::signed_in().await?;
    Ok(ssr::engine()?.checkout_options(&shopper, &account).await?)
}

/// Places the order for the cart and goes to its confirmation page. `address` is a saved address's id or `new`,
/// in which case the address fields are used. The idempotency key came with the form: a double submission
/// answers with the order the first one placed.
#[server(endpoint = "checkout/place")]
pub async fn place_order(
    idempotency_key: String,
    address: String,
    name: String,
    company: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    country: String,
    phone: String,
    shipping_method: String,
    payment: String,
    po_number: String,
    expected_subtotal: String,
    #[server(default)] cost_centre: String,
) -> Result<PlacedOrder, AppError> {
    let result: Result<PlacedOrder, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        let request = checkout_request(
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
            &expected_subtotal,
            cost_centre,
        )?;
        Ok(ssr::engine()?
            .place_order(&shopper, &account, request)
            .await?)
    }
    .await;
    ssr::finish_form_to(result, |placed| {
        Some(format!("/checkout/confirmation/{}", placed.number))
    })
}

/// The engine's checkout request from checkout's flat form fields: `address` is a saved address's id or `new`
/// for the address typed; the same for a cart and an accepted quote.
#[cfg(feature = "ssr")]
pub(crate) fn checkout_request(
    idempotency_key: String,
    address: &str,
    typed: domain::AddressInput,
    shipping_method: String,
    payment: String,
    po_number: String,
    expected_subtotal: &str,
    cost_centre: String,
) -> Result<engine::CheckoutRequest, AppError> {
    let ship_to = if address == "new" {
        engine::ShipTo::New(typed)
    } else {
        engine::ShipTo::Saved(parse_id("address", address)?)
    };
    let expected_subtotal = match expected_subtotal.trim() {
        "" => None,
        text => Some(text.parse().map_err(|_| AppError::Invalid {
            field: "expected_subtotal".into(),
            message: "is not an amount".into(),
        })?),
    };
    Ok(engine::CheckoutRequest {
        idempotency_key,
        ship_to,
        shipping_method,
        payment,
        po_number,
        expected_subtotal,
        cost_centre: Some(cost_centre).filter(|c| !c.trim().is_empty()),
    })
}

/// One page of the order history, filtered by the URL's query (`status`, `from`, `to`, `q`, `page`).
#[server(endpoint = "orders")]
pub async fn get_orders(query: String) -> Result<OrderList, AppError> {
    let (_, account) = ssr::signed_in().await?;
    let filter = domain::OrderFilter::parse(&query)?;
    Ok(ssr::engine()?.orders(&account, &filter).await?)
}

/// One order of the buyer's (or their company's).
#[server(endpoint = "order")]
pub async fn get_order(number: String) -> Result<OrderDetail, AppError> {
    let (_, account) = ssr::signed_in().await?;
    let order = ssr::engine()?.order(&account, &number).await?;
    let profile = ssr::engine()?.shop_profile().await?;
    Ok(OrderDetail {
        instructions: engine::payments::order_instructions(&order, &profile),
        can_reorder: account.can_order(),
        can_cancel: account.can_order()
            && matches!(
                order.status,
                domain::OrderStatus::Placed | domain::OrderStatus::AwaitingApproval
            ),
        seller: profile.seller_lines(),
        order,
    })
}

/// Puts an order's lines back into the cart and goes there; what could not be added is named on the cart page.
#[server(endpoint = "orders/reorder")]
pub async fn reorder(number: String) -> Result<domain::ReorderReport, AppError> {
    let result: Result<domain::ReorderReport, AppError> = async {
        let (shopper, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?.reorder(&shopper, &account, &number).await?)
    }
    .await;
    ssr::finish_form_to(result, |report| {
        Some(if report.unavailable.is_empty() {
            "/cart?notice=reordered".to_owned()
        } else {
            let missing: Vec<String> = report
                .unavailable
                .iter()
                .map(|(sku, why)| format!("{sku} {why}"))
                .collect();
            format!(
                "/cart?error={}",
                ssr::encode(&format!("Not added: {}.", missing.join("; ")))
            )
        })
    })
}

/// Cancels an order the buyer placed, while the shop has not confirmed it yet.
#[server(endpoint = "orders/cancel")]
pub async fn cancel_order(number: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let (_, account) = ssr::signed_in().await?;
        Ok(ssr::engine()?
            .cancel_order_as_buyer(&account, &number)
            .await?)
    }
    .await;
    ssr::finish_form(result, None)
}
