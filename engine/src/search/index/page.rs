//! The main pass: one walk over the matching docs yields the requested page, the total and the facet counts.

use std::ops::Range;

use tantivy::collector::sort_key::{SortBySimilarityScore, SortByStaticFastValue, SortByString};
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::Query;
use tantivy::{DocAddress, Order, Searcher, TantivyError};

use super::IndexSort;
use super::facets::{FacetCounter, FacetCounts};
use super::schema::{CREATED_AT, PRODUCT_ID, SORT_NAME};

/// What the main pass found.
pub(super) struct Page {
    pub ids: Vec<i64>,
    pub total: usize,
    /// Empty when the pass was asked for no facets.
    pub counts: FacetCounts,
}

/// Runs `query` once, collecting the docs of `range` in `sort` order, the match count and (if asked) all facet
/// counts.
///
/// `price_column` is the name of the price fast field of the query's currency, if the index has one. Every
/// order ends with `product_id` ascending, so equal keys page stably; docs without the sort value come last.
pub(super) fn main_pass(
    searcher: &Searcher,
    query: &dyn Query,
    sort: &IndexSort,
    price_column: Option<&str>,
    range: Range<usize>,
    with_facets: bool,
) -> Result<Page, TantivyError> {
    let facets = with_facets.then_some(FacetCounter);
    let top = || (!range.is_empty()).then(|| TopDocs::for_doc_range(range.clone()));
    let by_id = || {
        (
            SortByStaticFastValue::<i64>::for_field(PRODUCT_ID),
            Order::Asc,
        )
    };
    match (sort, price_column) {
        (IndexSort::Relevance, _) => {
            let key = ((SortBySimilarityScore, Order::Desc), by_id());
            collect(
                searcher,
                query,
                facets,
                top().map(|t| t.order_by(key)),
                |k| k.1,
            )
        }
        (IndexSort::PriceAsc | IndexSort::PriceDesc, Some(field)) => {
            let order = match sort {
                IndexSort::PriceDesc => Order::Desc,
                _ => Order::Asc,
            };
            let key = (
                (SortByStaticFastValue::<i64>::for_field(field), order),
                by_id(),
            );
            collect(
                searcher,
                query,
                facets,
                top().map(|t| t.order_by(key)),
                |k| k.1,
            )
        }
        // No product has a price in a currency the index does not know: all tie, so only the id orders.
        (IndexSort::PriceAsc | IndexSort::PriceDesc, None) => collect(
            searcher,
            query,
            facets,
            top().map(|t| t.order_by(by_id())),
            |k| *k,
        ),
        (IndexSort::Name, _) => {
            let key = ((SortByString::for_field(SORT_NAME), Order::Asc), by_id());
            collect(
                searcher,
                query,
                facets,
                top().map(|t| t.order_by(key)),
                |k| k.1,
            )
        }
        (IndexSort::Newest, _) => {
            let key = (
                (
                    SortByStaticFastValue::<i64>::for_field(CREATED_AT),
                    Order::Desc,
                ),
                by_id(),
            );
            collect(
                searcher,
                query,
                facets,
                top().map(|t| t.order_by(key)),
                |k| k.1,
            )
        }
    }
}

/// The pass itself, generic over the sort key; `id_of` reads the product id back out of the key.
fn collect<K, C>(
    searcher: &Searcher,
    query: &dyn Query,
    facets: Option<FacetCounter>,
    top: Option<C>,
    id_of: impl Fn(&K) -> Option<i64>,
) -> Result<Page, TantivyError>
where
    C: Collector<Fruit = Vec<(K, DocAddress)>>,
{
    let (page, total, counts) = searcher.search(query, &(top, Count, facets))?;
    let ids = page
        .unwrap_or_default()
        .iter()
        .filter_map(|(key, _)| id_of(key))
        .collect();
    Ok(Page {
        ids,
        total,
        counts: counts.unwrap_or_default(),
    })
}

/// Facet counts alone, for the disjunctive passes.
pub(super) fn count_facets(
    searcher: &Searcher,
    query: &dyn Query,
) -> Result<FacetCounts, TantivyError> {
    searcher.search(query, &FacetCounter)
}
