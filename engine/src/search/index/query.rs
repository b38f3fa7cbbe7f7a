//! Turning an [`IndexQuery`] into tantivy queries: the scored text part and the non-scoring filters.
//!
//! User text never goes through tantivy's `QueryParser`: its syntax (`AND`, `:`, quotes, `*`) would turn typing
//! into errors. The text is split with the index's own analyzer and each token becomes term, fuzzy and prefix
//! queries built here.

use std::collections::BTreeMap;
use std::ops::Bound;

use tantivy::TantivyError;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur, Query,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use super::IndexQuery;
use super::schema::{Fields, facet_of};

/// More tokens than this are ignored: each one costs several automaton walks, and no real search needs them.
const MAX_QUERY_TOKENS: usize = 12;
/// Shorter words get no typo tolerance: one edit on "bolt" reaches too many other words.
const FUZZY_MIN_CHARS: usize = 5;
/// A typo match scores this fraction of the field's weight, so it ranks below exact hits on the same field.
const FUZZY_WEIGHT: f32 = 0.3;
/// A prefix completion is likelier meant than a typo, so it scores a bit higher.
const PREFIX_WEIGHT: f32 = 0.5;
const SKU_EXACT_WEIGHT: f32 = 10.0;
/// The whole text is only tried as a SKU when it is short enough to be one.
const MAX_SKU_BYTES: usize = 200;

/// Which text fields a token may match in, with their weights.
pub(super) enum TextScope {
    /// Everything searchable: name, SKU, brand, body.
    Full,
    /// Name, SKU and brand: what completion suggestions are about.
    Names,
}

/// The scored text query, or `None` when the text is blank (match everything).
pub(super) fn text_query(
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    text: &str,
    prefix_last: bool,
    scope: TextScope,
) -> Option<Box<dyn Query>> {
    if text.trim().is_empty() {
        return None;
    }
    let mut scoped = vec![
        (fields.name, 3.0, IndexRecordOption::Basic),
        (fields.sku, 3.0, IndexRecordOption::Basic),
        (fields.brand, 2.0, IndexRecordOption::Basic),
    ];
    if matches!(scope, TextScope::Full) {
        scoped.push((fields.body, 1.0, IndexRecordOption::WithFreqs));
    }

    let mut tokens: Vec<(String, usize)> = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while tokens.len() < MAX_QUERY_TOKENS && stream.advance() {
        let token = stream.token();
        tokens.push((token.text.clone(), token.offset_to));
    }
    drop(stream);

    let last = tokens.len().saturating_sub(1);
    let per_token: Vec<(Occur, Box<dyn Query>)> = tokens
        .iter()
        .enumerate()
        .map(|(i, (token, end))| {
            // "steel " means the word is finished; only a token touching the end is still being typed.
            let prefix = prefix_last && i == last && *end >= text.len();
            (Occur::Must, token_query(&scoped, token, prefix))
        })
        .collect();

    let sku = text.trim().to_lowercase();
    let sku_clause: Option<Box<dyn Query>> = (sku.len() <= MAX_SKU_BYTES).then(|| {
        let term = Term::from_field_text(fields.sku_exact, &sku);
        boosted(
            TermQuery::new(term, IndexRecordOption::Basic),
            SKU_EXACT_WEIGHT,
        )
    });

    match (per_token.is_empty(), sku_clause) {
        // Only punctuation: nothing to search for, unless it literally is a SKU.
        (true, Some(sku)) => Some(sku),
        (true, None) => Some(Box::new(EmptyQuery)),
        (false, None) => Some(Box::new(BooleanQuery::new(per_token))),
        (false, Some(sku)) => Some(Box::new(BooleanQuery::new(vec![
            (Occur::Should, Box::new(BooleanQuery::new(per_token))),
            (Occur::Should, sku),
        ]))),
    }
}

/// One token: matches if any field has it exactly, within one typo, or (while typing) as a prefix.
fn token_query(
    scoped: &[(Field, f32, IndexRecordOption)],
    token: &str,
    prefix: bool,
) -> Box<dyn Query> {
    let chars = token.chars().count();
    // Digits mark model numbers and sizes, where one edit is another product (M10 vs M12).
    let fuzzy = chars >= FUZZY_MIN_CHARS && token.chars().all(char::is_alphabetic);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for &(field, weight, record) in scoped {
        let term = Term::from_field_text(field, token);
        clauses.push((
            Occur::Should,
            boosted(TermQuery::new(term.clone(), record), weight),
        ));
        if fuzzy {
            clauses.push((
                Occur::Should,
                boosted(
                    FuzzyTermQuery::new(term.clone(), 1, true),
                    weight * FUZZY_WEIGHT,
                ),
            ));
        }
        if prefix {
            let distance = u8::from(fuzzy);
            clauses.push((
                Occur::Should,
                boosted(
                    FuzzyTermQuery::new_prefix(term, distance, true),
                    weight * PREFIX_WEIGHT,
                ),
            ));
        }
    }
    Box::new(BooleanQuery::new(clauses))
}

