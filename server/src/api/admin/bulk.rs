//! Admin API, bulk: NDJSON uploads of products, contract prices, stock and customers. The body is read as a stream,
//! written in chunks of 500 lines (one transaction per chunk) and answered with NDJSON, one result per input line
//! (`{"line","ok","key"}` or `{"line","ok":false,"error"}`), so an ERP sending a hundred thousand lines learns
//! exactly which ones to fix. Every record is an upsert, so sending a file again is safe.
//!
//! Results are streamed as each chunk is written, so neither the body nor the answer is held whole; a body may be
//! at most `KONTOR_BULK_MAX_MB`. A problem found before the first chunk is written answers with its status (`400`,
//! `413`); one found later, once `200` has been sent, ends the answer with a last line `{"line","ok":false,
//! "error"}` naming the first line not written. Clients read the answer while they send (as HTTP clients do).

mod reader;

use axum::{
    body::Body,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use engine::{
    Actor, Engine, Scope,
    exchange::{CustomerRecord, LineOutcome, PriceListRecord, ProductRecord},
};
use futures_util::{StreamExt, stream};
use reader::{LineReader, Lines, ReadError};
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// A line of a stock upload.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StockLine {
    warehouse: String,
    sku: String,
    on_hand: i64,
}

/// The result of one line.
#[derive(Debug, Serialize)]
pub(crate) struct LineResult {
    pub(crate) line: usize,
    pub(crate) ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<String>,
}

impl LineResult {
    fn of((line, outcome): LineOutcome) -> Self {
        match outcome {
            Ok(key) => Self {
                line,
                ok: true,
                key: Some(key),
                error: None,
            },
            Err(error) => Self {
                line,
                ok: false,
                key: None,
                error: Some(error),
            },
        }
    }
}

/// Upserts products from NDJSON, one exchange record per line; answers one result per line.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/products",
    operation_id = "bulk_upsert_products",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One product record per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 413, description = "The body is larger than the server's cap (`KONTOR_BULK_MAX_MB`, 64 MiB by default)", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_products(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    actor.require(Scope::CatalogWrite)?;
    bulk(&state, &headers, body, Kind::Products, actor).await
}

/// Sets stock from NDJSON lines `{"warehouse","sku","on_hand"}`; answers one result per line.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/stock",
    operation_id = "bulk_set_stock",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One `{\"warehouse\",\"sku\",\"on_hand\"}` per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 413, description = "The body is larger than the server's cap (`KONTOR_BULK_MAX_MB`, 64 MiB by default)", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_stock(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    actor.require(Scope::InventoryWrite)?;
    bulk(&state, &headers, body, Kind::Stock, actor).await
}

/// What an upload writes.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Products,
    Stock,
    Prices,
    Customers,
}

/// Writes one chunk of lines of an upload (also the back office's file imports).
pub(crate) async fn apply(
    kind: Kind,
    engine: &Engine,
    actor: &Actor,
    lines: Lines,
) -> Result<Vec<LineResult>, ApiError> {
    match kind {
        Kind::Products => import_chunk(engine, actor, lines).await,
        Kind::Stock => stock_chunk(engine, actor, lines).await,
        Kind::Prices => Ok(engine
            .upsert_price_list_entries(actor, parsed::<PriceListRecord>(lines))
            .await?
            .into_iter()
            .map(LineResult::of)
            .collect()),
        Kind::Customers => Ok(engine
            .upsert_customers(actor, parsed::<CustomerRecord>(lines))
            .await?
            .into_iter()
            .map(LineResult::of)
            .collect()),
    }
}

/// Reads `body` chunk by chunk, writes each and streams its results in line order.
async fn bulk(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
    kind: Kind,
    actor: Actor,
) -> Result<Response, ApiError> {
    let max = state.bulk_max_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(refused(&ReadError::TooLarge { line: 1, max }));
    }
    let mut reader = LineReader::new(body, max);
    let engine = state.engine.clone();
    // The first chunk is written before answering, so a body refused at once still gets its status.
    let first = match reader.next_chunk().await.map_err(|e| refused(&e))? {
        Some(lines) => apply(kind, &engine, &actor, lines).await?,
        None => Vec::new(),
    };
    let rest = stream::unfold(Some((reader, engine, actor)), move |next| async move {
        let (mut reader, engine, actor) = next?;
        let (text, next) = match reader.next_chunk().await {
            Ok(None) => return None,
            Ok(Some(lines)) => {
                let line = lines.first().map_or(0, |(n, _)| *n);
                match apply(kind, &engine, &actor, lines).await {
                    Ok(results) => (ndjson(&results), Some((reader, engine, actor))),
                    Err(e) => (stopped(line, e.detail().to_owned()), None),
                }
            }
            Err(e) => (stopped(e.line(), e.detail()), None),
        };
        Some((Ok::<_, std::convert::Infallible>(text), next))
    });
    // Fused: the server may poll a finished body once more, and an unfold polled after its end panics.
    let body = stream::once(async move { Ok(ndjson(&first)) })
        .chain(rest)
        .fuse();
    Ok((
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(body),
    )
        .into_response())
}

