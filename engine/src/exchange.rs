//! Kontor's own product exchange format: one JSON object per line (NDJSON), keyed by the product's handle (its
//! slug) and the variants' SKUs, so an ERP or PIM can send the whole catalog again and again and only what changed
//! is written. `export_products` writes the same format, and an export imports back unchanged.
//!
//! A record is the whole product: what a product-level field leaves out (brand, description, images, type, tax
//! class, attributes, translations) is cleared or reset to its default on re-import. The variant-level pricing
//! fields added later (`tiers`, `prices`, `rules`) are the exception: a record without them keeps what is stored,
//! so files written before they existed do not wipe volume breaks, foreign prices or pack sizes.

mod categories;
mod definitions;
mod delimited;
mod erp;
mod export;
mod extras;
mod import;
mod read;
mod setup;
mod sheets;
mod shopify;
mod validate;
mod write;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use categories::{ImportOptions, MissingCategories, UNCATEGORISED};
pub use delimited::delimited_rows;
pub use erp::{CustomerRecord, LineOutcome, PriceListRecord};
pub(crate) use erp::{EntryValue, write_price_entry};
pub(crate) use import::KnownToRecords;
pub use import::{ImportError, ImportReport, parse_product_line};
pub(crate) use read::{Selection, load_records};
pub use setup::{CategoryRecord, PriceListSetup, WarehouseRecord};
pub(crate) use setup::{require_shop_catalog, write_price_list};
pub use shopify::{ShopifyFile, parse_shopify_csv};
pub(crate) use write::{ProductRows, insert_product};

/// One product, as a line of the exchange file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// Code of the product type, which orders the specification table; the type must exist, because types are
    /// shop set-up, not catalog data an ERP should invent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_type: Option<String>,
    /// Tax class code: a class rather than a rate, because rates belong to the buyer's country.
    #[serde(
        default = "standard_tax_class",
        skip_serializing_if = "is_standard_tax_class"
    )]
    pub tax_class: String,
    /// Attribute values by attribute code, as stored: an enum's option key, a decimal string, `true`/`false`, or
    /// text. A map, so an export lists them in one order every time.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// Name, slug and description by locale (`de`), for the shop's other languages; the fields above are the
    /// default locale's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, TranslationRecord>,
    /// Images in display order.
    #[serde(default)]
    pub images: Vec<ImageRecord>,
    /// Variants in display order; at least one.
    pub variants: Vec<VariantRecord>,
}

fn standard_tax_class() -> String {
    "standard".to_owned()
}

fn is_standard_tax_class(class: &str) -> bool {
    class == "standard"
}

/// A product's texts in one more locale. Each locale has its own URL, so the slug must be unique in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TranslationRecord {
    /// Display name in the locale.
    pub name: String,
    /// The product's slug in the locale (`/de/products/{slug}`).
    pub slug: String,
    /// Plain text; empty falls back to the default locale's description.
    #[serde(default)]
    pub description: String,
}

/// An image of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImageRecord {
    /// Absolute path (`/media/…`) or URL.
    pub url: String,
    /// Alternative text in the default locale.
    #[serde(default)]
    pub alt: String,
    /// Alternative text in the shop's other locales, by locale (`de`); a missing one falls back to `alt`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alts: BTreeMap<String, String>,
    /// The SKU of the variant the image shows, which the product page shows first when that variant is chosen;
    /// absent for an image of the whole product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

/// A variant of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VariantRecord {
    /// Stock keeping unit, unique over the catalog.
    pub sku: String,
    /// Short label (`Box of 100`).
    pub title: String,
    /// Option values (`Pack size: 100 pcs`).
    #[serde(default)]
    pub options: Vec<OptionRecord>,
    /// Unit price, net, as a decimal string: at most 1000000000 with up to six decimals, and 0 only when `free`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "24.9"))]
    pub price: Decimal,
    /// The price's currency; must be the channel currency.
    pub currency: String,
    /// A variant deliberately sold at 0, such as a free sample. A `price` of 0 is refused without it, because a 0
    /// that arrives from an ERP is far more often an empty field than a gift; and it is refused with any other
    /// price, so it never outlives the price it was set for. It also allows 0 as a price in another currency.
    /// Left out (the default), `false`; an export writes it only when `true`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub free: bool,
    /// Volume breaks on `price`, by rising quantity. Left out (or `null`), the stored breaks stay, except those
    /// the new price no longer undercuts, so files without the field keep working; present, even empty, it
    /// replaces them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierRecord>>,
    /// Base prices in other currencies (CHF for a Swiss channel), each with its own breaks: prices are never
    /// converted, because a price printed yesterday must still hold. Left out, they stay as stored; present, the
    /// list replaces them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<Vec<PriceRecord>>,
    /// Units on hand.
    pub stock: i64,
    /// How many units one order line may hold. Left out, the stored rules stay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<RulesRecord>,
}

/// An option value of a variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptionRecord {
    /// The option axis.
    pub name: String,
    /// The value.
    pub value: String,
}

/// A volume break: the unit price replaces the base price from `min_quantity` units on. It must be cheaper than
/// the price below it, so buying more never costs more per unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TierRecord {
    /// The smallest quantity the break applies to; at least 2.
    pub min_quantity: u32,
    /// Net unit price from `min_quantity` on, as a decimal string; more than 0.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "23.5"))]
    pub price: Decimal,
}

/// A base price in a currency other than the shop's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceRecord {
    /// ISO 4217 code; not the variant's main currency, and each currency once.
    pub currency: String,
    /// Net unit price, as a decimal string; 0 only when the variant is `free`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "24.5"))]
    pub price: Decimal,
    /// Volume breaks on this price, by rising quantity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<TierRecord>,
}

/// Quantity rules: minimum order quantity, pack size and maximum per line, as B2B buyers order by the carton.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesRecord {
    /// Minimum units per line; a multiple of `step`.
    #[serde(default = "one")]
    pub min: u32,
    /// Pack size: quantities go up in steps of this many units.
    #[serde(default = "one")]
    pub step: u32,
    /// Most units per line, if limited; a multiple of `step`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
}

fn one() -> u32 {
    1
}

impl RulesRecord {
    /// Any quantity, one at a time: what a variant nobody configured allows, and what an export leaves out.
    pub const DEFAULT: Self = Self {
        min: 1,
        step: 1,
        max: None,
    };
}
