//! What the catalog shows a buyer: categories, products, variants, stock state.

use serde::{Deserialize, Serialize};

use crate::{
    BuyerPrices, Facets, ListingQuery, Locale, Money, PageInfo, PriceBreak, PriceStep,
    QuantityRules, Sku, Slug, TaxDisplay,
};

/// A link to a category: enough to render a breadcrumb or a menu entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRef {
    /// URL slug, unique among categories.
    pub slug: Slug,
    /// Display name.
    pub name: String,
}

/// A category in the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Storage id.
    pub id: i64,
    /// URL slug, unique among categories.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Introductory text shown above the listing and used as the meta description.
    pub description: String,
    /// The parent; `None` for a top-level category.
    pub parent_id: Option<i64>,
}

/// A node of the category tree, as menus render it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryNode {
    /// The category.
    pub category: CategoryRef,
    /// Products in this category and all below it.
    pub product_count: u64,
    /// Sub-categories, in display order.
    pub children: Vec<CategoryNode>,
}

/// A product image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// Where the image is served from (absolute path or URL).
    pub url: String,
    /// Alternative text for screen readers and crawlers.
    pub alt: String,
    /// Its width in pixels, for an uploaded image; 0 when unknown. With the height it reserves the image's space,
    /// so the page does not shift when it arrives.
    #[serde(default)]
    pub width: u32,
    /// Its height in pixels; 0 when unknown.
    #[serde(default)]
    pub height: u32,
    /// The widths made of an uploaded image, smallest first, each at `{folder}/{width}.{extension}` beside `url`;
    /// empty for an image with one size.
    #[serde(default)]
    pub widths: Vec<u32>,
    /// Whether each width also has a smaller WebP beside it.
    #[serde(default)]
    pub webp: bool,
    /// The SKU of the variant the image shows; `None` for an image of the whole product.
    #[serde(default)]
    pub variant: Option<String>,
}

impl Image {
    /// The `srcset` of the image's widths, in its own format or as WebP; empty for an image with one size.
    pub fn srcset(&self, webp: bool) -> String {
        let Some((folder, file)) = self.url.rsplit_once('/') else {
            return String::new();
        };
        let extension = match webp {
            true => "webp",
            false => file.rsplit('.').next().unwrap_or_default(),
        };
        self.widths
            .iter()
            .map(|w| format!("{folder}/{w}.{extension} {w}w"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The height that keeps the image's proportions at `width`; `width` (a square) when its size is unknown.
    pub fn height_at(&self, width: u32) -> u32 {
        match (self.width, self.height) {
            (0, _) | (_, 0) => width,
            (w, h) => (u64::from(width) * u64::from(h)).div_ceil(u64::from(w)) as u32,
        }
    }
}

/// One option value of a variant, such as `Pack size: 100 pcs`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionValue {
    /// The option axis (`Pack size`, `Size`).
    pub name: String,
    /// This variant's value on it.
    pub value: String,
}

/// Whether a buyer can order a variant now, without revealing exact stock above a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockState {
    /// Plenty on hand.
    InStock,
    /// Few left; the number is shown to create no false promise.
    LowStock(u32),
    /// Nothing on hand.
    OutOfStock,
}

impl StockState {
    /// At or below this many units a variant shows "only N left".
    pub const LOW_STOCK_THRESHOLD: i64 = 10;

    /// The state for a quantity on hand.
    pub fn from_on_hand(on_hand: i64) -> Self {
        match on_hand {
            n if n <= 0 => Self::OutOfStock,
            n if n <= Self::LOW_STOCK_THRESHOLD => Self::LowStock(n as u32),
            _ => Self::InStock,
        }
    }

    /// Whether the variant can be added to a cart.
    pub fn is_available(&self) -> bool {
        !matches!(self, Self::OutOfStock)
    }

