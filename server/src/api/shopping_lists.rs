//! Store API: shopping lists — a buyer's named lists of SKUs and quantities, private or shared with their company,
//! kept, changed and put into the cart from any head. The engine decides who reads and changes which list; another
//! company's list, or someone else's private one, is a 404.

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
    shopping_list::{ListSummary, ShoppingList},
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{
    auth::buyer,
    carts::NewLine,
    error::{ApiError, ApiErrors},
    quick_order::ApiAddedLines,
    types::ApiMoney,
};
use crate::AppState;

/// A list, as the buyer's overview shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiListSummary {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Whether the company's people see it.
    pub shared: bool,
    /// Its owner's email.
    pub owner: String,
    /// How many SKUs it holds.
    pub lines: u32,
    /// Whether the caller may change it.
    pub can_change: bool,
}

impl From<ListSummary> for ApiListSummary {
    fn from(l: ListSummary) -> Self {
        Self {
            id: l.id,
            name: l.name,
            shared: l.shared,
            owner: l.owner,
            lines: l.lines,
            can_change: l.can_change,
        }
    }
}

/// The caller's lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiLists {
    /// Their own lists for the company they act for, and the company's shared ones, by name.
    pub data: Vec<ApiListSummary>,
}

/// A SKU on a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiListItem {
    /// The SKU.
    pub sku: String,
    /// The product and variant.
    pub name: String,
    /// Units kept.
    pub quantity: u32,
    /// The caller's unit price at that quantity; absent when the product is no longer sold to them.
    pub unit_price: Option<ApiMoney>,
}

/// A list with its SKUs.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiList {
    /// The overview's facts.
    #[serde(flatten)]
    pub summary: ApiListSummary,
    /// Its SKUs, in the order they were added.
    pub items: Vec<ApiListItem>,
}

impl From<ShoppingList> for ApiList {
    fn from(l: ShoppingList) -> Self {
        Self {
            summary: l.summary.into(),
            items: l
                .items
                .into_iter()
                .map(|i| ApiListItem {
                    sku: i.sku,
                    name: i.name,
                    quantity: i.quantity,
                    unit_price: i.unit_price.as_ref().map(|p| p.money().into()),
                })
                .collect(),
        }
    }
}

/// A new list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewList {
    /// 1 to 100 characters.
    pub name: String,
    /// Whether the company's people see it (only for someone buying for a company).
    #[serde(default)]
    pub shared: bool,
    /// SKUs to start with.
    #[serde(default)]
    pub lines: Vec<NewLine>,
    /// Start with the caller's cart instead (then `lines` must be empty).
    #[serde(default)]
    pub from_cart: bool,
}

/// A list's name and sharing.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListChange {
    /// 1 to 100 characters.
    pub name: String,
    /// Whether the company's people see it.
    pub shared: bool,
}

/// Quantities for SKUs of a list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuantities {
    /// Each SKU's quantity; 0 takes it off.
    pub lines: Vec<ListQuantity>,
    /// Add to the quantities the list keeps rather than set them.
    #[serde(default)]
    pub add: bool,
}

/// One SKU's quantity on a list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListQuantity {
    /// The SKU.
    pub sku: String,
    /// Units; 0 takes it off.
    pub quantity: u32,
}

/// Which SKUs of a list go into the cart.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListToCart {
    /// Only these SKUs; empty (or absent) for the whole list.
    #[serde(default)]
    pub skus: Vec<String>,
}

fn sku_lines<'a>(lines: impl Iterator<Item = (&'a str, u32)>) -> Result<Vec<(Sku, u32)>, ApiError> {
    lines
        .map(|(sku, q)| {
            Ok((
                Sku::parse(sku).map_err(|e| ApiError::invalid("sku", e.message))?,
                q,
            ))
        })
        .collect()
}

