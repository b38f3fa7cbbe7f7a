//! Server functions: the storefront's private RPC. Each one reads the engine from context, calls it and maps the
//! error; every rule lives in the engine or the domain. Endpoints are named rather than hashed so a page cached
//! before a deploy still posts its forms to a URL that exists.

use domain::{Cart, CategoryPage, CategoryRef, HomePage, Product};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

#[cfg(feature = "ssr")]
mod ssr;

/// Listing page size: four rows of six on a wide screen, twelve rows of two on a phone.
pub const PER_PAGE: u32 = 24;

/// What every page's frame needs: the top-level categories and the cart size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Top-level categories for the navigation.
    pub categories: Vec<CategoryRef>,
    /// Units in the buyer's cart.
    pub cart_items: u64,
}

/// The frame: navigation and cart badge.
#[server(endpoint = "layout")]
pub async fn get_layout() -> Result<Layout, AppError> {
    let engine = ssr::engine()?;
    let categories = engine.top_categories().await?;
    let cart_items = match ssr::cart_token() {
        Some(token) => engine.cart(&token).await.map(|c| c.item_count).unwrap_or(0),
        None => 0,
    };
    Ok(Layout {
        categories,
        cart_items,
    })
}

/// The home page.
#[server(endpoint = "home")]
pub async fn get_home() -> Result<HomePage, AppError> {
    Ok(ssr::engine()?.home_page().await?)
}

/// One page of a category listing.
#[server(endpoint = "category_page")]
pub async fn get_category_page(slug: String, page: u32) -> Result<CategoryPage, AppError> {
    Ok(ssr::engine()?.category_page(&slug, page, PER_PAGE).await?)
}

/// A product page.
#[server(endpoint = "product")]
pub async fn get_product(slug: String) -> Result<Product, AppError> {
    Ok(ssr::engine()?.product(&slug).await?)
}

/// The buyer's cart, if they have one.
#[server(endpoint = "cart")]
pub async fn get_cart() -> Result<Option<Cart>, AppError> {
    let Some(token) = ssr::cart_token() else {
        return Ok(None);
    };
    match ssr::engine()?.cart(&token).await {
        Ok(cart) => Ok(Some(cart)),
        Err(engine::EngineError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Adds units of a variant to the buyer's cart, creating the cart (and its cookie) on the first add. Fields are
/// text because they come straight from a form; the domain parses them and names the field at fault.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<Cart, AppError> {
    let result: Result<Cart, AppError> = async {
        let sku = domain::Sku::parse(&sku)?;
        let quantity = domain::Quantity::parse_str(&quantity)?;
        let token = ssr::cart_token();
        let cart = ssr::engine()?
            .add_to_cart(token.as_ref(), &sku, quantity)
            .await?;
        if token.as_ref() != Some(&cart.token) {
            ssr::set_cart_cookie(&cart.token);
        }
        Ok(cart)
    }
    .await;
    ssr::finish_form(result, Some("/cart"))
}

/// Sets the quantity of a cart line.
#[server(endpoint = "cart/update")]
pub async fn update_cart_line(sku: String, quantity: String) -> Result<Cart, AppError> {
    let result: Result<Cart, AppError> = async {
        let sku = domain::Sku::parse(&sku)?;
        let quantity = domain::Quantity::parse_str(&quantity)?;
        let token = ssr::cart_token().ok_or(AppError::NotFound)?;
        Ok(ssr::engine()?
            .set_cart_quantity(&token, &sku, quantity)
            .await?)
    }
    .await;
    ssr::finish_form(result, None)
}

/// Removes a cart line.
#[server(endpoint = "cart/remove")]
pub async fn remove_cart_line(sku: String) -> Result<Cart, AppError> {
    let result: Result<Cart, AppError> = async {
        let sku = domain::Sku::parse(&sku)?;
        let token = ssr::cart_token().ok_or(AppError::NotFound)?;
        Ok(ssr::engine()?.remove_from_cart(&token, &sku).await?)
    }
    .await;
    ssr::finish_form(result, None)
}
