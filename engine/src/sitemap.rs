//! What crawlers are told exists: every category and product with its last change.

use sqlx::FromRow;

use crate::{Engine, EngineResult};

/// One URL of the sitemap, before the host turns it into XML.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SitemapEntry {
    /// The page's slug (the host knows which path prefix a kind of page has).
    pub slug: String,
    /// Last change, epoch milliseconds.
    pub updated_at: i64,
}

/// How many URLs of each kind the sitemap holds, so the host can split products into shards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SitemapCounts {
    /// Categories.
    pub categories: u64,
    /// Products sold in the channel currency.
    pub products: u64,
}

impl Engine {
    /// Counts of sitemap URLs.
    pub async fn sitemap_counts(&self) -> EngineResult<SitemapCounts> {
        let (categories,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM categories")
            .fetch_one(&self.db.pool)
            .await?;
        let (products,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM products p WHERE EXISTS (SELECT 1 FROM variants v JOIN prices pr
             ON pr.variant_id = v.id AND pr.currency = $1 WHERE v.product_id = p.id)
             AND p.status = 'active' AND p.publish_at IS NULL",
        )
        .bind(self.config.currency.code())
        .fetch_one(&self.db.pool)
        .await?;
        Ok(SitemapCounts {
            categories: categories as u64,
            products: products as u64,
        })
    }

    /// Every category.
    pub async fn category_sitemap(&self) -> EngineResult<Vec<SitemapEntry>> {
        Ok(
            sqlx::query_as("SELECT slug, updated_at FROM categories ORDER BY id")
                .fetch_all(&self.db.pool)
                .await?,
        )
    }

    /// Products `offset..offset + limit` in id order (stable, so shards do not shift as products are renamed).
    pub async fn product_sitemap(
        &self,
        offset: u64,
        limit: u32,
    ) -> EngineResult<Vec<SitemapEntry>> {
        Ok(sqlx::query_as(
            "SELECT p.slug, p.updated_at FROM products p WHERE EXISTS (SELECT 1 FROM variants v JOIN prices pr
             ON pr.variant_id = v.id AND pr.currency = $1 WHERE v.product_id = p.id)
             AND p.status = 'active' AND p.publish_at IS NULL
             ORDER BY p.id LIMIT $2 OFFSET $3",
        )
        .bind(self.config.currency.code())
        .bind(i64::from(limit))
        .bind(offset as i64)
        .fetch_all(&self.db.pool)
        .await?)
    }
}
