//! Customer groups: the segments (retail, wholesale, distributors) that price lists and companies point at.

use domain::DomainError;
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::{code, text};
use crate::{Actor, Engine, EngineError, EngineResult, Scope, audit_log};

/// A customer group, keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomerGroupRecord {
    /// The key (`wholesale`); price lists name it as `customer_group:<code>`.
    pub code: String,
    /// What staff read.
    pub name: String,
}

impl CustomerGroupRecord {
    /// The record checked and trimmed; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        Ok(Self {
            code: code("code", &self.code)?,
            name: text("name", &self.name, 100, true)?,
        })
    }
}

/// Refuses an actor that may not change the shop's customers: one without `customers:write`, and a key bound to a
/// company (a company's integration has no say over other companies).
pub(crate) fn require_customers_write(actor: &Actor) -> EngineResult<()> {
    actor.require(Scope::CustomersWrite)?;
    if actor.company().is_some() {
        return Err(EngineError::Forbidden(
            "a key bound to a company cannot change the shop's companies or groups".into(),
        ));
    }
    Ok(())
}

/// Creates or renames the (validated) group in `tx`; its id.
pub(crate) async fn write_customer_group(
    tx: &mut Transaction<'_, Any>,
    group: &CustomerGroupRecord,
) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO customer_groups (code, name) VALUES ($1, $2)
         ON CONFLICT (code) DO UPDATE SET name = $2 RETURNING id",
    )
    .bind(&group.code)
    .bind(&group.name)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

impl Engine {
    /// Every customer group by code; needs `customers:read`.
    pub async fn customer_group_records(
        &self,
        actor: &Actor,
    ) -> EngineResult<Vec<CustomerGroupRecord>> {
        actor.require(Scope::CustomersRead)?;
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT code, name FROM customer_groups ORDER BY code")
                .fetch_all(&self.db.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(code, name)| CustomerGroupRecord { code, name })
            .collect())
    }

    /// Creates a customer group or renames one; needs `customers:write`, and writes an audit entry.
    pub async fn save_customer_group(
        &self,
        actor: &Actor,
        group: &CustomerGroupRecord,
    ) -> EngineResult<CustomerGroupRecord> {
        require_customers_write(actor)?;
        let group = group.validated()?;
        let before: Option<(String,)> =
            sqlx::query_as("SELECT name FROM customer_groups WHERE code = $1")
                .bind(&group.code)
                .fetch_optional(&self.db.pool)
                .await?;
        let before = before.map(|(name,)| [("name", name)]);
        let changes = super::changes(
            before.as_ref().map(|b| b.as_slice()),
            &[("name", group.name.clone())],
        );
        let mut tx = self.db.begin_write().await?;
        write_customer_group(&mut tx, &group).await?;
        if !changes.is_empty() {
            let action = if before.is_some() {
                "customer_group.changed"
            } else {
                "customer_group.created"
            };
            audit_log::record(
                &mut tx,
                actor,
                action,
                ("customer_group", &group.code),
                &changes,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(group)
    }
}
