//! The shop's set-up as an integration maintains it: categories, price lists with the buyers they apply to, and
//! warehouses, each upserted by its code or slug. A change bumps the catalog clock, so every app server reloads
//! its category tree and re-prices its search index.

use domain::{Currency, DomainError};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use crate::{
    Actor, Engine, EngineError, EngineResult, Scope, audit_log, now_ms,
    refresh::{EVERYTHING, record_changes},
};

/// Refuses a caller that may not change the shop's prices: one without `catalog:write`, and a key bound to a
/// company (its integration reads its own contract, it does not write the shop's).
pub(crate) fn require_shop_catalog(actor: &Actor) -> EngineResult<()> {
    actor.require(Scope::CatalogWrite)?;
    if actor.company().is_some() {
        return Err(EngineError::Forbidden(
            "a key bound to a company cannot change the shop's catalog or price lists".into(),
        ));
    }
    Ok(())
}

/// A price list's fields as the audit trail compares them.
fn list_fields(l: &PriceListSetup) -> [(&'static str, String); 6] {
    let moment = |ms: Option<i64>| ms.map(|m| m.to_string()).unwrap_or_default();
    let mut targets = l
        .targets
        .iter()
        .map(|t| t.trim().to_owned())
        .collect::<Vec<_>>();
    targets.sort();
    [
        ("name", l.name.trim().to_owned()),
        ("currency", l.currency.clone()),
        ("priority", l.priority.to_string()),
        ("valid_from_ms", moment(l.valid_from_ms)),
        ("valid_until_ms", moment(l.valid_until_ms)),
        ("targets", targets.join(",")),
    ]
}

/// A category, keyed by slug.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CategoryRecord {
    /// URL slug: the key.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// The parent's slug; none for a top category.
    #[serde(default)]
    pub parent: Option<String>,
    /// Plain text.
    #[serde(default)]
    pub description: String,
    /// Order among its siblings.
    #[serde(default)]
    pub position: i64,
    /// Name, slug and description in other languages. Left out, a known category keeps its translations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translations: Option<Vec<crate::settings::CategoryTranslation>>,
}

/// A price list and the buyers it applies to, keyed by code. Its prices come through the price upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PriceListSetup {
    /// The key.
    pub code: String,
    /// For people.
    pub name: String,
    /// ISO 4217; the list prices one currency.
    pub currency: String,
    /// Where lists overlap for a buyer, the higher priority wins.
    #[serde(default)]
    pub priority: i64,
    /// From when it applies (Unix milliseconds); always when absent.
    #[serde(default)]
    pub valid_from_ms: Option<i64>,
    /// Until when it applies (Unix milliseconds); open-ended when absent.
    #[serde(default)]
    pub valid_until_ms: Option<i64>,
    /// Who it applies to: `everyone`, or `customer_group:<code>`, or `company:<code>`.
    pub targets: Vec<String>,
}

/// A warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarehouseRecord {
    /// The key (`main`).
    pub code: String,
    /// For people.
    pub name: String,
    /// Lower priorities ship first.
    #[serde(default)]
    pub priority: i64,
    /// The codes of the channels it ships to; empty, it serves every channel. Left out of a write, the stored
    /// channels stay; always there when read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<String>>,
}

/// Checks a price list and writes it with its targets in `tx`, replacing the targets it had; its id, whether it
/// existed, and the list as stored. Shared by the operation and the demo seed.
pub(crate) async fn write_price_list(
    tx: &mut Transaction<'_, Any>,
    setup: &PriceListSetup,
) -> EngineResult<(i64, bool, PriceListSetup)> {
    let code = text("code", &setup.code, 64)?;
    let name = text("name", &setup.name, 200)?;
    let currency = Currency::parse(&setup.currency)?;
    if let (Some(from), Some(until)) = (setup.valid_from_ms, setup.valid_until_ms)
        && from >= until
    {
        return Err(DomainError::new("valid_until_ms", "must be after valid_from_ms").into());
    }
    if setup.targets.is_empty() {
        return Err(DomainError::new(
            "targets",
            "name at least one: everyone, customer_group:<code> or company:<code>",
        )
        .into());
    }
    let now = now_ms();
    let mut targets = Vec::with_capacity(setup.targets.len());
    for target in &setup.targets {
        let (kind, id) = match target.trim().split_once(':') {
            None if target.trim() == "everyone" => ("everyone", 0),
            Some((kind @ ("company" | "customer_group"), code)) => {
                let table = if kind == "company" {
                    "companies"
                } else {
                    "customer_groups"
                };
                let found: Option<(i64,)> =
                    sqlx::query_as(&format!("SELECT id FROM {table} WHERE code = $1"))
                        .bind(code.trim())
                        .fetch_optional(&mut **tx)
                        .await?;
                let (id,) = found.ok_or_else(|| {
                    DomainError::new(
                        "targets",
                        format!("no {} `{}`", kind.replace('_', " "), code.trim()),
                    )
                })?;
                (kind, id)
            }
            _ => {
                return Err(DomainError::new(
                    "targets",
                    format!("`{target}` is not everyone, customer_group:<code> or company:<code>"),
                )
                .into());
            }
        };
        targets.push((kind, id));
    }
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, currency FROM price_lists WHERE code = $1")
            .bind(code)
            .fetch_optional(&mut **tx)
            .await?;
    let id = match &existing {
        Some((id, stored)) => {
            if stored != currency.code() {
                return Err(DomainError::new(
                    "currency",
                    "a price list keeps its currency; make a new list for another",
                )
                .into());
            }
            sqlx::query(
                    "UPDATE price_lists SET name = $1, priority = $2, valid_from = $3, valid_until = $4, updated_at = $5
                     WHERE id = $6",
                )
                .bind(name)
                .bind(setup.priority)
                .bind(setup.valid_from_ms)
                .bind(setup.valid_until_ms)
                .bind(now)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            *id
        }
        None => {
            let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO price_lists (code, name, currency, priority, valid_from, valid_until, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(code)
                .bind(name)
                .bind(currency.code())
                .bind(setup.priority)
                .bind(setup.valid_from_ms)
                .bind(setup.valid_until_ms)
                .bind(now)
                .fetch_one(&mut **tx)
                .await?;
            id
        }
    };
    sqlx::query("DELETE FROM price_list_targets WHERE price_list_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (kind, target) in targets {
        sqlx::query(
            "INSERT INTO price_list_targets (price_list_id, kind, target_id) VALUES ($1, $2, $3)
                 ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(kind)
        .bind(target)
        .execute(&mut **tx)
        .await?;
    }
    let after = PriceListSetup {
        code: code.to_owned(),
        name: name.to_owned(),
        currency: currency.code().to_owned(),
        ..setup.clone()
    };
    Ok((id, existing.is_some(), after))
}

/// A stored price list: id, code, name, currency, priority, valid from, valid until.
type ListRow = (i64, String, String, String, i64, Option<i64>, Option<i64>);

fn text<'a>(field: &str, value: &'a str, max: usize) -> Result<&'a str, DomainError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        return Err(DomainError::new(
            field,
            format!("must be 1 to {max} characters"),
        ));
    }
    Ok(value)
}

