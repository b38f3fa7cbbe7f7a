//! SKUs offered while a buyer types one into quick order's rows: those on sale to them that begin with what was
//! typed, found through the SKU index, so each keystroke costs one short range read.

use domain::quick_order::SkuSuggestion;

use crate::{Engine, EngineResult, Shopper};

/// Characters typed before anything is offered.
const MIN_TYPED: usize = 2;

impl Engine {
    /// Up to `limit` SKUs on sale to `shopper` that begin with `typed` (in any case), in SKU order.
    pub async fn sku_suggestions(
        &self,
        shopper: &Shopper,
        typed: &str,
        limit: u8,
    ) -> EngineResult<Vec<SkuSuggestion>> {
        let prefix = typed.trim().to_ascii_uppercase();
        if prefix.chars().count() < MIN_TYPED || !prefix.chars().all(|c| c.is_ascii_graphic()) {
            return Ok(Vec::new());
        }
        // A few more than asked, so SKUs outside the buyer's assortment can be dropped and still fill the list.
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(&format!(
            "SELECT v.id, v.sku, p.name, v.title FROM variants v JOIN products p ON p.id = v.product_id
             WHERE v.sku >= $1 AND v.sku < $2 AND {} ORDER BY v.sku LIMIT $3",
            crate::products::SHOWN
        ))
        .bind(&prefix)
        // SKUs are upper-case ASCII: `~` sorts after every character they may hold.
        .bind(format!("{prefix}~"))
        .bind(i64::from(limit) * 2)
        .fetch_all(&self.db.pool)
        .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let unsold = self.unsold_skus(shopper, &ids).await?;
        Ok(rows
            .into_iter()
            .filter(|r| !unsold.contains(&r.1))
            .take(usize::from(limit))
            .map(|(_, sku, product, title)| SkuSuggestion {
                name: if title.is_empty() {
                    product
                } else {
                    format!("{product} — {title}")
                },
                sku,
            })
            .collect())
    }
}
