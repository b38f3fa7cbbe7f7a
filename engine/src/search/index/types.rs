//! The index's interface types: what goes in, what a search asks and what it gets back.

/// One product as the index sees it. Built by the engine from the database.
pub(crate) struct IndexDoc {
    pub product_id: i64,
    /// May hold several locales' names joined by "\n"; all searchable.
    pub name: String,
    /// Display name, searchable; empty = none.
    pub brand: String,
    /// Facet value.
    pub brand_slug: Option<String>,
    /// Searchable; an exact full SKU (case-insensitive) query ranks that product first.
    pub skus: Vec<String>,
    /// Descriptions, variant titles, option and attribute values: searchable, lower weight.
    pub body: String,
    /// Category ids from the root down to the product's own category.
    pub category_path: Vec<i64>,
    /// (attribute code, value key), e.g. ("material", "stainless-steel"); a code may repeat.
    pub attributes: Vec<(String, String)>,
    /// (currency code, lowest variant net unit price in micro-units).
    pub prices: Vec<(String, i64)>,
    pub in_stock: bool,
    /// Epoch milliseconds.
    pub created_at: i64,
    /// Name to sort by; the index lower-cases it.
    pub sort_name: String,
}

/// Order of the result page.
pub(crate) enum IndexSort {
    /// Best match first.
    Relevance,
    /// Cheapest first in the query's currency; products without a price there last.
    PriceAsc,
    /// Dearest first in the query's currency; products without a price there last.
    PriceDesc,
    /// By sort name, A to Z.
    Name,
    /// Most recently created first.
    Newest,
}

/// A search: text, filters, order and page.
pub(crate) struct IndexQuery {
    /// Raw user text; blank matches every doc.
    pub text: String,
    /// Restrict to this category's whole subtree.
    pub category: Option<i64>,
    /// Brand slugs, OR'ed.
    pub brands: Vec<String>,
    /// Per attribute code, values OR'ed; different codes AND'ed.
    pub attributes: Vec<(String, Vec<String>)>,
    /// The currency of price sort, price filter and price facet.
    pub currency: String,
    /// Micros, inclusive.
    pub price_min: Option<i64>,
    /// Micros, inclusive.
    pub price_max: Option<i64>,
    pub in_stock_only: bool,
    pub sort: IndexSort,
    pub offset: usize,
    pub limit: usize,
    /// Treat the last text token as a prefix (search-as-you-type).
    pub prefix_last: bool,
}

/// A result page.
pub(crate) struct IndexHits {
    /// Product ids of the requested page, in order.
    pub ids: Vec<i64>,
    /// All matching docs.
    pub total: usize,
    pub facets: IndexFacets,
}

/// Facet counts of a search; counts of a dimension the query filters on ignore that dimension's own filter.
pub(crate) struct IndexFacets {
    /// Direct children of the query's category (top-level categories without one) → count, non-zero only,
    /// by count then id.
    pub categories: Vec<(i64, u64)>,
    /// Brand slug → count, by count then slug.
    pub brands: Vec<(String, u64)>,
    /// Per attribute code (sorted): value → count, by count then value.
    pub attributes: Vec<(String, Vec<(String, u64)>)>,
    /// (lower micros inclusive, upper micros exclusive or open) → count, non-empty ladder buckets only.
    pub price_ranges: Vec<(i64, Option<i64>, u64)>,
    /// Matching docs (ignoring `in_stock_only`) that are in stock.
    pub in_stock: u64,
}
