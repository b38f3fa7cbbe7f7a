//! Kontor's own product exchange format: one JSON object per line (NDJSON), keyed by the product's handle (its
//! slug) and the variants' SKUs, so an ERP or PIM can send the whole catalog again and again and only what changed
//! is written. `export_products` writes the same format, and an export imports back unchanged.

mod export;
mod import;
mod shopify;
mod write;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use import::{ImportError, ImportReport, parse_product_line};
pub use shopify::parse_shopify_csv;
pub(crate) use write::{ProductRows, insert_product};

/// One product, as a line of the exchange file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductRecord {
    /// The product's slug: the key that makes a re-import an update.
    pub handle: String,
    /// Display name.
    pub name: String,
    /// Brand.
    #[serde(default)]
    pub brand: String,
    /// Plain text; paragraphs separated by a blank line.
    #[serde(default)]
    pub description: String,
    /// Slug of the category the product lives in; the category must exist.
    pub category: String,
    /// Images in display order.
    #[serde(default)]
    pub images: Vec<ImageRecord>,
    /// Variants in display order; at least one.
    pub variants: Vec<VariantRecord>,
}

/// An image of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageRecord {
    /// Absolute path (`/media/…`) or URL.
    pub url: String,
    /// Alternative text.
    #[serde(default)]
    pub alt: String,
}

/// A variant of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantRecord {
    /// Stock keeping unit, unique over the catalog.
    pub sku: String,
    /// Short label (`Box of 100`).
    pub title: String,
    /// Option values (`Pack size: 100 pcs`).
    #[serde(default)]
    pub options: Vec<OptionRecord>,
    /// Unit price, net, as a decimal string.
    pub price: Decimal,
    /// The price's currency; must be the channel currency.
    pub currency: String,
    /// Units on hand.
    pub stock: i64,
}

/// An option value of a variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionRecord {
    /// The option axis.
    pub name: String,
    /// The value.
    pub value: String,
}