impl Engine {
    /// Every price list with its targets, by code; with `company` (a company-bound key), only the lists that name
    /// that company, and of their targets none that names another company: one company's ERP learns nothing of
    /// another's contract.
    pub async fn price_list_setups(
        &self,
        company: Option<i64>,
    ) -> EngineResult<Vec<PriceListSetup>> {
        let lists: Vec<ListRow> = sqlx::query_as(
            "SELECT id, code, name, currency, priority, valid_from, valid_until FROM price_lists ORDER BY code",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let targets: Vec<(i64, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT t.price_list_id, t.kind, t.target_id,
                    CASE t.kind WHEN 'company' THEN (SELECT code FROM companies WHERE id = t.target_id)
                                WHEN 'customer_group' THEN (SELECT code FROM customer_groups WHERE id = t.target_id)
                    END
             FROM price_list_targets t ORDER BY t.kind, t.target_id",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let names_company = |list: i64, id: i64| {
            targets
                .iter()
                .any(|(l, kind, target, _)| *l == list && kind == "company" && *target == id)
        };
        let visible = |kind: &str, target: i64| match company {
            Some(own) => kind != "company" || target == own,
            None => true,
        };
        Ok(lists
            .into_iter()
            .filter(|(id, ..)| company.is_none_or(|own| names_company(*id, own)))
            .map(
                |(id, code, name, currency, priority, from, until)| PriceListSetup {
                    code,
                    name,
                    currency,
                    priority,
                    valid_from_ms: from,
                    valid_until_ms: until,
                    targets: targets
                        .iter()
                        .filter(|(list, kind, target, _)| *list == id && visible(kind, *target))
                        .map(|(_, kind, _, code)| match code {
                            Some(code) => format!("{kind}:{code}"),
                            None => kind.clone(),
                        })
                        .collect(),
                },
            )
            .collect())
    }

    /// Every price list with its targets, as `actor` may see them (a company-bound key: only its company's);
    /// needs `catalog:read`.
    pub async fn price_list_records(&self, actor: &Actor) -> EngineResult<Vec<PriceListSetup>> {
        actor.require(Scope::CatalogRead)?;
        self.price_list_setups(actor.company()).await
    }

    /// Creates or changes a price list and replaces its targets; `true` when it was new. Needs `catalog:write`
    /// and a caller not bound to a company; the audit entry holds the fields that changed.
    pub async fn upsert_price_list(
        &self,
        actor: &Actor,
        setup: &PriceListSetup,
    ) -> EngineResult<bool> {
        require_shop_catalog(actor)?;
        let before = self
            .price_list_setups(None)
            .await?
            .into_iter()
            .find(|l| l.code == setup.code.trim());
        let mut tx = self.db.begin_write().await?;
        let (_, existed, after) = write_price_list(&mut tx, setup).await?;
        let code = after.code.as_str();
        let before_fields = before.as_ref().map(list_fields);
        let changed = crate::settings::changes(
            before_fields.as_ref().map(|f| f.as_slice()),
            &list_fields(&after),
        );
        if !changed.is_empty() {
            let action = if existed {
                "price_list.changed"
            } else {
                "price_list.created"
            };
            audit_log::record(&mut tx, actor, action, ("price_list", code), &changed).await?;
        }
        record_changes(&mut tx, &[EVERYTHING]).await?;
        tx.commit().await?;
        // This process serves the list's prices from the next request on; the others within a refresh interval.
        self.refresh().await?;
        Ok(!existed)
    }

    /// Every warehouse, by priority.
    pub async fn warehouses(&self) -> EngineResult<Vec<WarehouseRecord>> {
        let rows: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT code, name, priority FROM warehouses ORDER BY priority, code")
                .fetch_all(&self.db.pool)
                .await?;
        let served: Vec<(String, String)> = sqlx::query_as(
            "SELECT w.code, c.code FROM warehouse_channels wc JOIN warehouses w ON w.id = wc.warehouse_id
             JOIN channels c ON c.id = wc.channel_id ORDER BY c.code",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(code, name, priority)| WarehouseRecord {
                channels: Some(
                    served
                        .iter()
                        .filter(|(w, _)| *w == code)
                        .map(|(_, c)| c.clone())
                        .collect(),
                ),
                code,
                name,
                priority,
            })
            .collect())
    }
}
