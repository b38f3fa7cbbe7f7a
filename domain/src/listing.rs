//! Listings driven by the URL: the search text, filters, sort and page of a category or search page, and the facet
//! counts that come back.
//!
//! The query string is the state, so every filtered page is a plain link a crawler can follow and a form can submit
//! without JavaScript: `?q=bolt&brand=ferrox&attr.material=stainless&price=10-25&stock=in&sort=price-asc&page=2`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{DomainError, Money, PageInfo, ProductSummary, UnitPrice};

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SortOrder {
    /// Best match first for a search; name order for a listing without text.
    #[default]
    Relevance,
    /// Lowest price first.
    PriceAsc,
    /// Highest price first.
    PriceDesc,
    /// A to Z.
    Name,
    /// Most recently added first.
    Newest,
}

impl SortOrder {
    /// Every order, as a sort menu lists them.
    pub const ALL: [SortOrder; 5] = [
        SortOrder::Relevance,
        SortOrder::PriceAsc,
        SortOrder::PriceDesc,
        SortOrder::Name,
        SortOrder::Newest,
    ];

    /// The URL value.
    pub fn param(self) -> &'static str {
        match self {
            SortOrder::Relevance => "relevance",
            SortOrder::PriceAsc => "price-asc",
            SortOrder::PriceDesc => "price-desc",
            SortOrder::Name => "name",
            SortOrder::Newest => "newest",
        }
    }

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            SortOrder::Relevance => "Relevance",
            SortOrder::PriceAsc => "Price: low to high",
            SortOrder::PriceDesc => "Price: high to low",
            SortOrder::Name => "Name",
            SortOrder::Newest => "Newest",
        }
    }

    /// Parses the URL value.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.param() == text)
            .ok_or_else(|| {
                DomainError::new(
                    "sort",
                    "must be one of relevance, price-asc, price-desc, name, newest",
                )
            })
    }
}

/// A price range filter in major units of the channel currency; `max` is exclusive, `None` for open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRange {
    /// Lowest price, inclusive.
    pub min: Decimal,
    /// Highest price, exclusive.
    pub max: Option<Decimal>,
}

impl PriceRange {
    /// Parses `10-25` or `500-`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::new("price", "must look like 10-25 or 500-");
        let (min, max) = text.split_once('-').ok_or_else(bad)?;
        let min: Decimal = min.trim().parse().map_err(|_| bad())?;
        let max = match max.trim() {
            "" => None,
            m => Some(m.parse::<Decimal>().map_err(|_| bad())?),
        };
        if min.is_sign_negative() || max.is_some_and(|m| m <= min) {
            return Err(bad());
        }
        // No price is above the limit, and a bound past it would not fit the index's micro-units: an error naming
        // the field, rather than a filter quietly dropped.
        let limit = Decimal::from(UnitPrice::MAX_AMOUNT);
        if min > limit || max.is_some_and(|m| m > limit) {
            return Err(DomainError::new(
                "price",
                format!("bounds must be at most {}", UnitPrice::MAX_AMOUNT),
            ));
        }
        Ok(Self { min, max })
    }

    /// The URL value.
    pub fn param(&self) -> String {
        match self.max {
            Some(max) => format!("{}-{}", self.min.normalize(), max.normalize()),
            None => format!("{}-", self.min.normalize()),
        }
    }
}

/// What a listing page asks for: text, filters, order and page. Built from the URL, turned back into one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ListingQuery {
    /// Search text; empty lists everything.
    pub text: String,
    /// Brand slugs; a product of any of them matches.
    pub brands: Vec<String>,
    /// Attribute filters: per attribute code the accepted values (any of them); all codes must match.
    pub attributes: Vec<(String, Vec<String>)>,
    /// Price range.
    pub price: Option<PriceRange>,
    /// Only products with a variant in stock.
    pub in_stock: bool,
    /// Order.
    pub sort: SortOrder,
    /// 1-based page.
    pub page: u32,
}

impl ListingQuery {
    /// The longest search text accepted; longer text is cut, not refused, as a search box should.
    pub const MAX_TEXT: usize = 200;

