//! Webhook subscriptions and their deliveries: what the dispatcher claims, how an attempt is recorded (with
//! doubling back-off, then `failed`), the delivery log, replay, and the signature receivers check.

use domain::DomainError;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::FromRow;

use super::{EVENT_TYPES, Event, event_scope, readable_event_types};
use crate::{
    Engine, EngineError, EngineResult,
    accounts::new_secret,
    audit_log::{self, Change},
    now_ms,
    staff::Actor,
};

/// Attempts before a delivery is given up as `failed` (about four hours of back-off); it can be replayed.
pub const MAX_ATTEMPTS: i64 = 15;
/// The longest pause between two attempts.
const MAX_BACKOFF_MS: i64 = 3_600_000;
/// What a sealed signing secret is bound to.
const SECRET_PURPOSE: &str = "webhook_subscriptions.secret";

/// A subscription to be made.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    /// Where deliveries are POSTed: `https://…` to a public address (`http://` and private addresses only where
    /// the engine allows private targets).
    pub url: String,
    /// The event types wanted; empty means all.
    pub event_types: Vec<String>,
}

/// A subscription. Its signing secret is shown once, at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    /// Storage id.
    pub id: i64,
    /// The receiver.
    pub url: String,
    /// The event types it gets; empty means all.
    pub event_types: Vec<String>,
    /// When it was made, in Unix milliseconds.
    pub created_at_ms: i64,
}

/// One event's delivery to one subscription.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct WebhookDelivery {
    /// Storage id; what replay takes.
    pub id: i64,
    /// The subscription.
    pub subscription_id: i64,
    /// The event.
    pub event_id: i64,
    /// The event's type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts made.
    pub attempts: i64,
    /// The receiver's last HTTP status, if it answered.
    pub last_status: Option<i64>,
    /// The last failure, if any.
    pub last_error: Option<String>,
    /// When the next attempt is due, in Unix milliseconds.
    pub next_attempt_at: i64,
    /// When the receiver accepted it.
    pub delivered_at: Option<i64>,
}

/// One attempt of the delivery log.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct WebhookAttempt {
    /// When it was made, in Unix milliseconds.
    pub at: i64,
    /// The receiver's HTTP status, if it answered.
    pub status: Option<i64>,
    /// The failure, if any.
    pub error: Option<String>,
    /// How long the receiver took.
    pub duration_ms: i64,
}

/// A delivery claimed for sending: everything the dispatcher needs, leased to it for a while.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// The delivery's id.
    pub id: i64,
    /// Where to POST.
    pub url: String,
    /// The subscription's signing secret.
    pub secret: String,
    /// Attempts made before this one.
    pub attempts: i64,
    /// The event to send.
    pub event: Event,
}

#[derive(FromRow)]
struct DueRow {
    id: i64,
    url: String,
    secret: String,
    attempts: i64,
    event_id: i64,
    event_type: String,
    resource: String,
    company_id: Option<i64>,
    payload: String,
    created_at: i64,
}

