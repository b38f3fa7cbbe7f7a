//! Server functions of the API keys page and of roles on the staff page, under `/admin/fn/…`. A new key's secret
//! is shown once: it travels to the next page in a two-minute cookie of the back office's own, which that page
//! reads and clears.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A key as the page lists it, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRow {
    /// Id, for revoking.
    pub id: i64,
    /// `secret` or `publishable`.
    pub kind: String,
    /// Label.
    pub name: String,
    /// First characters.
    pub prefix: String,
    /// Scopes, comma-separated.
    pub scopes: String,
    /// Bound company or channel, if any.
    pub bound_to: String,
    /// Made on (day).
    pub created: String,
    /// Whether revoked.
    pub revoked: bool,
}

/// The keys page: the keys, every scope, and a secret just made (once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeysView {
    /// Newest first.
    pub keys: Vec<KeyRow>,
    /// Every scope's name.
    pub scopes: Vec<String>,
    /// The secret of the key made just before, shown this once.
    pub new_secret: Option<String>,
}

#[cfg(feature = "ssr")]
fn scopes(text: &str) -> Result<Vec<engine::Scope>, AppError> {
    text.split([',', ' ', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| engine::Scope::parse(s).map_err(AppError::from))
        .collect()
}

/// The API keys; needs `keys:manage`.
#[server(prefix = "/admin/fn", endpoint = "keys")]
pub async fn get_keys() -> Result<KeysView, AppError> {
    let actor = session::actor().await?;
    let keys = ssr::engine()?.api_keys(&actor).await?;
    let new_secret = session::take_flash();
    Ok(KeysView {
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                id: k.id,
                kind: k.kind.as_str().to_owned(),
                name: k.name,
                prefix: k.prefix,
                scopes: k
                    .scopes
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                bound_to: match (k.company, k.channel) {
                    (Some(company), _) => format!("company {}", company.code),
                    (None, Some((_, channel))) => format!("channel {channel}"),
                    (None, None) => String::new(),
                },
                created: domain::calendar_day(k.created_at_ms),
                revoked: k.revoked_at_ms.is_some(),
            })
            .collect(),
        scopes: engine::Scope::ALL
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        new_secret,
    })
}

/// Makes a secret key with the given scopes (comma-separated); its secret is shown once on the next page.
#[server(prefix = "/admin/fn", endpoint = "keys/create")]
pub async fn admin_create_key(name: String, scopes: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let created = ssr::engine()?
            .create_api_key(
                &actor,
                engine::NewApiKey {
                    kind: engine::KeyKind::Secret,
                    name,
                    scopes: self::scopes(&scopes)?,
                    channel: None,
                    company: None,
                    rate_per_minute: None,
                },
            )
            .await?;
        session::set_flash(&created.secret);
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/keys?created=1"))
}

/// Revokes a key; `confirm` must say yes (a ticked box).
#[server(prefix = "/admin/fn", endpoint = "keys/revoke")]
pub async fn admin_revoke_key(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    let result = async {
        session::confirmed(confirm.as_deref(), "revoke the key")?;
        let actor = session::actor().await?;
        ssr::engine()?.revoke_api_key(&actor, id).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/keys?revoked=1"))
}

/// Creates or changes one of the shop's own roles with the given permissions (comma-separated).
#[server(prefix = "/admin/fn", endpoint = "staff/role-definition")]
pub async fn admin_save_role(
    code: String,
    name: String,
    permissions: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?
            .save_staff_role(&actor, &code, &name, &scopes(&permissions)?)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/staff?saved=role"))
}

/// Sets which roles sign in with a second factor (comma-separated role codes); owners only.
#[server(prefix = "/admin/fn", endpoint = "staff/two-factor-roles")]
pub async fn admin_set_two_factor_roles(roles: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let roles: Vec<String> = roles
            .split([',', ' '])
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect();
        ssr::engine()?.set_two_factor_roles(&actor, &roles).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/staff?saved=two-factor"))
}
