//! API keys for integrations. A publishable key identifies a head (an app, a kiosk) to the store API and binds it
//! to a channel; it is not a secret, as it ships inside apps. A secret key authenticates a back-office system to
//! the admin API with scopes, optionally bound to one company so that company's ERP sees its own data only.
//! Keys are shown once, at creation; only their SHA-256 is stored.

use domain::{CompanyRef, DomainError};
use sqlx::FromRow;

use crate::{
    Engine, EngineError, EngineResult,
    accounts::{new_secret, token_hash},
    audit_log::{self, Change},
    now_ms,
    staff::Actor,
};

/// What a secret key may do. Reading is separate from writing so an export job cannot change the shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Read products, categories and prices.
    CatalogRead,
    /// Create and change products, variants, prices and price lists.
    CatalogWrite,
    /// Read stock per warehouse.
    InventoryRead,
    /// Set stock per warehouse.
    InventoryWrite,
    /// Read companies and customers.
    CustomersRead,
    /// Create and change companies and customers.
    CustomersWrite,
    /// Read orders and export them.
    OrdersRead,
    /// Confirm, ship and cancel orders.
    OrdersWrite,
    /// Subscribe to events, read the delivery log and replay deliveries.
    WebhooksManage,
    /// Create, list and revoke API keys.
    KeysManage,
    /// Read the shop's settings: profile, channels, tax, shipping, payment, warehouses.
    SettingsRead,
    /// Change the shop's settings.
    SettingsWrite,
    /// Create, change and disable staff and roles.
    StaffManage,
    /// Read the audit trail.
    AuditRead,
}

impl Scope {
    /// Every scope, in the order lists show them.
    pub const ALL: [Scope; 14] = [
        Scope::CatalogRead,
        Scope::CatalogWrite,
        Scope::InventoryRead,
        Scope::InventoryWrite,
        Scope::CustomersRead,
        Scope::CustomersWrite,
        Scope::OrdersRead,
        Scope::OrdersWrite,
        Scope::WebhooksManage,
        Scope::KeysManage,
        Scope::SettingsRead,
        Scope::SettingsWrite,
        Scope::StaffManage,
        Scope::AuditRead,
    ];

    /// The scope's name, as keys and the API spell it (`catalog:write`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::CatalogRead => "catalog:read",
            Scope::CatalogWrite => "catalog:write",
            Scope::InventoryRead => "inventory:read",
            Scope::InventoryWrite => "inventory:write",
            Scope::CustomersRead => "customers:read",
            Scope::CustomersWrite => "customers:write",
            Scope::OrdersRead => "orders:read",
            Scope::OrdersWrite => "orders:write",
            Scope::WebhooksManage => "webhooks:manage",
            Scope::KeysManage => "keys:manage",
            Scope::SettingsRead => "settings:read",
            Scope::SettingsWrite => "settings:write",
            Scope::StaffManage => "staff:manage",
            Scope::AuditRead => "audit:read",
        }
    }

    /// Parses a scope name; the error lists the valid ones.
    pub fn parse(name: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == name.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|s| s.as_str()).collect();
                DomainError::new(
                    "scopes",
                    format!("`{name}` is not a scope; use {}", names.join(", ")),
                )
            })
    }

    /// Whether the scope concerns data a company owns (its orders, its people), so a company-bound key may hold it.
    pub fn company_data(self) -> bool {
        matches!(
            self,
            Scope::CustomersRead | Scope::OrdersRead | Scope::CatalogRead | Scope::InventoryRead
        )
    }
}

/// Publishable or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// Store API, bound to a channel; safe to ship inside an app.
    Publishable,
    /// Admin API, with scopes; kept on a server.
    Secret,
}

impl KeyKind {
    /// `publishable` or `secret`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyKind::Publishable => "publishable",
            KeyKind::Secret => "secret",
        }
    }

    fn marker(self) -> &'static str {
        match self {
            KeyKind::Publishable => "kontor_pk_",
            KeyKind::Secret => "kontor_sk_",
        }
    }

    /// The kind a presented key claims by its prefix; `None` for anything that is no API key (a buyer's token).
    pub fn of(presented: &str) -> Option<Self> {
        [KeyKind::Publishable, KeyKind::Secret]
            .into_iter()
            .find(|k| presented.starts_with(k.marker()))
    }
}

/// What a new key is for.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    /// Publishable or secret.
    pub kind: KeyKind,
    /// A label for people (`ERP sync`).
    pub name: String,
    /// Secret keys only: what the key may do; at least one.
    pub scopes: Vec<Scope>,
    /// Publishable keys: the channel's code (the default channel when `None`). Secret keys: none.
    pub channel: Option<String>,
    /// Secret keys only: the company whose data alone the key sees.
    pub company: Option<String>,
    /// Requests a minute before `429`; a default by kind when `None`.
    pub rate_per_minute: Option<u32>,
}

