//! A product image uploaded by staff: checked and made into its widths once, stored, and added to the product.

use domain::DomainError;

use super::images::{PreparedImage, prepare};
use crate::{
    Engine, EngineError, EngineResult,
    audit_log::{self, Change},
    exchange::require_shop_catalog,
    now_ms,
    refresh::record_changes,
    staff::Actor,
};

/// Where uploads live below `/media/`: each under a folder of its own, named at random, so its files never change
/// and may be cached for good.
pub(crate) const UPLOADS: &str = "uploads/";

/// The address of `width` of the upload in `folder`.
fn file_path(folder: &str, width: u32, extension: &str) -> String {
    format!("{UPLOADS}{folder}/{width}.{extension}")
}

impl Engine {
    /// Adds an uploaded image to the product `handle` as its last image, with `alt` text; returns the image's
    /// address. The file is refused (naming `file`) when it is not a PNG, JPEG or WebP image by its content, is SVG,
    /// or is over 20 MB or 40 megapixels. Needs `catalog:write`; audited, and a form opened before it is stale.
    pub async fn upload_product_image(
        &self,
        by: &Actor,
        handle: &str,
        bytes: Vec<u8>,
        alt: &str,
    ) -> EngineResult<String> {
        require_shop_catalog(by)?;
        let (product_id,): (i64,) = sqlx::query_as("SELECT id FROM products WHERE slug = $1")
            .bind(handle)
            .fetch_optional(&self.db.pool)
            .await?
            .ok_or_else(|| EngineError::not_found("product", handle))?;
        if alt.chars().count() > 300 {
            return Err(EngineError::Unprocessable(DomainError::new(
                "alt",
                "keep the alt text to 300 characters",
            )));
        }
        // Decoding and resizing take a while; they run beside the request handlers, not on them.
        let prepared: PreparedImage = tokio::task::spawn_blocking(move || prepare(&bytes))
            .await
            .map_err(|e| EngineError::Conflict(format!("image preparation: {e}")))?
            .map_err(EngineError::Unprocessable)?;
        let folder = uuid::Uuid::new_v4().simple().to_string();
        for file in &prepared.renditions {
            let path = file_path(&folder, file.width, file.extension);
            let content_type = super::store::content_type_of(&path);
            self.media_store
                .put(&self.db, &path, content_type, file.bytes.clone())
                .await?;
        }
        let largest = prepared.widths.last().copied().unwrap_or(prepared.width);
        let url = format!("/media/{}", file_path(&folder, largest, prepared.extension));
        let widths = prepared
            .widths
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let now = now_ms();
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO media_images (url, width, height, widths, webp, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&url)
        .bind(i64::from(prepared.width))
        .bind(i64::from(prepared.height))
        .bind(&widths)
        .bind(i64::from(prepared.webp))
        .bind(now)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO product_images (product_id, position, url, alt)
             VALUES ($1, COALESCE((SELECT MAX(position) + 1 FROM product_images WHERE product_id = $1), 0), $2, $3)",
        )
        .bind(product_id)
        .bind(&url)
        .bind(alt.trim())
        .execute(&mut **tx)
        .await?;
        sqlx::query("UPDATE products SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(product_id)
            .execute(&mut **tx)
            .await?;
        record_changes(&mut tx, &[product_id]).await?;
        let change = Change::new("images", None, Some(url.clone()));
        audit_log::record(
            &mut tx,
            by,
            "product.image_added",
            ("product", handle),
            &[change],
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(url)
    }
}
