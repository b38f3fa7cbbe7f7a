//! Loads a [`SeedCatalog`] in one transaction: a half-loaded catalog is never visible.

use sqlx::{Any, Transaction};

use super::{SeedCatalog, SeedCategory};
use crate::{Engine, EngineResult, now_ms};

/// What a seed run did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SeedSummary {
    /// Categories written.
    pub categories: u64,
    /// Products written.
    pub products: u64,
    /// Variants written.
    pub variants: u64,
    /// True when the catalog already had products, so nothing was written.
    pub skipped: bool,
}

impl Engine {
    /// Whether the catalog holds no product yet: `serve` seeds the demo shop then.
    pub async fn catalog_is_empty(&self) -> EngineResult<bool> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM products LIMIT 1")
            .fetch_optional(&self.db.pool)
            .await?;
        Ok(row.is_none())
    }

    /// Loads `catalog` into an empty shop; a shop that already has products is left alone.
    pub async fn seed(&self, catalog: &SeedCatalog) -> EngineResult<SeedSummary> {
        if !self.catalog_is_empty().await? {
            return Ok(SeedSummary {
                skipped: true,
                ..SeedSummary::default()
            });
        }
        let mut tx = self.db.begin_write().await?;
        let mut summary = SeedSummary::default();
        for (position, category) in catalog.categories.iter().enumerate() {
            self.insert_category(&mut tx, category, None, position as i64, &mut summary)
                .await?;
        }
        tx.commit().await?;
        Ok(summary)
    }

    async fn insert_category(
        &self,
        tx: &mut Transaction<'_, Any>,
        category: &SeedCategory,
        parent_id: Option<i64>,
        position: i64,
        summary: &mut SeedSummary,
    ) -> EngineResult<()> {
        let now = now_ms();
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO categories (parent_id, slug, name, description, position, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(parent_id)
        .bind(&category.slug)
        .bind(&category.name)
        .bind(&category.description)
        .bind(position)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        summary.categories += 1;
        for product in &category.products {
            let (product_id,): (i64,) = sqlx::query_as(
                "INSERT INTO products (category_id, slug, name, brand, description, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
            )
            .bind(id)
            .bind(&product.slug)
            .bind(&product.name)
            .bind(&product.brand)
            .bind(&product.description)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            summary.products += 1;
            for (position, image) in product.images.iter().enumerate() {
                // Products may share an illustration (the synthetic catalog does): store each file once.
                sqlx::query(
                    "INSERT INTO media (path, content_type, body, updated_at) VALUES ($1, 'image/svg+xml', $2, $3)
                     ON CONFLICT (path) DO NOTHING",
                )
                .bind(&image.path)
                .bind(&image.svg)
                .bind(now)
                .execute(&mut **tx)
                .await?;
                sqlx::query("INSERT INTO product_images (product_id, position, url, alt) VALUES ($1, $2, $3, $4)")
                    .bind(product_id)
                    .bind(position as i64)
                    .bind(format!("/media/{}", image.path))
                    .bind(&image.alt)
                    .execute(&mut **tx)
                    .await?;
            }
            for (position, variant) in product.variants.iter().enumerate() {
                let options =
                    serde_json::to_string(&variant.options).unwrap_or_else(|_| "[]".to_owned());
                let (variant_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO variants (product_id, sku, title, options, position, stock_on_hand, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                )
                .bind(product_id)
                .bind(&variant.sku)
                .bind(&variant.title)
                .bind(options)
                .bind(position as i64)
                .bind(variant.stock)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
                sqlx::query(
                    "INSERT INTO prices (variant_id, currency, amount_micros) VALUES ($1, $2, $3)",
                )
                .bind(variant_id)
                .bind(self.config.currency.code())
                .bind(variant.price_micros)
                .execute(&mut **tx)
                .await?;
                summary.variants += 1;
            }
        }
        for (position, child) in category.children.iter().enumerate() {
            Box::pin(self.insert_category(tx, child, Some(id), position as i64, summary)).await?;
        }
        Ok(())
    }
}