/// A stored key, without its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Storage id; what `revoke` takes.
    pub id: i64,
    /// Publishable or secret.
    pub kind: KeyKind,
    /// A label for people.
    pub name: String,
    /// The key's first characters, to tell keys apart in a list.
    pub prefix: String,
    /// What a secret key may do.
    pub scopes: Vec<Scope>,
    /// The channel a publishable key is bound to: `(id, code)`.
    pub channel: Option<(i64, String)>,
    /// The company a secret key is bound to.
    pub company: Option<CompanyRef>,
    /// Requests a minute before `429`.
    pub rate_per_minute: u32,
    /// When it was made, in Unix milliseconds.
    pub created_at_ms: i64,
    /// When it was revoked; a revoked key authenticates nothing.
    pub revoked_at_ms: Option<i64>,
}

impl ApiKey {
    /// Whether the key holds `scope`.
    pub fn allows(&self, scope: Scope) -> bool {
        self.kind == KeyKind::Secret && self.scopes.contains(&scope)
    }
}

/// A key just made: the secret is in `secret` and nowhere else, ever again.
#[derive(Debug, Clone)]
pub struct CreatedApiKey {
    /// The stored key.
    pub key: ApiKey,
    /// The key to hand to the integration.
    pub secret: String,
}

/// Default request budgets: a publishable key serves many devices of one app, a secret key one back office.
const PUBLISHABLE_RATE: u32 = 6_000;
const SECRET_RATE: u32 = 1_200;
const PREFIX_LEN: usize = 18;

#[derive(FromRow)]
struct KeyRow {
    id: i64,
    kind: String,
    name: String,
    prefix: String,
    scopes: String,
    channel_id: Option<i64>,
    channel_code: Option<String>,
    company_id: Option<i64>,
    company_code: Option<String>,
    company_name: Option<String>,
    rate_per_minute: i64,
    created_at: i64,
    revoked_at: Option<i64>,
}

const SELECT: &str = "SELECT k.id, k.kind, k.name, k.prefix, k.scopes, k.channel_id, ch.code AS channel_code,
        k.company_id, co.code AS company_code, co.name AS company_name, k.rate_per_minute, k.created_at,
        k.revoked_at
    FROM api_keys k LEFT JOIN channels ch ON ch.id = k.channel_id LEFT JOIN companies co ON co.id = k.company_id";

impl KeyRow {
    fn into_key(self) -> EngineResult<ApiKey> {
        let kind = match self.kind.as_str() {
            "publishable" => KeyKind::Publishable,
            _ => KeyKind::Secret,
        };
        let scopes = self
            .scopes
            .split_whitespace()
            .map(Scope::parse)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ApiKey {
            id: self.id,
            kind,
            name: self.name,
            prefix: self.prefix,
            scopes,
            channel: self.channel_id.zip(self.channel_code),
            company: match (self.company_id, self.company_code, self.company_name) {
                (Some(id), Some(code), Some(name)) => Some(CompanyRef { id, code, name }),
                _ => None,
            },
            rate_per_minute: u32::try_from(self.rate_per_minute).unwrap_or(u32::MAX),
            created_at_ms: self.created_at,
            revoked_at_ms: self.revoked_at,
        })
    }
}

