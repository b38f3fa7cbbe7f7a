//! Store API: quotes — a buyer asks for prices on lines (or on their cart), reads the answer, comments, declines,
//! or accepts it into an order at the quoted prices through the same checkout as a cart. The company's people see
//! its quotes; anyone else's is a 404.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::{HeaderMap, StatusCode},
};
use domain::{
    Sku,
    quotes::{Quote, QuoteSummary},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::buyer,
    error::{ApiError, ApiErrors},
    orders::{ApiPlacedOrder, NewOrder, checkout_request, placed_reply},
    rfc3339,
    types::ApiMoney,
};
use crate::AppState;

/// A line to ask about.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuoteLine {
    /// The SKU.
    pub sku: String,
    /// Units wanted.
    pub quantity: u32,
    /// The net unit price aimed for, e.g. `"7.50"`.
    pub target_price: Option<String>,
}

/// A request for a quote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuote {
    /// For the shop; at most 2,000 characters.
    #[serde(default)]
    pub message: String,
    /// The lines; absent or empty to ask about the caller's cart.
    #[serde(default)]
    pub lines: Vec<NewQuoteLine>,
}

/// A comment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewComment {
    /// At most 2,000 characters.
    pub body: String,
}

/// A quote in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiQuoteSummary {
    /// `Q-…`.
    pub number: String,
    /// `requested`, `answered`, `accepted`, `declined` or `expired`.
    pub status: String,
    /// Who asked.
    pub requested_by: String,
    /// Lines.
    pub lines: u32,
    /// When it was asked for (RFC 3339).
    pub created_at: String,
    /// The quoted prices hold until then (RFC 3339); absent until answered.
    pub valid_until: Option<String>,
}

impl From<QuoteSummary> for ApiQuoteSummary {
    fn from(q: QuoteSummary) -> Self {
        Self {
            number: q.number,
            status: q.status.as_str().to_owned(),
            requested_by: q.requested_by,
            lines: q.lines,
            created_at: rfc3339(q.created_at_ms),
            valid_until: q.valid_until_ms.map(rfc3339),
        }
    }
}

/// Quotes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiQuotes {
    /// Newest first.
    pub data: Vec<ApiQuoteSummary>,
}

/// A line of a quote.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiQuoteLine {
    /// The SKU.
    pub sku: String,
    /// The product and variant.
    pub name: String,
    /// Units.
    pub quantity: u32,
    /// The net unit price aimed for.
    pub target_price: Option<ApiMoney>,
    /// The net unit price quoted; absent until answered.
    pub unit_price: Option<ApiMoney>,
}

/// A comment on a quote.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiQuoteComment {
    /// Who wrote it.
    pub author: String,
    /// Whether the shop wrote it.
    pub from_shop: bool,
    /// What they wrote.
    pub body: String,
    /// When (RFC 3339).
    pub at: String,
}

/// A quote.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiQuote {
    /// `Q-…`.
    pub number: String,
    /// `requested`, `answered`, `accepted`, `declined` or `expired`.
    pub status: String,
    /// Who asked.
    pub requested_by: String,
    /// The buyer's message.
    pub message: String,
    /// Its lines.
    pub lines: Vec<ApiQuoteLine>,
    /// The quoted net total, once every line is priced.
    pub total: Option<ApiMoney>,
    /// The quoted prices hold until then (RFC 3339).
    pub valid_until: Option<String>,
    /// The back and forth, oldest first.
    pub comments: Vec<ApiQuoteComment>,
    /// The order it became.
    pub order_number: Option<String>,
}

impl From<Quote> for ApiQuote {
    fn from(q: Quote) -> Self {
        Self {
            total: q.total().as_ref().map(Into::into),
            number: q.number,
            status: q.status.as_str().to_owned(),
            requested_by: q.requested_by,
            message: q.message,
            lines: q
                .lines
                .into_iter()
                .map(|l| ApiQuoteLine {
                    sku: l.sku,
                    name: l.name,
                    quantity: l.quantity,
                    target_price: l.target_price.as_ref().map(Into::into),
                    unit_price: l.unit_price.as_ref().map(Into::into),
                })
                .collect(),
            valid_until: q.valid_until_ms.map(rfc3339),
            comments: q
                .comments
                .into_iter()
                .map(|c| ApiQuoteComment {
                    author: c.author,
                    from_shop: c.from_shop,
                    body: c.body,
                    at: rfc3339(c.at_ms),
                })
                .collect(),
            order_number: q.order_number,
        }
    }
}

