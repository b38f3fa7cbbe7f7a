//! Store API: carts. A guest's cart is addressed by its id (a secret token: whoever holds it can change the cart);
//! a signed-in buyer's calls always act on their account's cart, whatever id they name, so no buyer can reach
//! another's cart.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::{HeaderMap, StatusCode},
};
use domain::{CartToken, Quantity, Sku};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::caller,
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// A line to add.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLine {
    /// The variant's SKU.
    pub sku: String,
    /// Units to add (raises the line if the SKU is already in the cart).
    pub quantity: u32,
}

/// A new quantity for a line.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineQuantity {
    /// The line's new quantity.
    pub quantity: u32,
}

/// A cart line, priced for the caller now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCartLine {
    /// The variant's SKU.
    pub sku: String,
    /// Product name.
    pub product_name: String,
    /// Variant label.
    pub variant_title: String,
    /// Units.
    pub quantity: u32,
    /// Unit price now.
    pub unit_price: ApiMoney,
    /// The unit price the buyer last saw, when it has changed since; absent otherwise.
    pub previous_unit_price: Option<ApiMoney>,
    /// `unit_price × quantity`, rounded once.
    pub line_total: ApiMoney,
    /// Whether more is in the cart than can be delivered now.
    pub exceeds_stock: bool,
}

/// A cart.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCart {
    /// The cart's id: a secret, keep it like a password.
    pub id: String,
    /// Currency of every amount.
    pub currency: String,
    /// The lines.
    pub lines: Vec<ApiCartLine>,
    /// Sum of the line totals.
    pub subtotal: ApiMoney,
    /// Units in all.
    pub item_count: u64,
}

impl From<domain::Cart> for ApiCart {
    fn from(c: domain::Cart) -> Self {
        Self {
            id: c.token.as_str().to_owned(),
            currency: c.currency.code().to_owned(),
            subtotal: (&c.subtotal).into(),
            item_count: c.item_count,
            lines: c
                .lines
                .into_iter()
                .map(|l| ApiCartLine {
                    exceeds_stock: l.exceeds_stock(),
                    sku: l.sku.to_string(),
                    product_name: l.product_name,
                    variant_title: l.variant_title,
                    quantity: l.quantity.get(),
                    unit_price: l.unit_price.money().into(),
                    previous_unit_price: l.previous_unit_price.as_ref().map(|p| p.money().into()),
                    line_total: (&l.line_total).into(),
                })
                .collect(),
        }
    }
}

fn quantity(n: u32) -> Result<Quantity, ApiError> {
    Ok(Quantity::parse(i64::from(n))?)
}

fn token(id: &str) -> Result<CartToken, ApiError> {
    CartToken::parse(id).map_err(|_| ApiError::invalid("id", "is not a cart id"))
}

/// Creates a cart with its first line (a buyer's call adds to their account cart).
#[utoipa::path(
    post,
    path = "/api/v1/carts",
    tag = "carts",
    request_body = NewLine,
    responses(
        (status = 201, description = "The cart", body = ApiCart),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 404, description = "No such SKU in the caller's channel", body = ApiErrors),
        (status = 409, description = "Not enough stock", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn create_cart(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewLine>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiCart>), ApiError> {
    let Json(line) = body?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let sku = Sku::parse(&line.sku)?;
    let cart = state
        .engine
        .add_to_cart(&shopper, None, &sku, quantity(line.quantity)?)
        .await?;
    Ok((StatusCode::CREATED, Json(cart.into())))
}

/// A cart, priced for the caller now.
#[utoipa::path(
    get,
    path = "/api/v1/carts/{id}",
    tag = "carts",
    params(("id" = String, Path, description = "The cart's id")),
    responses(
        (status = 200, description = "The cart", body = ApiCart),
        (status = 400, description = "The id or SKU is malformed", body = ApiErrors),
        (status = 404, description = "No such cart", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn get_cart(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let Path(id) = id?;
    let shopper = caller(&state.engine, &headers, None).await?;
    Ok(Json(
        state.engine.cart(&shopper, &token(&id)?).await?.into(),
    ))
}

/// Adds units of a SKU to a cart.
#[utoipa::path(
    post,
    path = "/api/v1/carts/{id}/lines",
    operation_id = "add_cart_line",
    tag = "carts",
    params(("id" = String, Path, description = "The cart's id")),
    request_body = NewLine,
    responses(
        (status = 200, description = "The cart", body = ApiCart),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 404, description = "No such cart or SKU", body = ApiErrors),
        (status = 409, description = "Not enough stock", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn add_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<NewLine>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let Path(id) = id?;
    let Json(line) = body?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let token = token(&id)?;
    // Adding to a cart that does not exist must not silently start another one.
    state.engine.cart(&shopper, &token).await?;
    let sku = Sku::parse(&line.sku)?;
    Ok(Json(
        state
            .engine
            .add_to_cart(&shopper, Some(&token), &sku, quantity(line.quantity)?)
            .await?
            .into(),
    ))
}

/// Sets a line's quantity.
#[utoipa::path(
    put,
    path = "/api/v1/carts/{id}/lines/{sku}",
    operation_id = "set_cart_line",
    tag = "carts",
    params(
        ("id" = String, Path, description = "The cart's id"),
        ("sku" = String, Path, description = "The line's SKU"),
    ),
    request_body = LineQuantity,
    responses(
        (status = 200, description = "The cart", body = ApiCart),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 404, description = "No such cart or line", body = ApiErrors),
        (status = 409, description = "Not enough stock", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn set_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<LineQuantity>, JsonRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let Path((id, sku)) = ids?;
    let Json(body) = body?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let sku = Sku::parse(&sku)?;
    Ok(Json(
        state
            .engine
            .set_cart_quantity(&shopper, &token(&id)?, &sku, quantity(body.quantity)?)
            .await?
            .into(),
    ))
}

/// Removes a line; removing one that is not there is not an error.
#[utoipa::path(
    delete,
    path = "/api/v1/carts/{id}/lines/{sku}",
    operation_id = "remove_cart_line",
    tag = "carts",
    params(
        ("id" = String, Path, description = "The cart's id"),
        ("sku" = String, Path, description = "The line's SKU"),
    ),
    responses(
        (status = 200, description = "The cart", body = ApiCart),
        (status = 400, description = "The id or SKU is malformed", body = ApiErrors),
        (status = 404, description = "No such cart", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn remove_line(
    State(state): State<AppState>,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<ApiCart>, ApiError> {
    let Path((id, sku)) = ids?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let sku = Sku::parse(&sku)?;
    Ok(Json(
        state
            .engine
            .remove_from_cart(&shopper, &token(&id)?, &sku)
            .await?
            .into(),
    ))
}
