//! Warehouses (where stock is kept, shipped from in priority order) and whether a variant may be ordered beyond its
//! stock, as the back office and the admin API change them.

use domain::DomainError;

use crate::{
    Actor, Engine, EngineError, EngineResult, Scope, audit_log, exchange::WarehouseRecord, now_ms,
};

/// Refuses an actor that may not change stock settings: one without `inventory:write`, and a key bound to a
/// company.
fn require_inventory_write(actor: &Actor) -> EngineResult<()> {
    actor.require(Scope::InventoryWrite)?;
    if actor.company().is_some() {
        return Err(EngineError::Forbidden(
            "a key bound to a company cannot change the shop's warehouses".into(),
        ));
    }
    Ok(())
}

impl Engine {
    /// Every warehouse by priority; needs `inventory:read`.
    pub async fn warehouses_as(&self, actor: &Actor) -> EngineResult<Vec<WarehouseRecord>> {
        actor.require(Scope::InventoryRead)?;
        self.warehouses().await
    }

    /// Adds a warehouse, or renames one and changes its priority (lower priorities ship first); needs
    /// `inventory:write`, and writes an audit entry.
    pub async fn upsert_warehouse(
        &self,
        actor: &Actor,
        code: &str,
        name: &str,
        priority: i64,
    ) -> EngineResult<()> {
        require_inventory_write(actor)?;
        let code = code.trim();
        if code.is_empty()
            || code.len() > 64
            || !code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(
                DomainError::new("code", "must be 1 to 64 letters, digits, '-' or '_'").into(),
            );
        }
        let name = super::text("name", name, 200, true)?;
        let fields = |name: &str, priority: i64| {
            [
                ("name", name.to_owned()),
                ("priority", priority.to_string()),
            ]
        };
        let before = self
            .warehouses()
            .await?
            .into_iter()
            .find(|w| w.code == code)
            .map(|w| fields(&w.name, w.priority));
        let changes = super::changes(
            before.as_ref().map(|b| b.as_slice()),
            &fields(&name, priority),
        );
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO warehouses (code, name, priority) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, priority = excluded.priority",
        )
        .bind(code)
        .bind(&name)
        .bind(priority)
        .execute(&mut **tx)
        .await?;
        if !changes.is_empty() {
            let action = if before.is_some() {
                "warehouse.changed"
            } else {
                "warehouse.created"
            };
            audit_log::record(&mut tx, actor, action, ("warehouse", code), &changes).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Whether `sku` may be ordered beyond its stock; needs `inventory:write`, and writes an audit entry.
    pub async fn set_backorder(
        &self,
        actor: &Actor,
        sku: &domain::Sku,
        allowed: bool,
    ) -> EngineResult<()> {
        require_inventory_write(actor)?;
        let before: Option<(i64, i64)> =
            sqlx::query_as("SELECT product_id, allow_backorder FROM variants WHERE sku = $1")
                .bind(sku.as_str())
                .fetch_optional(&self.db.pool)
                .await?;
        let (product_id, before) =
            before.ok_or_else(|| EngineError::not_found("variant", sku.as_str()))?;
        if (before != 0) == allowed {
            return Ok(());
        }
        let mut tx = self.db.begin_write().await?;
        sqlx::query("UPDATE variants SET allow_backorder = $1, updated_at = $2 WHERE sku = $3")
            .bind(i64::from(allowed))
            .bind(now_ms())
            .bind(sku.as_str())
            .execute(&mut **tx)
            .await?;
        audit_log::record(
            &mut tx,
            actor,
            "variant.backorder_changed",
            ("variant", sku.as_str()),
            &[audit_log::Change::new(
                "allow_backorder",
                Some((before != 0).to_string()),
                Some(allowed.to_string()),
            )],
        )
        .await?;
        // The product's availability shows on its page and in listings.
        crate::refresh::record_changes(&mut tx, &[product_id]).await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(())
    }
}
