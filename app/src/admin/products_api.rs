//! Server functions of the product pages, under `/admin/fn/products…`: the list with its filters and bulk actions,
//! and the editor, through the engine's product operations. Prices, breaks and options are typed as short text
//! (`10: 12.00; 50: 11.00`), so every form works without JavaScript.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// Where the editor's image form posts: the host reads the file (`multipart/form-data`), as server functions take
/// url-encoded forms.
pub const IMAGE_UPLOAD_URL: &str = "/admin/fn/products/images";

/// A product as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductListRow {
    /// Handle.
    pub handle: String,
    /// Name.
    pub name: String,
    /// Status label, with the publish time of a scheduled product.
    pub status: String,
    /// Category name.
    pub category: String,
    /// Brand.
    pub brand: String,
    /// Variants.
    pub variants: i64,
    /// Units on hand.
    pub on_hand: i64,
    /// Lowest main price with its currency.
    pub from_price: String,
}

/// What the product list shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductsView {
    /// This page.
    pub rows: Vec<ProductListRow>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are.
    pub pages: u32,
    /// Products that match, counted up to 1,001.
    pub total: u64,
    /// Whether more match than were counted.
    pub more_than_cap: bool,
    /// Categories for the filter and the bulk move: slug and name.
    pub categories: Vec<(String, String)>,
    /// Product types for the filter: code and name.
    pub types: Vec<(String, String)>,
    /// Whether the member may change products.
    pub can_write: bool,
}

/// A variant row of the editor; every field is text as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantForm {
    /// SKU; a row left without one is not a variant.
    #[serde(default)]
    pub sku: String,
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Options as `Name: value; Name: value`.
    #[serde(default)]
    pub options: String,
    /// Main price in the shop's currency.
    #[serde(default)]
    pub price: String,
    /// Volume breaks as `quantity: price; quantity: price`.
    #[serde(default)]
    pub tiers: String,
    /// Prices in other currencies, a line each: `CHF 14.50; 10: 13.00`.
    #[serde(default)]
    pub other_prices: String,
    /// Smallest quantity per order line.
    #[serde(default)]
    pub min: String,
    /// Pack size: quantities go up in this step.
    #[serde(default)]
    pub step: String,
    /// Largest quantity per order line; empty for none.
    #[serde(default)]
    pub max: String,
    /// Units in the main warehouse, for a new variant; an existing one is counted in the stock form.
    #[serde(default)]
    pub stock: String,
    /// Set to take the variant out.
    #[serde(default)]
    pub remove: Option<String>,
}

/// A product's texts in one more language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranslationForm {
    /// Locale.
    pub locale: String,
    /// Name; empty leaves the language without a translation.
    #[serde(default)]
    pub name: String,
    /// Slug in that language.
    #[serde(default)]
    pub slug: String,
    /// Description.
    #[serde(default)]
    pub description: String,
}

/// An image of the product.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageForm {
    /// Its address.
    pub url: String,
    /// Alt text in the main language.
    #[serde(default)]
    pub alt: String,
    /// Alt text in the other languages, by locale.
    #[serde(default)]
    pub alts: BTreeMap<String, String>,
    /// The SKU of the variant it shows; empty for the whole product.
    #[serde(default)]
    pub variant: String,
    /// Set to take the image off the product.
    #[serde(default)]
    pub remove: Option<String>,
}

/// An attribute the product's type asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeField {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// `text`, `number`, `enum` or `boolean`.
    pub kind: String,
    /// Unit of a number.
    pub unit: String,
    /// The stored value.
    pub value: String,
    /// An enum's choices: value and label.
    pub choices: Vec<(String, String)>,
}

/// One warehouse's count of one variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockCell {
    /// SKU.
    pub sku: String,
    /// Warehouse code.
    pub warehouse: String,
    /// Units on hand.
    pub on_hand: i64,
    /// Units open orders hold.
    pub reserved: i64,
}

/// What the editor shows: the product's fields as text, and the choices its selects offer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditorView {
    /// The handle it is stored under; empty for a new product.
    pub original: String,
    /// The version the form was opened at.
    pub version: i64,
    /// Name.
    pub name: String,
    /// Handle (slug).
    pub handle: String,
    /// Brand.
    pub brand: String,
    /// Category slug.
    pub category: String,
    /// Product type code; empty for none.
    pub product_type: String,
    /// Tax class.
    pub tax_class: String,
    /// Description.
    pub description: String,
    /// `draft`, `active` or `archived`.
    pub status: String,
    /// Publish time as `YYYY-MM-DDTHH:MM` in UTC; empty for now.
    pub publish_at: String,
    /// SEO title.
    pub seo_title: String,
    /// SEO description.
    pub seo_description: String,
    /// The type's attributes with their values.
    pub attributes: Vec<AttributeField>,
    /// One entry per other language of the shop.
    pub translations: Vec<TranslationForm>,
    /// The variants, and one empty row to add another.
    pub variants: Vec<VariantForm>,
    /// Images in order.
    pub images: Vec<ImageForm>,
    /// Stock per variant and warehouse.
    pub stock: Vec<StockCell>,
    /// Categories: slug and name.
    pub categories: Vec<(String, String)>,
    /// Product types: code and name.
    pub types: Vec<(String, String)>,
    /// The shop's currency.
    pub currency: String,
    /// Whether the member may change the product.
    pub can_write: bool,
    /// Whether the member may count stock.
    pub can_count: bool,
}

