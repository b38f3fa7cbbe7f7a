//! Store API: quick order — many lines into a cart in one call, as a buyer's ERP or a spreadsheet export sends them.
//! Every line that passes goes in, in one transaction; the others come back with the reason and, for an unknown
//! SKU, the closest SKUs the shop has. The storefront's `/quick-order` page makes the same engine call.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::HeaderMap,
};
use domain::{
    CartToken,
    quick_order::{CheckedLine, ListLine, read_line},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::caller,
    carts::{ApiCart, NewLine},
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// Lines to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLines {
    /// At most 500; a SKU named twice is added once with the quantities summed.
    pub lines: Vec<NewLine>,
}

/// A line as checked for the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCheckedLine {
    /// Its position in the request, from 1 (a repeated SKU is answered once, at its first position).
    pub line: usize,
    /// The SKU as sent (upper case when valid).
    pub sku: String,
    /// Units asked for.
    pub quantity: u32,
    /// The product and variant, when the SKU is known.
    pub name: String,
    /// The caller's unit price at this quantity; absent when the line was not added.
    pub unit_price: Option<ApiMoney>,
    /// The caller's price for the line; absent when the line was not added.
    pub line_price: Option<ApiMoney>,
    /// Why the line was not added; absent when it was.
    pub problem: Option<String>,
    /// For an unknown SKU, the closest SKUs the shop has.
    pub suggestions: Vec<String>,
}

impl From<CheckedLine> for ApiCheckedLine {
    fn from(l: CheckedLine) -> Self {
        Self {
            line: l.line,
            sku: l.sku,
            quantity: l.quantity,
            name: l.name,
            unit_price: l.unit_price.as_ref().map(|p| p.money().into()),
            line_price: l.line_price.as_ref().map(Into::into),
            problem: l.problem,
            suggestions: l.suggestions,
        }
    }
}

/// What was added, and what was not.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAddedLines {
    /// The cart afterwards; absent when nothing was added and there was no cart.
    pub cart: Option<ApiCart>,
    /// Every line as checked, in the request's order.
    pub lines: Vec<ApiCheckedLine>,
    /// How many lines went into the cart.
    pub added: usize,
}

/// Adds many lines to a cart in one transaction: those that pass go in, the others come back with their reason.
/// A signed-in buyer's call acts on their account's cart (made if they have none).
#[utoipa::path(
    post,
    path = "/api/v1/carts/{id}/bulk-lines",
    operation_id = "add_cart_lines",
    tag = "carts",
    params(("id" = String, Path, description = "The cart's id")),
    request_body = NewLines,
    responses(
        (status = 200, description = "The cart and every line as checked", body = ApiAddedLines),
        (status = 400, description = "More than 500 lines, or a malformed body; `field` names it", body = ApiErrors),
        (status = 403, description = "The shop shows prices only to signed-in buyers", body = ApiErrors),
        (status = 404, description = "No such cart (for a guest)", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn add_lines(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<NewLines>, JsonRejection>,
) -> Result<Json<ApiAddedLines>, ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let token = CartToken::parse(&id).map_err(|_| ApiError::invalid("id", "is not a cart id"))?;
    if shopper.customer.is_none() {
        // A guest's lines go into the cart they name, never a new one started behind their back.
        state.engine.cart(&shopper, &token).await?;
    }
    let lines: Vec<ListLine> = body
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| read_line(i + 1, &l.sku, Some(&l.quantity.to_string())))
        .collect();
    let (cart, lines) = state
        .engine
        .add_order_list(&shopper, Some(&token), lines)
        .await?;
    let added = lines.iter().filter(|l| l.problem.is_none()).count();
    Ok(Json(ApiAddedLines {
        cart: cart.map(Into::into),
        lines: lines.into_iter().map(Into::into).collect(),
        added,
    }))
}
