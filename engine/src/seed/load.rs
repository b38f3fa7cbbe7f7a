//! Loads a [`SeedCatalog`] in one transaction: a half-loaded catalog is never visible.

use sqlx::{Any, Transaction};

use super::setup_load::{write_channels_and_lists, write_definitions};
use super::{SeedCatalog, SeedCategory};
use crate::{
    Engine, EngineResult,
    exchange::{CategoryRecord, ProductRows, insert_product},
    now_ms,
    refresh::{EVERYTHING, record_changes},
    settings::{CategoryTranslation, write_category},
};

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
        write_definitions(&mut tx, &catalog.setup).await?;
        for (position, category) in catalog.categories.iter().enumerate() {
            self.insert_category(&mut tx, category, None, position as i64, &mut summary)
                .await?;
        }
        write_channels_and_lists(&mut tx, &catalog.setup).await?;
        super::commerce::write_commerce(&mut tx, &catalog.setup, now_ms()).await?;
        record_changes(&mut tx, &[EVERYTHING]).await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(summary)
    }

    async fn insert_category(
        &self,
        tx: &mut Transaction<'_, Any>,
        category: &SeedCategory,
        parent: Option<&str>,
        position: i64,
        summary: &mut SeedSummary,
    ) -> EngineResult<()> {
        let now = now_ms();
        let record = CategoryRecord {
            slug: category.slug.clone(),
            name: category.name.clone(),
            parent: parent.map(str::to_owned),
            description: category.description.clone(),
            position,
            translations: Some(
                category
                    .translations
                    .iter()
                    .map(|t| CategoryTranslation {
                        locale: t.locale.clone(),
                        slug: t.slug.clone(),
                        name: t.name.clone(),
                        description: t.description.clone(),
                    })
                    .collect(),
            ),
        };
        let (id, _) = write_category(tx, &record).await?;
        summary.categories += 1;
        for product in &category.products {
            for image in &product.images {
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
            }
            let record = product.to_record(self.config.currency.code());
            let product_id = insert_product(tx, id, &record, now).await?;
            let rows = ProductRows {
                product_id,
                replace: false,
                currency: self.config.currency.code(),
                now,
            };
            rows.write_all(tx, &record).await?;
            summary.products += 1;
            summary.variants += product.variants.len() as u64;
        }
        for (position, child) in category.children.iter().enumerate() {
            Box::pin(self.insert_category(
                tx,
                child,
                Some(&category.slug),
                position as i64,
                summary,
            ))
            .await?;
        }
        Ok(())
    }
}
