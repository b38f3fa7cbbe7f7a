//! Server functions: the storefront's private RPC. Each one resolves the shopper (channel from the host or the
//! channel cookie, language from the URL), calls the engine and maps the error; every rule lives in the engine or
//! the domain. Endpoints are named rather than hashed so a page cached before a deploy still posts its forms to a
//! URL that exists.

use domain::{
    Cart, CategoryPage, CategoryRef, HomePage, PriceQuote, Product, SearchPage, Suggestion,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

mod account;
mod approvals;
mod company;
mod lists;
mod orders;
mod quick_order;
mod quotes;
#[cfg(feature = "ssr")]
pub(crate) mod ssr;

pub use account::*;
pub use approvals::*;
pub use company::*;
pub use lists::*;
pub use orders::*;
pub use quick_order::*;
pub use quotes::*;
#[cfg(feature = "ssr")]
pub use ssr::{CART_COOKIE, CHANNEL_COOKIE, SESSION_COOKIE, cart_cookie_header};

/// Listing page size: four rows of six on a wide screen, twelve rows of two on a phone.
pub const PER_PAGE: u32 = 24;

/// One of the channel's languages, for the language switch and `hreflang`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocaleLink {
    /// Locale code.
    pub code: String,
    /// URL prefix: empty for the channel's default locale, `/de` for others.
    pub prefix: String,
}

/// A channel the buyer can switch to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelLink {
    /// Channel code, posted by the switch.
    pub code: String,
    /// Display name with currency.
    pub label: String,
    /// Whether it is the current one.
    pub current: bool,
}

/// A company the signed-in person may switch to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyLink {
    /// Its code, posted by the switch.
    pub code: String,
    /// Its name.
    pub name: String,
    /// Whether the session acts for it now.
    pub current: bool,
}

/// What the header shows of the person looking: the parts of a page that are theirs alone. A signed-in page shared by
/// a company is rendered without them and has them filled in per request (see [`crate::slots`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HeaderPerson {
    /// Units in the buyer's cart.
    pub cart_items: u64,
    /// The signed-in buyer's name (and company), for the header's account link; `None` for a guest.
    pub signed_in_as: Option<String>,
    /// The member of staff who is shopping as this buyer on their behalf, for the banner on every page.
    pub acting_staff: Option<String>,
    /// The companies the signed-in person buys for, when there are several, for the header's switch.
    pub companies: Vec<CompanyLink>,
}

/// What every page's frame needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Layout {
    /// Where the navigation starts.
    pub categories: Vec<CategoryRef>,
    /// The current locale's URL prefix.
    pub prefix: String,
    /// The current locale.
    pub locale: String,
    /// The channel's languages.
    pub locales: Vec<LocaleLink>,
    /// Channels to switch to.
    pub channels: Vec<ChannelLink>,
    /// `excl. VAT` or `incl. VAT`.
    pub tax_note: String,
    /// Whether prices are shown.
    pub prices_shown: bool,
    /// The person looking; empty when the page leaves it to slots.
    pub person: HeaderPerson,
    /// The seller's legal name and address, from the shop's profile, for the footer.
    pub seller: Vec<String>,
}

/// The frame: navigation, languages, channels and cart badge.
#[server(endpoint = "layout")]
pub async fn get_layout(locale: String) -> Result<Layout, AppError> {
    let engine = ssr::engine()?;
    let (shopper, page) = ssr::session_page(&locale).await?;
    let categories = engine.top_categories(&shopper).await?;
    let person = if crate::slots::active() {
        HeaderPerson::default()
    } else {
        match &page {
            Some(page) => crate::slots::header_person(&engine, page).await?,
            None => HeaderPerson {
                cart_items: match ssr::cart_token() {
                    Some(token) => engine
                        .cart(&shopper, &token)
                        .await
                        .map(|c| c.item_count)
                        .unwrap_or(0),
                    None => 0,
                },
                ..HeaderPerson::default()
            },
        }
    };
    let channel = &shopper.channel;
    Ok(Layout {
        categories,
        prefix: channel.prefix(&shopper.locale),
        locale: shopper.locale.to_string(),
        locales: channel
            .locales
            .iter()
            .map(|l| LocaleLink {
                code: l.to_string(),
                prefix: channel.prefix(l),
            })
            .collect(),
        channels: engine
            .channels()
            .await?
            .into_iter()
            .map(|c| ChannelLink {
                current: c.id == channel.id,
                label: format!("{} ({})", c.name, c.currency),
                code: c.code,
            })
            .collect(),
        tax_note: channel.tax_note().to_owned(),
        prices_shown: shopper.sees_prices(),
        person,
        seller: engine
            .shop_profile()
            .await?
            .seller_lines()
            .into_iter()
            .take(2)
            .collect(),
    })
}

/// The home page.
#[server(endpoint = "home")]
pub async fn get_home(locale: String) -> Result<HomePage, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    Ok(ssr::engine()?.home_page(&shopper).await?)
}

