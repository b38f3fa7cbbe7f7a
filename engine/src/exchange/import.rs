//! Reading [`ProductRecord`]s in: every line is validated on its own and reported with its line number; the good
//! lines are written in one transaction (or, in strict mode, nothing is written when any line is bad). A record
//! equal to what is stored is left alone, so importing the same file twice changes nothing.

use std::collections::HashMap;

use domain::DomainError;
use sqlx::{Any, Transaction};

use super::{
    ProductRecord, RulesRecord,
    categories::{ImportOptions, MissingCategories, add_missing},
    definitions::Definitions,
    read::{Selection, load_records},
    validate::{Seen, Valid, validate_record},
    write::{ProductRows, insert_product, update_product},
};
use crate::{
    Engine, EngineResult,
    audit_log::{self, Change},
    catalog::CategoryIndex,
    db::WriteTx,
    now_ms,
    refresh::{EVERYTHING, record_changes},
    staff::Actor,
};

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
    /// Categories the import created for products whose category was missing, by slug.
    pub categories_created: Vec<String>,
}

/// A line that could not be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line number in the file.
    pub line: usize,
    /// The record's field at fault (`price`, `tiers`, `sku`, …): what `message` starts with.
    pub field: String,
    /// What is wrong, naming the field: `field: what is wrong`.
    pub message: String,
}

impl ImportError {
    fn new(line: usize, e: DomainError) -> Self {
        Self {
            line,
            message: e.to_string(),
            field: e.field,
        }
    }

    /// What is wrong without the field in front, for an answer that names the field apart.
    pub fn detail(&self) -> &str {
        self.message
            .strip_prefix(self.field.as_str())
            .and_then(|rest| rest.strip_prefix(": "))
            .unwrap_or(&self.message)
    }
}

impl Engine {
    /// Fills what `records` cannot carry from the stored products of the same handles.
    async fn keep_stored_extras(
        &self,
        records: &mut [(usize, Result<ProductRecord, DomainError>)],
    ) -> EngineResult<()> {
        let handles: Vec<&str> = records
            .iter()
            .filter_map(|(_, r)| r.as_ref().ok().map(|r| r.handle.as_str()))
            .collect();
        if handles.is_empty() {
            return Ok(());
        }
        let mut conn = self.db.pool.acquire().await?;
        let stored: HashMap<String, ProductRecord> = load_records(
            &mut conn,
            &self.config.currency,
            Selection::Handles(&handles),
        )
        .await?
        .into_iter()
        .map(|(_, r)| (r.handle.clone(), r))
        .collect();
        drop(conn);
        for record in records.iter_mut().filter_map(|(_, r)| r.as_mut().ok()) {
            if let Some(old) = stored.get(&record.handle) {
                record.product_type = old.product_type.clone();
                record.tax_class = old.tax_class.clone();
                record.attributes = old.attributes.clone();
                record.translations = old.translations.clone();
                if record.category.is_empty() {
                    record.category = old.category.clone();
                }
            }
        }
        Ok(())
    }
}

/// The category tree and attribute definitions records are checked against, read before the write transaction
/// starts: on SQLite the writer may hold the only connection.
pub(crate) struct KnownToRecords {
    index: CategoryIndex,
    definitions: Definitions,
}

impl Engine {
    /// What [`Engine::write_records`] checks records against.
    pub(crate) async fn known_to_records(&self) -> EngineResult<KnownToRecords> {
        Ok(KnownToRecords {
            index: CategoryIndex::load(&self.db.pool).await?,
            definitions: Definitions::load(&self.db.pool).await?,
        })
    }
}

/// Records are compared with what is stored, and written, this many at a time: the stored products of a batch
/// are read in one go, so a re-import of an unchanged catalog costs a few queries per batch, not per product.
const BATCH: usize = 256;

impl Engine {
    /// Imports NDJSON lines given as `(line number, text)`; blank lines are skipped.
    pub async fn import_products(
        &self,
        actor: &Actor,
        lines: impl IntoIterator<Item = (usize, String)>,
        strict: bool,
    ) -> EngineResult<ImportReport> {
        let records = lines
            .into_iter()
            .filter(|(_, text)| !text.trim().is_empty())
            .map(|(line, text)| (line, parse_product_line(&text)));
        self.import_records(actor, records, strict).await
    }

    /// Imports records already read from some format (NDJSON, Shopify CSV), each with the line it came from and
    /// the reason it could not be read, if it could not. A record whose category is missing is refused: an
    /// integration owns the category tree it sends ([`Engine::import_records_with`] chooses otherwise).
    pub async fn import_records(
        &self,
        actor: &Actor,
        records: impl IntoIterator<Item = (usize, Result<ProductRecord, DomainError>)>,
        strict: bool,
    ) -> EngineResult<ImportReport> {
        let options = ImportOptions {
            strict,
            missing_categories: MissingCategories::Refuse,
            ..ImportOptions::default()
        };
        self.import_records_with(actor, records, &options, |_, _| {})
            .await
    }

