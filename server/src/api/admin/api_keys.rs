//! Admin API: API keys, for a back office that provisions its integrations. A key's secret is in the creation
//! answer only; such an answer is never stored for idempotent replay, so it exists nowhere else.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::StatusCode,
};
use engine::{ApiKey, KeyKind, NewApiKey, Scope};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        orders::rfc3339,
    },
};

/// A key to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewKey {
    /// `publishable` (store API, bound to a channel) or `secret` (admin API, with scopes).
    pub kind: String,
    /// A label for people (`ERP sync`).
    pub name: String,
    /// Secret keys: scopes such as `catalog:write`, `orders:read`.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// Publishable keys: the channel's code; the default channel when absent.
    pub channel: Option<String>,
    /// Secret keys: bind to this company's code, so the key sees that company's data only.
    pub company: Option<String>,
    /// Requests a minute before `429`.
    #[schema(minimum = 1)]
    pub rate_per_minute: Option<u32>,
}

/// A key, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyInfo {
    /// Id, for revoking.
    pub id: i64,
    /// `publishable` or `secret`.
    pub kind: String,
    /// The label.
    pub name: String,
    /// The key's first characters.
    pub prefix: String,
    /// Scopes of a secret key.
    pub scopes: Vec<String>,
    /// The channel of a publishable key.
    pub channel: Option<String>,
    /// The company a secret key is bound to.
    pub company: Option<String>,
    /// Requests a minute before `429`.
    pub rate_per_minute: u32,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was revoked, if it was.
    pub revoked_at: Option<String>,
}

/// A key just made.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedKey {
    /// The key itself: shown this once, stored only as a hash.
    pub secret: String,
    /// What was stored.
    pub key: ApiKeyInfo,
}

/// The keys.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiKeyList {
    /// Newest first, revoked ones included.
    pub data: Vec<ApiKeyInfo>,
}

impl From<ApiKey> for ApiKeyInfo {
    fn from(k: ApiKey) -> Self {
        Self {
            id: k.id,
            kind: k.kind.as_str().to_owned(),
            name: k.name,
            prefix: k.prefix,
            scopes: k.scopes.iter().map(|s| s.as_str().to_owned()).collect(),
            channel: k.channel.map(|(_, code)| code),
            company: k.company.map(|c| c.code),
            rate_per_minute: k.rate_per_minute,
            created_at: rfc3339(k.created_at_ms),
            revoked_at: k.revoked_at_ms.map(rfc3339),
        }
    }
}

/// Turns an API request for a key into the engine's.
pub fn new_key(body: NewKey) -> Result<NewApiKey, ApiError> {
    let kind = match body.kind.as_str() {
        "publishable" => KeyKind::Publishable,
        "secret" => KeyKind::Secret,
        _ => {
            return Err(ApiError::invalid(
                "kind",
                "must be `publishable` or `secret`",
            ));
        }
    };
    let scopes = body
        .scopes
        .iter()
        .map(|s| Scope::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(NewApiKey {
        kind,
        name: body.name,
        scopes,
        channel: body.channel,
        company: body.company,
        rate_per_minute: body.rate_per_minute,
    })
}

/// Makes a key.
#[utoipa::path(
    post,
    path = "/api/v1/admin/api-keys",
    operation_id = "create_api_key",
    tag = "admin",
    request_body = NewKey,
    responses(
        (status = 201, description = "Made; the secret is shown this once", body = CreatedKey),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `keys:manage`, or a scope or company restriction it would hand on", body = ApiErrors),
        (status = 404, description = "No such channel or company", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    KeyActor(maker): KeyActor,
    body: Result<Json<NewKey>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedKey>), ApiError> {
    maker.require(Scope::KeysManage)?;
    let Json(body) = body?;
    let created = state.engine.create_api_key(&maker, new_key(body)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedKey {
            secret: created.secret,
            key: created.key.into(),
        }),
    ))
}

/// Every key.
#[utoipa::path(
    get,
    path = "/api/v1/admin/api-keys",
    operation_id = "list_api_keys",
    tag = "admin",
    responses(
        (status = 200, description = "The keys", body = ApiKeyList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `keys:manage`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ApiKeyList>, ApiError> {
    let keys = state.engine.api_keys(&actor).await?;
    Ok(Json(ApiKeyList {
        data: keys.into_iter().map(Into::into).collect(),
    }))
}

/// Revokes a key at once.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/api-keys/{id}",
    operation_id = "revoke_api_key",
    tag = "admin",
    params(("id" = i64, Path, description = "The key's id")),
    responses(
        (status = 200, description = "Revoked", body = ApiKeyInfo),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `keys:manage`", body = ApiErrors),
        (status = 404, description = "No such key", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn revoke(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<ApiKeyInfo>, ApiError> {
    actor.require(Scope::KeysManage)?;
    let Path(id) = id?;
    Ok(Json(state.engine.revoke_api_key(&actor, id).await?.into()))
}
