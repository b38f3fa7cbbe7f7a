//! Store API: the caller's price for one SKU at every quantity of a range, from one load of its prices. A head
//! draws a volume table or a "price for N units" answer from it, and it is the server's side of the check that
//! the storefront's in-browser pricing agrees with the cart.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{PathRejection, QueryRejection},
    },
    http::HeaderMap,
};
use domain::{PriceQuote, Quantity};
use engine::EngineError;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{
    auth::caller,
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// Most quantities one request may price.
const MAX_SPAN: u32 = 1_000;

/// The quantities to price: `from` to `to`, both included.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LadderQuery {
    /// First quantity (default 1).
    from: Option<u32>,
    /// Last quantity (default `from`); at most 1,000 quantities in all.
    to: Option<u32>,
}

/// One quantity, priced or refused.
#[derive(Debug, Serialize, ToSchema)]
pub struct LadderStep {
    /// Units on the line.
    pub quantity: u32,
    /// The price; absent when the quantity is refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<LinePrice>,
    /// Why this quantity cannot be bought (e.g. it breaks the pack size), naming the field as a cart would.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<Refusal>,
}

/// A line's price, exactly as the cart would charge it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinePrice {
    /// The price list that set the price; absent for the base price.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_list_id: Option<i64>,
    /// Net unit price (may carry more decimals than the currency).
    pub unit_net: ApiMoney,
    /// The unit price as the channel shows it, with or without tax.
    pub unit_shown: ApiMoney,
    /// Net line total.
    pub line_net: ApiMoney,
    /// Tax on the line.
    pub line_tax: ApiMoney,
    /// Line total with tax.
    pub line_gross: ApiMoney,
}

/// A refused quantity.
#[derive(Debug, Serialize, ToSchema)]
pub struct Refusal {
    /// The field at fault (`quantity` for the variant's ordering rules).
    pub field: String,
    /// Why, in words a buyer understands.
    pub detail: String,
}

/// The ladder.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceLadder {
    /// The SKU priced.
    pub sku: String,
    /// One per quantity, in order.
    pub steps: Vec<LadderStep>,
}

impl From<PriceQuote> for LinePrice {
    fn from(q: PriceQuote) -> Self {
        Self {
            price_list_id: q.price_list_id,
            unit_net: q.unit_net.money().into(),
            unit_shown: q.unit_shown.money().into(),
            line_net: (&q.line_net).into(),
            line_tax: (&q.line_tax).into(),
            line_gross: (&q.line_gross).into(),
        }
    }
}

/// The caller's price for a SKU at each quantity from `from` to `to`.
#[utoipa::path(
    get,
    path = "/api/v1/prices/{sku}",
    operation_id = "get_price_ladder",
    tag = "catalog",
    params(("sku" = String, Path, description = "The variant's SKU"), LadderQuery),
    responses(
        (status = 200, description = "Each quantity priced or refused", body = PriceLadder),
        (status = 400, description = "A bad range; `field` names the end at fault", body = ApiErrors),
        (status = 401, description = "A token that is not valid", body = ApiErrors),
        (status = 403, description = "The channel shows prices to signed-in buyers only", body = ApiErrors),
        (status = 404, description = "No such SKU in the caller's channel", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn price_ladder(
    State(state): State<AppState>,
    headers: HeaderMap,
    sku: Result<Path<String>, PathRejection>,
    query: Result<Query<LadderQuery>, QueryRejection>,
) -> Result<Json<PriceLadder>, ApiError> {
    let Path(sku) = sku?;
    let Query(query) = query?;
    let sku = domain::Sku::parse(&sku).map_err(|e| ApiError::invalid("sku", e.message))?;
    let from = query.from.unwrap_or(1);
    let to = query.to.unwrap_or(from);
    let first =
        Quantity::parse(i64::from(from)).map_err(|e| ApiError::invalid("from", e.message))?;
    if to < from || to - from >= MAX_SPAN {
        return Err(ApiError::invalid(
            "to",
            format!("must be from `from` to `from` + {}", MAX_SPAN - 1),
        ));
    }
    let quantities = (first.get()..=to)
        .map(|q| Quantity::parse(i64::from(q)).map_err(|e| ApiError::invalid("to", e.message)))
        .collect::<Result<Vec<_>, _>>()?;
    let shopper = caller(&state.engine, &headers, None).await?;
    let answers = state
        .engine
        .price_ladder(&shopper, &sku, &quantities)
        .await?;
    let mut steps = Vec::with_capacity(answers.len());
    for (quantity, answer) in quantities.iter().zip(answers) {
        let (price, refused) = match answer {
            Ok(q) => (Some(q.into()), None),
            Err(EngineError::Domain(d)) => (
                None,
                Some(Refusal {
                    field: d.field,
                    detail: d.message,
                }),
            ),
            Err(e) => return Err(e.into()),
        };
        steps.push(LadderStep {
            quantity: quantity.get(),
            price,
            refused,
        });
    }
    Ok(Json(PriceLadder {
        sku: sku.to_string(),
        steps,
    }))
}
