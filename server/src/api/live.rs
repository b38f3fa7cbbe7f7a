//! Store API: a live price and availability check for the caller, asked of the ERP when one is connected and
//! answered from the shop's data when the ERP is slow or down. Each figure says where it came from.

use axum::{
    Json,
    extract::{State, rejection::JsonRejection},
    http::HeaderMap,
};
use engine::{ErpStatus, Source};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::caller,
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// Lines to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceCheck {
    /// SKUs with quantities; 1 to 100.
    pub lines: Vec<PriceCheckLine>,
}

/// One line to check.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriceCheckLine {
    /// The SKU.
    pub sku: String,
    /// Units.
    #[schema(minimum = 1)]
    pub quantity: u32,
}

/// A checked line.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedLine {
    /// The SKU.
    pub sku: String,
    /// Units asked for.
    pub quantity: u32,
    /// Net unit price for the caller at that quantity.
    pub unit_price: ApiMoney,
    /// `erp` or `stored`.
    pub price_source: String,
    /// Units that can be promised.
    pub available: i64,
    /// `erp` or `stored`.
    pub availability_source: String,
}

/// The check's answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckedPrices {
    /// One per line asked, in order.
    pub lines: Vec<CheckedLine>,
    /// `answered`, `timed_out`, `failed` or `not_configured`.
    pub erp: String,
}

fn source(s: Source) -> String {
    match s {
        Source::Erp => "erp",
        Source::Stored => "stored",
    }
    .to_owned()
}

/// Live prices and availability for the caller.
#[utoipa::path(
    post,
    path = "/api/v1/price-check",
    operation_id = "check_prices",
    tag = "catalog",
    request_body = PriceCheck,
    responses(
        (status = 200, description = "Prices and availability, each with its source", body = CheckedPrices),
        (status = 400, description = "A line is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "A token or key that is not valid", body = ApiErrors),
        (status = 403, description = "Prices are for signed-in buyers", body = ApiErrors),
        (status = 404, description = "No such SKU", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn price_check(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PriceCheck>, JsonRejection>,
) -> Result<Json<CheckedPrices>, ApiError> {
    let shopper = caller(&state.engine, &headers, None).await?;
    let Json(body) = body?;
    if body.lines.is_empty() || body.lines.len() > 100 {
        return Err(ApiError::invalid("lines", "must hold 1 to 100 lines"));
    }
    let mut lines = Vec::with_capacity(body.lines.len());
    for (i, l) in body.lines.iter().enumerate() {
        let sku = domain::Sku::parse(&l.sku)
            .map_err(|e| ApiError::invalid(&format!("lines[{i}].sku"), e.message))?;
        let quantity = domain::Quantity::parse(i64::from(l.quantity))
            .map_err(|e| ApiError::invalid(&format!("lines[{i}].quantity"), e.message))?;
        lines.push((sku, quantity));
    }
    let check = state.engine.live_check(&shopper, &lines).await?;
    Ok(Json(CheckedPrices {
        lines: check
            .lines
            .into_iter()
            .map(|l| CheckedLine {
                sku: l.sku.to_string(),
                quantity: l.quantity,
                unit_price: (&l.unit_net).into(),
                price_source: source(l.price_source),
                available: l.available,
                availability_source: source(l.availability_source),
            })
            .collect(),
        erp: match check.erp {
            ErpStatus::NotConfigured => "not_configured",
            ErpStatus::Answered => "answered",
            ErpStatus::TimedOut => "timed_out",
            ErpStatus::Failed(_) => "failed",
        }
        .to_owned(),
    }))
}