/// The list's filters from the page's query string; a bad value names its parameter.
#[cfg(feature = "ssr")]
pub fn product_query(query: &str) -> Result<engine::ProductQuery, AppError> {
    let pairs = super::query_pairs(query);
    Ok(engine::ProductQuery::from_pairs(
        pairs.iter().map(|(k, v)| (*k, v.as_str())),
    )?)
}

#[cfg(feature = "ssr")]
async fn choices(
    engine: &engine::Engine,
    actor: &engine::Actor,
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), AppError> {
    let categories = engine
        .category_records_as(actor)
        .await?
        .into_iter()
        .map(|c| (c.slug, c.name))
        .collect();
    let types = engine
        .product_type_records(actor)
        .await?
        .into_iter()
        .map(|t| (t.code, t.name))
        .collect();
    Ok((categories, types))
}

/// A page of products narrowed by `query` (the page's query string); needs `catalog:read`.
#[server(prefix = "/admin/fn", endpoint = "products")]
pub async fn get_admin_products(query: String) -> Result<ProductsView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let list = engine
        .list_products(&actor, &product_query(&query)?)
        .await?;
    let currency = engine.currency().clone();
    let (categories, types) = choices(&engine, &actor).await?;
    Ok(ProductsView {
        rows: list
            .products
            .into_iter()
            .map(|p| ProductListRow {
                from_price: p
                    .from_price(currency.clone())
                    .map(|m| m.display())
                    .unwrap_or_default(),
                status: status_text(&p.status, p.publish_at),
                handle: p.handle,
                name: p.name,
                category: p.category,
                brand: p.brand,
                variants: p.variants,
                on_hand: p.on_hand,
            })
            .collect(),
        page: list.page.number,
        pages: list.page.total_pages().max(1),
        total: list.page.total_items,
        more_than_cap: list.more_than_cap,
        categories,
        types,
        can_write: actor.allows(engine::Scope::CatalogWrite),
    })
}

#[cfg(feature = "ssr")]
fn status_text(status: &str, publish_at: Option<i64>) -> String {
    let label = domain::ProductStatus::parse(status).map_or("?", |s| s.label());
    match publish_at {
        Some(at) => format!("{label}, from {}", super::timestamp(at)),
        None => label.to_owned(),
    }
}

/// Applies a bulk action to the products ticked on the list: `status` (with `value` draft, active or archived),
/// `category` (a slug) or `prices` (a percentage, `-5` for five per cent off).
#[server(prefix = "/admin/fn", endpoint = "products/bulk")]
pub async fn admin_bulk_products(
    action: String,
    #[server(default)] value: String,
    #[server(default)] handles: Vec<String>,
) -> Result<u64, AppError> {
    let result = async {
        let actor = session::actor().await?;
        let value = value.trim();
        let change = match action.as_str() {
            "status" => engine::BulkChange::Status(domain::ProductStatus::parse(value)?),
            "category" => engine::BulkChange::Category(value.to_owned()),
            "prices" => {
                engine::BulkChange::Prices(value.trim_end_matches('%').trim().parse().map_err(
                    |_| AppError::Invalid {
                        field: "percent".into(),
                        message: format!("`{value}` is not a percentage such as 5 or -2.5"),
                    },
                )?)
            }
            other => {
                return Err(AppError::Invalid {
                    field: "action".into(),
                    message: format!("`{other}` is not status, category or prices"),
                });
            }
        };
        Ok(ssr::engine()?
            .bulk_change_products(&actor, &handles, &change)
            .await?)
    }
    .await;
    session::finish_to(result, |n| Some(format!("/admin/products?changed={n}")))
}

