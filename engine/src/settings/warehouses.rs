//! Warehouses (where stock is kept, shipped from in priority order) and whether a variant may be ordered beyond its
//! stock, as the back office and the admin API change them.

use domain::DomainError;

use crate::{
    Actor, Engine, EngineError, EngineResult, Scope, audit_log,
    exchange::WarehouseRecord,
    now_ms,
    refresh::{EVERYTHING, record_changes},
};

impl Engine {
    /// Every warehouse by priority; needs `inventory:read`.
    pub async fn warehouses_as(&self, actor: &Actor) -> EngineResult<Vec<WarehouseRecord>> {
        actor.require(Scope::InventoryRead)?;
        self.warehouses().await
    }

    /// Adds a warehouse, or renames one, changes its priority (lower priorities ship first) and the channels it
    /// ships to (none named: every channel); needs `inventory:write`, and writes an audit entry. A change of
    /// channels moves the catalog version, so every app server promises each channel's buyers the stock of its
    /// own warehouses from then on.
    pub async fn upsert_warehouse(
        &self,
        actor: &Actor,
        record: &WarehouseRecord,
    ) -> EngineResult<()> {
        crate::inventory::require_stock_write(actor)?;
        let code = record.code.trim();
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
        let name = super::text("name", &record.name, 200, true)?;
        let before = self
            .warehouses()
            .await?
            .into_iter()
            .find(|w| w.code == code);
        let stored = |w: &WarehouseRecord| w.channels.clone().unwrap_or_default();
        let wanted = match &record.channels {
            Some(channels) => channels.clone(),
            None => before.as_ref().map(stored).unwrap_or_default(),
        };
        let known: Vec<(i64, String)> = sqlx::query_as("SELECT id, code FROM channels")
            .fetch_all(&self.db.pool)
            .await?;
        let mut channels: Vec<(i64, String)> = Vec::new();
        for wanted in &wanted {
            let wanted = wanted.trim();
            let Some(found) = known.iter().find(|(_, c)| c == wanted) else {
                return Err(
                    DomainError::new("channels", format!("`{wanted}` is not a channel")).into(),
                );
            };
            channels.push(found.clone());
        }
        channels.sort_by(|a, b| a.1.cmp(&b.1));
        channels.dedup();
        let fields = |name: &str, priority: i64, channels: &[String]| {
            [
                ("name", name.to_owned()),
                ("priority", priority.to_string()),
                ("channels", channels.join(", ")),
            ]
        };
        let codes: Vec<String> = channels.iter().map(|(_, c)| c.clone()).collect();
        let changes = super::changes(
            before
                .as_ref()
                .map(|w| fields(&w.name, w.priority, &stored(w)))
                .as_ref()
                .map(|b| b.as_slice()),
            &fields(&name, record.priority, &codes),
        );
        let channels_changed = before
            .as_ref()
            .map_or(!codes.is_empty(), |w| stored(w) != codes);
        let mut tx = self.db.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO warehouses (code, name, priority) VALUES ($1, $2, $3)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, priority = excluded.priority
             RETURNING id",
        )
        .bind(code)
        .bind(&name)
        .bind(record.priority)
        .fetch_one(&mut **tx)
        .await?;
        if channels_changed {
            sqlx::query("DELETE FROM warehouse_channels WHERE warehouse_id = $1")
                .bind(id)
                .execute(&mut **tx)
                .await?;
            for (channel, _) in &channels {
                sqlx::query(
                    "INSERT INTO warehouse_channels (warehouse_id, channel_id) VALUES ($1, $2)",
                )
                .bind(id)
                .bind(channel)
                .execute(&mut **tx)
                .await?;
            }
            record_changes(&mut tx, &[EVERYTHING]).await?;
        }
        if !changes.is_empty() {
            let action = if before.is_some() {
                "warehouse.changed"
            } else {
                "warehouse.created"
            };
            audit_log::record(&mut tx, actor, action, ("warehouse", code), &changes).await?;
        }
        tx.commit().await?;
        if channels_changed {
            self.refresh().await?;
        }
        Ok(())
    }

    /// Whether `sku` may be ordered beyond its stock; needs `inventory:write`, and writes an audit entry.
    pub async fn set_backorder(
        &self,
        actor: &Actor,
        sku: &domain::Sku,
        allowed: bool,
    ) -> EngineResult<()> {
        crate::inventory::require_stock_write(actor)?;
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
