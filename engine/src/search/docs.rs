//! Builds index documents from the database: five set-based queries per batch of products, each returning the
//! whole batch as one JSON array that is grouped in memory. Handing a database's rows over one at a time costs more
//! than the database's own work, so 5,000 products cross as five values, not tens of thousands of rows.

use std::collections::HashMap;

use domain::{TaxClass, TaxDisplay};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sqlx::AnyPool;

use super::index::IndexDoc;
use crate::{Backend, EngineError, EngineResult, meta::CatalogMeta, products::SHOWN};

/// The reserved attribute code under which a document records the channels that sell it, so the channel filter
/// rides on the attribute filter the index already has.
pub(crate) const CHANNEL_ATTRIBUTE: &str = "_channel";

/// A product's own columns, in the order the query lists them (a JSON array read as a struct).
#[derive(Deserialize)]
struct ProductRow {
    id: i64,
    category_id: i64,
    name: String,
    description: String,
    brand_id: Option<i64>,
    created_at: i64,
    tax_class: String,
}

/// A variant's columns, in the order the query lists them; `stock_on_hand` is what is left after reservations.
#[derive(Deserialize)]
struct VariantRow {
    product_id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
}

/// Which products to read.
#[derive(Clone, Copy)]
pub(crate) enum Batch<'a> {
    /// Every product whose id lies in the range, inclusive: a build's batch, read by index range.
    Between(i64, i64),
    /// These products: a refresh's changed ones.
    Ids(&'a [i64]),
}

impl Batch<'_> {
    /// The `WHERE` clause for `column`. Ids are integers from the database, so inlining them cannot inject
    /// anything.
    fn filter(self, column: &str) -> String {
        match self {
            Batch::Between(first, last) => format!("WHERE {column} BETWEEN {first} AND {last}"),
            Batch::Ids(ids) => format!(
                "WHERE {column} IN ({})",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
        }
    }
}

/// Runs `select ... from ...` as one JSON array of `[columns…]` rows and reads it as `T`s. Statements with inlined
/// ids are never kept in the connection's statement cache (`persistent(false)`, here and wherever ids are
/// inlined): each is used once, and a compiled 5,000-id statement holds megabytes.
async fn rows<T: DeserializeOwned>(
    pool: &AnyPool,
    backend: Backend,
    columns: &str,
    rest: &str,
) -> EngineResult<Vec<T>> {
    let sql = match backend {
        Backend::Sqlite => format!("SELECT json_group_array(json_array({columns})) {rest}"),
        // PostgreSQL's aggregate of no rows is NULL, where SQLite's is `[]`.
        Backend::Postgres => format!("SELECT json_agg(json_build_array({columns}))::text {rest}"),
    };
    let (json,): (Option<String>,) = sqlx::query_as(&sql)
        .persistent(false)
        .fetch_one(pool)
        .await?;
    match json {
        None => Ok(Vec::new()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| EngineError::Conflict(format!("search documents: {e}"))),
    }
}

/// Documents for `which` products. Products that no longer exist are simply absent.
pub(crate) async fn load_docs(
    pool: &AnyPool,
    backend: Backend,
    meta: &CatalogMeta,
    which: Batch<'_>,
) -> EngineResult<Vec<IndexDoc>> {
    if matches!(which, Batch::Ids(ids) if ids.is_empty()) {
        return Ok(Vec::new());
    }
    // A product buyers may not see has no document; the refresh takes out the ids that yield none.
    let products: Vec<ProductRow> = rows(
        pool,
        backend,
        "p.id, p.category_id, p.name, p.description, p.brand_id, p.created_at, p.tax_class",
        &format!("FROM products p {} AND {SHOWN}", which.filter("p.id")),
    )
    .await?;
    let mut translations: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (id, name, description) in rows::<(i64, String, String)>(
        pool,
        backend,
        "product_id, name, description",
        &format!("FROM product_translations {}", which.filter("product_id")),
    )
    .await?
    {
        translations
            .entry(id)
            .or_default()
            .push((name, description));
    }
    let mut variants: HashMap<i64, Vec<VariantRow>> = HashMap::new();
    for v in rows::<VariantRow>(
        pool,
        backend,
        "product_id, sku, title, options, stock_on_hand - reserved",
        &format!("FROM variants {}", which.filter("product_id")),
    )
    .await?
    {
        variants.entry(v.product_id).or_default().push(v);
    }
    // Every variant's price; the lowest per currency is taken in memory, which spares the database a sort.
    let mut prices: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for (id, currency, micros) in rows::<(i64, String, i64)>(
        pool,
        backend,
        "v.product_id, pr.currency, pr.amount_micros",
        &format!(
            "FROM variants v JOIN prices pr ON pr.variant_id = v.id {}",
            which.filter("v.product_id")
        ),
    )
    .await?
    {
        prices.entry(id).or_default().push((currency, micros));
    }
    let mut values: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (id, attribute, value) in rows::<(i64, i64, String)>(
        pool,
        backend,
        "product_id, attribute_id, value",
        &format!(
            "FROM product_attribute_values {}",
            which.filter("product_id")
        ),
    )
    .await?
    {
        values.entry(id).or_default().push((attribute, value));
    }

    Ok(products
        .into_iter()
        .map(|p| {
            let variants = variants.remove(&p.id).unwrap_or_default();
            let prices = cheapest(prices.remove(&p.id).unwrap_or_default());
            let values = values.remove(&p.id).unwrap_or_default();
            let translated = translations.remove(&p.id).unwrap_or_default();
            document(meta, p, variants, prices, values, translated)
        })
        .collect())
}

