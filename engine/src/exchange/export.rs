//! Writing the catalog out as [`ProductRecord`]s, a page at a time in id order.

use super::{
    ProductRecord,
    read::{Selection, load_records},
};
use crate::{Engine, EngineResult, staff::Actor};

impl Engine {
    /// Up to `limit` products with an id above `after_id`, as exchange records, with the id to continue after;
    /// needs `catalog:read`. Seven queries per page whatever its size: products, then their images, variants,
    /// other prices, breaks, attribute values and translations by id list.
    pub async fn export_products(
        &self,
        by: &Actor,
        after_id: i64,
        limit: u32,
    ) -> EngineResult<Vec<(i64, ProductRecord)>> {
        by.require(crate::Scope::CatalogRead)?;
        let mut conn = self.db.pool.acquire().await?;
        let which = Selection::After {
            id: after_id,
            limit,
        };
        load_records(&mut conn, &self.config.currency, which).await
    }
}

impl Engine {
    /// One product as an exchange record, by handle (slug).
    pub async fn product_record(&self, handle: &str) -> EngineResult<ProductRecord> {
        let mut conn = self.db.pool.acquire().await?;
        let handles = [handle];
        load_records(
            &mut conn,
            &self.config.currency,
            Selection::Handles(&handles),
        )
        .await?
        .into_iter()
        .next()
        .map(|(_, r)| r)
        .ok_or_else(|| crate::EngineError::not_found("product", handle))
    }
}
