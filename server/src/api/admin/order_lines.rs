//! Admin API: changing an order's lines before it ships — the quantity of a SKU up or down, a SKU removed or
//! added — with the same engine call as the back office's order page. Units on the order keep their price; added
//! units get the buyer's price of today; stock and the credit limit are checked again.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
};
use engine::{LineChange, Scope};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        orders::ApiOrder,
    },
};

/// The quantity one SKU should have.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLineQuantity {
    /// The SKU; one the order lacks is added.
    pub sku: String,
    /// Units it should have; 0 removes it.
    pub quantity: u32,
}

/// The SKUs to change; SKUs left out stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLineChanges {
    /// Each SKU at most once.
    pub lines: Vec<OrderLineQuantity>,
}

/// Changes an order's lines while it is placed or confirmed and nothing has shipped. The buyer is emailed the
/// change and `order.changed` is sent to webhooks.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/lines",
    operation_id = "set_order_lines",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    request_body = OrderLineChanges,
    responses(
        (status = 200, description = "Changed; the order as it is now", body = ApiOrder),
        (status = 400, description = "A line is wrong, or the order's status does not allow it; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
        (status = 409, description = "Not enough stock (`field` names the SKU), or the order changed meanwhile", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn set_lines(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<OrderLineChanges>, JsonRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    // An unknown or foreign order is 404 before the body's lines are judged.
    state
        .engine
        .merchant_order(actor.company(), &number)
        .await?;
    let Json(body) = body?;
    let mut changes = Vec::with_capacity(body.lines.len());
    for (i, line) in body.lines.iter().enumerate() {
        let sku = domain::Sku::parse(&line.sku)
            .map_err(|e| ApiError::invalid(&format!("lines[{i}].sku"), e.message))?;
        changes.push(LineChange {
            sku,
            quantity: line.quantity,
        });
    }
    state
        .engine
        .change_order_lines(&actor, &number, &changes)
        .await?;
    Ok(Json(state.engine.order_for_merchant(&number).await?.into()))
}
