//! Reading [`ProductRecord`]s in: every line is validated on its own and reported with its line number; the good
//! lines are written in one transaction (or, in strict mode, nothing is written when any line is bad). A record
//! equal to what is stored is left alone, so importing the same file twice changes nothing.

use std::collections::HashMap;

use domain::{DomainError, Sku, Slug, UnitPrice};
use sqlx::{Any, FromRow, Transaction};

use super::{
    ImageRecord, OptionRecord, ProductRecord, VariantRecord,
    write::{ProductRows, brand_id, insert_product},
};
use crate::{Engine, EngineResult, catalog::CategoryIndex, now_ms, refresh::record_changes};

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Products that did not exist before.
    pub created: u64,
    /// Products that existed and changed.
    pub updated: u64,
    /// Products that existed exactly as imported.
    pub unchanged: u64,
    /// Lines that could not be imported, in file order.
    pub errors: Vec<ImportError>,
    /// Whether anything was written (false in strict mode when a line was bad).
    pub committed: bool,
}

/// A line that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong, naming the field.
    pub message: String,
}

struct Valid {
    line: usize,
    record: ProductRecord,
    category_id: i64,
    price_micros: Vec<i64>,
}

#[derive(FromRow)]
struct Existing {
    id: i64,
}

impl Engine {
    /// Imports NDJSON lines given as `(line number, text)`; blank lines are skipped.
    pub async fn import_products(
        &self,
        lines: impl IntoIterator<Item = (usize, String)>,
        strict: bool,
    ) -> EngineResult<ImportReport> {
        let records = lines
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(line, text)| (line, parse_product_line(&text)));
        self.import_records(records, strict).await
    }

    /// Imports records already read from some format (NDJSON, Shopify CSV), each with the line it came from and
    /// the reason it could not be read, if it could not.
    pub async fn import_records(
        &self,
        records: impl IntoIterator<Item = (usize, Result<ProductRecord, DomainError>)>,
        strict: bool,
    ) -> EngineResult<ImportReport> {
        self.import_records_with_progress(records, strict, |_, _| {})
            .await
    }

    /// [`Engine::import_records`], calling `progress(done, total)` as valid records are written, so a command line
    /// can draw a progress bar.
    pub async fn import_records_with_progress(
        &self,
        records: impl IntoIterator<Item = (usize, Result<ProductRecord, DomainError>)>,
        strict: bool,
        mut progress: impl FnMut(u64, u64),
    ) -> EngineResult<ImportReport> {
        let index = CategoryIndex::load(&self.db.pool).await?;
        let mut report = ImportReport::default();
        let mut valid = Vec::new();
        let mut handles: HashMap<String, usize> = HashMap::new();
        let mut skus: HashMap<String, usize> = HashMap::new();
        for (line, record) in records {
            match record
                .and_then(|r| self.validate_record(&index, line, r, &mut handles, &mut skus))
            {
                Ok(v) => valid.push(v),
                Err(e) => report.errors.push(ImportError {
                    line,
                    message: e.to_string(),
                }),
            }
        }
        if strict && !report.errors.is_empty() {
            return Ok(report);
        }
        let mut tx = self.db.begin_write().await?;
        let mut changed = Vec::new();
        let total = valid.len() as u64;
        for (done, v) in valid.into_iter().enumerate() {
            if done % 256 == 0 {
                progress(done as u64, total);
            }
            if let Some(message) = sku_owned_elsewhere(&mut tx, &v.record).await? {
                report.errors.push(ImportError {
                    line: v.line,
                    message,
                });
                if strict {
                    tx.rollback().await?;
                    return Ok(report);
                }
                continue;
            }
            if let Some(id) = self.upsert(&mut tx, &v, &mut report).await? {
                changed.push(id);
            }
        }
        progress(total, total);
        if !changed.is_empty() {
            record_changes(&mut tx, &changed).await?;
        }
        tx.commit().await?;
        if !changed.is_empty() {
            self.refresh().await?;
        }
        report.errors.sort_by_key(|e| e.line);
        report.committed = true;
        Ok(report)
    }

    fn validate_record(
        &self,
        index: &CategoryIndex,
        line: usize,
        mut record: ProductRecord,
        handles: &mut HashMap<String, usize>,
        skus: &mut HashMap<String, usize>,
    ) -> Result<Valid, DomainError> {
        Slug::parse(&record.handle).map_err(|e| DomainError::new("handle", e.message))?;
        if record.name.trim().is_empty() {
            return Err(DomainError::new("name", "must not be empty"));
        }
        let category_id = index
            .by_slug(&record.category)
            .map(|c| c.id)
            .ok_or_else(|| {
                DomainError::new("category", format!("{:?} does not exist", record.category))
            })?;
        if record.variants.is_empty() {
            return Err(DomainError::new(
                "variants",
                "must hold at least one variant",
            ));
        }
        let mut price_micros = Vec::with_capacity(record.variants.len());
        for variant in &mut record.variants {
            variant.sku = Sku::parse(&variant.sku)?.as_str().to_owned();
            if variant.title.trim().is_empty() {
                return Err(DomainError::new(
                    "title",
                    format!("of {} must not be empty", variant.sku),
                ));
            }
            let currency = domain::Currency::parse(&variant.currency)?;
            if currency != self.config.currency {
                return Err(DomainError::new(
                    "currency",
                    format!(
                        "of {} must be {}, the channel currency",
                        variant.sku, self.config.currency
                    ),
                ));
            }
            variant.currency = currency.code().to_owned();
            let price = UnitPrice::parse(variant.price, currency)?;
            variant.price = price.money().amount;
            price_micros.push(price.to_micros());
            if variant.stock < 0 {
                return Err(DomainError::new(
                    "stock",
                    format!("of {} must not be negative", variant.sku),
                ));
            }
        }
        if let Some(first) = handles.get(&record.handle) {
            return Err(DomainError::new(
                "handle",
                format!("{} was already on line {first}", record.handle),
            ));
        }
        for variant in &record.variants {
            if let Some(first) = skus.get(&variant.sku) {
                return Err(DomainError::new(
                    "sku",
                    format!("{} was already on line {first}", variant.sku),
                ));
            }
        }
        handles.insert(record.handle.clone(), line);
        for variant in &record.variants {
            skus.insert(variant.sku.clone(), line);
        }
        Ok(Valid {
            line,
            record,
            category_id,
            price_micros,
        })
    }

    async fn upsert(
        &self,
        tx: &mut Transaction<'_, Any>,
        v: &Valid,
        report: &mut ImportReport,
    ) -> EngineResult<Option<i64>> {
        let now = now_ms();
        let r = &v.record;
        let existing: Option<Existing> = sqlx::query_as("SELECT id FROM products WHERE slug = $1")
            .bind(&r.handle)
            .fetch_optional(&mut **tx)
            .await?;
        let existed = existing.is_some();
        let product_id = match existing {
            Some(e) => {
                if self.stored_record(tx, e.id).await?.as_ref() == Some(r) {
                    report.unchanged += 1;
                    return Ok(None);
                }
                let brand = brand_id(tx, &r.brand, now).await?;
                sqlx::query(
                    "UPDATE products SET category_id = $1, name = $2, brand_id = $3, description = $4, updated_at = $5
                     WHERE id = $6",
                )
                .bind(v.category_id)
                .bind(&r.name)
                .bind(brand)
                .bind(&r.description)
                .bind(now)
                .bind(e.id)
                .execute(&mut **tx)
                .await?;
                report.updated += 1;
                e.id
            }
            None => {
                report.created += 1;
                insert_product(tx, v.category_id, r, now).await?
            }
        };
        let rows = ProductRows {
            product_id,
            replace: existed,
            currency: self.config.currency.code(),
            now,
        };
        rows.write_images(tx, &r.images).await?;
        rows.write_variants(tx, &r.variants, &v.price_micros)
            .await?;
        Ok(Some(product_id))
    }

    /// The product as a record, read inside the transaction so the comparison sees what this import wrote so far.
    async fn stored_record(
        &self,
        tx: &mut Transaction<'_, Any>,
        product_id: i64,
    ) -> EngineResult<Option<ProductRecord>> {
        let row: Option<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT p.slug, p.name, COALESCE(b.name, '') AS brand, p.description, c.slug FROM products p
             JOIN categories c ON c.id = p.category_id LEFT JOIN brands b ON b.id = p.brand_id WHERE p.id = $1",
        )
        .bind(product_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some((handle, name, brand, description, category)) = row else {
            return Ok(None);
        };
        let images: Vec<(String, String)> = sqlx::query_as(
            "SELECT url, alt FROM product_images WHERE product_id = $1 ORDER BY position, id",
        )
        .bind(product_id)
        .fetch_all(&mut **tx)
        .await?;
        let variants: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
            "SELECT v.sku, v.title, v.options, v.stock_on_hand, pr.amount_micros FROM variants v
             JOIN prices pr ON pr.variant_id = v.id AND pr.currency = $2
             WHERE v.product_id = $1 ORDER BY v.position, v.id",
        )
        .bind(product_id)
        .bind(self.config.currency.code())
        .fetch_all(&mut **tx)
        .await?;
        let variants = variants
            .into_iter()
            .map(|(sku, title, options, stock, micros)| {
                let options = serde_json::from_str::<Vec<(String, String)>>(&options)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(name, value)| OptionRecord { name, value })
                    .collect();
                Ok(VariantRecord {
                    sku,
                    title,
                    options,
                    price: UnitPrice::from_micros(micros, self.config.currency.clone())?
                        .money()
                        .amount,
                    currency: self.config.currency.code().to_owned(),
                    stock,
                })
            })
            .collect::<EngineResult<_>>()?;
        Ok(Some(ProductRecord {
            handle,
            name,
            brand,
            description,
            category,
            images: images
                .into_iter()
                .map(|(url, alt)| ImageRecord { url, alt })
                .collect(),
            variants,
        }))
    }
}

/// Reads one NDJSON line as a record; the error names the column where the JSON went wrong.
pub fn parse_product_line(text: &str) -> Result<ProductRecord, DomainError> {
    serde_json::from_str(text).map_err(|e| {
        // serde counts lines within the text it was given; within one NDJSON line only the column matters.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_owned();
        DomainError::new(
            "line",
            format!("is not a product record: {message} (column {})", e.column()),
        )
    })
}

/// A SKU of the record that belongs to another product: SKUs are unique over the catalog, and silently moving one
/// would rewrite someone else's product.
async fn sku_owned_elsewhere(
    tx: &mut Transaction<'_, Any>,
    record: &ProductRecord,
) -> EngineResult<Option<String>> {
    for v in &record.variants {
        let owner: Option<(String,)> = sqlx::query_as(
            "SELECT p.slug FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
        )
        .bind(&v.sku)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((slug,)) = owner.filter(|(slug,)| *slug != record.handle) {
            return Ok(Some(format!("sku: {} belongs to product {slug}", v.sku)));
        }
    }
    Ok(None)
}
