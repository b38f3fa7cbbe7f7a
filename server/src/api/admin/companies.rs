//! Admin API: the terms the merchant gives buyers — payment settings, customer groups and each company's group,
//! payment terms, invoice approval and credit limit — through the same engine operations as the back office.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
};
use engine::settings::{
    CompanyOverview, CompanyPage, CompanyQuery, CompanyTerms, CustomerGroupRecord, PaymentSettings,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// The shop's payment settings.
#[utoipa::path(
    get,
    path = "/api/v1/admin/settings/payments",
    operation_id = "get_payment_settings",
    tag = "admin",
    responses(
        (status = 200, description = "The settings", body = PaymentSettings),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_payments(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<PaymentSettings>, ApiError> {
    Ok(Json(state.engine.payment_settings_as(&actor).await?))
}

/// Changes the payment settings; orders already placed keep their terms.
#[utoipa::path(
    put,
    path = "/api/v1/admin/settings/payments",
    operation_id = "put_payment_settings",
    tag = "admin",
    request_body = PaymentSettings,
    responses(
        (status = 200, description = "The settings as stored", body = PaymentSettings),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_payments(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<PaymentSettings>, JsonRejection>,
) -> Result<Json<PaymentSettings>, ApiError> {
    let Json(settings) = body?;
    Ok(Json(
        state
            .engine
            .save_payment_settings(&actor, &settings)
            .await?,
    ))
}

/// A list of customer groups.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerGroupList {
    /// By code.
    pub data: Vec<CustomerGroupRecord>,
}

/// Every customer group.
#[utoipa::path(
    get,
    path = "/api/v1/admin/customer-groups",
    operation_id = "list_customer_groups",
    tag = "admin",
    responses(
        (status = 200, description = "The groups", body = CustomerGroupList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_groups(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<CustomerGroupList>, ApiError> {
    Ok(Json(CustomerGroupList {
        data: state.engine.customer_group_records(&actor).await?,
    }))
}

/// Creates a customer group or renames one.
#[utoipa::path(
    put,
    path = "/api/v1/admin/customer-groups/{code}",
    operation_id = "put_customer_group",
    tag = "admin",
    params(("code" = String, Path, description = "The group's code; must match the body's")),
    request_body = CustomerGroupRecord,
    responses(
        (status = 200, description = "The group as stored", body = CustomerGroupRecord),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write` or is bound to a company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_group(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<CustomerGroupRecord>, JsonRejection>,
) -> Result<Json<CustomerGroupRecord>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(
        state.engine.save_customer_group(&actor, &record).await?,
    ))
}

/// Which companies to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CompanyListQuery {
    /// Only companies whose code or name contains this text.
    pub search: Option<String>,
    /// The `next` cursor of the page before.
    pub after: Option<String>,
    /// At most this many (1 to 200, default 50).
    pub limit: Option<u32>,
    /// Only companies in this status: `pending` lists businesses waiting for approval.
    pub status: Option<String>,
}

/// Companies by code with their terms, a page at a time. A key bound to a company sees that company only.
#[utoipa::path(
    get,
    path = "/api/v1/admin/companies",
    operation_id = "list_companies",
    tag = "admin",
    params(CompanyListQuery),
    responses(
        (status = 200, description = "A page of companies", body = CompanyPage),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_companies(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<CompanyListQuery>, QueryRejection>,
) -> Result<Json<CompanyPage>, ApiError> {
    let Query(q) = query?;
    let query = CompanyQuery {
        search: q.search,
        after: q.after,
        limit: q.limit,
        status: q.status,
    };
    Ok(Json(state.engine.companies(&actor, &query).await?))
}

/// One company with its terms.
#[utoipa::path(
    get,
    path = "/api/v1/admin/companies/{code}",
    operation_id = "get_company",
    tag = "admin",
    params(("code" = String, Path, description = "The company's code")),
    responses(
        (status = 200, description = "The company", body = CompanyOverview),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
        (status = 404, description = "No such company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_company(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
) -> Result<Json<CompanyOverview>, ApiError> {
    let Path(code) = code?;
    Ok(Json(state.engine.company_overview(&actor, &code).await?))
}

/// Creates a company or changes its terms; its people and price lists stay as they are.
#[utoipa::path(
    put,
    path = "/api/v1/admin/companies/{code}",
    operation_id = "put_company",
    tag = "admin",
    params(("code" = String, Path, description = "The company's code; must match the body's")),
    request_body = CompanyTerms,
    responses(
        (status = 200, description = "The company as stored", body = CompanyOverview),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write` or is bound to a company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_company(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<CompanyTerms>, JsonRejection>,
) -> Result<Json<CompanyOverview>, ApiError> {
    let Path(code) = code?;
    let Json(record) = body?;
    if record.code.trim() != code {
        return Err(ApiError::invalid("code", "must match the code in the path"));
    }
    Ok(Json(
        state.engine.save_company_terms(&actor, &record).await?,
    ))
}