    /// A short label for buyers.
    pub fn label(&self) -> String {
        match self {
            Self::InStock => "In stock".to_owned(),
            Self::LowStock(n) => format!("Only {n} left"),
            Self::OutOfStock => "Out of stock".to_owned(),
        }
    }

    /// The schema.org availability URL for structured data.
    pub fn schema_org(&self) -> &'static str {
        match self {
            Self::InStock | Self::LowStock(_) => "https://schema.org/InStock",
            Self::OutOfStock => "https://schema.org/OutOfStock",
        }
    }
}

/// One buyable version of a product: a SKU with its options, price and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Storage id.
    pub id: i64,
    /// Stock keeping unit.
    pub sku: Sku,
    /// Short label that tells variants apart (`Box of 100`).
    pub title: String,
    /// The option values that make this variant.
    pub options: Vec<OptionValue>,
    /// Unit price shown at the smallest orderable quantity, per the channel's tax display, exact (may carry more
    /// digits than the currency's minor unit); `None` when the channel hides prices from this buyer.
    pub price: Option<Money>,
    /// How many units a line may hold.
    pub rules: QuantityRules,
    /// The volume-break table for this buyer (empty when prices are hidden or there is one price).
    pub breaks: Vec<PriceBreak>,
    /// Why `price` is what it is: base → price list → tier → tax.
    pub explanation: Vec<PriceStep>,
    /// What prices any quantity for this buyer with the server's own rules, shipped to the buy box so the price
    /// follows the quantity without a request; `None` when prices are hidden or the variant is not sold in the
    /// buyer's currency.
    pub prices: Option<BuyerPrices>,
    /// Units on hand.
    pub on_hand: i64,
    /// Availability shown to buyers.
    pub stock: StockState,
}

/// A product as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSummary {
    /// Storage id.
    pub id: i64,
    /// URL slug.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Manufacturer or house brand.
    pub brand: String,
    /// The first image.
    pub image: Option<Image>,
    /// The lowest public variant price ("from €4.20"); `None` when the channel hides prices from this buyer.
    pub price_from: Option<Money>,
    /// How many variants the product has.
    pub variant_count: u32,
    /// Best availability over the variants.
    pub stock: StockState,
}

/// A product with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    /// Storage id.
    pub id: i64,
    /// URL slug.
    pub slug: Slug,
    /// Display name.
    pub name: String,
    /// Manufacturer or house brand.
    pub brand: String,
    /// Long description, plain text with blank lines between paragraphs.
    pub description: String,
    /// The category path from the top of the tree down to the product's category.
    pub breadcrumbs: Vec<CategoryRef>,
    /// Images in display order.
    pub images: Vec<Image>,
    /// Variants in display order; never empty.
    pub variants: Vec<Variant>,
    /// The brand's slug, for the brand filter link.
    pub brand_slug: Option<String>,
    /// The product type (`Bolt`, `Glove`) whose attributes make the specification table.
    pub product_type: Option<String>,
    /// Attribute values in the product type's order, ready to show.
    pub specifications: Vec<Specification>,
    /// The product's URL in every locale of the channel, for `hreflang` and the language switch.
    pub alternates: Vec<Alternate>,
    /// Whether the variants' prices include tax (the channel's display).
    pub tax_display: TaxDisplay,
    /// Whether the prices are the ones any guest sees. A signed-in buyer's are their own (contract prices, their
    /// group's) and must never reach public markup such as structured data for crawlers.
    pub public_prices: bool,
    /// The page title staff chose for search engines; empty uses the name.
    #[serde(default)]
    pub seo_title: String,
    /// The meta description staff chose; empty uses the start of the description.
    #[serde(default)]
    pub seo_description: String,
}

/// One row of a specification table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specification {
    /// Attribute code.
    pub code: String,
    /// Attribute name.
    pub name: String,
    /// Display value with its unit (`40 mm`, `Yes`, `Stainless steel A2`).
    pub value: String,
}

