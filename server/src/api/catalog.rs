//! Store API: the catalog as the calling buyer sees it (their channel, language and prices).

use axum::{
    Json,
    extract::{
        Path, Query, State,
        rejection::{PathRejection, QueryRejection},
    },
    http::HeaderMap,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{
    auth::caller,
    error::{ApiError, ApiErrors},
    types::{ApiProduct, ApiProductList},
};
use crate::AppState;

/// Largest page an API client may ask for.
const MAX_LIMIT: u32 = 100;

/// Filters and paging of product lists.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ProductQuery {
    /// Full-text search over names, SKUs, brands and descriptions; typo-tolerant.
    q: Option<String>,
    /// Products per page, 1 to 100 (default 20).
    limit: Option<u32>,
    /// The `next_cursor` of the previous page; opaque.
    cursor: Option<String>,
    /// Language (a locale of the channel, e.g. `de`); default the channel's first.
    locale: Option<String>,
    /// Only these brands (slugs, comma-separated).
    brand: Option<String>,
    /// Only products with these attribute values, `code:value` pairs, comma-separated (`material:a2,material:a4`).
    attribute: Option<String>,
    /// Only prices in this range of the channel currency, `min-max` or `min-` (`10-25`).
    price: Option<String>,
    /// Only products in stock.
    in_stock: Option<bool>,
    /// `relevance`, `name`, `price-asc`, `price-desc` or `newest`.
    sort: Option<String>,
}

/// Products for the caller, best match first for a search, by name otherwise, with facet counts for refining.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(ProductQuery),
    responses(
        (status = 200, description = "A page of products", body = ApiProductList),
        (status = 400, description = "A parameter is wrong; `field` names it", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn list_products(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ProductQuery>, QueryRejection>,
) -> Result<Json<ApiProductList>, ApiError> {
    let Query(query) = query?;
    let shopper = caller(&state.engine, &headers, query.locale.as_deref()).await?;
    let limit = query.limit.unwrap_or(20);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid("limit", "must be from 1 to 100"));
    }
    let page = match query.cursor.as_deref() {
        None => 1,
        Some(c) => decode_cursor(c)
            .ok_or_else(|| ApiError::invalid("cursor", "is not a cursor this API gave"))?,
    };
    let text = query.q.unwrap_or_default();
    if text.chars().count() > domain::ListingQuery::MAX_TEXT {
        return Err(ApiError::invalid("q", "must be at most 200 characters"));
    }
    let mut pairs: Vec<(String, String)> = vec![("q".into(), text.trim().to_owned())];
    for brand in query.brand.iter().flat_map(|b| b.split(',')) {
        pairs.push(("brand".into(), brand.trim().to_owned()));
    }
    for pair in query.attribute.iter().flat_map(|a| a.split(',')) {
        let (code, value) = pair
            .split_once(':')
            .ok_or_else(|| ApiError::invalid("attribute", "must be code:value pairs"))?;
        pairs.push((format!("attr.{}", code.trim()), value.trim().to_owned()));
    }
    if let Some(price) = query.price {
        pairs.push(("price".into(), price));
    }
    if query.in_stock == Some(true) {
        pairs.push(("stock".into(), "in".into()));
    }
    if let Some(sort) = query.sort {
        pairs.push(("sort".into(), sort));
    }
    let mut listing =
        domain::ListingQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    listing.page = page;
    let found = state.engine.search(&shopper, &listing, limit).await?;
    let next_cursor = (page < found.page.total_pages()).then(|| encode_cursor(page + 1));
    Ok(Json(ApiProductList {
        facets: found.facets.into(),
        total: found.page.total_items,
        data: found.products.into_iter().map(Into::into).collect(),
        next_cursor,
    }))
}

/// One product with its variants, prices, volume breaks and the explanation of each price, for the caller.
#[utoipa::path(
    get,
    path = "/api/v1/products/{slug}",
    tag = "catalog",
    params(
        ("slug" = String, Path, description = "The product's slug"),
        ("locale" = Option<String>, Query, description = "Language, a locale of the channel"),
    ),
    responses(
        (status = 200, description = "The product", body = ApiProduct),
        (status = 400, description = "The locale is not one of the channel's", body = ApiErrors),
        (status = 404, description = "No such product in the caller's channel", body = ApiErrors),
    ),
    security((), ("buyer_token" = []))
)]
pub async fn get_product(
    State(state): State<AppState>,
    headers: HeaderMap,
    slug: Result<Path<String>, PathRejection>,
    query: Result<Query<LocaleQuery>, QueryRejection>,
) -> Result<Json<ApiProduct>, ApiError> {
    let Path(slug) = slug?;
    let Query(query) = query?;
    let shopper = caller(&state.engine, &headers, query.locale.as_deref()).await?;
    Ok(Json(state.engine.product(&shopper, &slug).await?.into()))
}

/// Only a language.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocaleQuery {
    locale: Option<String>,
}

/// Cursors are opaque to clients; today they carry the next page number.
pub(super) fn encode_cursor(page: u32) -> String {
    format!("p{page}")
}

/// The page a cursor of [`encode_cursor`] names.
pub(super) fn decode_cursor(cursor: &str) -> Option<u32> {
    cursor.strip_prefix('p')?.parse().ok().filter(|p| *p >= 1)
}
