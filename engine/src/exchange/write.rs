//! The one place product rows are written: the import's upsert and the seed loader both go through here, so a
//! product looks the same in storage however it arrived.

use sqlx::{Any, Transaction};

use super::{ImageRecord, ProductRecord, VariantRecord};
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

/// Inserts a new product row and returns its id.
pub(crate) async fn insert_product(
    tx: &mut Transaction<'_, Any>,
    category_id: i64,
    record: &ProductRecord,
    now: i64,
) -> EngineResult<i64> {
    let brand = brand_id(tx, &record.brand, now).await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO products (category_id, slug, name, brand_id, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(category_id)
    .bind(&record.handle)
    .bind(&record.name)
    .bind(brand)
    .bind(&record.description)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// Writes a product's images and variants. `replace` is for a product that existed: what the record no longer
/// lists is removed first; a new product skips those queries.
pub(crate) struct ProductRows<'a> {
    pub(crate) product_id: i64,
    pub(crate) replace: bool,
    pub(crate) currency: &'a str,
    pub(crate) now: i64,
}

impl ProductRows<'_> {
    pub(crate) async fn write_images(
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
                "INSERT INTO product_images (product_id, position, url, alt) VALUES ($1, $2, $3, $4)",
            )
            .bind(self.product_id)
            .bind(position as i64)
            .bind(&image.url)
            .bind(&image.alt)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Upserts variants by SKU with their prices (`price_micros[i]` for `variants[i]`).
    pub(crate) async fn write_variants(
        &self,
        tx: &mut Transaction<'_, Any>,
        variants: &[VariantRecord],
        price_micros: &[i64],
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
        for (position, (v, micros)) in variants.iter().zip(price_micros).enumerate() {
            let options: Vec<(&str, &str)> = v
                .options
                .iter()
                .map(|o| (o.name.as_str(), o.value.as_str()))
                .collect();
            let (variant_id,): (i64,) = sqlx::query_as(
                "INSERT INTO variants (product_id, sku, title, options, position, stock_on_hand, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                 ON CONFLICT (sku) DO UPDATE SET title = excluded.title, options = excluded.options,
                   position = excluded.position, stock_on_hand = excluded.stock_on_hand, updated_at = excluded.updated_at
                 RETURNING id",
            )
            .bind(self.product_id)
            .bind(&v.sku)
            .bind(&v.title)
            .bind(serde_json::to_string(&options).unwrap_or_else(|_| "[]".to_owned()))
            .bind(position as i64)
            .bind(v.stock)
            .bind(self.now)
            .fetch_one(&mut **tx)
            .await?;
            sqlx::query(
                "INSERT INTO prices (variant_id, currency, amount_micros) VALUES ($1, $2, $3)
                 ON CONFLICT (variant_id, currency) DO UPDATE SET amount_micros = excluded.amount_micros",
            )
            .bind(variant_id)
            .bind(self.currency)
            .bind(*micros)
            .execute(&mut **tx)
            .await?;
            // The exchange format carries no volume breaks; breaks a new base price undercuts would make the
            // ladder climb, so they go.
            sqlx::query(
                "DELETE FROM price_tiers WHERE variant_id = $1 AND currency = $2 AND amount_micros >= $3",
            )
            .bind(variant_id)
            .bind(self.currency)
            .bind(*micros)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}
