//! Admin API: one product in Kontor's exchange format (upserted by handle and SKU) and stock per warehouse. The
//! bulk forms of both are in `bulk`.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::{HeaderMap, StatusCode},
};
use engine::{Engine, Scope, exchange::ProductRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AppState,
    api::error::{ApiError, ApiErrors},
    api::keys::{KeyActor, admin},
};

/// What an upsert did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Upserted {
    /// `created`, `updated` or `unchanged`.
    pub result: String,
}

/// Stock of a variant in a warehouse.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockCount {
    /// Units on hand there.
    #[schema(minimum = 0)]
    pub on_hand: i64,
}

/// One warehouse's stock.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiStockLevel {
    /// Warehouse code.
    pub warehouse: String,
    /// Units there.
    pub on_hand: i64,
    /// Units open orders hold there.
    pub reserved: i64,
}

/// A variant's stock.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAvailability {
    /// The SKU.
    pub sku: String,
    /// Units on hand everywhere.
    pub on_hand: i64,
    /// Units open orders claim.
    pub reserved: i64,
    /// What can still be promised.
    pub available: i64,
    /// Whether orders beyond that are accepted.
    pub allow_backorder: bool,
    /// Per warehouse.
    pub levels: Vec<ApiStockLevel>,
}

/// One product as an exchange record.
#[utoipa::path(
    get,
    path = "/api/v1/admin/products/{handle}",
    operation_id = "get_admin_product",
    tag = "admin",
    params(("handle" = String, Path, description = "The product's handle (slug)")),
    responses(
        (status = 200, description = "The product record", body = ProductRecord),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
        (status = 404, description = "No such product", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_product(
    State(state): State<AppState>,
    headers: HeaderMap,
    handle: Result<Path<String>, PathRejection>,
) -> Result<Json<ProductRecord>, ApiError> {
    admin(&state.engine, &headers, Scope::CatalogRead).await?;
    let Path(handle) = handle?;
    Ok(Json(state.engine.product_record(&handle).await?))
}

/// Creates or replaces a product with its variants, prices, volume breaks and stock in the main warehouse.
#[utoipa::path(
    put,
    path = "/api/v1/admin/products/{handle}",
    tag = "admin",
    params(("handle" = String, Path, description = "The product's handle (slug); must match the record's")),
    request_body(content = ProductRecord, description = "A product record of Kontor's exchange format"),
    responses(
        (status = 200, description = "Upserted", body = Upserted),
        (status = 400, description = "The body is not a product record, or its handle is not the path's", body = ApiErrors),
        (status = 422, description = "The record is refused (a price of 0 without `free`, an unknown category, a SKU of another product, …); `field` names the field", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_product(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    handle: Result<Path<String>, PathRejection>,
    body: Result<Json<ProductRecord>, JsonRejection>,
) -> Result<Json<Upserted>, ApiError> {
    actor.require(Scope::CatalogWrite)?;
    let Path(handle) = handle?;
    let Json(record) = body?;
    if record.handle != handle {
        return Err(ApiError::invalid(
            "handle",
            "must match the handle in the path",
        ));
    }
    let report = state
        .engine
        .import_records(&actor, [(1, Ok(record))], true)
        .await?;
    if let Some(e) = report.errors.first() {
        // Well-formed but refused: the field the record got wrong, as the single-record answer's `field`.
        return Err(ApiError::status(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
            e.detail(),
            Some(&e.field),
        ));
    }
    let result = if report.created > 0 {
        "created"
    } else if report.updated > 0 {
        "updated"
    } else {
        "unchanged"
    };
    Ok(Json(Upserted {
        result: result.to_owned(),
    }))
}

/// Stock of a SKU across warehouses.
#[utoipa::path(
    get,
    path = "/api/v1/admin/stock/{sku}",
    tag = "admin",
    params(("sku" = String, Path, description = "The variant's SKU")),
    responses(
        (status = 200, description = "Stock per warehouse", body = ApiAvailability),
        (status = 400, description = "Not a SKU", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:read`", body = ApiErrors),
        (status = 404, description = "No such SKU", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_stock(
    State(state): State<AppState>,
    headers: HeaderMap,
    sku: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiAvailability>, ApiError> {
    admin(&state.engine, &headers, Scope::InventoryRead).await?;
    let Path(sku) = sku?;
    get_stock_of(&state.engine, &domain::Sku::parse(&sku)?).await
}

/// Sets the units on hand of a SKU in a warehouse (a stock count); refuses less than open orders hold there.
#[utoipa::path(
    put,
    path = "/api/v1/admin/stock/{sku}/{warehouse}",
    tag = "admin",
    params(
        ("sku" = String, Path, description = "The variant's SKU"),
        ("warehouse" = String, Path, description = "The warehouse's code"),
    ),
    request_body = StockCount,
    responses(
        (status = 200, description = "Stock now", body = ApiAvailability),
        (status = 400, description = "A field is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:write`", body = ApiErrors),
        (status = 404, description = "No such SKU or warehouse", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_stock(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    path: Result<Path<(String, String)>, PathRejection>,
    body: Result<Json<StockCount>, JsonRejection>,
) -> Result<Json<ApiAvailability>, ApiError> {
    actor.require(Scope::InventoryWrite)?;
    let Path((sku, warehouse)) = path?;
    let Json(count) = body?;
    let parsed = domain::Sku::parse(&sku)?;
    state
        .engine
        .set_stock(&actor, &warehouse, &parsed, count.on_hand)
        .await?;
    get_stock_of(&state.engine, &parsed).await
}

async fn get_stock_of(
    engine: &Engine,
    sku: &domain::Sku,
) -> Result<Json<ApiAvailability>, ApiError> {
    let a = engine.availability(sku).await?;
    Ok(Json(ApiAvailability {
        sku: sku.to_string(),
        on_hand: a.on_hand,
        reserved: a.reserved,
        available: a.available,
        allow_backorder: a.allow_backorder,
        levels: a
            .levels
            .into_iter()
            .map(|l| ApiStockLevel {
                warehouse: l.warehouse,
                on_hand: l.on_hand,
                reserved: l.reserved,
            })
            .collect(),
    }))
}
