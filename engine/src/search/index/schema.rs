//! The index's schema, its analyzers and the mapping from [`IndexDoc`] to a tantivy document.

use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use tantivy::TantivyDocument;
use tantivy::TantivyError;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
    TokenizerManager,
};

use super::IndexDoc;

/// Analyzer of every searchable text field and of the user's query text.
pub(super) const TEXT_ANALYZER: &str = "kontor_text";
/// Fast-field normalizer of `sort_name`: folding makes "Öl" sort among the "o"s, not after "z".
const SORT_NORMALIZER: &str = "kontor_sort";
/// Longer tokens are noise (hashes, base64, glued words) and would only bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 40;
/// A name longer than this adds nothing to the order but costs fast-field space.
const MAX_SORT_NAME_CHARS: usize = 120;

pub(super) const PRODUCT_ID: &str = "product_id";
pub(super) const CREATED_AT: &str = "created_at";
pub(super) const SORT_NAME: &str = "sort_name";
pub(super) const FACET: &str = "facet";

/// Price facet buckets, lower bounds in major units; the last bucket is open-ended.
pub(super) const PRICE_LADDER: [i64; 10] = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000];
pub(super) const MICROS_PER_UNIT: i64 = 1_000_000;

/// The schema's fields, resolved once so queries never look them up by name.
pub(super) struct Fields {
    pub product_id: Field,
    pub name: Field,
    pub brand: Field,
    pub sku: Field,
    pub sku_exact: Field,
    pub body: Field,
    pub facet: Field,
    pub created_at: Field,
    pub sort_name: Field,
    /// Upper-cased currency code → its `price_<CUR>` fast field.
    pub prices: BTreeMap<String, Field>,
}

