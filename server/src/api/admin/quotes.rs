//! Admin API: quotes as the shop (or an ERP or CPQ tool) answers them — the list, one quote, an answer with a price
//! per line or a discount and the date the prices hold until, a comment, a decline. Reading needs `orders:read`,
//! answering `orders:write`; a key bound to a company sees that company's quotes only.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
};
use engine::{QuoteAnswer, Scope};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        quotes::{ApiQuote, ApiQuotes, NewComment},
    },
};

/// Which quotes.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QuoteQuery {
    /// Only quotes in this status: `requested` (waiting for the shop), `answered`, `accepted`, `declined`,
    /// `expired`.
    status: Option<String>,
}

/// A price for one SKU of the quote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotePrice {
    /// The SKU.
    pub sku: String,
    /// Net unit price, e.g. `"7.50"`.
    pub unit_price: String,
}

/// An answer to a quote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteAnswerBody {
    /// Prices for some or all SKUs.
    #[serde(default)]
    pub prices: Vec<QuotePrice>,
    /// For the lines without a price: this percentage off the buyer's own price today, e.g. `"10"`.
    pub discount_percent: Option<String>,
    /// The prices hold until this day (`YYYY-MM-DD`, to its end, UTC).
    pub valid_until: String,
    /// For the buyer.
    #[serde(default)]
    pub comment: String,
}

/// A decline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuoteDecline {
    /// For the buyer.
    #[serde(default)]
    pub comment: String,
}

/// The quotes, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/admin/quotes",
    operation_id = "list_admin_quotes",
    tag = "admin",
    params(QuoteQuery),
    responses(
        (status = 200, description = "The quotes", body = ApiQuotes),
        (status = 400, description = "A bad status", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<QuoteQuery>, QueryRejection>,
) -> Result<Json<ApiQuotes>, ApiError> {
    let Query(query) = query?;
    let status = query
        .status
        .as_deref()
        .map(domain::quotes::QuoteStatus::parse)
        .transpose()?;
    let quotes = state.engine.staff_quotes(&actor, status).await?;
    Ok(Json(ApiQuotes {
        data: quotes.into_iter().map(Into::into).collect(),
    }))
}

/// One quote.
#[utoipa::path(
    get,
    path = "/api/v1/admin/quotes/{number}",
    operation_id = "get_admin_quote",
    tag = "admin",
    params(("number" = String, Path, description = "The quote's number, `Q-…`")),
    responses(
        (status = 200, description = "The quote", body = ApiQuote),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:read`", body = ApiErrors),
        (status = 404, description = "No such quote", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    Ok(Json(
        state.engine.staff_quote(&actor, &number).await?.into(),
    ))
}

/// Answers a quote (again, to revise it): a net unit price per line, from `prices` or as `discount_percent` off the
/// buyer's own price, holding until `valid_until`. The buyer is emailed and `quote.answered` is sent to webhooks.
#[utoipa::path(
    post,
    path = "/api/v1/admin/quotes/{number}/answer",
    operation_id = "record_quote_answer",
    tag = "admin",
    params(("number" = String, Path, description = "The quote's number")),
    request_body = QuoteAnswerBody,
    responses(
        (status = 200, description = "Answered; the quote", body = ApiQuote),
        (status = 400, description = "A line without a price, a bad price or date, or a closed quote; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such quote", body = ApiErrors),
        (status = 409, description = "The quote changed meanwhile", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn answer(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<QuoteAnswerBody>, JsonRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    let Json(body) = body?;
    let mut prices = Vec::with_capacity(body.prices.len());
    for p in &body.prices {
        prices.push((
            domain::Sku::parse(&p.sku).map_err(|e| ApiError::invalid("prices", e.message))?,
            domain::quotes::quote_amount(&p.unit_price, "prices")?,
        ));
    }
    let answer = QuoteAnswer {
        prices,
        discount_percent: body
            .discount_percent
            .as_deref()
            .map(|d| domain::quotes::quote_amount(d, "discount_percent"))
            .transpose()?,
        valid_until_ms: domain::quotes::valid_until_end_of(&body.valid_until)?,
        comment: body.comment,
    };
    state.engine.answer_quote(&actor, &number, &answer).await?;
    Ok(Json(
        state.engine.staff_quote(&actor, &number).await?.into(),
    ))
}

/// A comment for the buyer on an open quote.
#[utoipa::path(
    post,
    path = "/api/v1/admin/quotes/{number}/comments",
    operation_id = "add_admin_quote_comment",
    tag = "admin",
    params(("number" = String, Path, description = "The quote's number")),
    request_body = NewComment,
    responses(
        (status = 200, description = "The quote", body = ApiQuote),
        (status = 400, description = "An empty or long comment, or a closed quote", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such quote", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn comment(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewComment>, JsonRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    let Json(body) = body?;
    state
        .engine
        .comment_on_quote_as_staff(&actor, &number, &body.body)
        .await?;
    Ok(Json(
        state.engine.staff_quote(&actor, &number).await?.into(),
    ))
}

/// Declines an open quote.
#[utoipa::path(
    post,
    path = "/api/v1/admin/quotes/{number}/decline",
    operation_id = "cancel_admin_quote",
    tag = "admin",
    params(("number" = String, Path, description = "The quote's number")),
    request_body = QuoteDecline,
    responses(
        (status = 200, description = "Declined; the quote", body = ApiQuote),
        (status = 400, description = "The quote is closed", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such quote", body = ApiErrors),
        (status = 409, description = "The quote changed meanwhile", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn decline(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<QuoteDecline>, JsonRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    let Json(body) = body?;
    state
        .engine
        .decline_quote_as_staff(&actor, &number, &body.comment)
        .await?;
    Ok(Json(
        state.engine.staff_quote(&actor, &number).await?.into(),
    ))
}