impl Engine {
    /// Makes a key for `by` (who needs `keys:manage`); the answer holds the only copy of its secret. Nobody hands
    /// on a scope they lack, and a key bound to a company makes only keys bound to the same company.
    pub async fn create_api_key(&self, by: &Actor, new: NewApiKey) -> EngineResult<CreatedApiKey> {
        by.require(Scope::KeysManage)?;
        if let Some(scope) = new.scopes.iter().find(|s| !by.allows(**s)) {
            return Err(EngineError::forbidden(format!(
                "you lack `{}`, so you cannot give it to a key",
                scope.as_str()
            )));
        }
        let name = new.name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(DomainError::new("name", "must be 1 to 100 characters").into());
        }
        let mut scopes = new.scopes.clone();
        scopes.sort();
        scopes.dedup();
        let (channel_id, company_id) = match new.kind {
            KeyKind::Publishable => {
                if by.company().is_some() {
                    return Err(EngineError::forbidden(
                        "a key bound to a company makes only keys bound to the same company",
                    ));
                }
                if !scopes.is_empty() {
                    return Err(DomainError::new(
                        "scopes",
                        "a publishable key uses the store API only and takes no scopes",
                    )
                    .into());
                }
                if new.company.is_some() {
                    return Err(DomainError::new(
                        "company",
                        "a publishable key cannot be bound to a company; buyers sign in",
                    )
                    .into());
                }
                let channel = match new.channel.as_deref() {
                    Some(code) => self.shopper_for(code).await?.channel,
                    None => self.resolve_channel(None, None).await?,
                };
                (Some(channel.id), None)
            }
            KeyKind::Secret => {
                if scopes.is_empty() {
                    return Err(DomainError::new(
                        "scopes",
                        "a secret key needs at least one scope",
                    )
                    .into());
                }
                if new.channel.is_some() {
                    return Err(DomainError::new(
                        "channel",
                        "only publishable keys are bound to a channel",
                    )
                    .into());
                }
                let company = match new.company.as_deref() {
                    Some(code) => Some(self.company_id(code).await?),
                    None => None,
                };
                if by.company().is_some() && company != by.company() {
                    return Err(EngineError::forbidden(
                        "a key bound to a company makes only keys bound to the same company",
                    ));
                }
                if company.is_some()
                    && let Some(scope) = scopes.iter().find(|s| !s.company_data())
                {
                    return Err(DomainError::new(
                        "scopes",
                        format!(
                            "`{}` changes the whole shop; a key bound to a company cannot hold it",
                            scope.as_str()
                        ),
                    )
                    .into());
                }
                (None, company)
            }
        };
        let rate = new.rate_per_minute.unwrap_or(match new.kind {
            KeyKind::Publishable => PUBLISHABLE_RATE,
            KeyKind::Secret => SECRET_RATE,
        });
        if rate == 0 {
            return Err(DomainError::new("rate_per_minute", "must be at least 1").into());
        }
        let secret = format!("{}{}", new.kind.marker(), new_secret());
        let prefix: String = secret.chars().take(PREFIX_LEN).collect();
        let scope_text: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        let mut tx = self.db.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO api_keys (kind, name, prefix, key_hash, scopes, channel_id, company_id, rate_per_minute,
                                   created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(new.kind.as_str())
        .bind(name)
        .bind(&prefix)
        .bind(token_hash(&secret))
        .bind(scope_text.join(" "))
        .bind(channel_id)
        .bind(company_id)
        .bind(i64::from(rate))
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?;
        audit_log::record(
            &mut tx,
            by,
            "api_key.created",
            ("api_key", &id.to_string()),
            &[
                Change::new("kind", None, Some(new.kind.as_str().to_owned())),
                Change::new("name", None, Some(name.to_owned())),
                Change::new("prefix", None, Some(prefix.clone())),
                Change::new("scopes", None, Some(scope_text.join(" "))),
                Change::secret("key"),
            ],
        )
        .await?;
        tx.commit().await?;
        let key = self.api_key_by_id(id).await?;
        Ok(CreatedApiKey { key, secret })
    }

    /// Every key, newest first, revoked ones included (marked) so a list shows what was cut off and when; needs
    /// `keys:manage`.
    pub async fn api_keys(&self, by: &Actor) -> EngineResult<Vec<ApiKey>> {
        by.require(Scope::KeysManage)?;
        let rows: Vec<KeyRow> = sqlx::query_as(&format!("{SELECT} ORDER BY k.id DESC"))
            .fetch_all(&self.db.pool)
            .await?;
        rows.into_iter().map(KeyRow::into_key).collect()
    }

    /// One key by id.
    pub async fn api_key_by_id(&self, id: i64) -> EngineResult<ApiKey> {
        let row: Option<KeyRow> = sqlx::query_as(&format!("{SELECT} WHERE k.id = $1"))
            .bind(id)
            .fetch_optional(&self.db.pool)
            .await?;
        row.ok_or_else(|| EngineError::not_found("API key", id.to_string()))?
            .into_key()
    }

    /// Revokes a key at once; needs `keys:manage`. Revoking twice is harmless.
    pub async fn revoke_api_key(&self, by: &Actor, id: i64) -> EngineResult<ApiKey> {
        by.require(Scope::KeysManage)?;
        let key = self.api_key_by_id(id).await?;
        if by.company().is_some() && key.company.as_ref().map(|c| c.id) != by.company() {
            return Err(EngineError::not_found("API key", id.to_string()));
        }
        let mut tx = self.db.begin_write().await?;
        let revoked =
            sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                .bind(now_ms())
                .bind(id)
                .execute(&mut **tx)
                .await?;
        if revoked.rows_affected() > 0 {
            audit_log::record(
                &mut tx,
                by,
                "api_key.revoked",
                ("api_key", &id.to_string()),
                &[Change::new(
                    "revoked",
                    Some("false".into()),
                    Some("true".into()),
                )],
            )
            .await?;
        }
        tx.commit().await?;
        self.api_key_by_id(id).await
    }

    /// The live key `presented` is, if any: one indexed lookup by hash.
    pub async fn authenticate_api_key(&self, presented: &str) -> EngineResult<Option<ApiKey>> {
        let Some(kind) = KeyKind::of(presented) else {
            return Ok(None);
        };
        let token = &presented[kind.marker().len()..];
        if !crate::accounts::looks_like_token(token) {
            return Ok(None);
        }
        let row: Option<KeyRow> = sqlx::query_as(&format!(
            "{SELECT} WHERE k.key_hash = $1 AND k.revoked_at IS NULL"
        ))
        .bind(token_hash(presented))
        .fetch_optional(&self.db.pool)
        .await?;
        row.map(KeyRow::into_key).transpose()
    }

    async fn company_id(&self, code: &str) -> EngineResult<i64> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM companies WHERE code = $1")
            .bind(code.trim())
            .fetch_optional(&self.db.pool)
            .await?;
        row.map(|(id,)| id)
            .ok_or_else(|| EngineError::not_found("company", code))
    }
}
