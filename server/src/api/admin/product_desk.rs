//! Admin API: the product list with the back office's filters and sorts, and bulk changes to a selection (status,
//! category, prices by a percentage) — the back office's product pages do the same through the same engine calls.

use axum::{
    Json,
    extract::{
        Query, State,
        rejection::{JsonRejection, QueryRejection},
    },
};
use engine::{BulkChange, ProductList, ProductQuery, Scope};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::{
    AppState,
    api::{
        catalog::{decode_cursor, encode_cursor},
        error::{ApiError, ApiErrors},
        keys::KeyActor,
        orders::rfc3339,
    },
};

/// Filters of the product list; all optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AdminProductQuery {
    /// A SKU, a handle, or part of a name.
    q: Option<String>,
    /// `draft`, `active` or `archived`.
    status: Option<String>,
    /// Only products in this category, by slug.
    category: Option<String>,
    /// Only this brand, by name.
    brand: Option<String>,
    /// Only this product type, by code.
    r#type: Option<String>,
    /// Only products with a variant whose stock on hand is below this.
    stock_below: Option<String>,
    /// Only products with a price in this price list, by code.
    price_list: Option<String>,
    /// `name` (the default), `updated` (last changed first) or `created` (newest first).
    sort: Option<String>,
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
}

impl AdminProductQuery {
    fn query(self) -> Result<ProductQuery, ApiError> {
        let page = match self.cursor.as_deref() {
            None => 1,
            Some(c) => decode_cursor(c)
                .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
        };
        let field = |v: &Option<String>| v.clone().unwrap_or_default();
        let pairs = [
            ("q", field(&self.q)),
            ("status", field(&self.status)),
            ("category", field(&self.category)),
            ("brand", field(&self.brand)),
            ("type", field(&self.r#type)),
            ("stock_below", field(&self.stock_below)),
            ("price_list", field(&self.price_list)),
            ("sort", field(&self.sort)),
        ];
        let mut query = ProductQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())))?;
        query.page = page;
        Ok(query)
    }
}

/// A product in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminProductRow {
    /// Handle (slug).
    pub handle: String,
    /// Name.
    pub name: String,
    /// `draft`, `active` or `archived`.
    pub status: String,
    /// When a scheduled product is published (RFC 3339); absent when it is not scheduled.
    pub publish_at: Option<String>,
    /// Category name.
    pub category: String,
    /// Brand name; empty for none.
    pub brand: String,
    /// Number of variants.
    pub variants: i64,
    /// Units on hand over all variants.
    pub on_hand: i64,
    /// The lowest main price of its variants in the shop's currency, as a decimal string.
    pub price_from: String,
    /// Last change (RFC 3339).
    pub updated_at: String,
}

/// A page of the product list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAdminProductList {
    /// In the order asked for.
    pub data: Vec<ApiAdminProductRow>,
    /// Products that match, counted up to 1,001: see `more_than_cap`.
    pub total: u64,
    /// Whether more than 1,000 products match (then `total` is 1,001).
    pub more_than_cap: bool,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl From<ProductList> for ApiAdminProductList {
    fn from(list: ProductList) -> Self {
        Self {
            next_cursor: (list.page.number < list.page.total_pages())
                .then(|| encode_cursor(list.page.number + 1)),
            total: list.page.total_items,
            more_than_cap: list.more_than_cap,
            data: list
                .products
                .into_iter()
                .map(|p| ApiAdminProductRow {
                    price_from: Decimal::new(p.from_micros, 6).normalize().to_string(),
                    publish_at: p.publish_at.map(rfc3339),
                    updated_at: rfc3339(p.updated_at),
                    handle: p.handle,
                    name: p.name,
                    status: p.status,
                    category: p.category,
                    brand: p.brand,
                    variants: p.variants,
                    on_hand: p.on_hand,
                })
                .collect(),
        }
    }
}

/// Every product whatever its status, 50 a page, with the back office's filters and sorts.
#[utoipa::path(
    get,
    path = "/api/v1/admin/products",
    operation_id = "list_admin_products",
    tag = "admin",
    params(AdminProductQuery),
    responses(
        (status = 200, description = "A page of products", body = ApiAdminProductList),
        (status = 400, description = "A filter is wrong; `field` names it", body = ApiErrors),
        (status = 422, description = "A category, brand, type or price list that does not exist; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:read`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    query: Result<Query<AdminProductQuery>, QueryRejection>,
) -> Result<Json<ApiAdminProductList>, ApiError> {
    actor.require(Scope::CatalogRead)?;
    let Query(q) = query?;
    Ok(Json(
        state
            .engine
            .list_products(&actor, &q.query()?)
            .await?
            .into(),
    ))
}

/// A change to many products at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkProductChange {
    /// The products, by handle; at most 1,000.
    pub handles: Vec<String>,
    /// `status`, `category` or `prices`.
    pub action: String,
    /// For `status`: `draft`, `active` or `archived`; for `category`: a category slug; for `prices`: a percentage
    /// such as `5` or `-2.5`.
    pub value: String,
}

/// What a bulk change did.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkProductResult {
    /// Products changed.
    pub changed: u64,
}

/// Sets the status or category of the products, or changes their prices (main prices, volume breaks and other
/// currencies) by a percentage: all of them in one transaction, or none when one is refused.
#[utoipa::path(
    post,
    path = "/api/v1/admin/products/bulk",
    operation_id = "bulk_admin_products",
    tag = "admin",
    request_body = BulkProductChange,
    responses(
        (status = 200, description = "Changed", body = BulkProductResult),
        (status = 400, description = "The body is not a bulk change, or its action or value is wrong; `field` names it", body = ApiErrors),
        (status = 422, description = "An unknown product or category, or a price cut of 100 % or more; `field` names it", body = ApiErrors),
        (status = 401, description = "No valid secret key", body = ApiErrors),
        (status = 403, description = "The key lacks `catalog:write`", body = ApiErrors),
    ),
    security(("secret_key" = []))
)]
pub async fn bulk(
    State(state): State<AppState>,
    KeyActor(actor): KeyActor,
    body: Result<Json<BulkProductChange>, JsonRejection>,
) -> Result<Json<BulkProductResult>, ApiError> {
    actor.require(Scope::CatalogWrite)?;
    let Json(change) = body?;
    let value = change.value.trim();
    let what =
        match change.action.as_str() {
            "status" => BulkChange::Status(domain::ProductStatus::parse(value)?),
            "category" => BulkChange::Category(value.to_owned()),
            "prices" => BulkChange::Prices(value.parse().map_err(|_| {
                ApiError::invalid("value", "is not a percentage such as 5 or -2.5")
            })?),
            _ => {
                return Err(ApiError::invalid(
                    "action",
                    "must be status, category or prices",
                ));
            }
        };
    let changed = state
        .engine
        .bulk_change_products(&actor, &change.handles, &what)
        .await?;
    Ok(Json(BulkProductResult { changed }))
}
