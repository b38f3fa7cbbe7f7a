//! When a product is shown and where: scheduled products coming due, and old slugs answering for renamed ones.

use domain::DomainError;

use crate::{
    Engine, EngineError, EngineResult,
    audit_log::{self, Change},
    db::{Db, WriteTx},
    now_ms,
    refresh::record_changes,
    staff::Actor,
};

/// Renames the product `id` from `old` to `new`, keeping `old` as a redirect to it. A slug another product has
/// or had is refused; the product's own old slug may be taken back, which drops that redirect.
pub(super) async fn rename(
    tx: &mut WriteTx,
    by: &Actor,
    id: i64,
    old: &str,
    new: &str,
) -> EngineResult<()> {
    domain::Slug::parse(new)
        .map_err(|e| EngineError::Unprocessable(DomainError::new("handle", e.message)))?;
    let owner: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM products WHERE slug = $1 UNION ALL SELECT product_id FROM product_redirects WHERE slug = $1",
    )
    .bind(new)
    .fetch_optional(&mut ***tx)
    .await?;
    if owner.is_some_and(|(owner,)| owner != id) {
        return Err(super::editor::handle_taken(new));
    }
    sqlx::query("DELETE FROM product_redirects WHERE slug = $1")
        .bind(new)
        .execute(&mut ***tx)
        .await?;
    sqlx::query("UPDATE products SET slug = $1 WHERE id = $2")
        .bind(new)
        .bind(id)
        .execute(&mut ***tx)
        .await?;
    sqlx::query(
        "INSERT INTO product_redirects (slug, product_id, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (slug) DO UPDATE SET product_id = excluded.product_id",
    )
    .bind(old)
    .bind(id)
    .bind(now_ms())
    .execute(&mut ***tx)
    .await?;
    let change = Change::new("handle", Some(old.to_owned()), Some(new.to_owned()));
    audit_log::record(tx, by, "product.renamed", ("product", new), &[change]).await
}

/// Makes shown the active products whose publish time has passed: clears their `publish_at` and logs them as
/// changed, so the refresh that follows indexes them and retires cached pages on every app server. Returns how
/// many came due.
pub(crate) async fn publish_due(db: &Db, now: i64) -> EngineResult<usize> {
    let mut tx = db.begin_write().await?;
    let due: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM products WHERE publish_at IS NOT NULL AND publish_at <= $1")
            .bind(now)
            .fetch_all(&mut **tx)
            .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let ids: Vec<i64> = due.into_iter().map(|(id,)| id).collect();
    // The publish time becomes the last change, so the sitemap tells crawlers the page is new.
    sqlx::query(
        "UPDATE products SET publish_at = NULL, updated_at = $1 WHERE publish_at IS NOT NULL AND publish_at <= $1",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    record_changes(&mut tx, &ids).await?;
    tx.commit().await?;
    Ok(ids.len())
}

/// The earliest publish time still to come, if any: the catalog snapshot keeps it, so the refresh knows when to
/// call [`publish_due`] without a query every tick.
pub(crate) async fn next_publish_at(pool: &sqlx::AnyPool) -> EngineResult<Option<i64>> {
    let (next,): (Option<i64>,) =
        sqlx::query_as("SELECT MIN(publish_at) FROM products WHERE publish_at IS NOT NULL")
            .fetch_one(pool)
            .await?;
    Ok(next)
}

impl Engine {
    /// The slug a renamed product answers to now, when `slug` is one it had before; `None` otherwise. The
    /// storefront answers the old address with a permanent redirect, so links and search results keep working.
    pub async fn product_renamed(&self, slug: &str) -> EngineResult<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT p.slug FROM product_redirects r JOIN products p ON p.id = r.product_id WHERE r.slug = $1",
        )
        .bind(slug)
        .fetch_optional(&self.db.pool)
        .await?;
        Ok(row.map(|(slug,)| slug))
    }
}