/// One page of a category listing, refined by the URL's query string.
#[server(endpoint = "category_page")]
pub async fn get_category_page(
    locale: String,
    slug: String,
    query: String,
) -> Result<CategoryPage, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    let query = domain::ListingQuery::parse(&query)?;
    Ok(ssr::engine()?
        .category_page(&shopper, &slug, &query, PER_PAGE)
        .await?)
}

/// One page of search results, refined by the URL's query string.
#[server(endpoint = "search")]
pub async fn get_search(locale: String, query: String) -> Result<SearchPage, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    let query = domain::ListingQuery::parse(&query)?;
    Ok(ssr::engine()?.search(&shopper, &query, PER_PAGE).await?)
}

/// Products for a partial query, as the buyer types.
#[server(endpoint = "suggest", input = server_fn::codec::GetUrl)]
pub async fn suggest(locale: String, q: String) -> Result<Vec<Suggestion>, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    Ok(ssr::engine()?.suggest(&shopper, &q, 6).await?)
}

/// A product page.
#[server(endpoint = "product")]
pub async fn get_product(locale: String, slug: String) -> Result<Product, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    Ok(ssr::engine()?.product(&shopper, &slug).await?)
}

/// The price of a quantity of a variant, with the explanation ("why this price").
#[server(endpoint = "quote")]
pub async fn get_quote(
    locale: String,
    sku: String,
    quantity: String,
) -> Result<PriceQuote, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    let sku = domain::Sku::parse(&sku)?;
    let quantity = domain::Quantity::parse_str(&quantity)?;
    Ok(ssr::engine()?.quote(&shopper, &sku, quantity).await?)
}

/// The buyer's cart, if they have one.
#[server(endpoint = "cart")]
pub async fn get_cart(locale: String) -> Result<Option<Cart>, AppError> {
    let shopper = ssr::shopper(&locale).await?;
    let Some(token) = ssr::cart_token_for(&shopper).await? else {
        return Ok(None);
    };
    match ssr::engine()?.cart(&shopper, &token).await {
        Ok(cart) => Ok(Some(cart)),
        Err(engine::EngineError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// What adding to the cart answers a script: the cart's new count. The page shows only that (the cart page shows
/// the rest), and the buy box's bundle then needs no code to read a whole cart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Added {
    /// Units in the cart after the add.
    pub item_count: u64,
}

/// Adds units of a variant to the buyer's cart, creating the cart (and its cookie) on the first add. Fields are
/// text because they come straight from a form; the domain parses them and names the field at fault.
#[server(endpoint = "cart/add")]
pub async fn add_to_cart(sku: String, quantity: String) -> Result<Added, AppError> {
    let result: Result<Added, AppError> = async {
        let sku = domain::Sku::parse(&sku)?;
        let quantity = domain::Quantity::parse_str(&quantity)?;
        let token = ssr::cart_token();
        let shopper = ssr::shopper_from_referer().await?;
        let cart = ssr::engine()?
            .add_to_cart(&shopper, token.as_ref(), &sku, quantity)
            .await?;
        // A signed-in buyer's cart is the account's: no cookie needed.
        if shopper.customer.is_none() && token.as_ref() != Some(&cart.token) {
            ssr::set_cart_cookie(&cart.token);
        }
        Ok(Added {
            item_count: cart.item_count,
        })
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
        let shopper = ssr::shopper_from_referer().await?;
        let token = ssr::cart_token_for(&shopper)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ssr::engine()?
            .set_cart_quantity(&shopper, &token, &sku, quantity)
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
        let shopper = ssr::shopper_from_referer().await?;
        let token = ssr::cart_token_for(&shopper)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ssr::engine()?
            .remove_from_cart(&shopper, &token, &sku)
            .await?)
    }
    .await;
    ssr::finish_form(result, None)
}

/// Takes note of the cart's current prices, so the changes it showed stop being flagged.
#[server(endpoint = "cart/accept-prices")]
pub async fn accept_cart_prices() -> Result<Cart, AppError> {
    let result: Result<Cart, AppError> = async {
        let shopper = ssr::shopper_from_referer().await?;
        let token = ssr::cart_token_for(&shopper).await?;
        Ok(ssr::engine()?
            .accept_cart_prices(&shopper, token.as_ref())
            .await?)
    }
    .await;
    ssr::finish_form(result, Some("/cart"))
}

/// Switches the buyer to another channel (currency, tax display, assortment) and goes back to the home page.
#[server(endpoint = "channel")]
pub async fn switch_channel(channel: String) -> Result<(), AppError> {
    let result: Result<(), AppError> = async {
        let engine = ssr::engine()?;
        let known = engine
            .channels()
            .await?
            .into_iter()
            .any(|c| c.code == channel);
        if !known {
            return Err(AppError::Invalid {
                field: "channel".into(),
                message: "is not a channel of this shop".into(),
            });
        }
        ssr::set_channel_cookie(&channel);
        Ok(())
    }
    .await;
    ssr::finish_form(result, Some("/"))
}