    /// Imports records as `options` say, calling `progress(done, total)` as valid records are written, so a
    /// command line can draw a progress bar. Categories it creates are written in the import's transaction, so a
    /// strict import that refuses the file leaves none behind. Needs `catalog:write` and a caller not bound to a
    /// company; every product created or changed gets an audit entry with the fields that changed.
    pub async fn import_records_with(
        &self,
        actor: &Actor,
        records: impl IntoIterator<Item = (usize, Result<ProductRecord, DomainError>)>,
        options: &ImportOptions,
        mut progress: impl FnMut(u64, u64),
    ) -> EngineResult<ImportReport> {
        super::require_shop_catalog(actor)?;
        let mut records: Vec<_> = records.into_iter().collect();
        if options.keep_stored_extras {
            self.keep_stored_extras(&mut records).await?;
        }
        let known = self.known_to_records().await?;
        let mut tx = self.db.begin_write().await?;
        let mut report = self
            .write_records(&mut tx, actor, known, records, options, &mut progress)
            .await?;
        if options.strict && !report.errors.is_empty() {
            tx.rollback().await?;
            report.categories_created.clear();
            return Ok(report);
        }
        tx.commit().await?;
        if report.created + report.updated > 0 || !report.categories_created.is_empty() {
            self.refresh().await?;
        }
        report.committed = true;
        Ok(report)
    }

    /// Validates and writes `records` in the caller's transaction, logging the changed products for the refresh
    /// that follows the caller's commit. In strict mode it stops at the first bad record: the report's errors say
    /// so, and the caller must roll back. The product editor writes through here too, so a product saved in the
    /// back office is checked and stored exactly as an imported one.
    pub(crate) async fn write_records(
        &self,
        tx: &mut WriteTx,
        actor: &Actor,
        known: KnownToRecords,
        records: Vec<(usize, Result<ProductRecord, DomainError>)>,
        options: &ImportOptions,
        progress: &mut impl FnMut(u64, u64),
    ) -> EngineResult<ImportReport> {
        let strict = options.strict;
        let mut records = records;
        let KnownToRecords { index, definitions } = known;
        let (index, categories_created) =
            add_missing(tx, index, &mut records, options, actor).await?;
        let mut report = ImportReport {
            categories_created,
            ..ImportReport::default()
        };
        let mut valid = Vec::new();
        let mut seen = Seen::default();
        let currency = &self.config.currency;
        for (line, record) in records {
            match record
                .and_then(|r| validate_record(currency, &index, &definitions, line, r, &mut seen))
            {
                Ok(v) => valid.push(v),
                Err(e) => report.errors.push(ImportError::new(line, e)),
            }
        }
        if strict && !report.errors.is_empty() {
            return Ok(report);
        }
        let mut changed = Vec::new();
        let total = valid.len() as u64;
        for (batch, chunk) in valid.chunks(BATCH).enumerate() {
            progress((batch * BATCH) as u64, total);
            let handles: Vec<&str> = chunk.iter().map(|v| v.record.handle.as_str()).collect();
            let stored: HashMap<String, (i64, ProductRecord)> =
                load_records(tx, currency, Selection::Handles(&handles))
                    .await?
                    .into_iter()
                    .map(|(id, r)| (r.handle.clone(), (id, r)))
                    .collect();
            for v in chunk {
                let stored = stored.get(&v.record.handle);
                let refusal = match owned_elsewhere(tx, &v.record).await? {
                    Some(e) => Some(e),
                    None => kept_zero_price(stored.map(|(_, r)| r), &v.record),
                };
                if let Some(e) = refusal {
                    report.errors.push(ImportError::new(v.line, e));
                    if strict {
                        return Ok(report);
                    }
                    continue;
                }
                if let Some(id) = self.upsert(tx, actor, v, stored, &mut report).await? {
                    changed.push(id);
                }
            }
        }
        progress(total, total);
        if !report.categories_created.is_empty() {
            // New categories change the tree every app server holds.
            record_changes(tx, &[EVERYTHING]).await?;
        } else if !changed.is_empty() {
            record_changes(tx, &changed).await?;
        }
        report.errors.sort_by_key(|e| e.line);
        Ok(report)
    }

    async fn upsert(
        &self,
        tx: &mut WriteTx,
        actor: &Actor,
        v: &Valid,
        stored: Option<&(i64, ProductRecord)>,
        report: &mut ImportReport,
    ) -> EngineResult<Option<i64>> {
        let now = now_ms();
        let r = &v.record;
        let product_id = match stored {
            Some((id, stored)) => {
                if unchanged(stored, r) {
                    report.unchanged += 1;
                    return Ok(None);
                }
                update_product(tx, *id, v.category_id, r, now).await?;
                report.updated += 1;
                *id
            }
            None => {
                report.created += 1;
                insert_product(tx, v.category_id, r, now).await?
            }
        };
        let rows = ProductRows {
            product_id,
            replace: stored.is_some(),
            currency: self.config.currency.code(),
            now,
        };
        rows.write_all(tx, r).await?;
        let (action, changes) = match stored {
            Some((_, stored)) => (
                "product.changed",
                changes(Some(stored), &effective(stored, r)),
            ),
            None => ("product.created", changes(None, r)),
        };
        audit_log::record(tx, actor, action, ("product", &r.handle), &changes).await?;
        let payload =
            serde_json::json!({ "handle": r.handle, "created": stored.is_none() }).to_string();
        crate::events::record(
            tx,
            "product.upserted",
            &format!("product:{}", r.handle),
            None,
            &payload,
            now,
        );
        Ok(Some(product_id))
    }
}

