//! The one place product rows are written: the import's upsert and the seed loader both go through here, so a
//! product looks the same in storage however it arrived.

use domain::{Currency, UnitPrice};
use rust_decimal::Decimal;
use sqlx::{Any, Transaction};

use super::{ImageRecord, ProductRecord, RulesRecord, VariantRecord};
use crate::EngineResult;

/// The id of the brand called `name`, created on first use; `None` for no brand.
pub(crate) async fn brand_id(
    tx: &mut Transaction<'_, Any>,
    name: &str,
    now: i64,
) -> EngineResult<Option<i64>> {
    let name = name.trim();
    if name.is_empty() {
        return Ok(None);
    }
    let slug = brand_slug(name);
    sqlx::query(
        "INSERT INTO brands (slug, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(&slug)
    .bind(name)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    // A name whose slug another brand already has (`Kontor Pro` and `Kontor-Pro`) is that brand.
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM brands WHERE name = $1 OR slug = $2 ORDER BY id LIMIT 1")
            .bind(name)
            .bind(&slug)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(id,)| id))
}

/// Lower-case ASCII letters and digits joined by single hyphens.
pub(crate) fn brand_slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Inserts a new product row and returns its id. The product type is looked up by code; an unknown code (which
/// validation refuses) leaves the product without a type.
pub(crate) async fn insert_product(
    tx: &mut Transaction<'_, Any>,
    category_id: i64,
    record: &ProductRecord,
    now: i64,
) -> EngineResult<i64> {
    let brand = brand_id(tx, &record.brand, now).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO products (category_id, slug, name, brand_id, description, product_type_id, tax_class,
                               created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, (SELECT id FROM product_types WHERE code = $6), $7, $8, $8) RETURNING id",
    )
    .bind(category_id)
    .bind(&record.handle)
    .bind(&record.name)
    .bind(brand)
    .bind(&record.description)
    .bind(record.product_type.as_deref().unwrap_or(""))
    .bind(&record.tax_class)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Overwrites an existing product's own row with the record.
pub(crate) async fn update_product(
    tx: &mut Transaction<'_, Any>,
    product_id: i64,
    category_id: i64,
    record: &ProductRecord,
    now: i64,
) -> EngineResult<()> {
    let brand = brand_id(tx, &record.brand, now).await?;
    sqlx::query(
        "UPDATE products SET category_id = $1, name = $2, brand_id = $3, description = $4,
           product_type_id = (SELECT id FROM product_types WHERE code = $5), tax_class = $6, updated_at = $7,
           version = version + 1
         WHERE id = $8",
    )
    .bind(category_id)
    .bind(&record.name)
    .bind(brand)
    .bind(&record.description)
    .bind(record.product_type.as_deref().unwrap_or(""))
    .bind(&record.tax_class)
    .bind(now)
    .bind(product_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The storage form (integer micro-units) of an amount in a record. Validation has put every amount through
/// [`UnitPrice::parse`] already, so for a validated record this cannot fail; going through it again keeps one
/// conversion rule for import, seed and export.
pub(crate) fn micros(amount: Decimal, currency: &str) -> EngineResult<i64> {
    Ok(UnitPrice::parse(amount, Currency::parse(currency)?)?.to_micros())
}

/// Writes everything of a product below its own row. `replace` is for a product that existed: what the record no
/// longer lists is removed first; a new product skips those queries, which keeps a large seed fast.
pub(crate) struct ProductRows<'a> {
    pub(crate) product_id: i64,
    pub(crate) replace: bool,
    /// The shop's currency: the currency of each variant's main price.
    pub(crate) currency: &'a str,
    pub(crate) now: i64,
}

impl ProductRows<'_> {
    /// Images, variants with their prices, breaks and rules, attribute values and translations.
    pub(crate) async fn write_all(
        &self,
        tx: &mut Transaction<'_, Any>,
        record: &ProductRecord,
    ) -> EngineResult<()> {
        self.write_images(tx, &record.images).await?;
        self.write_variants(tx, &record.variants).await?;
        self.write_attributes(tx, &record.attributes).await?;
        self.write_translations(tx, &record.translations).await
    }

    async fn write_images(
        &self,
        tx: &mut Transaction<'_, Any>,
        images: &[ImageRecord],
    ) -> EngineResult<()> {
        if self.replace {
            sqlx::query("DELETE FROM product_images WHERE product_id = $1")
                .bind(self.product_id)
                .execute(&mut **tx)
                .await?;
        }
        for (position, image) in images.iter().enumerate() {
            sqlx::query(
                "INSERT INTO product_images (product_id, position, url, alt, alts, variant_sku)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(self.product_id)
            .bind(position as i64)
            .bind(&image.url)
            .bind(&image.alt)
            .bind(serde_json::to_string(&image.alts).unwrap_or_else(|_| "{}".to_owned()))
            .bind(image.variant.as_deref())
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Upserts variants by SKU with their main price, its breaks, their other prices and quantity rules.
    async fn write_variants(
        &self,
        tx: &mut Transaction<'_, Any>,
        variants: &[VariantRecord],
    ) -> EngineResult<()> {
        if self.replace {
            // Variants the record no longer lists are removed (with their prices and cart lines, by cascade).
            let placeholders = (0..variants.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "DELETE FROM variants WHERE product_id = $1 AND sku NOT IN ({placeholders})"
            );
            let mut delete = sqlx::query(&sql).bind(self.product_id);
            for v in variants {
                delete = delete.bind(&v.sku);
            }
            delete.execute(&mut **tx).await?;
        }
        for (position, v) in variants.iter().enumerate() {
            let options: Vec<(&str, &str)> = v
                .options
                .iter()
                .map(|o| (o.name.as_str(), o.value.as_str()))
                .collect();
            // A record without rules keeps the stored ones: the flag ($11) picks the stored column on conflict.
            let rules = v.rules.unwrap_or(RulesRecord::DEFAULT);
            let (variant_id,): (i64,) = sqlx::query_as(
                "INSERT INTO variants (product_id, sku, title, options, position, stock_on_hand, min_quantity,
                                       quantity_increment, max_quantity, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
                 ON CONFLICT (sku) DO UPDATE SET title = excluded.title, options = excluded.options,
                   position = excluded.position,
                   stock_on_hand = excluded.stock_on_hand + COALESCE((SELECT SUM(on_hand) FROM stock_levels
                       WHERE variant_id = variants.id AND warehouse_id <> $12), 0),
                   min_quantity = CASE WHEN $11 = 1 THEN excluded.min_quantity ELSE variants.min_quantity END,
                   quantity_increment = CASE WHEN $11 = 1 THEN excluded.quantity_increment
                                        ELSE variants.quantity_increment END,
                   max_quantity = CASE WHEN $11 = 1 THEN excluded.max_quantity ELSE variants.max_quantity END,
                   updated_at = excluded.updated_at
                 RETURNING id",
            )
            .bind(self.product_id)
            .bind(&v.sku)
            .bind(&v.title)
            .bind(serde_json::to_string(&options).unwrap_or_else(|_| "[]".to_owned()))
            .bind(position as i64)
            .bind(v.stock)
            .bind(i64::from(rules.min))
            .bind(i64::from(rules.step))
            .bind(rules.max.map(i64::from))
            .bind(self.now)
            .bind(i64::from(v.rules.is_some()))
            .bind(crate::inventory::MAIN_WAREHOUSE)
            .fetch_one(&mut **tx)
            .await?;
            // The record's stock is what the default warehouse holds; other warehouses keep theirs.
            sqlx::query(
                "INSERT INTO stock_levels (warehouse_id, variant_id, on_hand) VALUES ($1, $2, $3)
                 ON CONFLICT (warehouse_id, variant_id) DO UPDATE SET on_hand = excluded.on_hand",
            )
            .bind(crate::inventory::MAIN_WAREHOUSE)
            .bind(variant_id)
            .bind(v.stock)
            .execute(&mut **tx)
            .await?;
            let price = micros(v.price, self.currency)?;
            sqlx::query(
                "INSERT INTO prices (variant_id, currency, amount_micros) VALUES ($1, $2, $3)
                 ON CONFLICT (variant_id, currency) DO UPDATE SET amount_micros = excluded.amount_micros",
            )
            .bind(variant_id)
            .bind(self.currency)
            .bind(price)
            .execute(&mut **tx)
            .await?;
            self.write_main_tiers(tx, variant_id, price, v.tiers.as_deref())
                .await?;
            if let Some(prices) = &v.prices {
                self.write_other_prices(tx, variant_id, prices).await?;
            }
        }
        Ok(())
    }
}
