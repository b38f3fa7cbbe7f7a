//! Builds index documents from the database: five set-based queries for any number of products, grouped in memory,
//! so indexing 100,000 products costs five scans, not 500,000 lookups.

use std::collections::HashMap;

use domain::{TaxClass, TaxDisplay};
use rust_decimal::Decimal;
use sqlx::{AnyPool, FromRow};

use super::index::IndexDoc;
use crate::{EngineResult, meta::CatalogMeta, products::SHOWN};

/// The reserved attribute code under which a document records the channels that sell it, so the channel filter
/// rides on the attribute filter the index already has.
pub(crate) const CHANNEL_ATTRIBUTE: &str = "_channel";

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    category_id: i64,
    name: String,
    description: String,
    brand_id: Option<i64>,
    created_at: i64,
    tax_class: String,
}

#[derive(FromRow)]
struct VariantRow {
    product_id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
}

/// Documents for `ids`, or for every product when `None`. Products that no longer exist are simply absent.
pub(crate) async fn load_docs(
    pool: &AnyPool,
    meta: &CatalogMeta,
    ids: Option<&[i64]>,
) -> EngineResult<Vec<IndexDoc>> {
    // Ids are integers from the database, so inlining them cannot inject anything. Statements with inlined ids are
    // never kept in the connection's statement cache (`persistent(false)`, here and wherever ids are inlined): each
    // is used once, and a compiled 5,000-id statement holds megabytes.
    let filter = |column: &str| match ids {
        None => String::new(),
        Some(ids) => format!(
            "WHERE {column} IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    };
    if ids.is_some_and(<[i64]>::is_empty) {
        return Ok(Vec::new());
    }
    let products: Vec<ProductRow> = sqlx::query_as(&format!(
        "SELECT id, category_id, name, description, brand_id, created_at, tax_class FROM products p {} {}",
        filter("id"),
        // A product buyers may not see has no document; the refresh takes out the ids that yield none.
        if ids.is_some() { format!("AND {SHOWN}") } else { format!("WHERE {SHOWN}") }
    ))
.persistent(false)
    .fetch_all(pool)
    .await?;
    let mut translations: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for (id, name, description) in sqlx::query_as::<_, (i64, String, String)>(&format!(
        "SELECT product_id, name, description FROM product_translations {}",
        filter("product_id")
    ))
    .persistent(false)
    .fetch_all(pool)
    .await?
    {
        translations
            .entry(id)
            .or_default()
            .push((name, description));
    }
    let mut variants: HashMap<i64, Vec<VariantRow>> = HashMap::new();
    for v in sqlx::query_as::<_, VariantRow>(&format!(
        "SELECT product_id, sku, title, options, stock_on_hand - reserved AS stock_on_hand FROM variants {}",
        filter("product_id")
    ))
    .persistent(false)
    .fetch_all(pool)
    .await?
    {
        variants.entry(v.product_id).or_default().push(v);
    }
    let mut prices: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for (id, currency, micros) in sqlx::query_as::<_, (i64, String, i64)>(&format!(
        "SELECT v.product_id, pr.currency, MIN(pr.amount_micros) FROM prices pr
         JOIN variants v ON v.id = pr.variant_id {} GROUP BY v.product_id, pr.currency",
        filter("v.product_id")
    ))
    .persistent(false)
    .fetch_all(pool)
    .await?
    {
        prices.entry(id).or_default().push((currency, micros));
    }
    let mut values: HashMap<i64, Vec<(i64, String)>> = HashMap::new();
    for (id, attribute, value) in sqlx::query_as::<_, (i64, i64, String)>(&format!(
        "SELECT product_id, attribute_id, value FROM product_attribute_values {}",
        filter("product_id")
    ))
    .persistent(false)
    .fetch_all(pool)
    .await?
    {
        values.entry(id).or_default().push((attribute, value));
    }

    Ok(products
        .into_iter()
        .map(|p| {
            let variants = variants.remove(&p.id).unwrap_or_default();
            let prices = prices.remove(&p.id).unwrap_or_default();
            let values = values.remove(&p.id).unwrap_or_default();
            let translated = translations.remove(&p.id).unwrap_or_default();
            document(meta, p, variants, prices, values, translated)
        })
        .collect())
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
