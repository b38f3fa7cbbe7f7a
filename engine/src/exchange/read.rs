//! Reading products back as [`ProductRecord`]s: the export pages through them in id order, and the import reads
//! the products a batch of records names to tell what changed. One reader for both is what makes an export import
//! back unchanged. Seven queries per call whatever its size: products, then their images, variants, other prices,
//! breaks, attribute values and translations by id list.

use std::collections::HashMap;

use domain::{Currency, UnitPrice};
use sqlx::{AnyConnection, FromRow};

use super::{
    ImageRecord, OptionRecord, PriceRecord, ProductRecord, RulesRecord, TierRecord,
    TranslationRecord, VariantRecord,
};
use crate::EngineResult;

/// Which products to read.
pub(crate) enum Selection<'a> {
    /// Up to `limit` products with an id above `id`, in id order.
    After { id: i64, limit: u32 },
    /// The products with these handles (slugs).
    Handles(&'a [&'a str]),
}

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    name: String,
    brand: String,
    description: String,
    category: String,
    product_type: Option<String>,
    tax_class: String,
}

#[derive(FromRow)]
struct VariantRow {
    id: i64,
    product_id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
    min_quantity: i64,
    quantity_increment: i64,
    max_quantity: Option<i64>,
    amount_micros: i64,
}

