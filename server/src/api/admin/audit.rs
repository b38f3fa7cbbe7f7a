//! Admin API: the audit trail, newest first, with filters and a cursor.

use axum::{
    Json,
    extract::{Query, State, rejection::QueryRejection},
};
use engine::{
    AuditRetention,
    audit_log::{AuditEntry, AuditFilter},
};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        orders::rfc3339,
    },
};

/// Which entries.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Only changes by actors whose name (a staff member's email, a key's label, a process) contains this text.
    pub actor: Option<String>,
    /// Only changes of this kind of thing (`staff`, `role`, …).
    pub entity: Option<String>,
    /// Only changes of this one thing (with `entity`).
    pub entity_id: Option<String>,
    /// From this moment on (RFC 3339).
    pub from: Option<String>,
    /// Up to this moment (RFC 3339).
    pub to: Option<String>,
    /// Entries older than this one (the previous page's `next_before`).
    #[param(minimum = 1)]
    pub before: Option<i64>,
    /// Entries per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// A changed field.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiChange {
    /// The field.
    pub field: String,
    /// Its value before; null when it did not exist or is a secret.
    pub before: Option<String>,
    /// Its value after; null when it is gone or is a secret.
    pub after: Option<String>,
}

/// One change.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAuditEntry {
    /// Entry id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// `staff`, `key` or `process`.
    pub actor_kind: String,
    /// The staff member's email, the key's label, or the process.
    pub actor: String,
    /// The client address the change came from.
    pub client: Option<String>,
    /// What was done (`staff.created`).
    pub action: String,
    /// The kind of thing changed.
    pub entity: String,
    /// Which one.
    pub entity_id: String,
    /// The fields changed, before and after.
    pub changes: Vec<ApiChange>,
}

/// A page of the trail.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAuditPage {
    /// Newest first.
    pub data: Vec<ApiAuditEntry>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next_before: Option<i64>,
}

fn moment(field: &'static str, text: Option<&str>) -> Result<Option<i64>, ApiError> {
    text.map(|t| {
        OffsetDateTime::parse(t.trim(), &Rfc3339)
            .map(|at| (at.unix_timestamp_nanos() / 1_000_000) as i64)
            .map_err(|_| {
                ApiError::invalid(
                    field,
                    "must be a moment in RFC 3339, e.g. 2026-12-01T00:00:00Z",
                )
            })
    })
    .transpose()
}

impl From<AuditEntry> for ApiAuditEntry {
    fn from(e: AuditEntry) -> Self {
        Self {
            id: e.id,
            at: rfc3339(e.at_ms),
            actor_kind: e.actor_kind,
            actor: e.actor,
            client: e.client,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            changes: e
                .changes
                .into_iter()
                .map(|c| ApiChange {
                    field: c.field,
                    before: c.before,
                    after: c.after,
                })
                .collect(),
        }
    }
}

/// The audit trail: every change by staff, API keys and the command line, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/audit",
    operation_id = "list_audit_entries",
    tag = "admin",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of entries", body = ApiAuditPage),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `audit:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<ApiAuditPage>, ApiError> {
    let Query(q) = query?;
    if q.limit.is_some_and(|l| !(1..=200).contains(&l)) {
        return Err(ApiError::invalid("limit", "must be from 1 to 200"));
    }
    let filter = AuditFilter {
        actor: q.actor,
        entity: q.entity,
        entity_id: q.entity_id,
        from_ms: moment("from", q.from.as_deref())?,
        to_ms: moment("to", q.to.as_deref())?,
        before: q.before,
        limit: q.limit,
    };
    let page = state.engine.audit_entries(&actor, &filter).await?;
    Ok(Json(ApiAuditPage {
        data: page.entries.into_iter().map(Into::into).collect(),
        next_before: page.next,
    }))
}

/// How long the audit trail keeps entries.
#[utoipa::path(
    get,
    path = "/api/v1/admin/settings/audit",
    operation_id = "get_audit_retention",
    tag = "admin",
    responses(
        (status = 200, description = "The retention", body = AuditRetention),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `audit:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get_retention(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<AuditRetention>, ApiError> {
    Ok(Json(state.engine.audit_retention(&actor).await?))
}

/// Changes how long the audit trail keeps entries: 0 keeps them for good, otherwise 30 to 36,500 days.
#[utoipa::path(
    put,
    path = "/api/v1/admin/settings/audit",
    operation_id = "put_audit_retention",
    tag = "admin",
    request_body = AuditRetention,
    responses(
        (status = 200, description = "The retention as stored", body = AuditRetention),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `settings:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn put_retention(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<AuditRetention>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<AuditRetention>, ApiError> {
    let Json(setting) = body?;
    Ok(Json(
        state.engine.save_audit_retention(&actor, setting).await?,
    ))
}
