//! Who is calling: the channel (from the host, like the storefront) and, with `Authorization: Bearer <token>`,
//! the signed-in buyer whose prices and company apply. Tokens come from `POST /api/v1/sessions`.

use axum::{
    Extension, Json,
    extract::{State, rejection::JsonRejection},
    http::{HeaderMap, StatusCode, header},
};
use engine::{ClientAddr, Engine, Shopper};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    error::{ApiError, ApiErrors},
    keys::publishable,
};
use crate::AppState;

/// The caller as a shopper, in `locale` when given. A bearer token that names no live session is a 401, not a
/// silent guest: a client with an expired token must learn it.
pub async fn caller(
    engine: &Engine,
    headers: &HeaderMap,
    locale: Option<&str>,
) -> Result<Shopper, ApiError> {
    let mut shopper = Shopper::guest(channel(engine, headers).await?);
    if let Some(locale) = locale {
        let locale = domain::Locale::parse(locale)
            .map_err(|_| ApiError::invalid("locale", "is not a locale"))?;
        if !shopper.channel.locales.contains(&locale) {
            return Err(ApiError::invalid(
                "locale",
                "is not a language of this channel",
            ));
        }
        shopper = shopper.in_locale(locale)?;
    }
    match bearer(headers)? {
        None => Ok(shopper),
        Some(token) => match engine.session_shopper(token, shopper).await? {
            Some((_, shopper)) => Ok(shopper),
            None => Err(ApiError::unauthenticated()),
        },
    }
}

/// The signed-in buyer making the call and the shopper acting for them; 401 without a valid token.
pub async fn buyer(
    engine: &Engine,
    headers: &HeaderMap,
) -> Result<(Shopper, domain::Account), ApiError> {
    let shopper = Shopper::guest(channel(engine, headers).await?);
    let token = bearer(headers)?.ok_or_else(ApiError::unauthenticated)?;
    match engine.session_shopper(token, shopper).await? {
        Some((account, shopper)) => Ok((shopper, account)),
        None => Err(ApiError::unauthenticated()),
    }
}

/// The channel of a store call: the publishable key's, when one is sent, else the one the host names.
async fn channel(engine: &Engine, headers: &HeaderMap) -> Result<domain::Channel, ApiError> {
    if let Some(key) = publishable(engine, headers).await?
        && let Some((_, code)) = &key.channel
    {
        return Ok(engine.shopper_for(code).await?.channel);
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    Ok(engine.resolve_channel(host, None).await?)
}

/// The buyer token a call sends; 401 without one.
pub fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    bearer(headers)?.ok_or_else(ApiError::unauthenticated)
}

fn bearer(headers: &HeaderMap) -> Result<Option<&str>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| Some(t.trim()))
        .ok_or_else(ApiError::unauthenticated)
}

/// Credentials of a buyer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    /// The account's email address.
    pub email: String,
    /// The password.
    pub password: String,
}

/// A session: send the token as `Authorization: Bearer <token>`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiSession {
    /// The bearer token; shown once, stored by Kontor only as a hash.
    pub token: String,
    /// The account's email address.
    pub email: String,
    /// The company the buyer acts for, if any.
    pub company: Option<String>,
    /// The buyer's role in it: `admin`, `buyer` or `viewer`.
    pub role: Option<String>,
}

/// Signs a buyer in. Each client address has a budget of attempts a minute, and repeated failures of a client
/// for an address are slowed down (`429` with `Retry-After`).
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    operation_id = "create_session",
    tag = "account",
    request_body = SignIn,
    responses(
        (status = 201, description = "Signed in", body = ApiSession),
        (status = 400, description = "Wrong email or password; `field` names which", body = ApiErrors),
    )
)]
pub async fn sign_in(
    State(state): State<AppState>,
    client: Option<Extension<ClientAddr>>,
    body: Result<Json<SignIn>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiSession>), ApiError> {
    let Json(body) = body?;
    let client = client.map_or(ClientAddr::LOCAL, |Extension(c)| c);
    let signed = state
        .engine
        .sign_in(&body.email, &body.password, client)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ApiSession {
            token: signed.token,
            email: signed.account.email.as_str().to_owned(),
            company: signed.account.company.map(|c| c.code),
            role: signed.account.role.map(|r| r.as_str().to_owned()),
        }),
    ))
}

/// Ends the session whose token is sent: the token stops working at once, on every app server.
#[utoipa::path(
    delete,
    path = "/api/v1/sessions/current",
    operation_id = "delete_current_session",
    tag = "account",
    security(("buyer_token" = [])),
    responses(
        (status = 204, description = "Signed out; the token no longer works"),
        (status = 401, description = "No live session behind the token", body = ApiErrors),
    )
)]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let token = bearer(&headers)?.ok_or_else(ApiError::unauthenticated)?;
    if state.engine.session(token).await?.is_none() {
        return Err(ApiError::unauthenticated());
    }
    state.engine.sign_out(token).await?;
    Ok(StatusCode::NO_CONTENT)
}
