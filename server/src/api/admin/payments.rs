//! Admin API: payments received for orders. An order paid in advance ships once it is paid and expires unpaid
//! otherwise; an order on account counts against the company's credit limit until it is paid.

use axum::{
    Json,
    extract::{
        Path, State,
        rejection::{JsonRejection, PathRejection},
    },
    http::StatusCode,
};
use engine::{NewPayment, Scope};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{
    AppState,
    api::{
        error::{ApiError, ApiErrors},
        keys::KeyActor,
    },
};

/// Money received for an order.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewApiPayment {
    /// The amount received in the order's currency, as a decimal string (more than zero, at most six decimals).
    #[schema(value_type = String, example = "119.00")]
    pub amount: Decimal,
    /// The bank's or provider's reference (1 to 200 characters).
    pub reference: String,
}

/// An order's payment state.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPaymentState {
    /// The order number.
    pub number: String,
    /// `unpaid` or `paid` (once the payments reach the total).
    pub payment_status: String,
    /// Everything recorded so far, as a decimal string.
    pub paid: String,
    /// The order's total, as a decimal string.
    pub total: String,
    /// ISO 4217.
    pub currency: String,
}

/// Records a payment received for an order.
#[utoipa::path(
    post,
    path = "/api/v1/admin/orders/{number}/payments",
    operation_id = "record_payment",
    tag = "admin",
    params(("number" = String, Path, description = "The order number")),
    request_body = NewApiPayment,
    responses(
        (status = 201, description = "Recorded; the order's payment state", body = ApiPaymentState),
        (status = 400, description = "A field is wrong, or the order is cancelled; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `orders:write`", body = ApiErrors),
        (status = 404, description = "No such order", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn record(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    number: Result<Path<String>, PathRejection>,
    body: Result<Json<NewApiPayment>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiPaymentState>), ApiError> {
    actor.require(Scope::OrdersWrite)?;
    let Path(number) = number?;
    let Json(body) = body?;
    let paid = state
        .engine
        .record_payment(
            &actor,
            &number,
            NewPayment {
                amount: body.amount,
                reference: body.reference,
                recorded_by: format!("api key {}", actor.name()),
            },
        )
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(ApiPaymentState {
            number,
            payment_status: paid.status.as_str().to_owned(),
            paid: paid.paid.to_string(),
            total: paid.total.to_string(),
            currency: paid.currency,
        }),
    ))
}