/// The caller's lists, and their company's shared ones.
#[utoipa::path(
    get,
    path = "/api/v1/shopping-lists",
    operation_id = "list_shopping_lists",
    tag = "lists",
    responses(
        (status = 200, description = "The lists", body = ApiLists),
        (status = 401, description = "No buyer token", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<ApiLists>, ApiError> {
    let (_, account) = buyer(&state.engine, &headers).await?;
    let lists = state.engine.shopping_lists(&account).await?;
    Ok(Json(ApiLists {
        data: lists.into_iter().map(Into::into).collect(),
    }))
}

/// Makes a list, empty, with the SKUs given, or from the caller's cart.
#[utoipa::path(
    post,
    path = "/api/v1/shopping-lists",
    operation_id = "create_shopping_list",
    tag = "lists",
    request_body = NewList,
    responses(
        (status = 201, description = "The new list", body = ApiList),
        (status = 400, description = "A bad name, SKU or quantity, or an empty cart; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "A viewer keeps no lists", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<NewList>, JsonRejection>,
) -> Result<(StatusCode, Json<ApiList>), ApiError> {
    let Json(body) = body?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let id = if body.from_cart {
        if !body.lines.is_empty() {
            return Err(ApiError::invalid(
                "lines",
                "must be empty when the list is made from the cart",
            ));
        }
        state
            .engine
            .save_cart_as_list(&account, &shopper, &body.name, body.shared)
            .await?
    } else {
        let lines = sku_lines(body.lines.iter().map(|l| (l.sku.as_str(), l.quantity)))?;
        state
            .engine
            .create_shopping_list_with(&account, &body.name, body.shared, &lines)
            .await?
    };
    let list = state.engine.shopping_list(&account, &shopper, id).await?;
    Ok((StatusCode::CREATED, Json(list.into())))
}

/// One list with its SKUs priced for the caller.
#[utoipa::path(
    get,
    path = "/api/v1/shopping-lists/{id}",
    operation_id = "get_shopping_list",
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    responses(
        (status = 200, description = "The list", body = ApiList),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 404, description = "No list of the caller's, or shared with their company, has this id", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<ApiList>, ApiError> {
    let Path(id) = id?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let list = state.engine.shopping_list(&account, &shopper, id).await?;
    Ok(Json(list.into()))
}

/// Renames a list and shares or unshares it: its owner, or a company admin for a shared list.
#[utoipa::path(
    put,
    path = "/api/v1/shopping-lists/{id}",
    operation_id = "put_shopping_list",
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    request_body = ListChange,
    responses(
        (status = 200, description = "The list", body = ApiList),
        (status = 400, description = "A bad name; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Someone else's shared list, and the caller is not a company admin", body = ApiErrors),
        (status = 404, description = "No such list for the caller", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn put(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<ListChange>, JsonRejection>,
) -> Result<Json<ApiList>, ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    state
        .engine
        .change_shopping_list(&account, id, &body.name, body.shared)
        .await?;
    let list = state.engine.shopping_list(&account, &shopper, id).await?;
    Ok(Json(list.into()))
}

/// Deletes a list: its owner, or a company admin for a shared list.
#[utoipa::path(
    delete,
    path = "/api/v1/shopping-lists/{id}",
    operation_id = "delete_shopping_list",
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a number", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Someone else's shared list, and the caller is not a company admin", body = ApiErrors),
        (status = 404, description = "No such list for the caller", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let Path(id) = id?;
    let (_, account) = buyer(&state.engine, &headers).await?;
    state.engine.delete_shopping_list(&account, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sets (or with `add`, raises) the quantities of SKUs on a list, all or none; 0 takes a SKU off.
#[utoipa::path(
    put,
    path = "/api/v1/shopping-lists/{id}/lines",
    operation_id = "set_shopping_list_lines",
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    request_body = ListQuantities,
    responses(
        (status = 200, description = "The list", body = ApiList),
        (status = 400, description = "A SKU the shop does not sell, or a bad quantity; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 403, description = "Someone else's shared list, and the caller is not a company admin", body = ApiErrors),
        (status = 404, description = "No such list for the caller", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn set_lines(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<ListQuantities>, JsonRejection>,
) -> Result<Json<ApiList>, ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let lines = sku_lines(body.lines.iter().map(|l| (l.sku.as_str(), l.quantity)))?;
    state
        .engine
        .set_list_lines(&account, id, &lines, body.add)
        .await?;
    let list = state.engine.shopping_list(&account, &shopper, id).await?;
    Ok(Json(list.into()))
}

/// Puts the list (or the SKUs named) into the caller's cart through quick order's check: the lines that pass go
/// in, in one transaction; the others come back with the reason.
#[utoipa::path(
    post,
    path = "/api/v1/shopping-lists/{id}/cart",
    operation_id = "add_shopping_list_to_cart",
    tag = "lists",
    params(("id" = i64, Path, description = "The list's id")),
    request_body = ListToCart,
    responses(
        (status = 200, description = "The cart and every line as checked", body = ApiAddedLines),
        (status = 400, description = "None of the SKUs named is on the list; `field` names it", body = ApiErrors),
        (status = 401, description = "No buyer token", body = ApiErrors),
        (status = 404, description = "No such list for the caller", body = ApiErrors),
    ),
    security(("buyer_token" = []))
)]
pub async fn to_cart(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<i64>, PathRejection>,
    body: Result<Json<ListToCart>, JsonRejection>,
) -> Result<Json<ApiAddedLines>, ApiError> {
    let Path(id) = id?;
    let Json(body) = body?;
    let (shopper, account) = buyer(&state.engine, &headers).await?;
    let only = sku_lines(body.skus.iter().map(|s| (s.as_str(), 0)))?
        .into_iter()
        .map(|(sku, _)| sku)
        .collect::<Vec<_>>();
    let (cart, lines) = state
        .engine
        .shopping_list_to_cart(&account, &shopper, id, &only)
        .await?;
    let added = lines.iter().filter(|l| l.problem.is_none()).count();
    Ok(Json(ApiAddedLines {
        cart: cart.map(Into::into),
        lines: lines.into_iter().map(Into::into).collect(),
        added,
    }))
}
