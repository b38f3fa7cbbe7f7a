//! The audit trail: every change staff, an API key, the command line or a bulk upload makes, with who, when, from
//! where, what, and the changed fields before and after. An entry is written in the transaction of its change, so
//! there is no change without its entry and no entry for a change that rolled back. Nothing edits or deletes
//! entries except the retention purge. Secrets, hashes and tokens never go in: callers list the fields they
//! changed, and a secret field is recorded as changed without its values.

use serde::{Deserialize, Serialize};
use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult, Scope, db::WriteTx, now_ms, staff::Actor};

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The field's name.
    pub field: String,
    /// The value before; `None` when the field did not exist (or is a secret).
    pub before: Option<String>,
    /// The value after; `None` when the field is gone (or is a secret).
    pub after: Option<String>,
}

impl Change {
    /// A field that went from `before` to `after`.
    pub fn new(field: &str, before: Option<String>, after: Option<String>) -> Self {
        Self {
            field: field.to_owned(),
            before,
            after,
        }
    }

    /// A secret field (a password, a key) that changed: recorded without either value.
    pub fn secret(field: &str) -> Self {
        Self::new(field, None, None)
    }
}

/// One entry of the trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Entry id; also the cursor.
    pub id: i64,
    /// When, in Unix milliseconds.
    pub at_ms: i64,
    /// `staff`, `key` or `process`.
    pub actor_kind: String,
    /// The staff member's or key's id.
    pub actor_id: Option<i64>,
    /// The staff member's email, the key's label, or the process's name.
    pub actor: String,
    /// The client address the change came from.
    pub client: Option<String>,
    /// What was done (`staff.created`).
    pub action: String,
    /// The kind of thing changed (`staff`).
    pub entity: String,
    /// Which one.
    pub entity_id: String,
    /// The fields changed.
    pub changes: Vec<Change>,
}

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries of actors whose label contains this text.
    pub actor: Option<String>,
    /// Only this kind of thing.
    pub entity: Option<String>,
    /// Only this one thing (with `entity`).
    pub entity_id: Option<String>,
    /// From this moment on, Unix milliseconds.
    pub from_ms: Option<i64>,
    /// Up to this moment, Unix milliseconds.
    pub to_ms: Option<i64>,
    /// Entries older than this entry id (the previous page's `next`).
    pub before: Option<i64>,
    /// Entries per page (1 to 200; default 50).
    pub limit: Option<u32>,
}

/// A page of the trail, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    /// The entries.
    pub entries: Vec<AuditEntry>,
    /// The cursor for the next (older) page, if there is one.
    pub next: Option<i64>,
}

/// Writes an entry for `actor` in the change's transaction.
pub(crate) async fn record(
    tx: &mut WriteTx,
    actor: &Actor,
    action: &str,
    (entity, entity_id): (&str, &str),
    changes: &[Change],
) -> EngineResult<()> {
    let (kind, id, label) = actor.audit_identity();
    let changes =
        serde_json::to_string(changes).map_err(|e| EngineError::Conflict(e.to_string()))?;
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, actor_label, client, action, entity, entity_id, changes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(now_ms())
    .bind(kind)
    .bind(id)
    .bind(label)
    .bind(actor.client().map(|c| c.0.to_string()))
    .bind(action)
    .bind(entity)
    .bind(entity_id)
    .bind(changes)
    .execute(&mut ***tx)
    .await?;
    Ok(())
}

#[derive(FromRow)]
struct EntryRow {
    id: i64,
    at: i64,
    actor_kind: String,
    actor_id: Option<i64>,
    actor_label: String,
    client: Option<String>,
    action: String,
    entity: String,
    entity_id: String,
    changes: String,
}

impl Engine {
    /// A page of the audit trail, newest first; needs `audit:read`.
    pub async fn audit_entries(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
    ) -> EngineResult<AuditPage> {
        actor.require(Scope::AuditRead)?;
        let limit = i64::from(filter.limit.unwrap_or(50).clamp(1, 200));
        let like = |text: &Option<String>| {
            text.as_deref()
                .map(|t| format!("%{}%", t.trim().to_lowercase().replace(['%', '_'], "")))
                .unwrap_or_else(|| "%".to_owned())
        };
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT id, at, actor_kind, actor_id, actor_label, client, action, entity, entity_id, changes
             FROM audit_log
             WHERE LOWER(actor_label) LIKE $1 AND ($2 = '' OR entity = $2) AND ($3 = '' OR entity_id = $3)
               AND at >= $4 AND at <= $5 AND id < $6
             ORDER BY id DESC LIMIT $7",
        )
        .bind(like(&filter.actor))
        .bind(filter.entity.as_deref().unwrap_or("").trim())
        .bind(filter.entity_id.as_deref().unwrap_or("").trim())
        .bind(filter.from_ms.unwrap_or(0))
        .bind(filter.to_ms.unwrap_or(i64::MAX))
        .bind(filter.before.unwrap_or(i64::MAX))
        .bind(limit + 1)
        .fetch_all(&self.db.pool)
        .await?;
        let more = rows.len() as i64 > limit;
        let mut entries = Vec::with_capacity(rows.len());
        for r in rows.into_iter().take(limit as usize) {
            entries.push(AuditEntry {
                id: r.id,
                at_ms: r.at,
                actor_kind: r.actor_kind,
                actor_id: r.actor_id,
                actor: r.actor_label,
                client: r.client,
                action: r.action,
                entity: r.entity,
                entity_id: r.entity_id,
                changes: serde_json::from_str(&r.changes)
                    .map_err(|e| EngineError::Conflict(format!("stored audit entry: {e}")))?,
            });
        }
        let next = if more {
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(AuditPage { entries, next })
    }
}
