//! Admin API, bulk: NDJSON uploads of products, contract prices, stock and customers. The body is read as a stream,
//! written in chunks of 500 lines (one transaction per chunk) and answered with NDJSON, one result per input line
//! (`{"line","ok","key"}` or `{"line","ok":false,"error"}`), so an ERP sending a hundred thousand lines learns
//! exactly which ones to fix. Every record is an upsert, so sending a file again is safe.

use axum::{
    body::Body,
    extract::State,
    http::{HeaderMap, header},
    response::{IntoResponse, Response},
};
use engine::{
    Engine, Scope,
    exchange::{CustomerRecord, LineOutcome, PriceListRecord, ProductRecord},
};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::admin,
    },
};

/// Lines written per transaction.
const CHUNK: usize = 500;
/// The longest line a body may hold.
const MAX_LINE: usize = 1 << 20;

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
struct LineResult {
    line: usize,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
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
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One product record per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_products(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    admin(&state.engine, &headers, Scope::CatalogWrite).await?;
    bulk(&state.engine, body, import_chunk).await
}

/// Sets stock from NDJSON lines `{"warehouse","sku","on_hand"}`; answers one result per line.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/stock",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One `{\"warehouse\",\"sku\",\"on_hand\"}` per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `inventory:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_stock(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    admin(&state.engine, &headers, Scope::InventoryWrite).await?;
    bulk(&state.engine, body, stock_chunk).await
}

type Lines = Vec<(usize, String)>;

/// Reads `body` line by line, hands chunks of lines to `apply` and gathers its results in line order.
async fn bulk<F>(engine: &Engine, body: Body, apply: F) -> Result<Response, ApiError>
where
    F: AsyncFn(&Engine, Lines) -> Result<Vec<LineResult>, ApiError>,
{
    let mut stream = body.into_data_stream();
    let mut pending: Vec<u8> = Vec::new();
    let mut chunk: Lines = Vec::new();
    let mut results = Vec::new();
    let mut number = 0;
    let mut done = false;
    while !done {
        match stream.next().await {
            Some(Ok(bytes)) => pending.extend_from_slice(&bytes),
            Some(Err(e)) => {
                return Err(ApiError::invalid("body", format!("could not be read: {e}")));
            }
            None => {
                done = true;
                if !pending.is_empty() {
                    pending.push(b'\n');
                }
            }
        }
        while let Some(end) = pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            number += 1;
            let text = String::from_utf8(line)
                .map_err(|_| ApiError::invalid("body", format!("line {number} is not UTF-8")))?;
            if !text.trim().is_empty() {
                chunk.push((number, text));
            }
            if chunk.len() >= CHUNK {
                results.extend(apply(engine, std::mem::take(&mut chunk)).await?);
            }
        }
        if pending.len() > MAX_LINE {
            return Err(ApiError::invalid(
                "body",
                format!("line {} is longer than {MAX_LINE} bytes", number + 1),
            ));
        }
    }
    if !chunk.is_empty() {
        results.extend(apply(engine, chunk).await?);
    }
    let mut out = String::new();
    for r in results {
        out.push_str(&serde_json::to_string(&r).unwrap_or_default());
        out.push('\n');
    }
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], out).into_response())
}

async fn import_chunk(engine: &Engine, lines: Lines) -> Result<Vec<LineResult>, ApiError> {
    let parsed: Vec<(usize, Result<ProductRecord, domain::DomainError>)> = lines
        .iter()
        .map(|(n, text)| (*n, engine::exchange::parse_product_line(text)))
        .collect();
    let handles: Vec<(usize, Option<String>)> = parsed
        .iter()
        .map(|(n, r)| (*n, r.as_ref().ok().map(|r| r.handle.clone())))
        .collect();
    let report = engine.import_records(parsed, false).await?;
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

async fn stock_chunk(engine: &Engine, lines: Lines) -> Result<Vec<LineResult>, ApiError> {
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
    let outcomes = engine.set_stock_counts(&batch).await?;
    for ((slot, line, (_, sku, _)), outcome) in counts.into_iter().zip(outcomes) {
        results[slot] = Some(LineResult::of((line, outcome.map(|()| sku.to_string()))));
    }
    Ok(results.into_iter().flatten().collect())
}

/// Upserts contract prices from NDJSON lines `{"price_list","sku","price"|"percent_off","tiers"?,"remove"?}`.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/prices",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One price list entry per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_prices(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    admin(&state.engine, &headers, Scope::CatalogWrite).await?;
    bulk(
        &state.engine,
        body,
        async |engine: &Engine, lines: Lines| {
            Ok(engine
                .upsert_price_list_entries(parsed::<PriceListRecord>(lines))
                .await?
                .into_iter()
                .map(LineResult::of)
                .collect())
        },
    )
    .await
}

/// Upserts companies and their people from NDJSON lines
/// `{"company","company_name"?,"country"?,"email","name","role"}`; new people choose a password by reset link.
#[utoipa::path(
    post,
    path = "/api/v1/admin/bulk/customers",
    tag = "admin",
    request_body(content = String, content_type = "application/x-ndjson", description = "One person per line"),
    responses(
        (status = 200, description = "`{\"line\",\"ok\",\"key\"|\"error\"}` per input line", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The body could not be read", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `customers:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk_customers(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    admin(&state.engine, &headers, Scope::CustomersWrite).await?;
    bulk(
        &state.engine,
        body,
        async |engine: &Engine, lines: Lines| {
            Ok(engine
                .upsert_customers(parsed::<CustomerRecord>(lines))
                .await?
                .into_iter()
                .map(LineResult::of)
                .collect())
        },
    )
    .await
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
