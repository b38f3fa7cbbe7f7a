//! Admin API: the order desk. The merchant's list with every filter (and as CSV), an order's timeline, staff
//! notes, sending the confirmation again, and delivery — the back office's order page does the same through the
//! same engine calls.

use axum::{
    Json,
    body::Body,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use engine::{MerchantOrderPage, OrderSearch, Scope, TimelineEntry};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        catalog::{decode_cursor, encode_cursor},
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        orders::{ApiOrder, rfc3339},
        types::ApiMoney,
    },
};

/// Filters of the merchant's order list; all optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AdminOrderQuery {
    /// Only orders with this status (`awaiting_approval`, `placed`, `confirmed`, `partially_shipped`, `shipped`,
    /// `delivered`, `cancelled`, `declined`).
    status: Option<String>,
    /// `paid` or `unpaid`.
    payment_status: Option<String>,
    /// Only this company's orders, by code.
    company: Option<String>,
    /// Only orders placed in this channel, by code.
    channel: Option<String>,
    /// Placed on or after this day (`2026-03-01`).
    from: Option<String>,
    /// Placed on or before this day.
    to: Option<String>,
    /// An order number, or part of a PO number, the buyer's email or the company's name.
    q: Option<String>,
    /// The `next_cursor` of the previous page (lists only).
    cursor: Option<String>,
}

impl AdminOrderQuery {
    fn search(self) -> Result<OrderSearch, ApiError> {
        let page = match self.cursor.as_deref() {
            None => 1,
            Some(c) => decode_cursor(c)
                .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
        };
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        let pairs = [
            ("status", field(&self.status)),
            ("payment_status", field(&self.payment_status)),
            ("company", field(&self.company)),
            ("channel", field(&self.channel)),
            ("from", field(&self.from)),
            ("to", field(&self.to)),
            ("q", field(&self.q)),
        ];
        let mut search = OrderSearch::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))?;
        search.page = page;
        Ok(search)
    }
}

/// An order in the merchant's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMerchantOrder {
    /// Order number.
    pub number: String,
    /// Status code.
    pub status: String,
    /// `paid` or `unpaid`.
    pub payment_status: String,
    /// When it was placed (RFC 3339).
    pub placed_at: String,
    /// Email of the person who placed it.
    pub placed_by: String,
    /// The company's code; absent for a private buyer.
    pub company: Option<String>,
    /// The channel's code.
    pub channel: String,
    /// The buyer's PO number.
    pub po_number: Option<String>,
    /// What is due.
    pub total: ApiMoney,
}

/// A page of the merchant's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMerchantOrderList {
    /// Newest first.
    pub data: Vec<ApiMerchantOrder>,
    /// Orders that match, on every page, counted up to 1,001: see `more_than_cap`.
    pub total: u64,
    /// Whether more than 1,000 orders match (then `total` is 1,001); narrow the filters for an exact count.
    pub more_than_cap: bool,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl From<MerchantOrderPage> for ApiMerchantOrderList {
    fn from(list: MerchantOrderPage) -> Self {
        Self {
            next_cursor: (list.page.number < list.page.total_pages())
                .then(|| encode_cursor(list.page.number + 1)),
            total: list.page.total_items,
            more_than_cap: list.more_than_cap,
            data: list
                .orders
                .into_iter()
                .map(|o| ApiMerchantOrder {
                    number: o.number,
                    status: o.status.as_str().to_owned(),
                    payment_status: o.payment_status.as_str().to_owned(),
                    placed_at: rfc3339(o.placed_at_ms),
                    placed_by: o.placed_by,
                    company: o.company.map(|(code, _)| code),
                    channel: o.channel,
                    po_number: o.po_number,
                    total: (&o.total).into(),
                })
                .collect(),
        }
    }
}