fn boosted(query: impl Query, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(Box::new(query), boost))
}

/// A filter dimension left out of a pass, for disjunctive facet counts.
#[derive(Clone, Copy)]
pub(super) enum Skip<'a> {
    Nothing,
    Brand,
    Attribute(&'a str),
    Price,
}

/// The query's filters, each a non-scoring clause.
pub(super) struct Filters {
    category: Option<Box<dyn Query>>,
    brand: Option<Box<dyn Query>>,
    /// Attribute code → its OR'ed values, by code.
    attributes: Vec<(String, Box<dyn Query>)>,
    price: Option<Box<dyn Query>>,
    stock: Option<Box<dyn Query>>,
}

impl Filters {
    pub(super) fn new(fields: &Fields, query: &IndexQuery) -> Result<Self, TantivyError> {
        let facet_term = |steps: &[&str]| {
            let term = Term::from_facet(fields.facet, &facet_of(steps));
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
        };
        let category = match query.category {
            // The facet holds the whole path, and tantivy indexes every ancestor prefix of it, so the
            // prefix ending in this id matches the subtree; a regex finds that prefix without knowing
            // the ancestors.
            Some(id) => Some(Box::new(RegexQuery::from_pattern(
                &format!(r"cat\x00(?:-?[0-9]+\x00)*{id}"),
                fields.facet,
            )?) as Box<dyn Query>),
            None => None,
        };
        let brand = any_of(query.brands.iter().map(|slug| facet_term(&["brand", slug])));
        let mut by_code: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (code, values) in &query.attributes {
            by_code
                .entry(code.as_str())
                .or_default()
                .extend(values.iter().map(String::as_str));
        }
        let attributes = by_code
            .into_iter()
            .filter_map(|(code, values)| {
                let clause = any_of(values.iter().map(|v| facet_term(&["attr", code, v])))?;
                Some((code.to_string(), clause))
            })
            .collect();
        let price = price_filter(fields, query);
        let stock = query.in_stock_only.then(|| facet_term(&["stock", "in"]));
        Ok(Filters {
            category,
            brand,
            attributes,
            price,
            stock,
        })
    }

    pub(super) fn has_brand(&self) -> bool {
        self.brand.is_some()
    }

    pub(super) fn has_price(&self) -> bool {
        self.price.is_some()
    }

    /// Codes of the attributes filtered on.
    pub(super) fn attribute_codes(&self) -> impl Iterator<Item = &str> {
        self.attributes.iter().map(|(code, _)| code.as_str())
    }

    /// The text query AND every filter except `skip`.
    pub(super) fn combine(&self, text: Option<&dyn Query>, skip: Skip<'_>) -> Box<dyn Query> {
        let brand = self
            .brand
            .as_deref()
            .filter(|_| !matches!(skip, Skip::Brand));
        let price = self
            .price
            .as_deref()
            .filter(|_| !matches!(skip, Skip::Price));
        let attributes = self
            .attributes
            .iter()
            .filter(|(code, _)| !matches!(skip, Skip::Attribute(skipped) if skipped == code))
            .map(|(_, query)| query.as_ref());
        let filters = (self.category.as_deref().into_iter())
            .chain(brand)
            .chain(attributes)
            .chain(price)
            .chain(self.stock.as_deref());
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = text
            .map(|text| (Occur::Must, text.box_clone()))
            .into_iter()
            .collect();
        // Score 0: a filter narrows the matches but must not reorder them.
        clauses.extend(filters.map(|filter| {
            let filter: Box<dyn Query> = Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0));
            (Occur::Must, filter)
        }));
        if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        }
    }
}

/// OR of the given clauses; `None` when there are none (no filter, not "match nothing").
fn any_of(clauses: impl Iterator<Item = Box<dyn Query>>) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<Box<dyn Query>> = clauses.collect();
    match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(Box::new(BooleanQuery::union(clauses))),
    }
}

/// Inclusive price range in the query's currency; products without a price there never match.
fn price_filter(fields: &Fields, query: &IndexQuery) -> Option<Box<dyn Query>> {
    if query.price_min.is_none() && query.price_max.is_none() {
        return None;
    }
    let min = query.price_min.unwrap_or(i64::MIN);
    let max = query.price_max.unwrap_or(i64::MAX);
    let Some(field) = fields.price_field(&query.currency).filter(|_| min <= max) else {
        return Some(Box::new(EmptyQuery));
    };
    Some(Box::new(RangeQuery::new(
        Bound::Included(Term::from_field_i64(field, min)),
        Bound::Included(Term::from_field_i64(field, max)),
    )))
}
