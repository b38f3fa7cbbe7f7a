//! Store API: checkout and the buyer's orders. Placing an order needs an `Idempotency-Key` header: a retried
//! request with the same key answers with the order the first one placed. What a buyer can see follows the
//! engine's rule — their company's orders, or their own — so another company's order is a 404 by any number.

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderMap, StatusCode},
};
use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};
use utoipa::{IntoParams, ToSchema};

use super::{
    auth::buyer,
    catalog::{decode_cursor, encode_cursor},
    error::{ApiError, ApiErrors},
    types::ApiMoney,
};
use crate::AppState;

/// A postal address.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiAddress {
    /// Recipient.
    pub name: String,
    /// Company name; may be empty.
    #[serde(default)]
    pub company: String,
    /// Street and number.
    pub line1: String,
    /// Second address line; may be empty.
    #[serde(default)]
    pub line2: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166 two-letter country code.
    pub country: String,
    /// Phone; may be empty.
    #[serde(default)]
    pub phone: String,
}

impl From<domain::Address> for ApiAddress {
    fn from(a: domain::Address) -> Self {
        Self {
            name: a.name,
            company: a.company,
            line1: a.line1,
            line2: a.line2,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
            phone: a.phone,
        }
    }
}

/// What checkout needs.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOrder {
    /// An address of the buyer's (company's) address book by id; or give `ship_to`.
    pub address_id: Option<i64>,
    /// A new delivery address, when `address_id` is absent.
    pub ship_to: Option<ApiAddress>,
    /// Shipping method code, e.g. `parcel-eur`.
    pub shipping_method: String,
    /// `invoice` (companies, on account) or `bank_transfer`.
    pub payment: String,
    /// The buyer's purchase-order number.
    #[serde(default)]
    pub po_number: String,
    /// The cart subtotal the buyer was shown; if prices moved since, the order is refused with `409`.
    pub expected_subtotal: Option<String>,
    /// One of the company's cost centres (`GET /api/v1/company/cost-centres`) to charge the order to, by code.
    pub cost_centre: Option<String>,
}

/// A placed order's receipt.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPlacedOrder {
    /// The order number.
    pub number: String,
    /// What happens next with payment.
    pub payment_instructions: String,
    /// `placed`, or `awaiting_approval` when it goes beyond a limit of the buyer's company.
    pub status: String,
}

/// An order line.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderLine {
    /// SKU ordered.
    pub sku: String,
    /// Product name at the time of the order.
    pub product_name: String,
    /// Units ordered.
    pub quantity: u32,
    /// Units shipped so far.
    pub shipped: u32,
    /// Net unit price charged.
    pub unit_price: ApiMoney,
    /// Net line total.
    pub line_net: ApiMoney,
}

/// Units of one SKU in a parcel.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiShippedUnits {
    /// The SKU.
    pub sku: String,
    /// Units in the parcel.
    pub quantity: u32,
}

/// A parcel sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiShipment {
    /// The carrier (`DHL`).
    pub carrier: String,
    /// The carrier's tracking number.
    pub tracking_number: String,
    /// When it left (RFC 3339).
    pub shipped_at: String,
    /// What is in it.
    pub lines: Vec<ApiShippedUnits>,
}

/// An order.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrder {
    /// Order number.
    pub number: String,
    /// `awaiting_approval` (beyond a limit of the buyer's company, until one of its admins decides), `placed`,
    /// `confirmed`, `partially_shipped`, `shipped`, `delivered`, `cancelled` or `declined` (by the company).
    pub status: String,
    /// When it was placed (RFC 3339).
    pub placed_at: String,
    /// Who placed it.
    pub placed_by: String,
    /// The code of the company it was placed for, if any.
    pub company: Option<String>,
    /// The buyer's PO number.
    pub po_number: Option<String>,
    /// How it is paid, in words.
    pub payment: String,
    /// `unpaid` or `paid`.
    pub payment_status: String,
    /// Delivery address.
    pub shipping_address: ApiAddress,
    /// The lines.
    pub lines: Vec<ApiOrderLine>,
    /// Parcels sent so far, first first, each with its tracking number.
    pub shipments: Vec<ApiShipment>,
    /// Goods, net.
    pub subtotal_net: ApiMoney,
    /// Shipping, net.
    pub shipping_net: ApiMoney,
    /// All tax.
    pub tax: ApiMoney,
    /// What is due.
    pub total: ApiMoney,
    /// Why no VAT is charged (reverse charge or export), as the invoice states it; null when VAT is charged.
    pub tax_note: Option<String>,
    /// The buyer's VAT number at the time of the order.
    pub vat_id: Option<String>,
    /// The cost centre it is charged to, code and name.
    pub cost_centre: Option<String>,
}

