//! The back office's downloads: the order list as CSV at `/admin/orders.csv` (narrowed by the list page's own
//! query string), an import's bad lines, and the exports of products, orders and customers. A server function
//! answers JSON, and a download wants a file, so the host reads the member's session here and the engine checks
//! what the member may read, as for every page.

use app::{admin::orders_api::order_search, error::AppError};
use axum::{
    Extension,
    body::Body,
    extract::{Path, RawQuery, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use engine::{ClientAddr, OrderSearch};

use crate::{AppState, admin_upload::member, api::orders::ApiOrder};

/// A file to save as `name`, or the refusal as the status it deserves.
fn file(result: Result<String, AppError>, name: &str, content_type: &'static str) -> Response {
    match result {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, content_type.to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}\""),
                ),
            ],
            Body::from(body),
        )
            .into_response(),
        Err(AppError::Unauthenticated) => Redirect::to("/admin/sign-in").into_response(),
        Err(AppError::Forbidden(message)) => (StatusCode::FORBIDDEN, message).into_response(),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "not found").into_response(),
        Err(e @ AppError::Invalid { .. }) => (StatusCode::BAD_REQUEST, e.message()).into_response(),
        Err(e) => {
            tracing::error!(error = %e.message(), "a back-office download failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "the download failed").into_response()
        }
    }
}

const CSV: &str = "text/csv; charset=utf-8";
const NDJSON: &str = "application/x-ndjson";

/// `GET /admin/orders.csv?status=…&q=…`: every order the filters select.
pub async fn orders_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    RawQuery(query): RawQuery,
) -> Response {
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let search = order_search(query.as_deref().unwrap_or(""))?;
        Ok(state.engine.orders_csv(&actor, &search).await?)
    }
    .await;
    file(result, "orders.csv", CSV)
}

/// `GET /admin/imports/{id}/errors.csv`: an import's bad lines, `line,error`.
pub async fn import_errors(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    Path(id): Path<String>,
) -> Response {
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let id = id.parse::<i64>().map_err(|_| AppError::NotFound)?;
        let (_, errors) = state.engine.import_job(&actor, id).await?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| internal(&e);
        out.write_record(["line", "error"]).map_err(failed)?;
        for e in errors {
            out.write_record([e.line.to_string(), e.message])
                .map_err(failed)?;
        }
        let bytes = out.into_inner().map_err(|e| internal(&e))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
    .await;
    file(result, "bad-lines.csv", CSV)
}

/// `GET /admin/exports/{file}`: `products.ndjson`, `products.csv`, `orders.ndjson`, `customers.csv` or
/// `customers.ndjson`.
pub async fn export(
    State(state): State<AppState>,
    headers: HeaderMap,
    client: Option<Extension<ClientAddr>>,
    Path(name): Path<String>,
) -> Response {
    let engine = &state.engine;
    let result = async {
        let actor = member(&state, &headers, client).await?;
        let mut out = String::new();
        match name.as_str() {
            "products.csv" => out = engine.products_csv(&actor).await?,
            "customers.csv" => out = engine.customers_csv(&actor).await?,
            "products.ndjson" => {
                let mut after = 0;
                loop {
                    let page = engine.export_products(&actor, after, 1000).await?;
                    let Some((last, _)) = page.last() else { break };
                    after = *last;
                    for (_, record) in &page {
                        out.push_str(&json_line(record)?);
                    }
                }
            }
            "customers.ndjson" => {
                for record in engine.customer_records(&actor, None).await? {
                    out.push_str(&json_line(&record)?);
                }
            }
            "orders.ndjson" => {
                for number in engine
                    .order_numbers(&actor, &OrderSearch::default())
                    .await?
                {
                    let order: ApiOrder = engine.order_for_merchant(&number).await?.into();
                    out.push_str(&json_line(&order)?);
                }
            }
            _ => return Err(AppError::NotFound),
        }
        Ok(out)
    }
    .await;
    let content_type = if name.ends_with(".csv") { CSV } else { NDJSON };
    file(result, &name, content_type)
}

fn json_line(value: &impl serde::Serialize) -> Result<String, AppError> {
    let mut line = serde_json::to_string(value).map_err(|e| internal(&e))?;
    line.push('\n');
    Ok(line)
}

/// A failure of the server's own, logged; the member reads only that the download failed.
fn internal(e: &dyn std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "a back-office download failed");
    AppError::Unavailable
}