    /// Parses URL query pairs. Unknown keys are ignored (tracking parameters must not break a page); a malformed
    /// value of a known key is an error naming it.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, DomainError> {
        let mut q = ListingQuery {
            page: 1,
            ..Self::default()
        };
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "q" => q.text = value.chars().take(Self::MAX_TEXT).collect(),
                "brand" if !value.is_empty() => push_unique(&mut q.brands, value),
                "price" if !value.is_empty() => q.price = Some(PriceRange::parse(value)?),
                "stock" => q.in_stock = value == "in",
                "sort" if !value.is_empty() => q.sort = SortOrder::parse(value)?,
                "page" => {
                    q.page =
                        value.parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
                            DomainError::new("page", "must be a whole number from 1")
                        })?
                }
                _ => {
                    if let Some(code) = key.strip_prefix("attr.")
                        && !value.is_empty()
                        && !code.is_empty()
                    {
                        match q.attributes.iter_mut().find(|(c, _)| c == code) {
                            Some((_, values)) => push_unique(values, value),
                            None => q.attributes.push((code.to_owned(), vec![value.to_owned()])),
                        }
                    }
                }
            }
        }
        Ok(q)
    }

    /// Parses a raw URL query string (`q=hex+bolt&brand=ferrox`, with or without the leading `?`), decoding
    /// `+` and percent escapes.
    pub fn parse(query_string: &str) -> Result<Self, DomainError> {
        let pairs: Vec<(String, String)> = query_string
            .trim_start_matches('?')
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Whether anything but the page number is set: such listings are not indexed by crawlers and point their
    /// canonical link to the plain listing.
    pub fn is_refined(&self) -> bool {
        !self.brands.is_empty()
            || !self.attributes.is_empty()
            || self.price.is_some()
            || self.in_stock
            || self.sort != SortOrder::Relevance
    }

    /// The query string (without `?`) for this query; `page` 1 and defaults are left out so each listing has one
    /// URL.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<(String, String)> = Vec::new();
        if !self.text.is_empty() {
            parts.push(("q".into(), self.text.clone()));
        }
        for b in &self.brands {
            parts.push(("brand".into(), b.clone()));
        }
        for (code, values) in &self.attributes {
            for v in values {
                parts.push((format!("attr.{code}"), v.clone()));
            }
        }
        if let Some(p) = &self.price {
            parts.push(("price".into(), p.param()));
        }
        if self.in_stock {
            parts.push(("stock".into(), "in".into()));
        }
        if self.sort != SortOrder::Relevance {
            parts.push(("sort".into(), self.sort.param().into()));
        }
        if self.page > 1 {
            parts.push(("page".into(), self.page.to_string()));
        }
        parts
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// This query on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page,
            ..self.clone()
        }
    }

    /// This query with a brand filter added or removed (back to page 1).
    pub fn toggle_brand(&self, slug: &str) -> Self {
        let mut q = self.with_page(1);
        toggle(&mut q.brands, slug);
        q
    }

    /// This query with an attribute value added or removed (back to page 1).
    pub fn toggle_attribute(&self, code: &str, value: &str) -> Self {
        let mut q = self.with_page(1);
        match q.attributes.iter_mut().position(|(c, _)| c == code) {
            Some(i) => {
                toggle(&mut q.attributes[i].1, value);
                if q.attributes[i].1.is_empty() {
                    q.attributes.remove(i);
                }
            }
            None => q.attributes.push((code.to_owned(), vec![value.to_owned()])),
        }
        q
    }

    /// This query with another price range, or none (back to page 1).
    pub fn with_price(&self, price: Option<PriceRange>) -> Self {
        Self {
            price,
            ..self.with_page(1)
        }
    }

    /// This query with the in-stock filter flipped (back to page 1).
    pub fn toggle_in_stock(&self) -> Self {
        Self {
            in_stock: !self.in_stock,
            ..self.with_page(1)
        }
    }

    /// Whether an attribute value is selected.
    pub fn has_attribute(&self, code: &str, value: &str) -> bool {
        self.attributes
            .iter()
            .any(|(c, vs)| c == code && vs.iter().any(|v| v == value))
    }
}

fn push_unique(list: &mut Vec<String>, value: &str) {
    if !list.iter().any(|v| v == value) {
        list.push(value.to_owned());
    }
}

fn toggle(list: &mut Vec<String>, value: &str) {
    match list.iter().position(|v| v == value) {
        Some(i) => {
            list.remove(i);
        }
        None => list.push(value.to_owned()),
    }
}

/// Decodes a query component: `+` is a space, `%XX` a byte; malformed escapes are kept as they are, and invalid
/// UTF-8 is replaced rather than refused, as a search box should.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-encodes a query component (RFC 3986 unreserved characters pass; space becomes `+`).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// One value of a facet with the number of products it would show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The URL value (a slug or attribute value key).
    pub value: String,
    /// What buyers read.
    pub label: String,
    /// Matching products with this value, counting every other active filter.
    pub count: u64,
    /// Whether the listing is filtered by it now.
    pub selected: bool,
}

/// The values of one attribute facet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeFacet {
    /// Attribute code, as in `attr.{code}`.
    pub code: String,
    /// Attribute name.
    pub name: String,
    /// Values with counts.
    pub values: Vec<FacetValue>,
}

