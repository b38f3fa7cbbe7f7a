//! Admin API: orders. Confirming, shipping and cancelling go through the engine's state machine, so a refused
//! step (shipping a cancelled order) is a `400` naming `status`, and every step writes its event.

use axum::{
    Json,
    body::Body,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use engine::Scope;
use serde::Deserialize;
use utoipa::ToSchema;

use super::AfterQuery;
use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::{KeyActor, admin, company_of},
        orders::ApiOrder,
    },
};

/// Units of one SKU to ship.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipLine {
    /// The SKU.
    pub sku: String,
    /// Units, at most what is still to ship.
    pub quantity: u32,
}

/// A shipment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewShipment {
    /// The carrier (`DHL`).
    pub carrier: String,
    /// The carrier's tracking number.
    pub tracking_number: String,
    /// What is in the parcel; empty or absent ships everything not yet shipped.
    #[serde(default)]
    pub lines: Vec<ShipLine>,
}

/// Why an order is cancelled.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancellation {
    /// Shown in the order's history and sent with the event.
    #[serde(default)]
    pub reason: String,
}

/// One order.
#[utoipa::path(
    get,
    path = "/api/v1/admin/orders/{number}",
    operation_id = "get_admin_order",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "The order", body = ApiOrder),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
        (status = 404, description = "No such order (for this key)", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    let key = admin(&state.engine, &headers, Scope::OrdersRead).await?;
    let Path(number) = number?;
    let order = state
        .engine
        .merchant_order(company_of(&key), &number)
        .await?;
    Ok(Json(order.into()))
}

/// Confirms a placed order.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/confirm",
    operation_id = "confirm_order",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "Confirmed", body = ApiOrder),
        (status = 400, description = "The order's status does not allow it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
        (status = 409, description = "The order changed meanwhile", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn confirm(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    state.engine.confirm_order(&actor, &number).await?;
    Ok(Json(state.engine.order_for_merchant(&number).await?.into()))
}

/// Ships units of an order with a tracking number.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/shipments",
    operation_id = "create_shipment",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    request_body = NewShipment,
    responses(
        (status = 201, description = "Shipped; the order as it is now", body = ApiOrder),
        (status = 400, description = "A field is wrong, or the order's status does not allow it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
        (status = 409, description = "The order changed meanwhile", body = ApiErrors),
        (status = 422, description = "A line names a SKU twice or more units than are left to ship; `field` names it", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn ship(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewShipment>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiOrder>), ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    let Json(body) = body?;
    // An unknown or foreign order is 404 before the body's lines are judged.
    state
        .engine
        .merchant_order(actor.company(), &number)
        .await?;
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, line) in body.lines.iter().enumerate() {
        let sku = domain::Sku::parse(&line.sku)
            .map_err(|e| ApiError::invalid(&format!("lines[{i}].sku"), e.message))?;
        lines.push((sku, line.quantity));
    }
    state
        .engine
        .ship_order(
            &actor,
            &number,
            &body.carrier,
            &body.tracking_number,
            &lines,
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(state.engine.order_for_merchant(&number).await?.into()),
    ))
}

/// Cancels an order that has not shipped; its reserved stock is released.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/cancel",
    operation_id = "cancel_order",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    request_body = Cancellation,
    responses(
        (status = 200, description = "Cancelled", body = ApiOrder),
        (status = 400, description = "The order's status does not allow it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
        (status = 409, description = "The order changed meanwhile", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<Cancellation>, JsonRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    let Json(body) = body?;
    state
        .engine
        .cancel_order(&actor, &number, &body.reason)
        .await?;
    Ok(Json(state.engine.order_for_merchant(&number).await?.into()))
}

/// Orders that changed after an event position, as NDJSON (one order per line, as `GET …/orders/{number}`
/// answers), oldest change first. The `Kontor-Next-After` header is the position to ask from next time, so an ERP
/// that stores it never misses a change and never needs a date range.
#[utoipa::path(
    get,
    path = "/api/v1/admin/orders/export",
    operation_id = "export_orders",
    tag = "admin",
    params(AfterQuery),
    responses(
        (status = 200, description = "One order per line", content_type = "application/x-ndjson", body = String,
         headers(("Kontor-Next-After" = String, description = "Pass as `after` next time"))),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AfterQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let key = admin(&state.engine, &headers, Scope::OrdersRead).await?;
    let Query(q) = query?;
    let (after, limit) = q.checked()?;
    let changed = state
        .engine
        .orders_changed_after(after, limit, company_of(&key))
        .await?;
    let next = changed
        .last()
        .map(|(position, _)| *position)
        .unwrap_or(after);
    let mut body = String::new();
    for (_, number) in changed {
        let order: ApiOrder = state.engine.order_for_merchant(&number).await?.into();
        body.push_str(&serde_json::to_string(&order).unwrap_or_default());
        body.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (
                header::HeaderName::from_static("kontor-next-after"),
                next.to_string(),
            ),
        ],
        Body::from(body),
    )
        .into_response())
}
