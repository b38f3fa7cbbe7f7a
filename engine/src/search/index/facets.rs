//! Facet counting: one collector that counts every facet value of the matching docs, and the shaping of those
//! counts into [`IndexFacets`].
//!
//! tantivy's own `FacetCollector` counts the children of facets named up front, but attribute codes are not
//! known up front; counting the facet column's ordinals directly gives every dimension in the same pass.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use super::schema::{FACET, MICROS_PER_UNIT, PRICE_LADDER, normalize_currency};

/// Matching-doc count per full facet path, keyed by the facet's encoded form (steps joined by NUL).
pub(super) type FacetCounts = HashMap<String, u64>;

/// Counts, over the matching docs, how many carry each full facet path.
pub(super) struct FacetCounter;

/// Per segment: counts indexed by the segment's facet ordinals; resolved to paths only once at merge.
pub(super) struct SegmentFacetCounter {
    column: Option<StrColumn>,
    counts: Vec<u32>,
}

impl Collector for FacetCounter {
    type Fruit = FacetCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> Result<SegmentFacetCounter, TantivyError> {
        // A segment whose docs carry no facet at all may have no column; it then counts nothing.
        let column = reader.fast_fields().str(FACET)?;
        let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentFacetCounter { column, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        segments: Vec<(Option<StrColumn>, Vec<u32>)>,
    ) -> Result<FacetCounts, TantivyError> {
        let mut merged = FacetCounts::new();
        for (column, counts) in segments {
            let Some(column) = column else { continue };
            let ords: Vec<u64> = (0..counts.len() as u64)
                .filter(|ord| counts[*ord as usize] > 0)
                .collect();
            let mut hits = ords.iter();
            column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
                if let Some(ord) = hits.next() {
                    let path = String::from_utf8_lossy(bytes).into_owned();
                    *merged.entry(path).or_insert(0) += u64::from(counts[*ord as usize]);
                }
            })?;
        }
        Ok(merged)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = (Option<StrColumn>, Vec<u32>);

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.column, self.counts)
    }
}

/// `(path steps after the dimension, count)` of every counted facet in dimension `dimension`.
fn dimension<'a>(
    counts: &'a FacetCounts,
    dimension: &'a str,
) -> impl Iterator<Item = (Vec<&'a str>, u64)> + 'a {
    counts.iter().filter_map(move |(path, count)| {
        let mut steps = path.split('\0');
        (steps.next() == Some(dimension)).then(|| (steps.collect(), *count))
    })
}

/// Counts of the direct children of `parent` (of the roots when `None`), by count then id.
pub(super) fn categories(counts: &FacetCounts, parent: Option<i64>) -> Vec<(i64, u64)> {
    let parent = parent.map(|id| id.to_string());
    let mut children: HashMap<i64, u64> = HashMap::new();
    for (path, count) in dimension(counts, "cat") {
        let child = match &parent {
            None => path.first(),
            Some(parent) => path
                .iter()
                .position(|step| step == parent)
                .and_then(|at| path.get(at + 1)),
        };
        if let Some(id) = child.and_then(|step| step.parse::<i64>().ok()) {
            *children.entry(id).or_insert(0) += count;
        }
    }
    let mut children: Vec<(i64, u64)> = children.into_iter().collect();
    children.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    children
}

/// Brand slug counts, by count then slug.
pub(super) fn brands(counts: &FacetCounts) -> Vec<(String, u64)> {
    let mut brands: Vec<(String, u64)> = dimension(counts, "brand")
        .filter_map(|(path, count)| Some((path.first()?.to_string(), count)))
        .collect();
    sort_values(&mut brands);
    brands
}

/// Value counts per attribute code, each value by count then value.
pub(super) fn attributes(counts: &FacetCounts) -> HashMap<String, Vec<(String, u64)>> {
    let mut by_code: HashMap<String, Vec<(String, u64)>> = HashMap::new();
    for (path, count) in dimension(counts, "attr") {
        if let [code, value] = path[..] {
            by_code
                .entry(code.to_string())
                .or_default()
                .push((value.to_string(), count));
        }
    }
    by_code.values_mut().for_each(|values| sort_values(values));
    by_code
}

/// Non-empty ladder buckets of `currency` as `(lower micros, upper micros or open, count)`, cheapest first.
pub(super) fn price_ranges(counts: &FacetCounts, currency: &str) -> Vec<(i64, Option<i64>, u64)> {
    let currency = normalize_currency(currency);
    let mut ranges: Vec<(i64, Option<i64>, u64)> = dimension(counts, "price")
        .filter_map(|(path, count)| {
            let [code, lower] = path[..] else { return None };
            if code != currency {
                return None;
            }
            let lower: i64 = lower.parse().ok()?;
            let at = PRICE_LADDER.iter().position(|step| *step == lower)?;
            let upper = PRICE_LADDER.get(at + 1).map(|up| up * MICROS_PER_UNIT);
            Some((lower * MICROS_PER_UNIT, upper, count))
        })
        .collect();
    ranges.sort_unstable();
    ranges
}

pub(super) fn in_stock(counts: &FacetCounts) -> u64 {
    counts.get("stock\0in").copied().unwrap_or(0)
}

fn sort_values(values: &mut [(String, u64)]) {
    values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}
