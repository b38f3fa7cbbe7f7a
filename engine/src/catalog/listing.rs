//! Category listings and search, both answered by the search index: text, filters, facets, order and page in one
//! pass, then cards for the page's products from the database.

use domain::{
    AttributeFacet, CategoryPage, DomainError, FacetValue, Facets, ListingQuery, Money, PageInfo,
    PriceFacet, PriceRange, SearchPage, SortOrder, Suggestion,
};
use rust_decimal::Decimal;

use std::sync::Arc;

use crate::page_cache::PageCache;
use crate::search::docs::{CHANNEL_ATTRIBUTE, price_key};
use crate::search::index::{IndexFacets, IndexHits, IndexQuery, IndexSort};
use crate::{
    Engine, EngineError, EngineResult, Shopper,
    meta::{AttributeKind, CatalogMeta},
    refresh::search_error,
};

const MICROS: i64 = 1_000_000;

impl Engine {
    /// One page of a category listing, holding the products of the category and every category below it,
    /// refined by `query`. `NotFound` for an unknown category or a page past the last (an empty listing still
    /// has page 1).
    pub async fn category_page(
        &self,
        shopper: &Shopper,
        slug: &str,
        query: &ListingQuery,
        per_page: u32,
    ) -> EngineResult<CategoryPage> {
        let meta = self.meta().await?;
        let qs = query.to_query_string();
        let per = per_page.to_string();
        let key =
            PageCache::<CategoryPage>::key(shopper, self.cache_version(&meta), &[slug, &qs, &per]);
        if let Some(hit) = key.as_deref().and_then(|k| self.caches.listings.get(k)) {
            return Ok((*hit).clone());
        }
        let tree = meta.categories(&shopper.locale);
        let category = tree
            .by_slug(slug)
            .filter(|c| meta.sells_category(shopper.channel.id, c.id))
            .ok_or_else(|| EngineError::not_found("category", slug))?;
        let (hits, page) = self
            .run_listing(shopper, &meta, Some(category.id), query, per_page)
            .await?;
        let alternates = shopper
            .channel
            .locales
            .iter()
            .filter_map(|locale| {
                let row = meta.categories(locale).by_id(category.id)?;
                Some(domain::Alternate {
                    locale: locale.clone(),
                    path: format!("{}/categories/{}", shopper.channel.prefix(locale), row.slug),
                })
            })
            .collect();
        let listing = CategoryPage {
            breadcrumbs: tree.breadcrumbs(category.id)?,
            children: tree.children(category.id)?,
            category: category.to_domain()?,
            products: self.cards(shopper, &hits.ids).await?,
            facets: self.facets(shopper, &meta, &hits.facets, query, Some(category.id)),
            query: query.clone(),
            page,
            alternates,
        };
        if let Some(key) = key {
            self.caches.listings.insert(key, Arc::new(listing.clone()));
        }
        Ok(listing)
    }

    /// Search over the shopper's channel: typo-tolerant text, facets, order and page.
    pub async fn search(
        &self,
        shopper: &Shopper,
        query: &ListingQuery,
        per_page: u32,
    ) -> EngineResult<SearchPage> {
        let meta = self.meta().await?;
        let qs = query.to_query_string();
        let per = per_page.to_string();
        let key = PageCache::<SearchPage>::key(shopper, self.cache_version(&meta), &[&qs, &per]);
        if let Some(hit) = key.as_deref().and_then(|k| self.caches.searches.get(k)) {
            return Ok((*hit).clone());
        }
        let (hits, page) = self
            .run_listing(shopper, &meta, None, query, per_page)
            .await?;
        let results = SearchPage {
            products: self.cards(shopper, &hits.ids).await?,
            facets: self.facets(shopper, &meta, &hits.facets, query, None),
            query: query.clone(),
            page,
        };
        if let Some(key) = key {
            self.caches.searches.insert(key, Arc::new(results.clone()));
        }
        Ok(results)
    }

    /// Up to `limit` products for a partial query, as the buyer types.
    pub async fn suggest(
        &self,
        shopper: &Shopper,
        text: &str,
        limit: usize,
    ) -> EngineResult<Vec<Suggestion>> {
        let text: String = text.chars().take(ListingQuery::MAX_TEXT).collect();
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        let meta = self.meta().await?;
        let index = self.search_index().await?;
        let mut q = index_query(
            shopper,
            &meta,
            None,
            &ListingQuery::default(),
            0,
            limit.min(20),
        );
        q.text = text;
        let ids = index.suggest(&q).map_err(search_error)?;
        Ok(self
            .cards(shopper, &ids)
            .await?
            .into_iter()
            .map(|c| Suggestion {
                name: c.name,
                slug: c.slug,
            })
            .collect())
    }

