//! Admin API: webhook subscriptions, their delivery log and replay, and the event feed for integrations that poll.
//! Deliveries are POSTed as `{"id","type","created_at","data"}` with `Kontor-Signature: t=…,v1=…` (HMAC-SHA256
//! of `"{t}.{body}"` with the subscription's secret), `Kontor-Event-Id` and `Kontor-Event-Type`.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::StatusCode,
};
use engine::{
    Scope,
    events::{Event, NewWebhook, Webhook, WebhookAttempt, WebhookDelivery},
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::AfterQuery;
use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::{KeyActor, reads_events},
        orders::rfc3339,
    },
};

/// A subscription to make.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSubscription {
    /// The receiver's address.
    pub url: String,
    /// Event types wanted (`order.placed`, `order.shipped`, …); empty or absent for all.
    #[serde(default)]
    pub event_types: Vec<String>,
}

/// A subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiWebhook {
    /// Id.
    pub id: i64,
    /// The receiver.
    pub url: String,
    /// Event types it gets; empty for all.
    pub event_types: Vec<String>,
    /// When it was made (RFC 3339).
    pub created_at: String,
}

/// A subscription just made.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedWebhook {
    /// The signing secret: shown this once.
    pub secret: String,
    /// The subscription.
    pub webhook: ApiWebhook,
}

/// The subscriptions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiWebhookList {
    /// Oldest first.
    pub data: Vec<ApiWebhook>,
}

/// One event's delivery to one subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiDelivery {
    /// Id, for replay.
    pub id: i64,
    /// The subscription.
    pub webhook_id: i64,
    /// The event.
    pub event_id: i64,
    /// The event's type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// The receiver's last HTTP status.
    pub last_status: Option<i64>,
    /// The last failure.
    pub last_error: Option<String>,
    /// When the next attempt is due (RFC 3339), while pending.
    pub next_attempt_at: Option<String>,
    /// When the receiver accepted it.
    pub delivered_at: Option<String>,
}

/// A delivery with its attempts.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiDeliveryLog {
    /// The delivery.
    pub delivery: ApiDelivery,
    /// Every attempt, oldest first.
    pub attempts: Vec<ApiAttempt>,
}

/// One attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAttempt {
    /// When (RFC 3339).
    pub at: String,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<i64>,
    /// The failure, if any.
    pub error: Option<String>,
    /// How long the receiver took.
    pub duration_ms: i64,
}

/// Deliveries of a subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiDeliveryList {
    /// Newest event first.
    pub data: Vec<ApiDelivery>,
}

/// Filter of the delivery list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// `pending`, `delivered` or `failed`.
    pub status: Option<String>,
}

/// An event.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiEvent {
    /// Position in the stream.
    pub id: i64,
    /// `order.placed`, …
    #[serde(rename = "type")]
    pub event_type: String,
    /// When it happened (RFC 3339).
    pub created_at: String,
    /// The event's data.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiEventList {
    /// Oldest first.
    pub data: Vec<ApiEvent>,
    /// Pass as `after` for the next page.
    pub next_after: i64,
}

impl From<Webhook> for ApiWebhook {
    fn from(w: Webhook) -> Self {
        Self {
            id: w.id,
            url: w.url,
            event_types: w.event_types,
            created_at: rfc3339(w.created_at_ms),
        }
    }
}

impl From<WebhookDelivery> for ApiDelivery {
    fn from(d: WebhookDelivery) -> Self {
        Self {
            id: d.id,
            webhook_id: d.subscription_id,
            event_id: d.event_id,
            event_type: d.event_type,
            next_attempt_at: (d.status == "pending").then(|| rfc3339(d.next_attempt_at)),
            status: d.status,
            attempts: d.attempts,
            last_status: d.last_status,
            last_error: d.last_error,
            delivered_at: d.delivered_at.map(rfc3339),
        }
    }
}

