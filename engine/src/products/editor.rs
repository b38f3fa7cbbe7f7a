//! Opening a product for editing and saving it back: the record with its variants and prices, plus what the
//! exchange format leaves to the shop (status, publish time, search-engine texts), in one transaction that refuses
//! a save over someone else's newer change.

use domain::{DomainError, ProductStatus};

use crate::{
    Engine, EngineError, EngineResult,
    audit_log::{self, Change},
    db::WriteTx,
    exchange::{ImportOptions, MissingCategories, ProductRecord, require_shop_catalog},
    now_ms,
    refresh::record_changes,
    staff::Actor,
};

/// A product as the editor shows and saves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductEdit {
    /// Everything the exchange format carries: texts, category, type, attributes, translations, images and
    /// variants with their prices, breaks, quantity rules and main-warehouse stock.
    pub record: ProductRecord,
    /// Draft, active or archived.
    pub status: ProductStatus,
    /// For an active product: shown from this moment (epoch milliseconds); `None` shows it now.
    pub publish_at: Option<i64>,
    /// The page title search engines show; empty uses the product's name.
    pub seo_title: String,
    /// The meta description; empty uses the start of the description.
    pub seo_description: String,
}

/// A stored product opened for editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditableProduct {
    /// What it holds now.
    pub edit: ProductEdit,
    /// The version a save must name to be accepted.
    pub version: i64,
    /// Last change, epoch milliseconds.
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct Shop {
    id: i64,
    status: String,
    publish_at: Option<i64>,
    seo_title: String,
    seo_description: String,
    version: i64,
    updated_at: i64,
}

/// The longest SEO title and description accepted: what search engines show, with room to spare.
const SEO_TITLE_CHARS: usize = 120;
const SEO_DESCRIPTION_CHARS: usize = 320;

impl ProductEdit {
    fn check(&self) -> Result<(), DomainError> {
        if self.seo_title.chars().count() > SEO_TITLE_CHARS {
            return Err(DomainError::new(
                "seo_title",
                format!("keep it to {SEO_TITLE_CHARS} characters"),
            ));
        }
        if self.seo_description.chars().count() > SEO_DESCRIPTION_CHARS {
            return Err(DomainError::new(
                "seo_description",
                format!("keep it to {SEO_DESCRIPTION_CHARS} characters"),
            ));
        }
        if self.publish_at.is_some() && self.status != ProductStatus::Active {
            return Err(DomainError::new(
                "publish_at",
                "only an active product is published at a set time",
            ));
        }
        Ok(())
    }
}

impl Engine {
    /// The product with `handle` as the editor opens it; needs `catalog:read`.
    pub async fn editable_product(
        &self,
        by: &Actor,
        handle: &str,
    ) -> EngineResult<EditableProduct> {
        by.require(crate::Scope::CatalogRead)?;
        let shop = shop_fields(&self.db.pool, handle).await?;
        let record = self.product_record(handle).await?;
        Ok(EditableProduct {
            edit: ProductEdit {
                record,
                status: ProductStatus::parse(&shop.status)?,
                publish_at: shop.publish_at,
                seo_title: shop.seo_title,
                seo_description: shop.seo_description,
            },
            version: shop.version,
            updated_at: shop.updated_at,
        })
    }

    /// Creates a product from the editor; a handle in use (by a product, or as a product's old slug) is refused
    /// naming `handle`. Needs `catalog:write`.
    pub async fn create_product(
        &self,
        by: &Actor,
        edit: &ProductEdit,
    ) -> EngineResult<EditableProduct> {
        require_shop_catalog(by)?;
        edit.check().map_err(EngineError::Unprocessable)?;
        let known = self.known_to_records().await?;
        let mut tx = self.db.begin_write().await?;
        if slug_taken(&mut tx, &edit.record.handle).await? {
            return Err(handle_taken(&edit.record.handle));
        }
        self.write_edit(&mut tx, by, known, edit).await?;
        let product_id = product_id(&mut tx, &edit.record.handle).await?;
        self.write_shop_fields(&mut tx, by, product_id, edit, None)
            .await?;
        tx.commit().await?;
        self.refresh().await?;
        self.editable_product(by, &edit.record.handle).await
    }