/// A price range bucket with its count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceFacet {
    /// The range.
    pub range: PriceRange,
    /// Lower bound, for display.
    pub min: Money,
    /// Upper bound, for display.
    pub max: Option<Money>,
    /// Matching products in the range.
    pub count: u64,
    /// Whether the listing is filtered by it now.
    pub selected: bool,
}

/// Facet counts of a listing.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Facets {
    /// Sub-categories (or top-level categories on a search page), the value being the category slug.
    pub categories: Vec<FacetValue>,
    /// Brands.
    pub brands: Vec<FacetValue>,
    /// Filterable attributes.
    pub attributes: Vec<AttributeFacet>,
    /// Price ranges in the channel currency (empty when prices are hidden).
    pub prices: Vec<PriceFacet>,
    /// Matching products that are in stock.
    pub in_stock: u64,
}

/// A suggestion for the search box: a product name and where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// Product name in the shopper's language.
    pub name: String,
    /// Product slug in the shopper's language.
    pub slug: crate::Slug,
}

/// A page of search results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchPage {
    /// What was asked.
    pub query: ListingQuery,
    /// The products of this page.
    pub products: Vec<ProductSummary>,
    /// Facet counts for refining.
    pub facets: Facets,
    /// Where the page sits.
    pub page: PageInfo,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<ListingQuery, DomainError> {
        ListingQuery::from_pairs(
            q.split('&')
                .filter(|s| !s.is_empty())
                .map(|kv| kv.split_once('=').unwrap_or((kv, ""))),
        )
    }

    #[test]
    fn a_query_string_round_trips() {
        let q = parse("q=hex bolt&brand=ferrox&brand=wardex&attr.material=a2&price=10-25&stock=in&sort=price-asc&page=3")
            .unwrap();
        assert_eq!(q.text, "hex bolt");
        assert_eq!(q.brands, ["ferrox", "wardex"]);
        assert_eq!(
            q.attributes,
            [("material".to_owned(), vec!["a2".to_owned()])]
        );
        assert_eq!(q.price.unwrap().param(), "10-25");
        assert!(q.in_stock && q.is_refined());
        assert_eq!(q.sort, SortOrder::PriceAsc);
        assert_eq!(q.page, 3);
        assert_eq!(
            q.to_query_string(),
            "q=hex+bolt&brand=ferrox&brand=wardex&attr.material=a2&price=10-25&stock=in&sort=price-asc&page=3"
        );
    }

    #[test]
    fn defaults_leave_the_url_plain_and_unknown_keys_are_ignored() {
        let q = parse("utm_source=x&page=1&sort=relevance").unwrap();
        assert_eq!(q.to_query_string(), "");
        assert!(!q.is_refined());
        assert!(!parse("page=2").unwrap().is_refined());
    }

    #[test]
    fn a_bad_value_names_its_field() {
        for (q, field) in [
            ("page=0", "page"),
            ("page=x", "page"),
            ("sort=cheapest", "sort"),
            ("price=25-10", "price"),
            ("price=abc", "price"),
            ("price=1000000001-", "price"),
            ("price=10-1000000000000000000000000", "price"),
        ] {
            assert_eq!(parse(q).unwrap_err().field, field, "{q}");
        }
    }

    #[test]
    fn toggling_a_filter_resets_the_page() {
        let q = parse("brand=ferrox&page=4").unwrap();
        let off = q.toggle_brand("ferrox");
        assert!(off.brands.is_empty());
        assert_eq!(off.page, 1);
        let on = q.toggle_attribute("material", "a2");
        assert!(on.has_attribute("material", "a2"));
        assert!(
            !on.toggle_attribute("material", "a2")
                .has_attribute("material", "a2")
        );
        assert!(on.toggle_attribute("material", "a2").attributes.is_empty());
    }

    #[test]
    fn a_raw_query_string_is_decoded() {
        let q =
            ListingQuery::parse("?q=M8+%26+100%25&brand=ferrox&attr.material=a2&bad=%zz").unwrap();
        assert_eq!(q.text, "M8 & 100%");
        assert_eq!(q.brands, ["ferrox"]);
        assert!(q.has_attribute("material", "a2"));
        assert_eq!(ListingQuery::parse("q=%E2%82%AC%").unwrap().text, "€%");
        assert_eq!(ListingQuery::parse("").unwrap().page, 1);
    }

    #[test]
    fn special_characters_are_encoded() {
        let q = parse("q=a&b").unwrap();
        assert_eq!(q.text, "a");
        let q = ListingQuery {
            text: "M8 & 100%".into(),
            page: 1,
            ..Default::default()
        };
        assert_eq!(q.to_query_string(), "q=M8+%26+100%25");
    }
}
