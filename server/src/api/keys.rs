//! API keys at the door: a secret key (`Authorization: Bearer kontor_sk_…`) opens the admin API for its scopes;
//! a publishable key (`X-Publishable-Key: kontor_pk_…`) binds a store API call to its channel. Each key has a
//! request budget per minute; a spent budget is a `429` with `Retry-After`. A secret key's budget is the key's; a
//! publishable key is shared by every user of an app, so its budget is per client address ([`super::client`]) and
//! one busy user cannot spend everyone's.
//!
//! Budgets are counted in each app server's memory (governor's GCRA), so behind a balancer of N servers a key may
//! make up to N times its budget: cheap, and enough to stop a runaway integration, which is what it is for.

use std::{
    collections::HashMap,
    net::IpAddr,
    num::NonZeroU32,
    sync::{Arc, LazyLock, Mutex},
};

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, header, request::Parts},
};
use engine::{Actor, ApiKey, ClientAddr, Engine, KeyKind, Scope, events::readable_event_types};
use governor::{
    DefaultKeyedRateLimiter, Quota, RateLimiter,
    clock::{Clock, DefaultClock},
};

use super::{client, error::ApiError};
use crate::AppState;

/// The header that carries a publishable key.
pub const PUBLISHABLE_HEADER: &str = "x-publishable-key";

type Limiters = Mutex<HashMap<(i64, String), Arc<DefaultKeyedRateLimiter<IpAddr>>>>;

/// Client addresses a key's limiter remembers before it forgets those whose budget is full again.
const TRACKED_CLIENTS: usize = 10_000;

/// Keyed by id and prefix, so two shops in one process (tests) never share a budget.
static LIMITERS: LazyLock<Limiters> = LazyLock::new(Default::default);

/// Spends one request of `key`'s budget (a publishable key's for the calling client), or answers `429` with the
/// wait.
pub fn spend(key: &ApiKey) -> Result<(), ApiError> {
    let limiter = {
        let mut limiters = LIMITERS.lock().unwrap_or_else(|e| e.into_inner());
        limiters
            .entry((key.id, key.prefix.clone()))
            .or_insert_with(|| {
                let rate = NonZeroU32::new(key.rate_per_minute).unwrap_or(NonZeroU32::MIN);
                Arc::new(RateLimiter::keyed(Quota::per_minute(rate)))
            })
            .clone()
    };
    let bucket = match key.kind {
        KeyKind::Publishable => client::current(),
        KeyKind::Secret => client::UNKNOWN,
    };
    if limiter.len() > TRACKED_CLIENTS {
        limiter.retain_recent();
    }
    limiter.check_key(&bucket).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ApiError::rate_limited(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
    })
}

/// The secret key making an admin call, if it holds `scope`: `401` without a valid secret key, `403` without the
/// scope, `429` over budget.
pub async fn admin(engine: &Engine, headers: &HeaderMap, scope: Scope) -> Result<ApiKey, ApiError> {
    let key = secret_key(engine, headers).await?;
    if !key.allows(scope) {
        return Err(ApiError::forbidden(format!(
            "this key lacks the scope `{}`",
            scope.as_str()
        )));
    }
    Ok(key)
}

/// `403` unless the caller reads some kind of event; which events it sees is the engine's rule
/// (`engine::events::event_scope`).
pub fn reads_events(actor: &Actor) -> Result<(), ApiError> {
    if readable_event_types(actor).is_empty() {
        return Err(ApiError::forbidden(
            "this key holds no scope that reads events: orders:read, catalog:read, inventory:read or \
             customers:read",
        ));
    }
    Ok(())
}

/// The live secret key an admin call presents, with one request spent of its budget.
async fn secret_key(engine: &Engine, headers: &HeaderMap) -> Result<ApiKey, ApiError> {
    let presented = bearer(headers)?;
    let key = match engine.authenticate_api_key(presented).await? {
        Some(key) if key.kind == KeyKind::Secret => key,
        _ => {
            return Err(ApiError::unauthenticated_key(
                "the API key is unknown or revoked; the admin API takes secret keys",
            ));
        }
    };
    spend(&key)?;
    Ok(key)
}

/// The merchant-side caller of an admin call that presents a secret key: an [`Actor`] only authentication makes,
/// whose permissions the engine checks on every operation. `401` without a valid secret key, `429` over budget.
pub struct KeyActor(pub Actor);

impl FromRequestParts<AppState> for KeyActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = bearer(&parts.headers)?;
        let client = parts.extensions.get::<ClientAddr>().copied();
        let Some((actor, key)) = state.engine.key_actor(presented, client).await? else {
            return Err(ApiError::unauthenticated_key(
                "the API key is unknown or revoked; the admin API takes secret keys",
            ));
        };
        spend(&key)?;
        Ok(Self(actor))
    }
}

fn bearer(headers: &HeaderMap) -> Result<&str, ApiError> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthenticated_key(
                "send a secret API key as `Authorization: Bearer kontor_sk_…`",
            )
        })
}

/// The publishable key a store call names, if it names one; `401` for one that is unknown or revoked.
pub async fn publishable(engine: &Engine, headers: &HeaderMap) -> Result<Option<ApiKey>, ApiError> {
    let Some(value) = headers.get(PUBLISHABLE_HEADER) else {
        return Ok(None);
    };
    let presented = value.to_str().unwrap_or_default().trim();
    match engine.authenticate_api_key(presented).await? {
        Some(key) if key.kind == KeyKind::Publishable => {
            spend(&key)?;
            Ok(Some(key))
        }
        _ => Err(ApiError::unauthenticated_key(
            "the publishable key is unknown or revoked",
        )),
    }
}

/// The company a key is bound to, if any: what every company-owned read filters by.
pub fn company_of(key: &ApiKey) -> Option<i64> {
    key.company.as_ref().map(|c| c.id)
}
