//! The API's own representation of the catalog: a versioned contract, mapped from the domain types so the
//! storefront's internals can change without breaking an integration. Decimals are strings, as JSON numbers
//! cannot carry them exactly.

use domain::{Money, StockState};
use serde::Serialize;
use utoipa::ToSchema;

/// An amount of money.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiMoney {
    /// Exact decimal amount, e.g. `"12.50"`.
    #[schema(example = "12.50")]
    pub amount: String,
    /// ISO 4217 code.
    #[schema(example = "EUR")]
    pub currency: String,
}

impl From<&Money> for ApiMoney {
    fn from(m: &Money) -> Self {
        Self {
            amount: m.amount.to_string(),
            currency: m.currency.code().to_owned(),
        }
    }
}

/// Whether a variant can be ordered now.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(clippy::enum_variant_names)] // the wire names (`in_stock`, `out_of_stock`) read best as they are
pub enum ApiStock {
    /// Plenty on hand.
    InStock,
    /// Ten or fewer left.
    LowStock,
    /// Nothing on hand.
    OutOfStock,
}

impl From<StockState> for ApiStock {
    fn from(s: StockState) -> Self {
        match s {
            StockState::InStock => Self::InStock,
            StockState::LowStock(_) => Self::LowStock,
            StockState::OutOfStock => Self::OutOfStock,
        }
    }
}

/// A product in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProductCard {
    /// Product id.
    pub id: i64,
    /// URL slug, the key for `GET /api/v1/products/{slug}`.
    pub slug: String,
    /// Name in the requested language.
    pub name: String,
    /// Brand name.
    pub brand: String,
    /// The lowest price among its variants for the caller, per the channel's tax display; absent when prices are
    /// hidden from the caller.
    pub price_from: Option<ApiMoney>,
    /// Number of variants.
    pub variant_count: u32,
    /// Availability of the best-stocked variant.
    pub stock: ApiStock,
}

impl From<domain::ProductSummary> for ApiProductCard {
    fn from(p: domain::ProductSummary) -> Self {
        Self {
            id: p.id,
            slug: p.slug.to_string(),
            name: p.name,
            brand: p.brand,
            price_from: p.price_from.as_ref().map(ApiMoney::from),
            variant_count: p.variant_count,
            stock: p.stock.into(),
        }
    }
}

/// A page of products.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProductList {
    /// The products of this page.
    pub data: Vec<ApiProductCard>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
    /// Products matching in all.
    pub total: u64,
    /// Counts for refining the list.
    pub facets: ApiFacets,
}

/// One value to refine by.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFacetValue {
    /// What to send back (a brand or category slug, an attribute value, a price range).
    pub value: String,
    /// For people.
    pub label: String,
    /// Matching products with it.
    pub count: u64,
    /// Whether the request already filters by it.
    pub selected: bool,
}

/// An attribute to refine by.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiAttributeFacet {
    /// Its code, for `attribute=code:value`.
    pub code: String,
    /// For people.
    pub name: String,
    /// Its values.
    pub values: Vec<ApiFacetValue>,
}

/// Facet counts of a product list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiFacets {
    /// Categories.
    pub categories: Vec<ApiFacetValue>,
    /// Brands, for `brand=`.
    pub brands: Vec<ApiFacetValue>,
    /// Attributes, for `attribute=`.
    pub attributes: Vec<ApiAttributeFacet>,
    /// Price ranges, for `price=`; empty when prices are hidden from the caller.
    pub prices: Vec<ApiFacetValue>,
    /// Matching products in stock.
    pub in_stock: u64,
}

impl From<domain::FacetValue> for ApiFacetValue {
    fn from(f: domain::FacetValue) -> Self {
        Self {
            value: f.value,
            label: f.label,
            count: f.count,
            selected: f.selected,
        }
    }
}

impl From<domain::Facets> for ApiFacets {
    fn from(f: domain::Facets) -> Self {
        Self {
            categories: f.categories.into_iter().map(Into::into).collect(),
            brands: f.brands.into_iter().map(Into::into).collect(),
            attributes: f
                .attributes
                .into_iter()
                .map(|a| ApiAttributeFacet {
                    code: a.code,
                    name: a.name,
                    values: a.values.into_iter().map(Into::into).collect(),
                })
                .collect(),
            prices: f
                .prices
                .into_iter()
                .map(|p| ApiFacetValue {
                    value: p.range.param(),
                    label: match &p.max {
                        Some(max) => format!("{} – {}", p.min.amount, max.amount),
                        None => format!("{} and more", p.min.amount),
                    },
                    count: p.count,
                    selected: p.selected,
                })
                .collect(),
            in_stock: f.in_stock,
        }
    }
}

/// A volume price: from `min_quantity` units on, each costs `unit_price`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiPriceBreak {
    /// Smallest quantity with this price.
    pub min_quantity: u32,
    /// Unit price from that quantity on.
    pub unit_price: ApiMoney,
}

/// One orderable variant, priced for the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiVariant {
    /// Stock-keeping unit.
    pub sku: String,
    /// Label such as `Box of 100`.
    pub title: String,
    /// Unit price for one order unit, for the caller; absent when prices are hidden.
    pub price: Option<ApiMoney>,
    /// Volume breaks for the caller.
    pub price_breaks: Vec<ApiPriceBreak>,
    /// How the price came about (base price, price list, tier, tax), one step per line.
    pub price_explanation: Vec<String>,
    /// Smallest quantity per order line.
    pub min_quantity: u32,
    /// Quantities must be a multiple of this.
    pub quantity_step: u32,
    /// Largest quantity per order line, if limited.
    pub max_quantity: Option<u32>,
    /// Availability.
    pub stock: ApiStock,
}

/// A product with its variants.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiProduct {
    /// Product id.
    pub id: i64,
    /// URL slug.
    pub slug: String,
    /// Name in the requested language.
    pub name: String,
    /// Brand name.
    pub brand: String,
    /// Description (plain text paragraphs).
    pub description: String,
    /// Category path from the top.
    pub categories: Vec<String>,
    /// The variants.
    pub variants: Vec<ApiVariant>,
}

impl From<domain::Product> for ApiProduct {
    fn from(p: domain::Product) -> Self {
        Self {
            id: p.id,
            slug: p.slug.to_string(),
            name: p.name,
            brand: p.brand,
            description: p.description,
            categories: p.breadcrumbs.into_iter().map(|c| c.name).collect(),
            variants: p
                .variants
                .into_iter()
                .map(|v| {
                    let currency = v.price.as_ref().map(|m| m.currency.clone());
                    ApiVariant {
                        sku: v.sku.to_string(),
                        title: v.title,
                        price: v.price.as_ref().map(ApiMoney::from),
                        price_breaks: v
                            .breaks
                            .iter()
                            .map(|b| ApiPriceBreak {
                                min_quantity: b.min_quantity,
                                unit_price: b.unit_shown.money().into(),
                            })
                            .collect(),
                        price_explanation: currency
                            .map(|c| v.explanation.iter().map(|s| s.describe(&c)).collect())
                            .unwrap_or_default(),
                        min_quantity: v.rules.min,
                        quantity_step: v.rules.increment,
                        max_quantity: v.rules.max,
                        stock: v.stock.into(),
                    }
                })
                .collect(),
        }
    }
}
