//! Admin API: the catalog model — attribute definitions and product types — read whole and written by code through
//! the same engine operations as the back office's attributes page.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
};
use engine::settings::{AttributeRecord, ProductTypeRecord};
use serde::Serialize;
use utoipa::ToSchema;

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// A list of attribute definitions.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttributeList {
    /// In the shop's order.
    pub data: Vec<AttributeRecord>,
}

/// A list of product types.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductTypeList {
    /// By code.
    pub data: Vec<ProductTypeRecord>,
}

/// Every attribute definition with its translations and options.
#[utoipa::path(
    get,
    path = "/api/v1/admin/attributes",
    operation_id = "list_attributes",
    tag = "admin",
    responses(
        (status = 200, description = "The attributes", body = AttributeList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_attributes(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<AttributeList>, ApiError> {
    Ok(Json(AttributeList {
        data: state.engine.attribute_records(&actor).await?,
    }))
}

/// Creates an attribute or changes one; its translations and options are replaced by the body's.
#[utoipa::path(
    put,
    path = "/api/v1/admin/attributes/{code}",
    operation_id = "put_attribute",
    tag = "admin",
    params(("code" = String, Path, description = "The attribute's code; must match the body's")),
    request_body = AttributeRecord,
    responses(
        (status = 200, description = "The attribute as stored", body = AttributeRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write` or is bound to a company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_attribute(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<AttributeRecord>, JsonRejection>,
) -> Result<Json<AttributeRecord>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(state.engine.save_attribute(&actor, &record).await?))
}

/// Every product type with its attributes in order.
#[utoipa::path(
    get,
    path = "/api/v1/admin/product-types",
    operation_id = "list_product_types",
    tag = "admin",
    responses(
        (status = 200, description = "The product types", body = ProductTypeList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_product_types(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ProductTypeList>, ApiError> {
    Ok(Json(ProductTypeList {
        data: state.engine.product_type_records(&actor).await?,
    }))
}

/// Creates a product type or changes one.
#[utoipa::path(
    put,
    path = "/api/v1/admin/product-types/{code}",
    operation_id = "put_product_type",
    tag = "admin",
    params(("code" = String, Path, description = "The product type's code; must match the body's")),
    request_body = ProductTypeRecord,
    responses(
        (status = 200, description = "The product type as stored", body = ProductTypeRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write` or is bound to a company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_product_type(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<ProductTypeRecord>, JsonRejection>,
) -> Result<Json<ProductTypeRecord>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(state.engine.save_product_type(&actor, &record).await?))
}