/// Whether writing `incoming` would leave `stored` (as `load_records` reads it) as it is. A variant's `tiers`,
/// `prices` and `rules` left out of the record keep what is stored (less the breaks a new price no longer
/// undercuts), and an empty list or the default rules mean the same as nothing stored.
fn unchanged(stored: &ProductRecord, incoming: &ProductRecord) -> bool {
    *stored == effective(stored, incoming)
}

/// What `incoming` leaves stored once written over `stored`.
fn effective(stored: &ProductRecord, incoming: &ProductRecord) -> ProductRecord {
    let mut effective = incoming.clone();
    for v in &mut effective.variants {
        let old = stored.variants.iter().find(|s| s.sku == v.sku);
        v.tiers = match v.tiers.take() {
            Some(tiers) => Some(tiers),
            None => old
                .and_then(|o| o.tiers.clone())
                .map(|tiers| tiers.into_iter().filter(|t| t.price < v.price).collect()),
        }
        .filter(|t| !t.is_empty());
        v.prices = match v.prices.take() {
            Some(prices) => Some(prices),
            None => old.and_then(|o| o.prices.clone()),
        }
        .filter(|p| !p.is_empty());
        v.rules = v
            .rules
            .or_else(|| old.and_then(|o| o.rules))
            .filter(|r| *r != RulesRecord::DEFAULT);
    }
    effective
}

/// A value in the audit trail is cut after this many characters: a product with hundreds of variants would
/// otherwise put its whole catalog entry in the trail on every change.
const AUDIT_VALUE_CHARS: usize = 500;

/// The record's fields that differ between `before` and `after`, as JSON, for the audit trail.
fn changes(before: Option<&ProductRecord>, after: &ProductRecord) -> Vec<Change> {
    let fields = |r: &ProductRecord| match serde_json::to_value(r) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    let old = before.map(fields).unwrap_or_default();
    let shown = |v: Option<&serde_json::Value>| {
        v.filter(|v| !v.is_null()).map(|v| {
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if text.chars().count() > AUDIT_VALUE_CHARS {
                text.chars().take(AUDIT_VALUE_CHARS).chain(['…']).collect()
            } else {
                text
            }
        })
    };
    fields(after)
        .iter()
        .filter(|(field, value)| old.get(*field) != Some(*value))
        .map(|(field, value)| Change::new(field, shown(old.get(field)), shown(Some(value))))
        .filter(|c| c.before.is_some() || c.after.is_some())
        .collect()
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

/// A price of 0 in another currency that the record would keep on a variant it does not mark free. A record
/// that leaves `prices` out keeps the stored ones, which validation cannot see; a variant that was free may have
/// been stored at 0 there, and keeping that 0 on a variant that now costs money would sell it for nothing.
fn kept_zero_price(stored: Option<&ProductRecord>, record: &ProductRecord) -> Option<DomainError> {
    let stored = stored?;
    record
        .variants
        .iter()
        .filter(|v| v.prices.is_none() && !v.free)
        .find_map(|v| {
            let old = stored.variants.iter().find(|s| s.sku == v.sku)?;
            let zero = old.prices.iter().flatten().find(|p| p.price.is_zero())?;
            Some(DomainError::new(
                "prices",
                format!(
                    "of {}: the stored {} price is 0 and the variant is not free; send its prices",
                    v.sku, zero.currency
                ),
            ))
        })
}

/// A SKU or translated slug of the record that belongs to another product: both are unique over the catalog,
/// and silently moving one would rewrite someone else's product.
async fn owned_elsewhere(
    tx: &mut Transaction<'_, Any>,
    record: &ProductRecord,
) -> EngineResult<Option<DomainError>> {
    for v in &record.variants {
        let owner: Option<(String,)> = sqlx::query_as(
            "SELECT p.slug FROM variants v JOIN products p ON p.id = v.product_id WHERE v.sku = $1",
        )
        .bind(&v.sku)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((slug,)) = owner.filter(|(slug,)| *slug != record.handle) {
            return Ok(Some(DomainError::new(
                "sku",
                format!("{} belongs to product {slug}", v.sku),
            )));
        }
    }
    for (locale, t) in &record.translations {
        let owner: Option<(String,)> = sqlx::query_as(
            "SELECT p.slug FROM product_translations t JOIN products p ON p.id = t.product_id
             WHERE t.locale = $1 AND t.slug = $2",
        )
        .bind(locale)
        .bind(&t.slug)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((slug,)) = owner.filter(|(slug,)| *slug != record.handle) {
            return Ok(Some(DomainError::new(
                "translations",
                format!("{locale}: slug {} belongs to product {slug}", t.slug),
            )));
        }
    }
    Ok(None)
}