impl Fields {
    /// Builds the schema; fails on a currency code that cannot be part of a field name.
    pub(super) fn build(currencies: &[&str]) -> Result<(Schema, Fields), TantivyError> {
        let mut builder = Schema::builder();
        // Only body gets frequencies: names, brands and SKUs are short, a repeated word there says nothing.
        let text = |record: IndexRecordOption| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(TEXT_ANALYZER)
                    .set_index_option(record),
            )
        };
        let product_id = builder.add_i64_field(PRODUCT_ID, INDEXED | FAST);
        let name = builder.add_text_field("name", text(IndexRecordOption::Basic));
        let brand = builder.add_text_field("brand", text(IndexRecordOption::Basic));
        let sku = builder.add_text_field("sku", text(IndexRecordOption::Basic));
        let sku_exact = builder.add_text_field(
            "sku_exact",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("raw")
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            ),
        );
        let body = builder.add_text_field("body", text(IndexRecordOption::WithFreqs));
        let facet = builder.add_facet_field(FACET, FacetOptions::default());
        let created_at = builder.add_i64_field(CREATED_AT, FAST);
        let sort_name =
            builder.add_text_field(SORT_NAME, TextOptions::default().set_fast(SORT_NORMALIZER));
        let mut prices = BTreeMap::new();
        for currency in currencies {
            let code = normalize_currency(currency);
            if code.is_empty() || !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(TantivyError::InvalidArgument(format!(
                    "currency code {currency:?} is not alphanumeric"
                )));
            }
            if let Entry::Vacant(slot) = prices.entry(code) {
                let field = builder.add_i64_field(&price_field_name(slot.key()), FAST);
                slot.insert(field);
            }
        }
        let fields = Fields {
            product_id,
            name,
            brand,
            sku,
            sku_exact,
            body,
            facet,
            created_at,
            sort_name,
            prices,
        };
        Ok((builder.build(), fields))
    }

    /// The price fast field of `currency`, if the index was created with it.
    pub(super) fn price_field(&self, currency: &str) -> Option<Field> {
        self.prices.get(&normalize_currency(currency)).copied()
    }

    /// Name of the price fast field of `currency`, if the index was created with it.
    pub(super) fn price_column(&self, currency: &str) -> Option<String> {
        let code = normalize_currency(currency);
        self.prices
            .contains_key(&code)
            .then(|| price_field_name(&code))
    }

    /// Turns a product into the document the index stores.
    pub(super) fn to_document(&self, doc: &IndexDoc) -> TantivyDocument {
        let mut out = TantivyDocument::new();
        out.add_i64(self.product_id, doc.product_id);
        out.add_text(self.name, &doc.name);
        if !doc.brand.trim().is_empty() {
            out.add_text(self.brand, &doc.brand);
        }
        for sku in &doc.skus {
            let exact = sku.trim();
            if exact.is_empty() {
                continue;
            }
            out.add_text(self.sku, exact);
            out.add_text(self.sku_exact, exact.to_lowercase());
        }
        if !doc.body.is_empty() {
            out.add_text(self.body, &doc.body);
        }
        out.add_i64(self.created_at, doc.created_at);
        let sort_name: String = doc
            .sort_name
            .trim()
            .to_lowercase()
            .chars()
            .take(MAX_SORT_NAME_CHARS)
            .collect();
        out.add_text(self.sort_name, sort_name);

        if !doc.category_path.is_empty() {
            let steps = doc.category_path.iter().map(i64::to_string);
            out.add_facet(
                self.facet,
                Facet::from_path(std::iter::once("cat".to_string()).chain(steps)),
            );
        }
        if let Some(slug) = doc.brand_slug.as_deref().filter(|s| !s.is_empty()) {
            out.add_facet(self.facet, facet_of(&["brand", slug]));
        }
        // A set, because the facet collector would otherwise count a doc twice under one value.
        let attributes: BTreeSet<(&str, &str)> = doc
            .attributes
            .iter()
            .filter(|(code, value)| !code.is_empty() && !value.is_empty())
            .map(|(code, value)| (code.as_str(), value.as_str()))
            .collect();
        for (code, value) in attributes {
            out.add_facet(self.facet, facet_of(&["attr", code, value]));
        }
        let mut lowest: BTreeMap<String, i64> = BTreeMap::new();
        for (currency, micros) in &doc.prices {
            let code = normalize_currency(currency);
            if code.is_empty() {
                continue;
            }
            let entry = lowest.entry(code).or_insert(*micros);
            *entry = (*entry).min(*micros);
        }
        // Only the index's currencies: a bucket one could not filter on would be a dead end in the shop.
        for (code, micros) in &lowest {
            let Some(field) = self.prices.get(code) else {
                continue;
            };
            out.add_i64(*field, *micros);
            let bucket = price_bucket(*micros).to_string();
            out.add_facet(self.facet, facet_of(&["price", code, &bucket]));
        }
        if doc.in_stock {
            out.add_facet(self.facet, facet_of(&["stock", "in"]));
        }
        out
    }
}

/// The query-side twin of the indexed text fields' analyzer.
pub(super) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Tokenizers for the index: the stock ones (the raw tokenizer of `sku_exact`) plus ours.
pub(super) fn tokenizers() -> (TokenizerManager, TokenizerManager) {
    let text = TokenizerManager::default();
    text.register(TEXT_ANALYZER, text_analyzer());
    let fast = TokenizerManager::default();
    fast.register(
        SORT_NORMALIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    (text, fast)
}

fn price_field_name(currency: &str) -> String {
    format!("price_{currency}")
}

pub(super) fn normalize_currency(currency: &str) -> String {
    currency.trim().to_ascii_uppercase()
}

/// A facet from raw path steps; steps are never parsed, so a `/` in a slug stays part of the slug.
pub(super) fn facet_of(steps: &[&str]) -> Facet {
    Facet::from_path(steps.iter().map(|step| clean_step(step)))
}

/// NUL separates facet steps internally, so it must not occur inside a step.
fn clean_step(step: &str) -> Cow<'_, str> {
    if step.contains('\0') {
        Cow::Owned(step.replace('\0', " "))
    } else {
        Cow::Borrowed(step)
    }
}

/// Lower bound, in major units, of the ladder bucket holding `micros`; negative prices land in the first.
pub(super) fn price_bucket(micros: i64) -> i64 {
    let units = micros.div_euclid(MICROS_PER_UNIT);
    PRICE_LADDER
        .iter()
        .copied()
        .rev()
        .find(|lower| *lower <= units)
        .unwrap_or(0)
}
