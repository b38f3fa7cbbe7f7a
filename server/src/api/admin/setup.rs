//! Admin API: the shop's set-up an integration maintains — categories, price lists with their targets, and
//! warehouses — each read whole and upserted by its key.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::StatusCode,
};
use engine::exchange::{CategoryRecord, PriceListSetup, WarehouseRecord};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::catalog::Upserted;
use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// A warehouse's name, priority and the channels it ships to.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WarehouseBody {
    /// For people.
    pub name: String,
    /// Lower priorities ship first.
    #[serde(default)]
    pub priority: i64,
    /// The codes of the channels it ships to; empty, every channel. Left out, the stored channels stay.
    #[serde(default)]
    pub channels: Option<Vec<String>>,
}

/// A warehouse as the API answers it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiWarehouse {
    /// The key (`main`).
    pub code: String,
    /// For people.
    pub name: String,
    /// Lower priorities ship first.
    pub priority: i64,
    /// The codes of the channels it ships to; empty, every channel.
    pub channels: Vec<String>,
}

/// Every warehouse.
#[derive(Debug, Serialize, ToSchema)]
pub struct WarehouseList {
    /// By priority, then code.
    pub data: Vec<ApiWarehouse>,
}

fn upserted(created: bool) -> (StatusCode, Json<Upserted>) {
    let (status, result) = if created {
        (StatusCode::CREATED, "created")
    } else {
        (StatusCode::OK, "updated")
    };
    (
        status,
        Json(Upserted {
            result: result.to_owned(),
        }),
    )
}

/// Every price list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceListList {
    /// By code.
    pub data: Vec<PriceListSetup>,
}

/// A list of categories.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryList {
    /// Parents before children, siblings in order.
    pub data: Vec<CategoryRecord>,
}

/// Every category with its translations, parents first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/categories",
    operation_id = "list_categories",
    tag = "admin",
    responses(
        (status = 200, description = "The categories", body = CategoryList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn categories(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<CategoryList>, ApiError> {
    Ok(Json(CategoryList {
        data: state.engine.category_records_as(&actor).await?,
    }))
}

/// Creates or changes a category; translations left out stay as they are.
#[utoipa::path(
    put,
    path = "/api/v1/admin/categories/{slug}",
    tag = "admin",
    params(("slug" = String, Path, description = "The category's slug; must match the body's")),
    request_body = CategoryRecord,
    responses(
        (status = 200, description = "Changed", body = Upserted),
        (status = 201, description = "Created", body = Upserted),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_category(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    slug: Result<Path<String>, PathRejection>,
    body: Result<Json<CategoryRecord>, JsonRejection>,
) -> Result<(StatusCode, Json<Upserted>), ApiError> {
    let Path(slug) = slug?;
    let Json(record) = body?;
    if record.slug != slug {
        return Err(ApiError::invalid("slug", "must match the slug in the path"));
    }
    Ok(upserted(state.engine.save_category(&actor, &record).await?))
}

/// Every price list with its targets (`{"code","name","currency","priority","valid_from_ms","valid_until_ms","targets"}`);
/// a company-bound key sees only the lists that name its company.
#[utoipa::path(
    get,
    path = "/api/v1/admin/price-lists",
    operation_id = "list_price_lists",
    tag = "admin",
    responses(
        (status = 200, description = "The price lists", body = PriceListList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn price_lists(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<PriceListList>, ApiError> {
    Ok(Json(PriceListList {
        data: state.engine.price_list_records(&actor).await?,
    }))
}

/// Creates or changes a price list and its targets (`everyone`, `customer_group:<code>`, `company:<code>`); its
/// prices come through `POST /api/v1/admin/bulk/prices`.
#[utoipa::path(
    put,
    path = "/api/v1/admin/price-lists/{code}",
    tag = "admin",
    params(("code" = String, Path, description = "The price list's code; must match the body's")),
    request_body(content = Object, description = "A price list"),
    responses(
        (status = 200, description = "Changed", body = Upserted),
        (status = 201, description = "Created", body = Upserted),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_price_list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<PriceListSetup>, JsonRejection>,
) -> Result<(StatusCode, Json<Upserted>), ApiError> {
    let Path(code) = code?;
    let Json(setup) = body?;
    if setup.code != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(upserted(
        state.engine.upsert_price_list(&actor, &setup).await?,
    ))
}

/// Every warehouse with the channels it ships to, by priority.
#[utoipa::path(
    get,
    path = "/api/v1/admin/warehouses",
    operation_id = "list_warehouses",
    tag = "admin",
    responses(
        (status = 200, description = "The warehouses", body = WarehouseList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn warehouses(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<WarehouseList>, ApiError> {
    let data: Vec<WarehouseRecord> = state.engine.warehouses_as(&actor).await?;
    Ok(Json(WarehouseList {
        data: data
            .into_iter()
            .map(|w| ApiWarehouse {
                code: w.code,
                name: w.name,
                priority: w.priority,
                channels: w.channels.unwrap_or_default(),
            })
            .collect(),
    }))
}

/// Creates a warehouse, or renames one and changes its priority and the channels it ships to.
#[utoipa::path(
    put,
    path = "/api/v1/admin/warehouses/{code}",
    tag = "admin",
    params(("code" = String, Path, description = "The warehouse's code")),
    request_body = WarehouseBody,
    responses(
        (status = 200, description = "Saved", body = Upserted),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_warehouse(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<WarehouseBody>, JsonRejection>,
) -> Result<Json<Upserted>, ApiError> {
    let Path(code) = code?;
    let Json(body) = body?;
    let record = WarehouseRecord {
        code,
        name: body.name,
        priority: body.priority,
        channels: body.channels,
    };
    state.engine.upsert_warehouse(&actor, &record).await?;
    Ok(Json(Upserted {
        result: "saved".to_owned(),
    }))
}
