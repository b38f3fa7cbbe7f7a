//! Changes to a selection of products from the list: a status, a category, or prices up or down by a percentage.
//! The whole selection changes in one transaction or not at all, through the import's checks and writer, with an
//! audit entry per product.

use domain::{DomainError, ProductStatus};
use rust_decimal::Decimal;

use crate::{
    Engine, EngineError, EngineResult,
    audit_log::{self, Change},
    exchange::{
        ImportOptions, MissingCategories, ProductRecord, Selection, load_records,
        require_shop_catalog,
    },
    now_ms,
    refresh::record_changes,
    staff::Actor,
};

/// Products one bulk change may touch: a page of the list is 50, a selection of every page a few hundred.
pub const BULK_LIMIT: usize = 1_000;

/// What a bulk action does to every selected product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkChange {
    /// Sets the status (a schedule is dropped: the product is shown, or not, now).
    Status(ProductStatus),
    /// Moves the products to the category with this slug.
    Category(String),
    /// Changes every main price, volume break and price in another currency by this percentage (`-10` is ten per
    /// cent off), rounded to the currency's cents.
    Prices(Decimal),
}

impl Engine {
    /// Applies `change` to the products named by `handles`; returns how many changed. An unknown handle refuses
    /// the whole change naming it. Needs `catalog:write`.
    pub async fn bulk_change_products(
        &self,
        by: &Actor,
        handles: &[String],
        change: &BulkChange,
    ) -> EngineResult<u64> {
        require_shop_catalog(by)?;
        if handles.is_empty() {
            return Err(EngineError::Unprocessable(DomainError::new(
                "handles",
                "select at least one product",
            )));
        }
        if handles.len() > BULK_LIMIT {
            return Err(EngineError::Unprocessable(DomainError::new(
                "handles",
                format!("select at most {BULK_LIMIT} products at a time"),
            )));
        }
        if let BulkChange::Prices(percent) = change
            && *percent <= Decimal::from(-100)
        {
            return Err(EngineError::Unprocessable(DomainError::new(
                "percent",
                "a price cannot go down by 100 % or more",
            )));
        }
        let known = self.known_to_records().await?;
        let mut tx = self.db.begin_write().await?;
        let wanted: Vec<&str> = handles.iter().map(String::as_str).collect();
        let records =
            load_records(&mut tx, &self.config.currency, Selection::Handles(&wanted)).await?;
        if let Some(missing) = wanted
            .iter()
            .find(|h| !records.iter().any(|(_, r)| r.handle == **h))
        {
            return Err(EngineError::Unprocessable(DomainError::new(
                "handles",
                format!("no product `{missing}`"),
            )));
        }
        let changed = match change {
            BulkChange::Status(status) => {
                let ids: Vec<i64> = records.iter().map(|(id, _)| *id).collect();
                // Ids read from the database: integers, safe to list in the statement.
                let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
                let before: Vec<(i64, String)> = sqlx::query_as(&format!(
                    "SELECT id, status FROM products WHERE id IN ({list})"
                ))
                .fetch_all(&mut **tx)
                .await?;
                sqlx::query(&format!(
                    "UPDATE products SET status = $1, publish_at = NULL, version = version + 1, updated_at = $2
                     WHERE id IN ({list})"
                ))
                .bind(status.as_str())
                .bind(now_ms())
                .execute(&mut **tx)
                .await?;
                for (id, record) in &records {
                    let was = before.iter().find(|(b, _)| b == id).map(|(_, s)| s.clone());
                    let change = Change::new("status", was, Some(status.as_str().into()));
                    audit_log::record(
                        &mut tx,
                        by,
                        "product.settings_changed",
                        ("product", &record.handle),
                        &[change],
                    )
                    .await?;
                }
                record_changes(&mut tx, &ids).await?;
                records.len() as u64
            }
            BulkChange::Category(slug) => {
                let edited = records.into_iter().map(|(_, mut r)| {
                    r.category = slug.clone();
                    r
                });
                self.write_bulk(&mut tx, by, known, edited).await?
            }
            BulkChange::Prices(percent) => {
                let factor = Decimal::ONE + percent / Decimal::from(100);
                let currency = self.config.currency.clone();
                let edited: Vec<ProductRecord> = records
                    .into_iter()
                    .map(|(_, mut r)| {
                        for v in &mut r.variants {
                            v.price = currency.round(v.price * factor);
                            for tier in v.tiers.iter_mut().flatten() {
                                tier.price = currency.round(tier.price * factor);
                            }
                            for other in v.prices.iter_mut().flatten() {
                                let theirs = domain::Currency::parse(&other.currency)
                                    .unwrap_or_else(|_| currency.clone());
                                other.price = theirs.round(other.price * factor);
                                for tier in &mut other.tiers {
                                    tier.price = theirs.round(tier.price * factor);
                                }
                            }
                        }
                        r
                    })
                    .collect();
                self.write_bulk(&mut tx, by, known, edited).await?
            }
        };
        tx.commit().await?;
        self.refresh().await?;
        Ok(changed)
    }

    async fn write_bulk(
        &self,
        tx: &mut crate::db::WriteTx,
        by: &Actor,
        known: crate::exchange::KnownToRecords,
        records: impl IntoIterator<Item = ProductRecord>,
    ) -> EngineResult<u64> {
        let options = ImportOptions {
            strict: true,
            missing_categories: MissingCategories::Refuse,
            ..ImportOptions::default()
        };
        let records = records
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, Ok(r)))
            .collect();
        let report = self
            .write_records(tx, by, known, records, &options, &mut |_, _| {})
            .await?;
        if let Some(e) = report.errors.first() {
            // A price the change would make impossible is the percentage's fault; anything else names its field.
            let field = match e.field.as_str() {
                "category" => "category",
                _ => "percent",
            };
            return Err(EngineError::Unprocessable(DomainError::new(
                field,
                e.detail(),
            )));
        }
        Ok(report.updated)
    }
}