/// The `Kontor-Signature` header for a delivery body sent at `timestamp` (Unix seconds):
/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`. Signing the timestamp with the body lets a
/// receiver refuse a replayed old delivery.
pub fn webhook_signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={timestamp},v1={digest}")
}

fn framed(types: &[String]) -> Result<String, DomainError> {
    if types.is_empty() {
        return Ok("*".into());
    }
    for t in types {
        if !EVENT_TYPES.contains(&t.as_str()) {
            return Err(DomainError::new(
                "event_types",
                format!("`{t}` is not an event type; use {}", EVENT_TYPES.join(", ")),
            ));
        }
    }
    Ok(format!(",{},", types.join(",")))
}

fn unframed(stored: &str) -> Vec<String> {
    if stored == "*" {
        return Vec::new();
    }
    stored
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

const DELIVERY: &str =
    "SELECT d.id, d.subscription_id, d.event_id, e.event_type, d.status, d.attempts,
        d.last_status, d.last_error, d.next_attempt_at, d.delivered_at
    FROM webhook_deliveries d JOIN events e ON e.id = d.event_id";

impl Engine {
    /// Subscribes `url` to events that `caller` may read ([`super::event_scope`]); the answer's second part is the
    /// signing secret, shown this once. Asking for all events subscribes to the types the caller reads.
    pub async fn create_webhook(
        &self,
        caller: &Actor,
        new: NewWebhook,
    ) -> EngineResult<(Webhook, String)> {
        caller.require(crate::Scope::WebhooksManage)?;
        let url = new.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(DomainError::new("url", "must be an https:// address").into());
        }
        crate::outbound::check_target_url(url, self.config.allow_private_targets)
            .map_err(|why| EngineError::Refused(DomainError::new("url", why)))?;
        for t in &new.event_types {
            if let Some(scope) = event_scope(t)
                && !caller.allows(scope)
            {
                return Err(EngineError::forbidden(format!(
                    "`{t}` events need the scope `{}`, which this key lacks",
                    scope.as_str()
                )));
            }
        }
        let readable = readable_event_types(caller);
        let types = if new.event_types.is_empty() && readable.len() < EVENT_TYPES.len() {
            if readable.is_empty() {
                return Err(EngineError::forbidden(
                    "this key reads no kind of event: it needs orders:read, catalog:read, inventory:read or \
                     customers:read",
                ));
            }
            framed(&readable.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>())?
        } else {
            framed(&new.event_types)?
        };
        let secret = format!("whsec_{}", new_secret());
        let mut tx = self.db.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO webhook_subscriptions (url, secret, event_types, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(url)
        .bind(self.config.secret_key.seal(&secret, SECRET_PURPOSE))
        .bind(&types)
        .bind(now_ms())
        .fetch_one(&mut **tx)
        .await?;
        audit_log::record(
            &mut tx,
            caller,
            "webhook.created",
            ("webhook", &id.to_string()),
            &[
                Change::new("url", None, Some(url.to_owned())),
                Change::new("event_types", None, Some(unframed(&types).join(" "))),
                Change::secret("secret"),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok((self.webhook(id).await?, secret))
    }

    /// Every active subscription, oldest first.
    pub async fn webhooks(&self) -> EngineResult<Vec<Webhook>> {
        let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, url, event_types, created_at FROM webhook_subscriptions WHERE active = 1 ORDER BY id",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, url, types, created_at_ms)| Webhook {
                id,
                url,
                event_types: unframed(&types),
                created_at_ms,
            })
            .collect())
    }

    /// Every active subscription with its latest deliveries (newest first, at most `recent` each), as the back
    /// office lists them; needs `webhooks:manage`.
    pub async fn webhooks_with_deliveries(
        &self,
        by: &Actor,
        recent: u32,
    ) -> EngineResult<Vec<(Webhook, Vec<WebhookDelivery>)>> {
        by.require(crate::Scope::WebhooksManage)?;
        let mut out = Vec::new();
        for webhook in self.webhooks().await? {
            let deliveries = self.webhook_deliveries(webhook.id, None, recent).await?;
            out.push((webhook, deliveries));
        }
        Ok(out)
    }

    /// One active subscription.
    pub async fn webhook(&self, id: i64) -> EngineResult<Webhook> {
        self.webhooks()
            .await?
            .into_iter()
            .find(|w| w.id == id)
            .ok_or_else(|| EngineError::not_found("webhook", id.to_string()))
    }

    /// Ends a subscription: it gets no new events, and its pending deliveries are dropped. Needs
    /// `webhooks:manage`.
    pub async fn delete_webhook(&self, by: &Actor, id: i64) -> EngineResult<()> {
        by.require(crate::Scope::WebhooksManage)?;
        let webhook = self.webhook(id).await?;
        let mut tx = self.db.begin_write().await?;
        audit_log::record(
            &mut tx,
            by,
            "webhook.deleted",
            ("webhook", &id.to_string()),
            &[Change::new("url", Some(webhook.url), None)],
        )
        .await?;
        sqlx::query("UPDATE webhook_subscriptions SET active = 0 WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "DELETE FROM webhook_deliveries WHERE subscription_id = $1 AND status = 'pending'",
        )
        .bind(id)
        .execute(&mut **tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A subscription's deliveries, newest first, at most `limit`; `status` filters.
    pub async fn webhook_deliveries(
        &self,
        subscription_id: i64,
        status: Option<&str>,
        limit: u32,
    ) -> EngineResult<Vec<WebhookDelivery>> {
        self.webhook(subscription_id).await?;
        let rows = sqlx::query_as(&format!(
            "{DELIVERY} WHERE d.subscription_id = $1 AND ($2 = '' OR d.status = $2)
             ORDER BY d.event_id DESC LIMIT $3"
        ))
        .bind(subscription_id)
        .bind(status.unwrap_or(""))
        .bind(i64::from(limit.clamp(1, 500)))
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows)
    }

    /// One delivery and its attempts, oldest attempt first.
    pub async fn webhook_delivery(
        &self,
        id: i64,
    ) -> EngineResult<(WebhookDelivery, Vec<WebhookAttempt>)> {
        let delivery: Option<WebhookDelivery> =
            sqlx::query_as(&format!("{DELIVERY} WHERE d.id = $1"))
                .bind(id)
                .fetch_optional(&self.db.pool)
                .await?;
        let delivery =
            delivery.ok_or_else(|| EngineError::not_found("webhook delivery", id.to_string()))?;
        let attempts = sqlx::query_as(
            "SELECT at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.db.pool)
        .await?;
        Ok((delivery, attempts))
    }

    /// Sends a delivery again, delivered or failed: it becomes pending and due now (after earlier pending events
    /// of the same resource, as always).
    /// Needs `webhooks:manage`.
    pub async fn replay_webhook_delivery(
        &self,
        by: &Actor,
        id: i64,
    ) -> EngineResult<WebhookDelivery> {
        by.require(crate::Scope::WebhooksManage)?;
        let (before, _) = self.webhook_delivery(id).await?;
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, leased_until = 0,
                    delivered_at = NULL WHERE id = $2",
        )
        .bind(now_ms())
        .bind(id)
        .execute(&mut **tx)
        .await?;
        audit_log::record(
            &mut tx,
            by,
            "webhook_delivery.replayed",
            ("webhook_delivery", &id.to_string()),
            &[Change::new(
                "status",
                Some(before.status.clone()),
                Some("pending".into()),
            )],
        )
        .await?;
        tx.commit().await?;
        Ok(self.webhook_delivery(id).await?.0)
    }

    /// Claims up to `limit` due deliveries for `lease_ms`, oldest event first. Only the earliest pending delivery
    /// of each resource is due, which keeps a resource's events in order; the lease keeps two dispatchers (in two
    /// app servers) from sending the same delivery at once.
    pub async fn claim_webhook_deliveries(
        &self,
        limit: u32,
        lease_ms: i64,
    ) -> EngineResult<Vec<DueDelivery>> {
        let now = now_ms();
        let rows: Vec<DueRow> = sqlx::query_as(
            "SELECT d.id, s.url, s.secret, d.attempts, e.id AS event_id, e.event_type, e.resource, e.company_id,
                    e.payload, e.created_at
             FROM webhook_deliveries d
             JOIN webhook_subscriptions s ON s.id = d.subscription_id
             JOIN events e ON e.id = d.event_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.leased_until <= $1
               AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                               WHERE p.subscription_id = d.subscription_id AND p.resource = d.resource
                                 AND p.status = 'pending' AND p.event_id < d.event_id)
             ORDER BY d.event_id LIMIT $2",
        )
        .bind(now)
        .bind(i64::from(limit))
        .fetch_all(&self.db.pool)
        .await?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let mut claimed = Vec::with_capacity(rows.len());
        let mut unreadable = Vec::new();
        let mut tx = self.db.begin_write().await?;
        for row in rows {
            let taken = sqlx::query(
                "UPDATE webhook_deliveries SET leased_until = $1
                 WHERE id = $2 AND status = 'pending' AND leased_until <= $3",
            )
            .bind(now + lease_ms)
            .bind(row.id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            if taken.rows_affected() != 1 {
                continue;
            }
            match self.config.secret_key.open(&row.secret, SECRET_PURPOSE) {
                Err(e) => unreadable.push((row.id, e)),
                Ok(secret) => claimed.push(DueDelivery {
                    id: row.id,
                    url: row.url,
                    secret,
                    attempts: row.attempts,
                    event: Event {
                        id: row.event_id,
                        event_type: row.event_type,
                        resource: row.resource,
                        company_id: row.company_id,
                        payload: row.payload,
                        created_at: row.created_at,
                    },
                }),
            }
        }
        tx.commit().await?;
        // Nothing unsigned is ever sent; the attempt records why, and back-off keeps the log from flooding.
        for (id, why) in unreadable {
            tracing::error!(delivery_id = id, error = %why, "webhook not sent");
            self.record_webhook_attempt(id, Err(why.to_string()), 0)
                .await?;
        }
        Ok(claimed)
    }

    /// Seals every signing secret still stored in clear (from before secrets were sealed) and checks that every
    /// sealed one opens with this engine's key; how many were sealed. Run at start, so a wrong key stops the shop
    /// with [`EngineError::WrongKey`] instead of failing each delivery.
    pub async fn seal_webhook_secrets(&self) -> EngineResult<usize> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, secret FROM webhook_subscriptions ORDER BY id")
                .fetch_all(&self.db.pool)
                .await?;
        let key = &self.config.secret_key;
        let mut clear = Vec::new();
        for (id, stored) in rows {
            let secret = key.open(&stored, SECRET_PURPOSE)?;
            if !crate::SecretKey::is_sealed(&stored) {
                clear.push((id, stored, key.seal(&secret, SECRET_PURPOSE)));
            }
        }
        if clear.is_empty() {
            return Ok(0);
        }
        let mut tx = self.db.begin_write().await?;
        for (id, stored, sealed) in &clear {
            // Only a value still in clear: another app server starting at once may have sealed it already.
            sqlx::query(
                "UPDATE webhook_subscriptions SET secret = $1 WHERE id = $2 AND secret = $3",
            )
            .bind(sealed)
            .bind(id)
            .bind(stored)
            .execute(&mut **tx)
            .await?;
        }
        tx.commit().await?;
        Ok(clear.len())
    }

    /// Records an attempt: `Ok(status)` for a receiver that answered (2xx delivers), `Err` for one that did not.
    /// A failure is retried after 1, 2, 4 … seconds (at most an hour apart), up to [`MAX_ATTEMPTS`].
    pub async fn record_webhook_attempt(
        &self,
        id: i64,
        outcome: Result<u16, String>,
        duration_ms: i64,
    ) -> EngineResult<()> {
        let now = now_ms();
        let (status, error) = match &outcome {
            Ok(code) => (Some(i64::from(*code)), None),
            Err(e) => (None, Some(e.chars().take(500).collect::<String>())),
        };
        let delivered = matches!(outcome, Ok(code) if (200..300).contains(&code));
        let error = error.or_else(|| {
            (!delivered).then(|| format!("the receiver answered {}", status.unwrap_or(0)))
        });
        let mut tx = self.db.begin_write().await?;
        sqlx::query(
            "INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_ms) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(now)
        .bind(status)
        .bind(if delivered { None } else { error.clone() })
        .bind(duration_ms)
        .execute(&mut **tx)
        .await?;
        if delivered {
            sqlx::query(
                "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = $1,
                        last_error = NULL, delivered_at = $2, leased_until = 0 WHERE id = $3",
            )
            .bind(status)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        } else {
            let (attempts,): (i64,) =
                sqlx::query_as("SELECT attempts FROM webhook_deliveries WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut **tx)
                    .await?;
            let attempts = attempts + 1;
            let pause = (1000_i64 << (attempts - 1).clamp(0, 20)).min(MAX_BACKOFF_MS);
            sqlx::query(
                "UPDATE webhook_deliveries SET status = $1, attempts = $2, last_status = $3, last_error = $4,
                        next_attempt_at = $5, leased_until = 0 WHERE id = $6",
            )
            .bind(if attempts >= MAX_ATTEMPTS {
                "failed"
            } else {
                "pending"
            })
            .bind(attempts)
            .bind(status)
            .bind(error)
            .bind(now + pause)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