/// Every order (a company-bound key: its company's), newest first, with the back office's filters.
#[utoipa::path(
    get,
    path = "/api/v1/admin/orders",
    operation_id = "list_admin_orders",
    tag = "admin",
    params(AdminOrderQuery),
    responses(
        (status = 200, description = "A page of orders", body = ApiMerchantOrderList),
        (status = 400, description = "A filter is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<AdminOrderQuery>, QueryRejection>,
) -> Result<Json<ApiMerchantOrderList>, ApiError> {
    actor.require(Scope::OrdersRead)?;
    let Query(q) = query?;
    let list = state.engine.search_orders(&actor, &q.search()?).await?;
    Ok(Json(list.into()))
}

/// The orders the filters select, every page, as CSV (number, placed_at, status, payment_status, company,
/// channel, email, po_number, currency, total).
#[utoipa::path(
    get,
    path = "/api/v1/admin/orders/csv",
    operation_id = "export_orders_csv",
    tag = "admin",
    params(AdminOrderQuery),
    responses(
        (status = 200, description = "A header line and one line per order", content_type = "text/csv", body = String),
        (status = 400, description = "A filter is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn csv(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<AdminOrderQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    actor.require(Scope::OrdersRead)?;
    let Query(q) = query?;
    let body = state.engine.orders_csv(&actor, &q.search()?).await?;
    Ok(csv_response(body))
}

/// A CSV download named `orders.csv`.
pub(crate) fn csv_response(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"orders.csv\"",
            ),
        ],
        Body::from(body),
    )
        .into_response()
}

/// One thing that happened to an order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiTimelineEntry {
    /// When (RFC 3339).
    pub at: String,
    /// `status`, `payment`, `email`, `webhook` or `note`.
    pub kind: String,
    /// What happened, in a line.
    pub title: String,
    /// More about it; may be empty.
    pub detail: String,
}

impl From<TimelineEntry> for ApiTimelineEntry {
    fn from(e: TimelineEntry) -> Self {
        Self {
            at: rfc3339(e.at_ms),
            kind: e.kind.as_str().to_owned(),
            title: e.title,
            detail: e.detail,
        }
    }
}

/// Everything that happened to an order, oldest first: status changes, payments, emails to the buyer, webhook
/// deliveries and staff notes.
#[utoipa::path(
    get,
    path = "/api/v1/admin/orders/{number}/timeline",
    operation_id = "get_order_timeline",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "The timeline", body = Vec<ApiTimelineEntry>),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
        (status = 404, description = "No such order (for this key)", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn timeline(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<Vec<ApiTimelineEntry>>, ApiError> {
    let Path(number) = number?;
    let entries = state.engine.order_timeline(&actor, &number).await?;
    Ok(Json(entries.into_iter().map(Into::into).collect()))
}

/// A staff note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNote {
    /// Up to 2,000 characters; the buyer never sees it.
    pub note: String,
}

/// Adds a note to an order's timeline, for the merchant's people only.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/notes",
    operation_id = "add_order_note",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    request_body = NewNote,
    responses(
        (status = 201, description = "Noted; the timeline as it is now", body = Vec<ApiTimelineEntry>),
        (status = 400, description = "The note is empty or too long", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn add_note(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewNote>, JsonRejection>,
) -> Result<(StatusCode, Json<Vec<ApiTimelineEntry>>), ApiError> {
    let Path(number) = number?;
    let Json(body) = body?;
    state
        .engine
        .add_order_note(&actor, &number, &body.note)
        .await?;
    let entries = state.engine.order_timeline(&actor, &number).await?;
    Ok((
        StatusCode::CREATED,
        Json(entries.into_iter().map(Into::into).collect()),
    ))
}

/// Emails the buyer a copy of the order's confirmation, as the order stands now.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/confirmation-email",
    operation_id = "send_order_confirmation",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 202, description = "Queued for sending"),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn resend_confirmation(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(number) = number?;
    state
        .engine
        .resend_order_confirmation(&actor, &number)
        .await?;
    Ok(StatusCode::ACCEPTED)
}

/// Marks a shipped order delivered.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/delivered",
    operation_id = "mark_order_delivered",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "Delivered", body = ApiOrder),
        (status = 400, description = "The order's status does not allow it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn delivered(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    let Path(number) = number?;
    state.engine.mark_delivered(&actor, &number).await?;
    Ok(Json(state.engine.order_for_merchant(&number).await?.into()))
}
