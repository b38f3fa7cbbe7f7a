//! Store API: the signed-in buyer and their company — who they are, the address book checkout offers, and (for a
//! company's admins) the company's people. Everything is the caller's own; another company's is unreachable.

use axum::{Json, extract::State, http::HeaderMap};
use serde::Serialize;
use utoipa::ToSchema;

use super::{
    auth::buyer,
    error::{ApiError, ApiErrors},
    orders::ApiAddress,
};
use crate::AppState;

/// The signed-in buyer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAccount {
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// The company's code, if they buy for one.
    pub company: Option<String>,
    /// The company's name.
    pub company_name: Option<String>,
    /// `admin`, `buyer` or `viewer` in the company.
    pub role: Option<String>,
    /// Whether they may place orders.
    pub can_order: bool,
}

/// A saved address.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSavedAddress {
    /// Id, for `address_id` at checkout.
    pub id: i64,
    /// `billing` or `shipping`.
    pub kind: String,
    /// The address.
    pub address: ApiAddress,
}

/// The address book.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAddressList {
    /// Every saved address.
    pub data: Vec<ApiSavedAddress>,
}

/// A person of the company.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCompanyUser {
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
}

/// The company's people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiCompanyUsers {
    /// Everyone with access.
    pub data: Vec<ApiCompanyUser>,
}

/// Who the token belongs to.
#[utoipa::path(
    get,
    path = "/api/v1/account",
    operation_id = "get_account",
    tag = "account",
    responses(
        (status = 200, description = "The buyer", body = ApiAccount),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn me(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiAccount>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    Ok(Json(ApiAccount {
        can_order: account.can_order(),
        email: account.email.as_str().to_owned(),
        name: account.name,
        company_name: account.company.as_ref().map(|c| c.name.clone()),
        company: account.company.map(|c| c.code),
        role: account.role.map(|r| r.as_str().to_owned()),
    }))
}

/// The buyer's (company's) address book.
#[utoipa::path(
    get,
    path = "/api/v1/account/addresses",
    operation_id = "list_account_addresses",
    tag = "account",
    responses(
        (status = 200, description = "The addresses", body = ApiAddressList),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn addresses(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiAddressList>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let saved = state.engine.addresses(&account).await?;
    Ok(Json(ApiAddressList {
        data: saved
            .into_iter()
            .map(|a| ApiSavedAddress {
                id: a.id,
                kind: a.kind.as_str().to_owned(),
                address: a.address.into(),
            })
            .collect(),
    }))
}

/// The company's people; for the company's admins.
#[utoipa::path(
    get,
    path = "/api/v1/company/users",
    operation_id = "list_company_users",
    tag = "account",
    responses(
        (status = 200, description = "The people", body = ApiCompanyUsers),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Not an admin of a company", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn company_users(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiCompanyUsers>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let users = state.engine.company_users(&account).await?;
    Ok(Json(ApiCompanyUsers {
        data: users
            .into_iter()
            .map(|u| ApiCompanyUser {
                email: u.email.as_str().to_owned(),
                name: u.name,
                role: u.role.as_str().to_owned(),
            })
            .collect(),
    }))
}