/// Counts stock of the product's variants per warehouse; only the cells changed from what the form showed
/// (`was`) are written, so a count taken elsewhere meanwhile is not overwritten by an untouched cell.
#[server(prefix = "/admin/fn", endpoint = "products/stock")]
pub async fn admin_count_stock(
    handle: String,
    #[server(default)] cells: Vec<StockForm>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let mut counts = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let text = cell.on_hand.trim();
            if text == cell.was.trim() {
                continue;
            }
            let on_hand: i64 =
                text.parse()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| AppError::Invalid {
                        field: format!("cells[{i}].on_hand"),
                        message: format!("`{text}` is not a count of units"),
                    })?;
            counts.push((
                cell.warehouse.clone(),
                domain::Sku::parse(&cell.sku)?,
                on_hand,
            ));
        }
        let outcomes = ssr::engine()?.set_stock_counts(&actor, &counts).await?;
        if let Some(Err(message)) = outcomes.into_iter().find(Result::is_err) {
            return Err(AppError::Invalid {
                field: "stock".into(),
                message,
            });
        }
        Ok(())
    }
    .await;
    session::finish(
        result,
        Some(&format!(
            "/admin/products/{}?saved=stock",
            domain::listing::encode(&handle)
        )),
    )
}

/// One cell of the stock form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockForm {
    /// SKU.
    pub sku: String,
    /// Warehouse code.
    pub warehouse: String,
    /// Units on hand, as typed.
    #[serde(default)]
    pub on_hand: String,
    /// What the form showed.
    #[serde(default)]
    pub was: String,
}

/// The product's own fields as the editor posts them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductFields {
    /// Name.
    pub name: String,
    /// Handle.
    pub handle: String,
    /// Brand.
    #[serde(default)]
    pub brand: String,
    /// Category slug.
    pub category: String,
    /// Product type code.
    #[serde(default)]
    pub product_type: String,
    /// Tax class.
    #[serde(default)]
    pub tax_class: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Status.
    pub status: String,
    /// Publish time, `YYYY-MM-DDTHH:MM` UTC.
    #[serde(default)]
    pub publish_at: String,
    /// SEO title.
    #[serde(default)]
    pub seo_title: String,
    /// SEO description.
    #[serde(default)]
    pub seo_description: String,
}

/// Creates (without `original`) or saves the product; a save over a newer version is refused, saying so.
#[server(prefix = "/admin/fn", endpoint = "products/save")]
#[allow(clippy::too_many_arguments)]
pub async fn admin_save_product(
    #[server(default)] original: String,
    #[server(default)] version: i64,
    product: ProductFields,
    #[server(default)] attributes: BTreeMap<String, String>,
    #[server(default)] translations: Vec<TranslationForm>,
    #[server(default)] variants: Vec<VariantForm>,
    #[server(default)] images: Vec<ImageForm>,
) -> Result<String, AppError> {
    let result = async {
        let actor = session::actor().await?;
        let engine = ssr::engine()?;
        let edit = super::product_form::to_edit(
            engine.currency().code(),
            product,
            attributes,
            translations,
            variants,
            images,
        )?;
        let saved = match original.trim() {
            "" => engine.create_product(&actor, &edit).await?,
            handle => {
                engine
                    .update_product(&actor, handle, version, &edit)
                    .await?
            }
        };
        Ok(saved.edit.record.handle)
    }
    .await;
    session::finish_to(result, |handle| {
        Some(format!(
            "/admin/products/{}?saved=product",
            domain::listing::encode(handle)
        ))
    })
}

/// The editor's view of the product stored as `handle`, or of a new one when `handle` is empty; needs
/// `catalog:read`.
#[server(prefix = "/admin/fn", endpoint = "products/one")]
pub async fn get_admin_product(handle: String) -> Result<ProductEditorView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let (categories, types) = choices(&engine, &actor).await?;
    let definitions = engine.attribute_records(&actor).await?;
    let type_records = engine.product_type_records(&actor).await?;
    let channels = engine.channels().await?;
    let mut view = match handle.trim() {
        "" => super::product_form::new_product(engine.currency().code()),
        handle => {
            let opened = engine.editable_product(&actor, handle).await?;
            let skus: Vec<&str> = opened
                .edit
                .record
                .variants
                .iter()
                .map(|v| v.sku.as_str())
                .collect();
            let levels = engine.stock_levels(&skus).await?;
            // In the record's variant order, each variant's warehouses by priority.
            let stock: Vec<StockCell> = skus
                .iter()
                .flat_map(|sku| levels.iter().filter(move |(s, _)| s == sku))
                .map(|(sku, level)| StockCell {
                    sku: sku.clone(),
                    warehouse: level.warehouse.clone(),
                    on_hand: level.on_hand,
                    reserved: level.reserved,
                })
                .collect();
            let mut view = super::product_form::from_edit(&opened);
            view.stock = stock;
            view
        }
    };
    view.attributes = super::product_form::attribute_fields(&view, &type_records, &definitions);
    view.translations = super::product_form::translation_rows(&view.translations, &channels);
    view.categories = categories;
    view.types = types;
    view.can_write = actor.allows(engine::Scope::CatalogWrite) && actor.company().is_none();
    view.can_count = actor.allows(engine::Scope::InventoryWrite);
    Ok(view)
}
