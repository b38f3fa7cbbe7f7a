//! Admin API: the people who buy — a searchable list of everyone with an account, a company's page (people,
//! addresses, open balance and spend), adding a person to a company, and disabling or enabling a person. The same
//! engine operations as the back office's customers and company pages.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::StatusCode,
};
use engine::customers::{CompanyAccount, CompanyPerson, PersonPage, PersonQuery};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// A company's people, addresses, open balance and spend.
#[utoipa::path(
    get,
    path = "/api/v1/admin/companies/{code}/account",
    operation_id = "get_company_account",
    tag = "admin",
    params(("code" = String, Path, description = "The company's code")),
    responses(
        (status = 200, description = "The company's account", body = CompanyAccount),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
        (status = 404, description = "No such company (or one the key is not bound to)", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_company_account(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
) -> Result<Json<CompanyAccount>, ApiError> {
    let Path(code) = code?;
    Ok(Json(state.engine.company_account(&actor, &code).await?))
}

/// A person to add to a company.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCompanyPerson {
    /// Their email address. Someone new is emailed a link to choose a password; someone who already has an account
    /// (they buy for another company too) keeps it as it is.
    pub email: String,
    /// Their name (kept as it is for someone who already has an account).
    pub name: String,
    /// `admin`, `buyer` or `viewer`.
    pub role: String,
}

/// Adds a person to a company: its first admin for a company staff created, or one more.
#[utoipa::path(
    post,
    path = "/api/v1/admin/companies/{code}/people",
    operation_id = "add_company_person",
    tag = "admin",
    params(("code" = String, Path, description = "The company's code")),
    request_body = NewCompanyPerson,
    responses(
        (status = 201, description = "The person as added", body = CompanyPerson),
        (status = 400, description = "A field is wrong, or they buy for the company already; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write` or is bound to a company", body = ApiErrors),
        (status = 404, description = "No such company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn add_company_person(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    code: Result<Path<String>, PathRejection>,
    body: Result<Json<NewCompanyPerson>, JsonRejection>,
) -> Result<(StatusCode, Json<CompanyPerson>), ApiError> {
    let Path(code) = code?;
    let Json(body) = body?;
    let role = domain::Role::parse(&body.role)?;
    let reset_url = format!("{}{}", state.site_url.0, app::api::RESET_PATH);
    let person = state
        .engine
        .add_company_person(&actor, &code, &body.email, &body.name, role, &reset_url)
        .await?;
    Ok((StatusCode::CREATED, Json(person)))
}

/// Which people to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PeopleQuery {
    /// Only people whose email or name contains this text.
    pub search: Option<String>,
    /// Only people who buy for this company (its code).
    pub company: Option<String>,
    /// `active` or `disabled`.
    pub status: Option<String>,
    /// The `next` cursor of the page before.
    pub after: Option<String>,
    /// At most this many (1 to 200, default 50).
    pub limit: Option<u32>,
}

/// Everyone with an account, by email, a page at a time, with the companies each buys for. A key bound to a
/// company sees that company's people only.
#[utoipa::path(
    get,
    path = "/api/v1/admin/people",
    operation_id = "list_people",
    tag = "admin",
    params(PeopleQuery),
    responses(
        (status = 200, description = "A page of people", body = PersonPage),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list_people(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<PeopleQuery>, QueryRejection>,
) -> Result<Json<PersonPage>, ApiError> {
    let Query(q) = query?;
    let query = PersonQuery {
        search: q.search,
        company: q.company,
        status: q.status,
        after: q.after,
        limit: q.limit,
    };
    Ok(Json(state.engine.people(&actor, &query).await?))
}

/// Whether a person may sign in.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonAccess {
    /// `true` ends their sessions and refuses their sign-in; `false` gives the account back.
    pub disabled: bool,
}

/// Disables or enables a person. Disabling ends their sessions at once; their orders stay.
#[utoipa::path(
    put,
    path = "/api/v1/admin/people/{email}/access",
    operation_id = "set_person_access",
    tag = "admin",
    params(("email" = String, Path, description = "The person's email address")),
    request_body = PersonAccess,
    responses(
        (status = 200, description = "The access as stored", body = PersonAccess),
        (status = 400, description = "A field is wrong, or nobody has this address; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write` or is bound to a company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn set_person_access(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    email: Result<Path<String>, PathRejection>,
    body: Result<Json<PersonAccess>, JsonRejection>,
) -> Result<Json<PersonAccess>, ApiError> {
    let Path(email) = email?;
    let Json(body) = body?;
    state
        .engine
        .set_person_disabled(&actor, &email, body.disabled)
        .await?;
    Ok(Json(body))
}