/// A page's address in one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternate {
    /// The locale.
    pub locale: Locale,
    /// Absolute path, with the locale prefix.
    pub path: String,
}

impl Product {
    /// The first variant a buyer can order, else the first variant: what the page preselects.
    pub fn default_variant(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .find(|v| v.stock.is_available())
            .or_else(|| self.variants.first())
    }

    /// A one-line summary for meta descriptions: the first paragraph, cut at a word boundary near 155 characters.
    pub fn meta_description(&self) -> String {
        match self.seo_description.trim() {
            "" => summarize(&self.description, 155),
            chosen => chosen.to_owned(),
        }
    }

    /// The page title: the one staff chose for search engines, else the name.
    pub fn page_title(&self) -> &str {
        match self.seo_title.trim() {
            "" => &self.name,
            chosen => chosen,
        }
    }
}

/// One page of a category listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryPage {
    /// The category.
    pub category: Category,
    /// Path from the top of the tree down to and including the category.
    pub breadcrumbs: Vec<CategoryRef>,
    /// Direct sub-categories.
    pub children: Vec<CategoryRef>,
    /// Products on this page, from the category and all below it.
    pub products: Vec<ProductSummary>,
    /// Where this page sits in the listing.
    pub page: PageInfo,
    /// The filters, order and page asked for.
    pub query: ListingQuery,
    /// Facet counts for refining.
    pub facets: Facets,
    /// The category's URL in every locale of the channel.
    pub alternates: Vec<Alternate>,
}

/// What the home page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomePage {
    /// The category tree.
    pub categories: Vec<CategoryNode>,
    /// A selection of products.
    pub featured: Vec<ProductSummary>,
}

/// Shortens text for a meta description or a card: first paragraph, at most `max` characters, cut between words.
pub fn summarize(text: &str, max: usize) -> String {
    let first = text.split("\n\n").next().unwrap_or("").trim();
    if first.chars().count() <= max {
        return first.to_owned();
    }
    let cut: String = first.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::Image;

    #[test]
    fn an_uploaded_image_lists_its_widths_in_both_formats_and_keeps_its_proportions() {
        let image = Image {
            url: "/media/uploads/ab12/1280.jpg".into(),
            alt: String::new(),
            width: 2000,
            height: 1000,
            widths: vec![320, 640, 1280],
            webp: true,
            variant: None,
        };
        assert_eq!(
            image.srcset(false),
            "/media/uploads/ab12/320.jpg 320w, /media/uploads/ab12/640.jpg 640w, /media/uploads/ab12/1280.jpg 1280w"
        );
        assert!(
            image
                .srcset(true)
                .starts_with("/media/uploads/ab12/320.webp 320w")
        );
        assert_eq!(image.height_at(400), 200);
        let generated = Image {
            widths: Vec::new(),
            width: 0,
            height: 0,
            ..image
        };
        assert_eq!(generated.srcset(false), "");
        assert_eq!(generated.height_at(400), 400);
    }

    use super::*;

    #[test]
    fn stock_state_hides_exact_numbers_above_the_threshold() {
        assert_eq!(StockState::from_on_hand(500), StockState::InStock);
        assert_eq!(StockState::from_on_hand(10), StockState::LowStock(10));
        assert_eq!(StockState::from_on_hand(0), StockState::OutOfStock);
        assert_eq!(StockState::from_on_hand(-3), StockState::OutOfStock);
    }

    #[test]
    fn an_out_of_stock_variant_cannot_be_added() {
        assert!(!StockState::OutOfStock.is_available());
        assert!(StockState::LowStock(1).is_available());
    }

    #[test]
    fn a_summary_is_cut_between_words() {
        let text = "Zinc-plated hex bolts for general assembly work in steel frames and machinery.\n\nMore.";
        assert_eq!(summarize(text, 40), "Zinc-plated hex bolts for general…");
        assert_eq!(summarize("Short.\n\nSecond", 40), "Short.");
    }
}
