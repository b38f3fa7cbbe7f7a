//! Admin API: the people of companies, in the record format the bulk upload takes, so an ERP can compare and send
//! back. A key bound to a company sees that company's people only.

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
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

/// A person who buys for a company.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCustomer {
    /// The company's code.
    pub company: String,
    /// The company's name.
    pub company_name: String,
    /// The company's country.
    pub country: String,
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
    /// Whether the company may buy on account.
    pub invoice_approved: bool,
    /// The company's credit limit for orders on account in the shop's base currency (a decimal string); none
    /// when it has no limit.
    pub credit_limit: Option<String>,
    /// The company's EU VAT number, if it has one: deliveries to another member state are then reverse charged.
    pub vat_id: Option<String>,
}

/// People of companies.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCustomerList {
    /// By company and email.
    pub data: Vec<ApiCustomer>,
}

/// Filter of the list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CustomerQuery {
    /// Only this company's people (its code).
    pub company: Option<String>,
}

/// People of companies (at most 10,000).
#[utoipa::path(
    get,
    path = "/api/v1/admin/customers",
    operation_id = "list_customers",
    tag = "admin",
    params(CustomerQuery),
    responses(
        (status = 200, description = "The people", body = ApiCustomerList),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<CustomerQuery>, QueryRejection>,
) -> Result<Json<ApiCustomerList>, ApiError> {
    let Query(q) = query?;
    let records = state
        .engine
        .customer_records(&actor, q.company.as_deref())
        .await?;
    Ok(Json(ApiCustomerList {
        data: records
            .into_iter()
            .map(|r| ApiCustomer {
                company: r.company,
                company_name: r.company_name.unwrap_or_default(),
                country: r.country.unwrap_or_default(),
                email: r.email,
                name: r.name,
                role: r.role,
                invoice_approved: r.invoice_approved.unwrap_or(false),
                credit_limit: r.credit_limit.map(|l| l.to_string()),
                vat_id: r.vat_id,
            })
            .collect(),
    }))
}
