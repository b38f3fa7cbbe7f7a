//! The shop set-up a seed brings besides the catalog: channels, tax rates, attributes and product types, customer
//! groups, companies and price lists.

/// Translated content of a category or product.
#[derive(Debug, Clone)]
pub struct SeedText {
    /// Locale code (`de`).
    pub locale: String,
    /// URL slug in that locale.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Description; empty falls back to the default locale's.
    pub description: String,
}

/// A sales channel.
#[derive(Debug, Clone)]
pub struct SeedChannel {
    /// Stable code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Locales, the default first.
    pub locales: Vec<String>,
    /// Tax country for buyers without an address.
    pub country: String,
    /// Whether shown prices include tax.
    pub prices_include_tax: bool,
    /// Whether guests see prices.
    pub prices_public: bool,
    /// Host names that select the channel.
    pub hosts: Vec<String>,
    /// Slugs of the top categories it sells; empty for everything.
    pub assortment: Vec<String>,
}

/// An attribute definition.
#[derive(Debug, Clone)]
pub struct SeedAttribute {
    /// Code, as in `attr.{code}` filters.
    pub code: String,
    /// Display name.
    pub name: String,
    /// `text`, `number`, `enum` or `boolean`.
    pub kind: String,
    /// Unit of a number (`mm`).
    pub unit: String,
    /// Whether listings offer it as a facet.
    pub filterable: bool,
    /// Enum options: (key, label).
    pub options: Vec<(String, String)>,
    /// The name in other locales: (locale, name).
    pub names: Vec<(String, String)>,
    /// Enum option labels in other locales: (key, locale, label).
    pub labels: Vec<(String, String, String)>,
}

/// A product type: a named group of attributes in display order.
#[derive(Debug, Clone)]
pub struct SeedProductType {
    /// Code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Attribute codes in display order.
    pub attributes: Vec<String>,
}

/// A company as a pricing target.
#[derive(Debug, Clone)]
pub struct SeedCompany {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Customer group code.
    pub group: Option<String>,
    /// Country.
    pub country: String,
    /// EU VAT number, if the company has one.
    pub vat_id: Option<String>,
}

/// What a price list does to one variant.
#[derive(Debug, Clone)]
pub enum SeedEntry {
    /// A fixed net unit price in micro-units with volume breaks (from quantity, micro-units).
    Fixed(i64, Vec<(u32, i64)>),
    /// A percentage off the base price (decimal string).
    PercentOff(String),
}

/// A price list.
#[derive(Debug, Clone)]
pub struct SeedPriceList {
    /// Code.
    pub code: String,
    /// Name shown in price explanations.
    pub name: String,
    /// Currency code.
    pub currency: String,
    /// Higher wins.
    pub priority: i64,
    /// Validity in epoch milliseconds.
    pub valid: (Option<i64>, Option<i64>),
    /// Targets: (`everyone` | `customer_group` | `company`, code; empty for everyone).
    pub targets: Vec<(String, String)>,
    /// Entries by SKU.
    pub entries: Vec<(String, SeedEntry)>,
}

/// Everything a seed sets up besides categories and products.
#[derive(Debug, Clone, Default)]
pub struct SeedSetup {
    /// Channels, the default first.
    pub channels: Vec<SeedChannel>,
    /// (tax class, country, rate in percent as a decimal string).
    pub tax_rates: Vec<(String, String, String)>,
    /// Attribute definitions.
    pub attributes: Vec<SeedAttribute>,
    /// Product types.
    pub product_types: Vec<SeedProductType>,
    /// Customer groups: (code, name).
    pub customer_groups: Vec<(String, String)>,
    /// Companies.
    pub companies: Vec<SeedCompany>,
    /// Price lists.
    pub price_lists: Vec<SeedPriceList>,
}