/// The answer to a body refused before anything was written.
fn refused(e: &ReadError) -> ApiError {
    match e {
        ReadError::TooLarge { .. } => ApiError::status(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            e.detail(),
            Some("body"),
        ),
        ReadError::Invalid { .. } => ApiError::invalid("body", e.detail()),
    }
}

/// The last line of an answer cut short at `line`.
fn stopped(line: usize, error: String) -> String {
    ndjson(&[LineResult {
        line,
        ok: false,
        key: None,
        error: Some(error),
    }])
}

fn ndjson(results: &[LineResult]) -> String {
    let mut out = String::new();
    for r in results {
        out.push_str(&serde_json::to_string(r).unwrap_or_default());
        out.push('\n');
    }
    out
}

async fn import_chunk(
    engine: &Engine,
    actor: &Actor,
    lines: Lines,
) -> Result<Vec<LineResult>, ApiError> {
    let parsed: Vec<(usize, Result<ProductRecord, domain::DomainError>)> = lines
        .iter()
        .map(|(n, text)| (*n, engine::exchange::parse_product_line(text)))
        .collect();
    let handles: Vec<(usize, Option<String>)> = parsed
        .iter()
        .map(|(n, r)| (*n, r.as_ref().ok().map(|r| r.handle.clone())))
        .collect();
    let report = engine.import_records(actor, parsed, false).await?;
    Ok(handles
        .into_iter()
        .map(
            |(line, handle)| match report.errors.iter().find(|e| e.line == line) {
                Some(e) => LineResult {
                    line,
                    ok: false,
                    key: handle,
                    error: Some(e.message.clone()),
                },
                None => LineResult {
                    line,
                    ok: true,
                    key: handle,
                    error: None,
                },
            },
        )
        .collect())
}

async fn stock_chunk(
    engine: &Engine,
    actor: &Actor,
    lines: Lines,
) -> Result<Vec<LineResult>, ApiError> {
    let mut results: Vec<Option<LineResult>> = Vec::with_capacity(lines.len());
    let mut counts = Vec::new();
    for (line, text) in lines {
        let parsed = serde_json::from_str::<StockLine>(&text)
            .map_err(|e| (None, e.to_string()))
            .and_then(|s| match domain::Sku::parse(&s.sku) {
                Ok(sku) => Ok((s.warehouse, sku, s.on_hand)),
                Err(e) => Err((Some(s.sku), e.to_string())),
            });
        match parsed {
            Ok(count) => {
                counts.push((results.len(), line, count));
                results.push(None);
            }
            Err((key, error)) => results.push(Some(LineResult {
                line,
                ok: false,
                key,
                error: Some(error),
            })),
        }
    }
    let batch: Vec<(String, domain::Sku, i64)> = counts.iter().map(|(_, _, c)| c.clone()).collect();
    let outcomes = engine.set_stock_counts(actor, &batch).await?;
    for ((slot, line, (_, sku, _)), outcome) in counts.into_iter().zip(outcomes) {
        results[slot] = Some(LineResult::of((line, outcome.map(|()| sku.to_string()))));
    }
    Ok(results.into_iter().flatten().collect())
}

/// Upserts contract prices from NDJSON lines `{"price_list","sku","price"|"percent_off","tiers"?,"remove"?}`.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/prices",
    operation_id = "bulk_upsert_prices",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One price list entry per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 413, description = "The body is larger than the server's cap (`KONTOR_BULK_MAX_MB`, 64 MiB by default)", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_prices(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    // The engine checks `catalog:write` on every chunk it writes; checked here too so a refused upload is
    // refused before its body is read.
    actor.require(Scope::CatalogWrite)?;
    bulk(&state, &headers, body, Kind::Prices, actor).await
}

/// Upserts companies and their people from NDJSON lines
/// `{"company","company_name"?,"country"?,"email","name","role","invoice_approved"?,"credit_limit"?,"vat_id"?}`
/// (an empty `vat_id` removes the company's VAT number); new people choose a password by reset link.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/customers",
    operation_id = "bulk_upsert_customers",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One person per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 413, description = "The body is larger than the server's cap (`KONTOR_BULK_MAX_MB`, 64 MiB by default)", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_customers(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    actor.require(Scope::CustomersWrite)?;
    bulk(&state, &headers, body, Kind::Customers, actor).await
}

/// Each line read as a `T`; a line that is not one keeps its reason, naming the field where serde can.
fn parsed<T: DeserializeOwned>(lines: Lines) -> Vec<(usize, Result<T, domain::DomainError>)> {
    lines
        .into_iter()
        .map(|(n, text)| {
            (
                n,
                serde_json::from_str::<T>(&text)
                    .map_err(|e| domain::DomainError::new("line", e.to_string())),
            )
        })
        .collect()
}