    async fn run_listing(
        &self,
        shopper: &Shopper,
        meta: &CatalogMeta,
        category: Option<i64>,
        query: &ListingQuery,
        per_page: u32,
    ) -> EngineResult<(IndexHits, PageInfo)> {
        let (page, per_page) = PageInfo::request(query.page, per_page)?;
        if !shopper.sees_prices()
            && (query.price.is_some()
                || matches!(query.sort, SortOrder::PriceAsc | SortOrder::PriceDesc))
        {
            return Err(
                DomainError::new("price", "prices are shown to signed-in buyers only").into(),
            );
        }
        let offset = PageInfo::offset(page, per_page) as usize;
        let index = self.search_index().await?;
        let q = index_query(shopper, meta, category, query, offset, per_page as usize);
        let hits = index.search(&q).map_err(search_error)?;
        let info = PageInfo {
            number: page,
            per_page,
            total_items: hits.total as u64,
        };
        // A page past the last one does not exist: crawlers must not find endless empty pages.
        if page > info.total_pages() {
            return Err(EngineError::not_found(
                "listing page",
                format!("page={page}"),
            ));
        }
        Ok((hits, info))
    }

    fn facets(
        &self,
        shopper: &Shopper,
        meta: &CatalogMeta,
        counts: &IndexFacets,
        query: &ListingQuery,
        category: Option<i64>,
    ) -> Facets {
        let tree = meta.categories(&shopper.locale);
        let currency = shopper.channel.currency.clone();
        let micros = |m: i64| Money::new(Decimal::new(m, 6).normalize(), currency.clone());
        Facets {
            categories: counts
                .categories
                .iter()
                .filter_map(|(id, count)| {
                    let row = tree.by_id(*id)?;
                    Some(FacetValue {
                        value: row.slug.clone(),
                        label: row.name.clone(),
                        count: *count,
                        selected: Some(*id) == category,
                    })
                })
                .collect(),
            brands: counts
                .brands
                .iter()
                .filter_map(|(slug, count)| {
                    let brand = meta.brand_by_slug(slug)?;
                    Some(FacetValue {
                        value: slug.clone(),
                        label: brand.name.clone(),
                        count: *count,
                        selected: query.brands.contains(slug),
                    })
                })
                .collect(),
            attributes: meta
                .attributes
                .iter()
                .filter(|a| a.filterable && a.code != CHANNEL_ATTRIBUTE)
                .filter_map(|a| {
                    let (_, values) = counts.attributes.iter().find(|(c, _)| *c == a.code)?;
                    let mut values: Vec<FacetValue> = values
                        .iter()
                        .map(|(value, count)| FacetValue {
                            value: value.clone(),
                            label: a.display(value, &shopper.locale),
                            count: *count,
                            selected: query.has_attribute(&a.code, value),
                        })
                        .collect();
                    // Sizes read in order of size, not of how many products have them.
                    if a.kind == AttributeKind::Number {
                        values.sort_by(|x, y| {
                            let n = |v: &FacetValue| v.value.parse::<Decimal>().unwrap_or_default();
                            n(x).cmp(&n(y))
                        });
                    }
                    Some(AttributeFacet {
                        code: a.code.clone(),
                        name: a.name_in(&shopper.locale).to_owned(),
                        values,
                    })
                })
                .collect(),
            prices: if shopper.sees_prices() {
                counts
                    .price_ranges
                    .iter()
                    .map(|(lo, hi, count)| {
                        let range = PriceRange {
                            min: Decimal::new(*lo / MICROS, 0),
                            max: hi.map(|h| Decimal::new(h / MICROS, 0)),
                        };
                        PriceFacet {
                            selected: query.price == Some(range),
                            range,
                            min: micros(*lo),
                            max: hi.map(micros),
                            count: *count,
                        }
                    })
                    .collect()
            } else {
                Vec::new()
            },
            in_stock: counts.in_stock,
        }
    }
}

/// A filter bound in micro-units. `PriceRange::parse` keeps bounds within `UnitPrice::MAX_AMOUNT`, so this is
/// `Some` for every range from a URL; the multiplication is checked all the same, so no range can panic here.
fn to_micros(amount: Decimal) -> Option<i64> {
    amount
        .checked_mul(Decimal::from(MICROS))?
        .round()
        .try_into()
        .ok()
}

fn index_query(
    shopper: &Shopper,
    meta: &CatalogMeta,
    category: Option<i64>,
    query: &ListingQuery,
    offset: usize,
    limit: usize,
) -> IndexQuery {
    let mut attributes: Vec<(String, Vec<String>)> = query
        .attributes
        .iter()
        .filter(|(code, _)| meta.attribute(code).is_some_and(|a| a.filterable))
        .cloned()
        .collect();
    attributes.push((
        CHANNEL_ATTRIBUTE.to_owned(),
        vec![shopper.channel.code.clone()],
    ));
    let sort = match query.sort {
        SortOrder::Relevance if query.text.trim().is_empty() => IndexSort::Name,
        SortOrder::Relevance => IndexSort::Relevance,
        SortOrder::PriceAsc => IndexSort::PriceAsc,
        SortOrder::PriceDesc => IndexSort::PriceDesc,
        SortOrder::Name => IndexSort::Name,
        SortOrder::Newest => IndexSort::Newest,
    };
    IndexQuery {
        text: query.text.clone(),
        category,
        brands: query.brands.clone(),
        attributes,
        currency: price_key(&shopper.channel),
        price_min: query.price.and_then(|p| to_micros(p.min)),
        // The index's bound is inclusive; the range's upper bound is not.
        price_max: query
            .price
            .and_then(|p| p.max)
            .and_then(to_micros)
            .map(|m| m - 1),
        in_stock_only: query.in_stock,
        sort,
        offset,
        limit,
        prefix_last: false,
    }
}
