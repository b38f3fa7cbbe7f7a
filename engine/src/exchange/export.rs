//! Writing the catalog out as [`ProductRecord`]s, a page at a time in id order.

use std::collections::HashMap;

use domain::UnitPrice;
use sqlx::FromRow;

use super::{ImageRecord, OptionRecord, ProductRecord, VariantRecord};
use crate::{Engine, EngineResult};

#[derive(FromRow)]
struct ProductRow {
    id: i64,
    slug: String,
    name: String,
    brand: String,
    description: String,
    category: String,
}

#[derive(FromRow)]
struct ImageRow {
    product_id: i64,
    url: String,
    alt: String,
}

#[derive(FromRow)]
struct VariantRow {
    product_id: i64,
    sku: String,
    title: String,
    options: String,
    stock_on_hand: i64,
    amount_micros: i64,
}

impl Engine {
    /// Up to `limit` products with an id above `after_id`, as exchange records, with the id to continue after.
    /// Three queries per page whatever its size: products, then their images and variants by id list.
    pub async fn export_products(
        &self,
        after_id: i64,
        limit: u32,
    ) -> EngineResult<Vec<(i64, ProductRecord)>> {
        let products: Vec<ProductRow> = sqlx::query_as(
            "SELECT p.id, p.slug, p.name, COALESCE(b.name, '') AS brand, p.description, c.slug AS category
             FROM products p JOIN categories c ON c.id = p.category_id LEFT JOIN brands b ON b.id = p.brand_id
             WHERE p.id > $1 ORDER BY p.id LIMIT $2",
        )
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await?;
        if products.is_empty() {
            return Ok(Vec::new());
        }
        // The ids come from the database as integers, so inlining them cannot inject anything.
        let ids = products
            .iter()
            .map(|p| p.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let images: Vec<ImageRow> = sqlx::query_as(&format!(
            "SELECT product_id, url, alt FROM product_images WHERE product_id IN ({ids}) ORDER BY product_id, position, id"
        ))
        .fetch_all(&self.db.pool)
        .await?;
        let variants: Vec<VariantRow> = sqlx::query_as(&format!(
            "SELECT v.product_id, v.sku, v.title, v.options, v.stock_on_hand, pr.amount_micros
             FROM variants v JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $1
             WHERE v.product_id IN ({ids}) ORDER BY v.product_id, v.position, v.id"
        ))
        .bind(self.config.currency.code())
        .fetch_all(&self.db.pool)
        .await?;

        let mut images_by: HashMap<i64, Vec<ImageRecord>> = HashMap::new();
        for i in images {
            images_by
                .entry(i.product_id)
                .or_default()
                .push(ImageRecord {
                    url: i.url,
                    alt: i.alt,
                });
        }
        let mut variants_by: HashMap<i64, Vec<VariantRecord>> = HashMap::new();
        for v in variants {
            let options = serde_json::from_str::<Vec<(String, String)>>(&v.options)
                .unwrap_or_default()
                .into_iter()
                .map(|(name, value)| OptionRecord { name, value })
                .collect();
            let price = UnitPrice::from_micros(v.amount_micros, self.config.currency.clone())?;
            variants_by
                .entry(v.product_id)
                .or_default()
                .push(VariantRecord {
                    sku: v.sku,
                    title: v.title,
                    options,
                    price: price.money().amount,
                    currency: self.config.currency.code().to_owned(),
                    stock: v.stock_on_hand,
                });
        }
        Ok(products
            .into_iter()
            .map(|p| {
                let record = ProductRecord {
                    handle: p.slug,
                    name: p.name,
                    brand: p.brand,
                    description: p.description,
                    category: p.category,
                    images: images_by.remove(&p.id).unwrap_or_default(),
                    variants: variants_by.remove(&p.id).unwrap_or_default(),
                };
                (p.id, record)
            })
            .collect())
    }
}