/// The lowest price per currency over a product's variants: what "from" prices and the price filter use.
fn cheapest(prices: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let mut lowest: HashMap<String, i64> = HashMap::new();
    for (currency, micros) in prices {
        lowest
            .entry(currency)
            .and_modify(|m| *m = (*m).min(micros))
            .or_insert(micros);
    }
    lowest.into_iter().collect()
}

/// The index's price column for a channel: by id, since the index accepts only alphanumeric names.
pub(crate) fn price_key(channel: &domain::Channel) -> String {
    format!("c{}", channel.id)
}

fn document(
    meta: &CatalogMeta,
    p: ProductRow,
    variants: Vec<VariantRow>,
    prices: Vec<(String, i64)>,
    values: Vec<(i64, String)>,
    translated: Vec<(String, String)>,
) -> IndexDoc {
    let brand = p.brand_id.and_then(|id| meta.brands.get(&id));
    let mut body = vec![p.description.clone()];
    let mut names = vec![p.name.clone()];
    for (name, description) in translated {
        names.push(name);
        body.push(description);
    }
    for v in &variants {
        body.push(v.title.clone());
        if let Ok(options) = serde_json::from_str::<Vec<(String, String)>>(&v.options) {
            body.extend(options.into_iter().map(|(_, value)| value));
        }
    }
    let mut attributes = Vec::new();
    for (attribute_id, value) in &values {
        if let Some(def) = meta.attribute_by_id(*attribute_id) {
            // Every language's label is searchable, whatever the shopper's language.
            body.push(def.display_default(value));
            body.extend(
                def.labels
                    .iter()
                    .filter(|((key, _), _)| key == value)
                    .map(|(_, label)| label.clone()),
            );
            if def.filterable {
                attributes.push((def.code.clone(), def.facet_key(value)));
            }
        }
    }
    // Prices are indexed per channel as the channel shows them (net, or gross for its country), so the price
    // filter and sort agree with the prices on the page.
    let mut channel_prices = Vec::new();
    for channel in &meta.channels {
        let Some(&(_, net)) = prices.iter().find(|(c, _)| c == channel.currency.code()) else {
            continue;
        };
        if !meta.sells_category(channel.id, p.category_id) {
            continue;
        }
        attributes.push((CHANNEL_ATTRIBUTE.to_owned(), channel.code.clone()));
        let shown = match channel.tax_display {
            TaxDisplay::ExcludingTax => net,
            TaxDisplay::IncludingTax => {
                let rate = TaxClass::parse(&p.tax_class)
                    .and_then(|class| meta.tax.rate(&class, &channel.country))
                    .unwrap_or_default();
                let gross =
                    Decimal::from(net) * (Decimal::ONE_HUNDRED + rate) / Decimal::ONE_HUNDRED;
                gross.round().try_into().unwrap_or(net)
            }
        };
        channel_prices.push((price_key(channel), shown));
    }
    IndexDoc {
        product_id: p.id,
        sort_name: p.name.to_lowercase(),
        name: names.join("\n"),
        brand: brand.map(|b| b.name.clone()).unwrap_or_default(),
        brand_slug: brand.map(|b| b.slug.clone()),
        skus: variants.iter().map(|v| v.sku.clone()).collect(),
        body: body.join("\n"),
        category_path: meta.default_categories.path_ids(p.category_id),
        attributes,
        prices: channel_prices,
        in_stock: variants.iter().any(|v| v.stock_on_hand > 0),
        created_at: p.created_at,
    }
}