/// The selected products as records, in id order. What is empty or default (no breaks, no other prices, the
/// default quantity rules) is left out, as a hand-written file would.
pub(crate) async fn load_records(
    conn: &mut AnyConnection,
    currency: &Currency,
    which: Selection<'_>,
) -> EngineResult<Vec<(i64, ProductRecord)>> {
    let select = "SELECT p.id, p.slug, p.name, COALESCE(b.name, '') AS brand, p.description, c.slug AS category,
                         t.code AS product_type, p.tax_class
                  FROM products p JOIN categories c ON c.id = p.category_id LEFT JOIN brands b ON b.id = p.brand_id
                  LEFT JOIN product_types t ON t.id = p.product_type_id";
    let products: Vec<ProductRow> = match which {
        Selection::After { id, limit } => {
            sqlx::query_as(&format!("{select} WHERE p.id > $1 ORDER BY p.id LIMIT $2"))
                .persistent(false)
                .bind(id)
                .bind(i64::from(limit))
                .fetch_all(&mut *conn)
                .await?
        }
        Selection::Handles(handles) => {
            if handles.is_empty() {
                return Ok(Vec::new());
            }
            let placeholders = (1..=handles.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("{select} WHERE p.slug IN ({placeholders}) ORDER BY p.id");
            let mut query = sqlx::query_as(&sql);
            for h in handles {
                query = query.bind(*h);
            }
            query.fetch_all(&mut *conn).await?
        }
    };
    if products.is_empty() {
        return Ok(Vec::new());
    }
    // The ids come from the database as integers, so inlining them cannot inject anything.
    let ids = products
        .iter()
        .map(|p| p.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let images: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT product_id, url, alt, alts, variant_sku FROM product_images WHERE product_id IN ({ids})
         ORDER BY product_id, position, id"
    ))
    .persistent(false)
    .fetch_all(&mut *conn)
    .await?;
    let variants: Vec<VariantRow> = sqlx::query_as(&format!(
        "SELECT v.id, v.product_id, v.sku, v.title, v.options, COALESCE((SELECT l.on_hand FROM stock_levels l WHERE l.variant_id = v.id AND l.warehouse_id = 1), 0) AS stock_on_hand, v.min_quantity,
                v.quantity_increment, v.max_quantity, pr.amount_micros
         FROM variants v JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $1
         WHERE v.product_id IN ({ids}) ORDER BY v.product_id, v.position, v.id"
    ))
    .persistent(false)
    .bind(currency.code())
    .fetch_all(&mut *conn)
    .await?;
    let other_prices: Vec<(i64, String, i64)> = sqlx::query_as(&format!(
        "SELECT pr.variant_id, pr.currency, pr.amount_micros FROM prices pr JOIN variants v ON v.id = pr.variant_id
         WHERE v.product_id IN ({ids}) AND pr.currency <> $1 ORDER BY pr.variant_id, pr.currency"
    ))
.persistent(false)
    .bind(currency.code())
    .fetch_all(&mut *conn)
    .await?;
    let tiers: Vec<(i64, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT t.variant_id, t.currency, t.min_quantity, t.amount_micros
         FROM price_tiers t JOIN variants v ON v.id = t.variant_id
         WHERE v.product_id IN ({ids}) ORDER BY t.variant_id, t.currency, t.min_quantity"
    ))
    .persistent(false)
    .fetch_all(&mut *conn)
    .await?;
    let attributes: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT pav.product_id, a.code, pav.value FROM product_attribute_values pav
         JOIN attributes a ON a.id = pav.attribute_id WHERE pav.product_id IN ({ids})"
    ))
    .persistent(false)
    .fetch_all(&mut *conn)
    .await?;
    let translations: Vec<(i64, String, String, String, String)> = sqlx::query_as(&format!(
        "SELECT product_id, locale, slug, name, description FROM product_translations
         WHERE product_id IN ({ids})"
    ))
    .persistent(false)
    .fetch_all(&mut *conn)
    .await?;

    let mut tiers_by: HashMap<(i64, String), Vec<TierRecord>> = HashMap::new();
    for (variant_id, code, min, amount) in tiers {
        let price = amount_of(amount, &code)?;
        tiers_by
            .entry((variant_id, code))
            .or_default()
            .push(TierRecord {
                min_quantity: quantity(min),
                price,
            });
    }
    let mut prices_by: HashMap<i64, Vec<PriceRecord>> = HashMap::new();
    for (variant_id, code, amount) in other_prices {
        let price = amount_of(amount, &code)?;
        let tiers = tiers_by
            .remove(&(variant_id, code.clone()))
            .unwrap_or_default();
        prices_by.entry(variant_id).or_default().push(PriceRecord {
            currency: code,
            price,
            tiers,
        });
    }
    let mut variants_by: HashMap<i64, Vec<VariantRecord>> = HashMap::new();
    for v in variants {
        let options = serde_json::from_str::<Vec<(String, String)>>(&v.options)
            .unwrap_or_default()
            .into_iter()
            .map(|(name, value)| OptionRecord { name, value })
            .collect();
        let rules = RulesRecord {
            min: quantity(v.min_quantity),
            step: quantity(v.quantity_increment),
            max: v.max_quantity.map(quantity),
        };
        variants_by
            .entry(v.product_id)
            .or_default()
            .push(VariantRecord {
                sku: v.sku,
                title: v.title,
                options,
                price: UnitPrice::from_micros(v.amount_micros, currency.clone())?
                    .money()
                    .amount,
                currency: currency.code().to_owned(),
                // Only a free variant can have been stored at 0, so the export says so and imports back.
                free: v.amount_micros == 0,
                tiers: tiers_by.remove(&(v.id, currency.code().to_owned())),
                prices: prices_by.remove(&v.id),
                stock: v.stock_on_hand,
                rules: (rules != RulesRecord::DEFAULT).then_some(rules),
            });
    }
    let mut images_by: HashMap<i64, Vec<ImageRecord>> = HashMap::new();
    for (product_id, url, alt, alts, variant) in images {
        images_by.entry(product_id).or_default().push(ImageRecord {
            url,
            alt,
            alts: serde_json::from_str(&alts).unwrap_or_default(),
            variant,
        });
    }
    let mut products: Vec<(i64, ProductRecord)> = products
        .into_iter()
        .map(|p| {
            let record = ProductRecord {
                handle: p.slug,
                name: p.name,
                brand: p.brand,
                description: p.description,
                category: p.category,
                product_type: p.product_type,
                tax_class: p.tax_class,
                attributes: Default::default(),
                translations: Default::default(),
                images: images_by.remove(&p.id).unwrap_or_default(),
                variants: variants_by.remove(&p.id).unwrap_or_default(),
            };
            (p.id, record)
        })
        .collect();
    let position: HashMap<i64, usize> = products
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    for (product_id, code, value) in attributes {
        if let Some(&i) = position.get(&product_id) {
            products[i].1.attributes.insert(code, value);
        }
    }
    for (product_id, locale, slug, name, description) in translations {
        if let Some(&i) = position.get(&product_id) {
            let text = TranslationRecord {
                name,
                slug,
                description,
            };
            products[i].1.translations.insert(locale, text);
        }
    }
    Ok(products)
}

/// A stored amount in `code` as the decimal a record carries.
fn amount_of(micros: i64, code: &str) -> EngineResult<rust_decimal::Decimal> {
    Ok(UnitPrice::from_micros(micros, Currency::parse(code)?)?
        .money()
        .amount)
}

/// A stored quantity; the columns are BIGINT only because that is what decodes on both backends.
fn quantity(stored: i64) -> u32 {
    u32::try_from(stored).unwrap_or(u32::MAX)
}