    /// Saves the editor's form over the product stored as `handle`, if it is still at `version`; a newer version
    /// means someone else saved meanwhile, and the save is refused (409) with nothing written. A changed handle
    /// renames the product and keeps the old one answering with a redirect. Needs `catalog:write`.
    pub async fn update_product(
        &self,
        by: &Actor,
        handle: &str,
        version: i64,
        edit: &ProductEdit,
    ) -> EngineResult<EditableProduct> {
        require_shop_catalog(by)?;
        edit.check().map_err(EngineError::Unprocessable)?;
        let known = self.known_to_records().await?;
        let mut tx = self.db.begin_write().await?;
        let stored = shop_fields(&mut **tx, handle).await?;
        if stored.version != version {
            return Err(EngineError::Conflict(format!(
                "someone else saved `{handle}` after you opened it; open it again to see their change \
                 and make yours over it"
            )));
        }
        // Stock is counted in the stock form, cell by cell: a form opened before a shipment must not put its units
        // back, so a variant that exists keeps what is stored and only a new one takes the form's count.
        let mut edit = edit.clone();
        // Only the counts the record carries (the first warehouse's, as exports write them): the whole stored
        // record is read once, by the writer, to find what changed.
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "SELECT v.sku, COALESCE(l.on_hand, 0) FROM variants v
             LEFT JOIN stock_levels l ON l.variant_id = v.id AND l.warehouse_id = 1 WHERE v.product_id = $1",
        )
        .bind(stored.id)
        .fetch_all(&mut **tx)
        .await?;
        for v in &mut edit.record.variants {
            if let Some((_, count)) = counts.iter().find(|(sku, _)| *sku == v.sku) {
                v.stock = *count;
            }
        }
        let edit = &edit;
        let new_handle = edit.record.handle.as_str();
        if new_handle != handle {
            super::publishing::rename(&mut tx, by, stored.id, handle, new_handle).await?;
        }
        self.write_edit(&mut tx, by, known, edit).await?;
        self.write_shop_fields(&mut tx, by, stored.id, edit, Some(&stored))
            .await?;
        tx.commit().await?;
        self.refresh().await?;
        self.editable_product(by, new_handle).await
    }

    /// Writes the record through the import's checks, refusing it with the first problem found.
    async fn write_edit(
        &self,
        tx: &mut WriteTx,
        by: &Actor,
        known: crate::exchange::KnownToRecords,
        edit: &ProductEdit,
    ) -> EngineResult<()> {
        let options = ImportOptions {
            strict: true,
            missing_categories: MissingCategories::Refuse,
            ..ImportOptions::default()
        };
        let records = vec![(1, Ok(edit.record.clone()))];
        let report = self
            .write_records(tx, by, known, records, &options, &mut |_, _| {})
            .await?;
        match report.errors.first() {
            Some(e) => Err(EngineError::Unprocessable(DomainError::new(
                e.field.clone(),
                e.detail(),
            ))),
            None => Ok(()),
        }
    }

    /// Status, publish time and SEO texts, with the version bumped (the record's write may have bumped it too:
    /// either way the form's version is now stale) and the product logged as changed, since its visibility may
    /// have changed.
    async fn write_shop_fields(
        &self,
        tx: &mut WriteTx,
        by: &Actor,
        product_id: i64,
        edit: &ProductEdit,
        before: Option<&Shop>,
    ) -> EngineResult<()> {
        let publish_at = edit.publish_at.filter(|&at| at > now_ms());
        sqlx::query(
            "UPDATE products SET status = $1, publish_at = $2, seo_title = $3, seo_description = $4,
               version = version + 1, updated_at = $5 WHERE id = $6",
        )
        .bind(edit.status.as_str())
        .bind(publish_at)
        .bind(edit.seo_title.trim())
        .bind(edit.seo_description.trim())
        .bind(now_ms())
        .bind(product_id)
        .execute(&mut ***tx)
        .await?;
        record_changes(tx, &[product_id]).await?;
        let moment = |ms: Option<i64>| ms.map(|m| m.to_string());
        let fields = |s: Option<&Shop>| {
            [
                ("status", s.map(|s| s.status.clone())),
                ("publish_at", s.and_then(|s| moment(s.publish_at))),
                ("seo_title", s.map(|s| s.seo_title.clone())),
                ("seo_description", s.map(|s| s.seo_description.clone())),
            ]
        };
        let after = [
            ("status", Some(edit.status.as_str().to_owned())),
            ("publish_at", moment(publish_at)),
            ("seo_title", Some(edit.seo_title.trim().to_owned())),
            (
                "seo_description",
                Some(edit.seo_description.trim().to_owned()),
            ),
        ];
        let changes: Vec<Change> = fields(before)
            .into_iter()
            .zip(after)
            .filter(|((_, old), (_, new))| old != new)
            .map(|((field, old), (_, new))| Change::new(field, old, new))
            .collect();
        if !changes.is_empty() {
            let action = if edit.status == ProductStatus::Active
                && before.is_none_or(|b| b.status != "active")
            {
                "product.published"
            } else {
                "product.settings_changed"
            };
            audit_log::record(tx, by, action, ("product", &edit.record.handle), &changes).await?;
        }
        Ok(())
    }
}

async fn shop_fields<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    handle: &str,
) -> EngineResult<Shop> {
    sqlx::query_as(
        "SELECT id, status, publish_at, seo_title, seo_description, version, updated_at
         FROM products WHERE slug = $1",
    )
    .bind(handle)
    .fetch_optional(conn)
    .await?
    .ok_or_else(|| EngineError::not_found("product", handle))
}

async fn product_id(tx: &mut WriteTx, handle: &str) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM products WHERE slug = $1")
        .bind(handle)
        .fetch_one(&mut ***tx)
        .await?;
    Ok(id)
}

/// Whether `slug` names a product, or once named one that still answers to it.
pub(super) async fn slug_taken(tx: &mut WriteTx, slug: &str) -> EngineResult<bool> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT 1 FROM products WHERE slug = $1 UNION ALL SELECT 1 FROM product_redirects WHERE slug = $1",
    )
    .bind(slug)
    .fetch_optional(&mut ***tx)
    .await?;
    Ok(row.is_some())
}

pub(super) fn handle_taken(handle: &str) -> EngineError {
    EngineError::Unprocessable(DomainError::new(
        "handle",
        format!("`{handle}` is taken by another product, or was one's address before"),
    ))
}
