//! Store API: approvals and budgets. Orders beyond a limit of the buyer's company wait for one of its admins, who
//! approves or declines them here (or in the account area); admins set each person's order limit and budget and
//! the company's rule; every buyer reads their own budget. The engine decides who may do what.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::HeaderMap,
};
use domain::approval::{
    BudgetPeriod, BuyerLimits, CompanyRules, Decision, PendingApproval, limit_amount,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::buyer,
    error::{ApiError, ApiErrors},
    rfc3339,
    types::ApiMoney,
};
use crate::AppState;

/// An order waiting for approval.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPendingApproval {
    /// The order's number.
    pub number: String,
    /// Who placed it.
    pub placed_by: String,
    /// Its net amount.
    pub net: ApiMoney,
    /// Why it waits: `order_limit`, `budget`, `company_rule` or `currency`.
    pub reasons: Vec<String>,
    /// When it was placed (RFC 3339).
    pub placed_at: String,
    /// When it is declined on its own if nobody decides (RFC 3339).
    pub expires_at: String,
}

impl From<PendingApproval> for ApiPendingApproval {
    fn from(p: PendingApproval) -> Self {
        Self {
            number: p.number,
            placed_by: p.placed_by,
            net: (&p.net).into(),
            reasons: p.reasons.iter().map(|r| r.as_str().to_owned()).collect(),
            placed_at: rfc3339(p.placed_at_ms),
            expires_at: rfc3339(p.expires_at_ms),
        }
    }
}

/// The orders waiting.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiApprovals {
    /// All of the company's for its admins, the caller's own otherwise; oldest first.
    pub data: Vec<ApiPendingApproval>,
}

/// A decision on an order that waits.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiDecision {
    /// `approve` (the order goes ahead as placed) or `decline` (its stock is released).
    pub decision: String,
    /// For the buyer; at most 1,000 characters.
    #[serde(default)]
    pub comment: String,
}

/// A person's limits: net amounts in the shop's base currency, absent for no limit.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiLimits {
    /// Largest order placed without approval, e.g. `"500"`.
    pub order_limit: Option<String>,
    /// Amount ordered per period without approval.
    pub budget: Option<String>,
    /// `month` or `quarter`.
    #[serde(default = "month")]
    pub period: String,
}

fn month() -> String {
    "month".into()
}

/// The caller's budget.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiBudget {
    /// Their limits; all absent when they have none.
    pub limits: ApiLimits,
    /// Net ordered in the current period (placed and waiting orders).
    pub spent: Option<ApiMoney>,
    /// What is left of the budget.
    pub left: Option<ApiMoney>,
}

/// The company's rules.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiCompanyRules {
    /// Every order above this net amount needs approval; absent for none.
    pub approval_above: Option<String>,
    /// The whole company's orders beyond this net amount per period need approval; absent for none.
    #[serde(default)]
    pub budget: Option<String>,
    /// The company budget's period: `month` or `quarter`.
    #[serde(default = "month")]
    pub period: String,
    /// Days an order waits for a decision before it is declined (1 to 90).
    pub approval_days: u16,
}

fn amount_text(micros: Option<i64>) -> Option<String> {
    micros.map(|m| rust_decimal::Decimal::new(m, 6).normalize().to_string())
}

fn limits_of(l: &BuyerLimits) -> ApiLimits {
    ApiLimits {
        order_limit: amount_text(l.order_limit),
        budget: amount_text(l.budget),
        period: l.period.as_str().to_owned(),
    }
}

/// The orders waiting for approval that the caller sees.
#[utoipa::path(
    get,
    path = "/api/v1/approvals",
    operation_id = "list_approvals",
    tag = "approvals",
    responses(
        (status = 200, description = "The orders waiting", body = ApiApprovals),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiApprovals>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let waiting = state.engine.approvals_waiting(&account).await?;
    Ok(Json(ApiApprovals {
        data: waiting.into_iter().map(Into::into).collect(),
    }))
}