/// An order in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderSummary {
    /// Order number.
    pub number: String,
    /// Status code.
    pub status: String,
    /// When it was placed (RFC 3339).
    pub placed_at: String,
    /// The buyer's PO number.
    pub po_number: Option<String>,
    /// What is due.
    pub total: ApiMoney,
}

/// A page of orders.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiOrderList {
    /// Newest first.
    pub data: Vec<ApiOrderSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the order list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrderQuery {
    /// Only orders with this status.
    status: Option<String>,
    /// Placed on or after this day (`2026-03-01`).
    from: Option<String>,
    /// Placed on or before this day.
    to: Option<String>,
    /// Order number, PO number or SKU.
    q: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

pub(crate) fn rfc3339(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// Places an order for the buyer's cart.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "orders",
    request_body = NewOrder,
    params(("Idempotency-Key" = String, Header, description = "8 to 100 letters, digits, '-' or '_'; a retry with the same key returns the same order")),
    responses(
        (status = 201, description = "Placed (or placed before under this key)", body = ApiPlacedOrder),
        (status = 400, description = "A field is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "The buyer's role may not order", body = ApiErrors),
        (status = 409, description = "Out of stock, prices changed, or the first request with this key is still running", body = ApiErrors),
        (status = 422, description = "The Idempotency-Key was used for a different request", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn place_order(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewOrder>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiPlacedOrder>), ApiError> {
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let Json(body) = body?;
    let request = checkout_request(&headers, body)?;
    let placed = state
        .engine
        .place_order(&shopper, &account, request)
        .await?;
    Ok(placed_reply(placed))
}

/// The checkout request of an order's body and its `Idempotency-Key` header, for a cart or a quote.
pub(crate) fn checkout_request(
    headers: &HeaderMap,
    body: NewOrder,
) -> Result<engine::CheckoutRequest, ApiError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| ApiError::invalid("Idempotency-Key", "is required to place an order"))?;
    let ship_to = match (body.address_id, body.ship_to) {
        (Some(id), None) => engine::ShipTo::Saved(id),
        (None, Some(a)) => engine::ShipTo::New(domain::AddressInput {
            name: a.name,
            company: a.company,
            line1: a.line1,
            line2: a.line2,
            postal_code: a.postal_code,
            city: a.city,
            country: a.country,
            phone: a.phone,
        }),
        _ => {
            return Err(ApiError::invalid(
                "ship_to",
                "give either address_id or ship_to",
            ));
        }
    };
    let expected_subtotal = match body.expected_subtotal {
        None => None,
        Some(text) => Some(
            text.parse()
                .map_err(|_| ApiError::invalid("expected_subtotal", "is not a decimal amount"))?,
        ),
    };
    Ok(engine::CheckoutRequest {
        idempotency_key: key.to_owned(),
        ship_to,
        shipping_method: body.shipping_method,
        payment: body.payment,
        po_number: body.po_number,
        expected_subtotal,
        cost_centre: body.cost_centre,
    })
}

/// The `201` answer for a placed order.
pub(crate) fn placed_reply(placed: domain::PlacedOrder) -> (StatusCode, Json<ApiPlacedOrder>) {
    (
        StatusCode::CREATED,
        Json(ApiPlacedOrder {
            number: placed.number,
            payment_instructions: placed.instructions,
            status: if placed.awaiting_approval {
                "awaiting_approval"
            } else {
                "placed"
            }
            .to_owned(),
        }),
    )
}

/// The buyer's orders (a company's people see the company's), newest first.
#[utoipa::path(
    get,
    path = "/api/v1/orders",
    tag = "orders",
    params(OrderQuery),
    responses(
        (status = 200, description = "A page of orders", body = ApiOrderList),
        (status = 400, description = "A filter is wrong; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn list_orders(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<OrderQuery>, QueryRejection>,
) -> Result<Json<ApiOrderList>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let Query(q) = query?;
    let filter = q.filter()?;
    let list = state.engine.orders(&account, &filter).await?;
    Ok(Json(ApiOrderList::from_page(list, filter.page)))
}

impl OrderQuery {
    /// The engine's filter, with the page the cursor names; a bad value names its parameter.
    pub(super) fn filter(self) -> Result<domain::OrderFilter, ApiError> {
        let page = match self.cursor.as_deref() {
            None => 1,
            Some(c) => decode_cursor(c)
                .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
        };
        let (status, from, to, q) = (
            self.status.unwrap_or_default(),
            self.from.unwrap_or_default(),
            self.to.unwrap_or_default(),
            self.q.unwrap_or_default(),
        );
        let mut filter = domain::OrderFilter::from_pairs([
            ("status", status.as_str()),
            ("from", from.as_str()),
            ("to", to.as_str()),
            ("q", q.as_str()),
        ])?;
        filter.page = page;
        Ok(filter)
    }
}

impl ApiOrderList {
    /// A page of the engine's list, with the cursor of the next page.
    pub(super) fn from_page(list: domain::OrderList, page: u32) -> Self {
        Self {
            next_cursor: (page < list.page.total_pages()).then(|| encode_cursor(page + 1)),
            data: list
                .orders
                .into_iter()
                .map(|o| ApiOrderSummary {
                    number: o.number,
                    status: o.status.as_str().to_owned(),
                    placed_at: rfc3339(o.placed_at_ms),
                    po_number: o.po_number.map(|p| p.as_str().to_owned()),
                    total: (&o.total).into(),
                })
                .collect(),
        }
    }
}

/// One order.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{number}",
    tag = "orders",
    params(("number" = String, Path, description = "The order number")),
    responses(
        (status = 200, description = "The order", body = ApiOrder),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 404, description = "No such order for this buyer", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn get_order(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<ApiOrder>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let Path(number) = number?;
    Ok(Json(state.engine.order(&account, &number).await?.into()))
}

impl From<domain::Order> for ApiOrder {
    fn from(o: domain::Order) -> Self {
        Self {
            number: o.number,
            status: o.status.as_str().to_owned(),
            placed_at: rfc3339(o.placed_at_ms),
            placed_by: o.placed_by,
            company: o.company.map(|c| c.code),
            po_number: o.po_number.map(|p| p.as_str().to_owned()),
            payment: o.payment.label(),
            payment_status: o.payment_status.as_str().to_owned(),
            shipping_address: o.shipping_address.into(),
            lines: o
                .lines
                .into_iter()
                .map(|l| ApiOrderLine {
                    sku: l.sku.to_string(),
                    product_name: l.product_name,
                    quantity: l.quantity,
                    shipped: l.shipped,
                    unit_price: (&l.unit_price).into(),
                    line_net: (&l.line_net).into(),
                })
                .collect(),
            shipments: o
                .shipments
                .into_iter()
                .map(|s| ApiShipment {
                    carrier: s.carrier,
                    tracking_number: s.tracking_number,
                    shipped_at: rfc3339(s.shipped_at_ms),
                    lines: s
                        .lines
                        .into_iter()
                        .map(|(sku, quantity)| ApiShippedUnits {
                            sku: sku.to_string(),
                            quantity,
                        })
                        .collect(),
                })
                .collect(),
            subtotal_net: (&o.totals.subtotal_net).into(),
            shipping_net: (&o.totals.shipping_net).into(),
            tax: (&o.totals.tax).into(),
            total: (&o.totals.total).into(),
            tax_note: o.tax_note,
            vat_id: o.vat_id,
            cost_centre: o.cost_centre,
        }
    }
}
