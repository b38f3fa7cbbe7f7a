//! Store API: the companies a person buys for and which one a token acts for, and the company's cost centres. A
//! person in several companies switches with `PUT /api/v1/account/company`; prices, the cart, lists and orders
//! follow. Cost centres are read by the company's people and set by its admins; the engine decides who may.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::{HeaderMap, StatusCode},
};
use domain::{
    approval::{BudgetPeriod, limit_amount},
    cost_centre::{CostCentre, CostCentreStatus},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::{bearer_token, buyer},
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// A company the caller belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMembership {
    /// The company's code.
    pub company: String,
    /// Its name.
    pub name: String,
    /// The caller's role there: `admin`, `buyer` or `viewer`.
    pub role: String,
    /// Whether the token acts for it now.
    pub current: bool,
}

/// The caller's companies.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMemberships {
    /// By name.
    pub data: Vec<ApiMembership>,
}

/// Which company to act for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompanyChoice {
    /// One of the caller's companies, by code.
    pub company: String,
}

/// A cost centre with what it spent this period.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCostCentre {
    /// The company's code for it.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Net amount its orders reach per period without approval, e.g. `"2000"`; absent for no budget.
    pub budget: Option<String>,
    /// `month` or `quarter`.
    pub period: String,
    /// Net spent this period.
    pub spent: ApiMoney,
    /// What is left of the budget.
    pub left: Option<ApiMoney>,
}

impl From<CostCentreStatus> for ApiCostCentre {
    fn from(s: CostCentreStatus) -> Self {
        Self {
            code: s.centre.code,
            name: s.centre.name,
            budget: s
                .centre
                .budget
                .map(|m| rust_decimal::Decimal::new(m, 6).normalize().to_string()),
            period: s.centre.period.as_str().to_owned(),
            spent: (&s.spent).into(),
            left: s.left.as_ref().map(Into::into),
        }
    }
}

/// The company's cost centres.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCostCentres {
    /// By code.
    pub data: Vec<ApiCostCentre>,
}

/// A cost centre as an admin sets it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostCentreBody {
    /// What people call it.
    pub name: String,
    /// Net budget per period, e.g. `"2000"`; absent or empty for none.
    pub budget: Option<String>,
    /// `month` (the default) or `quarter`.
    pub period: Option<String>,
}

/// The companies the caller belongs to, and which one the token acts for.
#[utoipa::path(
    get,
    path = "/api/v1/account/companies",
    operation_id = "list_account_companies",
    tag = "account",
    responses(
        (status = 200, description = "The caller's companies", body = ApiMemberships),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn companies(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiMemberships>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let current = account.company.as_ref().map(|c| c.id);
    let data = state
        .engine
        .memberships(&account)
        .await?
        .into_iter()
        .map(|m| ApiMembership {
            current: Some(m.company.id) == current,
            company: m.company.code,
            name: m.company.name,
            role: m.role.as_str().to_owned(),
        })
        .collect();
    Ok(Json(ApiMemberships { data }))
}

/// Makes the token act for another of the caller's companies: prices, the cart, lists and orders follow.
#[utoipa::path(
    put,
    path = "/api/v1/account/company",
    operation_id = "put_account_company",
    tag = "account",
    request_body = CompanyChoice,
    responses(
        (status = 200, description = "Switched; the caller's companies", body = ApiMemberships),
        (status = 400, description = "Not one of the caller's companies; `field` is `company`", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn switch(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<CompanyChoice>, JsonRejection>,
) -> Result<Json<ApiMemberships>, ApiError> {
    let Json(body) = body?;
    let token = bearer_token(&headers)?;
    state.engine.switch_company(token, &body.company).await?;
    companies(State(state), headers).await
}

/// The company's cost centres with what each spent this period; any of its people.
#[utoipa::path(
    get,
    path = "/api/v1/company/cost-centres",
    operation_id = "list_cost_centres",
    tag = "approvals",
    responses(
        (status = 200, description = "The cost centres", body = ApiCostCentres),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn cost_centres(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiCostCentres>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let data = state
        .engine
        .cost_centres(&account)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(Json(ApiCostCentres { data }))
}

/// Adds the cost centre `code` or changes it; the company's admins only.
#[utoipa::path(
    put,
    path = "/api/v1/company/cost-centres/{code}",
    operation_id = "put_cost_centre",
    tag = "approvals",
    params(("code" = String, Path, description = "The company's code for the centre")),
    request_body = CostCentreBody,
    responses(
        (status = 200, description = "The company's cost centres", body = ApiCostCentres),
        (status = 400, description = "A bad code, name, budget or period; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn put_cost_centre(
    State(state): State<AppState>,
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<CostCentreBody>, JsonRejection>,
) -> Result<Json<ApiCostCentres>, ApiError> {
    let Path(code) = code?;
    let Json(body) = body?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    let centre = CostCentre::new(
        &code,
        &body.name,
        limit_amount(body.budget.as_deref().unwrap_or(""), "budget")?,
        BudgetPeriod::parse(body.period.as_deref().unwrap_or("month"))?,
    )?;
    state.engine.set_cost_centre(&account, &centre).await?;
    cost_centres(State(state), headers).await
}

/// Removes the cost centre `code` from checkout (its orders keep it); the company's admins only.
#[utoipa::path(
    delete,
    path = "/api/v1/company/cost-centres/{code}",
    operation_id = "delete_cost_centre",
    tag = "approvals",
    params(("code" = String, Path, description = "The company's code for the centre")),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins", body = ApiErrors),
        (status = 404, description = "No such cost centre", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn delete_cost_centre(
    State(state): State<AppState>,
    headers: HeaderMap,
    code: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(code) = code?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    state.engine.remove_cost_centre(&account, &code).await?;
    Ok(StatusCode::NO_CONTENT)
}