/// Approves or declines an order of the caller's company that waits; the company's admins, not on their own order.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/decision",
    operation_id = "record_order_decision",
    tag = "approvals",
    params(("number" = String, Path, description = "The order's number")),
    request_body = ApiDecision,
    responses(
        (status = 200, description = "Decided; the orders still waiting", body = ApiApprovals),
        (status = 400, description = "A bad decision or comment, or the order does not wait; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins, or the caller's own order", body = ApiErrors),
        (status = 404, description = "No order of the caller's company has this number", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<ApiDecision>, JsonRejection>,
) -> Result<Json<ApiApprovals>, ApiError> {
    let Path(number) = number?;
    let Json(body) = body?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    let decision = match body.decision.as_str() {
        "approve" => Decision::Approve,
        "decline" => Decision::Decline,
        _ => return Err(ApiError::invalid("decision", "must be approve or decline")),
    };
    state
        .engine
        .decide_order(&account, &number, decision, &body.comment)
        .await?;
    list(State(state), headers).await
}

/// The caller's order limit and budget, and what they have spent in the period.
#[utoipa::path(
    get,
    path = "/api/v1/account/budget",
    operation_id = "get_account_budget",
    tag = "approvals",
    responses(
        (status = 200, description = "The budget", body = ApiBudget),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn budget(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiBudget>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    Ok(Json(match state.engine.budget_status(&account).await? {
        Some(b) => ApiBudget {
            limits: limits_of(&b.limits),
            spent: Some((&b.spent).into()),
            left: b.left.as_ref().map(Into::into),
        },
        None => ApiBudget {
            limits: limits_of(&BuyerLimits::default()),
            spent: None,
            left: None,
        },
    }))
}

/// Sets a person's order limit and budget; the company's admins only.
#[utoipa::path(
    put,
    path = "/api/v1/company/users/{email}/limits",
    operation_id = "put_company_user_limits",
    tag = "approvals",
    params(("email" = String, Path, description = "The person's email")),
    request_body = ApiLimits,
    responses(
        (status = 200, description = "The limits as stored", body = ApiLimits),
        (status = 400, description = "A bad amount or period; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins", body = ApiErrors),
        (status = 404, description = "Nobody of the company has this email", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn put_limits(
    State(state): State<AppState>,
    headers: HeaderMap,
    email: Result<Path<String>, PathRejection>,
    body: Result<Json<ApiLimits>, JsonRejection>,
) -> Result<Json<ApiLimits>, ApiError> {
    let Path(email) = email?;
    let Json(body) = body?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    let limits = BuyerLimits {
        order_limit: limit_amount(body.order_limit.as_deref().unwrap_or(""), "order_limit")?,
        budget: limit_amount(body.budget.as_deref().unwrap_or(""), "budget")?,
        period: BudgetPeriod::parse(&body.period)?,
    };
    let person = state
        .engine
        .company_users(&account)
        .await?
        .into_iter()
        .find(|u| u.email.as_str().eq_ignore_ascii_case(email.trim()))
        .ok_or_else(|| {
            ApiError::from(engine::EngineError::NotFound {
                entity: "person",
                key: email.clone(),
            })
        })?;
    state
        .engine
        .set_buyer_limits(&account, person.customer_id, &limits)
        .await?;
    Ok(Json(limits_of(&limits)))
}

/// The company's rules; its admins only.
#[utoipa::path(
    get,
    path = "/api/v1/company/rules",
    operation_id = "get_company_rules",
    tag = "approvals",
    responses(
        (status = 200, description = "The rules", body = ApiCompanyRules),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn rules(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiCompanyRules>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let rules = state.engine.company_rules(&account).await?;
    Ok(Json(rules_of(&rules)))
}

fn rules_of(rules: &CompanyRules) -> ApiCompanyRules {
    ApiCompanyRules {
        approval_above: amount_text(rules.approval_above),
        budget: amount_text(rules.budget),
        period: rules.period.as_str().to_owned(),
        approval_days: rules.approval_days,
    }
}

/// Sets the company's rules; its admins only.
#[utoipa::path(
    put,
    path = "/api/v1/company/rules",
    operation_id = "put_company_rules",
    tag = "approvals",
    request_body = ApiCompanyRules,
    responses(
        (status = 200, description = "The rules as stored", body = ApiCompanyRules),
        (status = 400, description = "A bad amount or number of days; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not one of the company's admins", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn put_rules(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<ApiCompanyRules>, JsonRejection>,
) -> Result<Json<ApiCompanyRules>, ApiError> {
    let Json(body) = body?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    let rules = CompanyRules {
        approval_above: limit_amount(
            body.approval_above.as_deref().unwrap_or(""),
            "approval_above",
        )?,
        budget: limit_amount(body.budget.as_deref().unwrap_or(""), "budget")?,
        period: BudgetPeriod::parse(&body.period)?,
        approval_days: body.approval_days,
    };
    state.engine.set_company_rules(&account, &rules).await?;
    Ok(Json(rules_of(&rules)))
}