impl From<WebhookAttempt> for ApiAttempt {
    fn from(a: WebhookAttempt) -> Self {
        Self {
            at: rfc3339(a.at),
            status: a.status,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

impl From<Event> for ApiEvent {
    fn from(e: Event) -> Self {
        Self {
            id: e.id,
            event_type: e.event_type,
            created_at: rfc3339(e.created_at),
            data: serde_json::from_str(&e.payload).unwrap_or_default(),
        }
    }
}

/// Subscribes a receiver to events.
#[utoipa::path(
    post,
    path = "/api/v1/admin/webhooks",
    operation_id = "create_webhook",
    tag = "admin",
    request_body = NewSubscription,
    responses(
        (status = 201, description = "Subscribed; the signing secret is shown this once", body = CreatedWebhook),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`, or a read scope an event type needs", body = ApiErrors),
        (status = 422, description = "The `url` is not an https:// address on the public internet (loopback, private and link-local receivers are refused unless the shop allows private targets)", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<NewSubscription>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedWebhook>), ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let Json(body) = body?;
    let (webhook, secret) = state
        .engine
        .create_webhook(
            &actor,
            NewWebhook {
                url: body.url,
                event_types: body.event_types,
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            secret,
            webhook: webhook.into(),
        }),
    ))
}

/// Every subscription.
#[utoipa::path(
    get,
    path = "/api/v1/admin/webhooks",
    operation_id = "list_webhooks",
    tag = "admin",
    responses(
        (status = 200, description = "The subscriptions", body = ApiWebhookList),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
) -> Result<Json<ApiWebhookList>, ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let hooks = state.engine.webhooks().await?;
    Ok(Json(ApiWebhookList {
        data: hooks.into_iter().map(Into::into).collect(),
    }))
}

/// Ends a subscription; its pending deliveries are dropped.
#[utoipa::path(
    delete,
    path = "/api/v1/admin/webhooks/{id}",
    operation_id = "delete_webhook",
    tag = "admin",
    params(("id" = i64, Path, description = "The subscription's id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`", body = ApiErrors),
        (status = 404, description = "No such subscription", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let Path(id) = id?;
    state.engine.delete_webhook(&actor, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A subscription's deliveries, newest first (the last 100).
#[utoipa::path(
    get,
    path = "/api/v1/admin/webhooks/{id}/deliveries",
    operation_id = "list_webhook_deliveries",
    tag = "admin",
    params(("id" = i64, Path, description = "The subscription's id"), DeliveryQuery),
    responses(
        (status = 200, description = "The deliveries", body = ApiDeliveryList),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`", body = ApiErrors),
        (status = 404, description = "No such subscription", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn deliveries(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    id: Result<Path<i64>, PathRejection>,
    query: Result<Query<DeliveryQuery>, QueryRejection>,
) -> Result<Json<ApiDeliveryList>, ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let Path(id) = id?;
    let Query(q) = query?;
    if let Some(s) = q.status.as_deref()
        && !["pending", "delivered", "failed"].contains(&s)
    {
        return Err(ApiError::invalid(
            "status",
            "must be pending, delivered or failed",
        ));
    }
    let list = state
        .engine
        .webhook_deliveries(id, q.status.as_deref(), 100)
        .await?;
    Ok(Json(ApiDeliveryList {
        data: list.into_iter().map(Into::into).collect(),
    }))
}

/// One delivery with every attempt.
#[utoipa::path(
    get,
    path = "/api/v1/admin/webhook-deliveries/{id}",
    operation_id = "get_webhook_delivery",
    tag = "admin",
    params(("id" = i64, Path, description = "The delivery's id")),
    responses(
        (status = 200, description = "The delivery and its attempts", body = ApiDeliveryLog),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`", body = ApiErrors),
        (status = 404, description = "No such delivery", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn delivery(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<ApiDeliveryLog>, ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let Path(id) = id?;
    let (delivery, attempts) = state.engine.webhook_delivery(id).await?;
    Ok(Json(ApiDeliveryLog {
        delivery: delivery.into(),
        attempts: attempts.into_iter().map(Into::into).collect(),
    }))
}

/// Sends a delivery again (delivered or failed), after any earlier pending event of the same resource.
#[utoipa::path(
    post,
    path = "/api/v1/admin/webhook-deliveries/{id}/replay",
    operation_id = "replay_webhook_delivery",
    tag = "admin",
    params(("id" = i64, Path, description = "The delivery's id")),
    responses(
        (status = 202, description = "Queued again", body = ApiDelivery),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `webhooks:manage`", body = ApiErrors),
        (status = 404, description = "No such delivery", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn replay(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    id: Result<Path<i64>, PathRejection>,
) -> Result<(StatusCode, Json<ApiDelivery>), ApiError> {
    actor.require(Scope::WebhooksManage)?;
    let Path(id) = id?;
    let delivery = state.engine.replay_webhook_delivery(&actor, id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery.into())))
}

/// Events after a position, oldest first: the feed for integrations that poll instead of receiving webhooks.
#[utoipa::path(
    get,
    path = "/api/v1/admin/events",
    operation_id = "list_events",
    tag = "admin",
    params(AfterQuery),
    responses(
        (status = 200, description = "A page of events", body = ApiEventList),
        (status = 400, description = "A parameter is wrong", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key holds no scope that reads events", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn events(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<AfterQuery>, QueryRejection>,
) -> Result<Json<ApiEventList>, ApiError> {
    reads_events(&actor)?;
    let Query(q) = query?;
    let (after, limit) = q.checked()?;
    let events = state.engine.events_after(after, limit, &actor).await?;
    let next_after = events.last().map(|e| e.id).unwrap_or(after);
    Ok(Json(ApiEventList {
        data: events.into_iter().map(Into::into).collect(),
        next_after,
    }))
}