/// Asks for a quote on the lines given, or on the caller's cart.
#[utoipa::path(
    post,
    path = "/api/v1/quotes",
    operation_id = "create_quote",
    tag = "quotes",
    request_body = NewQuote,
    responses(
        (status = 201, description = "Asked", body = ApiQuote),
        (status = 400, description = "A bad SKU, quantity, price or message, or an empty cart; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "The caller's role may not ask for quotes", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewQuote>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiQuote>), ApiError> {
    let Json(body) = body?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let lines = if body.lines.is_empty() {
        let cart = state
            .engine
            .account_cart(&shopper)
            .await?
            .filter(|c| !c.lines.is_empty())
            .ok_or_else(|| ApiError::invalid("lines", "name lines, or fill the cart first"))?;
        cart.lines
            .iter()
            .map(|l| engine::QuoteRequestLine {
                sku: l.sku.clone(),
                quantity: l.quantity.get(),
                target_price: None,
            })
            .collect()
    } else {
        let mut lines = Vec::with_capacity(body.lines.len());
        for l in &body.lines {
            lines.push(engine::QuoteRequestLine {
                sku: Sku::parse(&l.sku).map_err(|e| ApiError::invalid("sku", e.message))?,
                quantity: l.quantity,
                target_price: l
                    .target_price
                    .as_deref()
                    .map(|t| domain::quotes::quote_amount(t, "target_price"))
                    .transpose()?,
            });
        }
        lines
    };
    let number = state
        .engine
        .request_quote(&account, &shopper, &body.message, &lines)
        .await?;
    let quote = state.engine.buyer_quote(&account, &number).await?;
    Ok((StatusCode::CREATED, Json(quote.into())))
}

/// The quotes of the caller's company (or a private buyer's own), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/quotes",
    operation_id = "list_quotes",
    tag = "quotes",
    responses(
        (status = 200, description = "The quotes", body = ApiQuotes),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiQuotes>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let quotes = state.engine.quotes(&account).await?;
    Ok(Json(ApiQuotes {
        data: quotes.into_iter().map(Into::into).collect(),
    }))
}

/// One quote.
#[utoipa::path(
    get,
    path = "/api/v1/quotes/{number}",
    operation_id = "get_quote",
    tag = "quotes",
    params(("number" = String, Path, description = "The quote's number, `Q-…`")),
    responses(
        (status = 200, description = "The quote", body = ApiQuote),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 404, description = "No quote of the caller's company has this number", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    Ok(Json(
        state.engine.buyer_quote(&account, &number).await?.into(),
    ))
}

/// Comments on a quote; on an answered one, asks the shop again.
#[utoipa::path(
    post,
    path = "/api/v1/quotes/{number}/comments",
    operation_id = "add_quote_comment",
    tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    request_body = NewComment,
    responses(
        (status = 200, description = "The quote", body = ApiQuote),
        (status = 400, description = "An empty or long comment, or a closed quote; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 404, description = "No such quote for the caller", body = ApiErrors),
        (status = 409, description = "The quote changed meanwhile", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn comment(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewComment>, JsonRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    let Json(body) = body?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    state
        .engine
        .comment_on_quote(&account, &number, &body.body)
        .await?;
    Ok(Json(
        state.engine.buyer_quote(&account, &number).await?.into(),
    ))
}

/// Declines an open quote.
#[utoipa::path(
    post,
    path = "/api/v1/quotes/{number}/decline",
    operation_id = "cancel_quote",
    tag = "quotes",
    params(("number" = String, Path, description = "The quote's number")),
    responses(
        (status = 200, description = "The quote", body = ApiQuote),
        (status = 400, description = "The quote is closed", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "The caller's role may not decide on quotes", body = ApiErrors),
        (status = 404, description = "No such quote for the caller", body = ApiErrors),
        (status = 409, description = "The quote changed meanwhile", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn decline(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiQuote>, ApiError> {
    let Path(number) = number?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    state.engine.decline_quote(&account, &number).await?;
    Ok(Json(
        state.engine.buyer_quote(&account, &number).await?.into(),
    ))
}

/// Accepts an answered quote while its prices hold: it becomes an order at those prices, through the same checkout
/// as a cart (approvals included).
#[utoipa::path(
    post,
    path = "/api/v1/quotes/{number}/accept",
    operation_id = "place_quote_order",
    tag = "quotes",
    params(
        ("number" = String, Path, description = "The quote's number"),
        ("Idempotency-Key" = String, Header, description = "8 to 100 letters, digits, '-' or '_'; a retry with the same key returns the same order"),
    ),
    request_body = NewOrder,
    responses(
        (status = 201, description = "Placed (or placed before under this key)", body = ApiPlacedOrder),
        (status = 400, description = "The quote is not answered or has expired, or a field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "The buyer's role may not order", body = ApiErrors),
        (status = 404, description = "No such quote for the caller", body = ApiErrors),
        (status = 409, description = "Out of stock, or the quote was accepted, declined or expired meanwhile", body = ApiErrors),
        (status = 422, description = "The Idempotency-Key was used for a different request", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn accept(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewOrder>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiPlacedOrder>), ApiError> {
    let Path(number) = number?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let Json(body) = body?;
    let request = checkout_request(&headers, body)?;
    let placed = state
        .engine
        .accept_quote(&shopper, &account, &number, request)
        .await?;
    Ok(placed_reply(placed))
}
