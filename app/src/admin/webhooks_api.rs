//! Server functions of the webhooks page, under `/admin/fn/webhooks/…`: endpoints with their recent deliveries,
//! subscribing (the signing secret shown once, as a new key's is), ending a subscription with a confirmation, and
//! sending a delivery again.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A delivery as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    /// Id, for replaying.
    pub id: i64,
    /// The event's type.
    pub event_type: String,
    /// `pending`, `delivered` or `failed`.
    pub status: String,
    /// Attempts so far.
    pub attempts: i64,
    /// The receiver's last status or error.
    pub last: String,
}

/// An endpoint with its latest deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookRow {
    /// Id, for ending it.
    pub id: i64,
    /// The receiver.
    pub url: String,
    /// Event types, comma-separated; empty for all it may read.
    pub event_types: String,
    /// Newest first.
    pub deliveries: Vec<DeliveryRow>,
}

/// The webhooks page: endpoints, and a signing secret just made (once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksView {
    /// Oldest first.
    pub webhooks: Vec<WebhookRow>,
    /// The secret of the endpoint subscribed just before, shown this once.
    pub new_secret: Option<String>,
}

/// The endpoints and their latest ten deliveries; needs `webhooks:manage`.
#[server(prefix = "/admin/fn", endpoint = "webhooks")]
pub async fn get_webhooks() -> Result<WebhooksView, AppError> {
    let actor = session::actor().await?;
    let webhooks = ssr::engine()?.webhooks_with_deliveries(&actor, 10).await?;
    Ok(WebhooksView {
        webhooks: webhooks
            .into_iter()
            .map(|(w, deliveries)| WebhookRow {
                id: w.id,
                url: w.url,
                event_types: w.event_types.join(", "),
                deliveries: deliveries
                    .into_iter()
                    .map(|d| DeliveryRow {
                        id: d.id,
                        event_type: d.event_type,
                        status: d.status,
                        attempts: d.attempts,
                        last: match (d.last_status, d.last_error) {
                            (_, Some(error)) => error,
                            (Some(status), None) => format!("HTTP {status}"),
                            (None, None) => String::new(),
                        },
                    })
                    .collect(),
            })
            .collect(),
        new_secret: session::take_flash(),
    })
}

/// Subscribes an endpoint to event types (comma-separated; empty for every type the member may read).
#[server(prefix = "/admin/fn", endpoint = "webhooks/create")]
pub async fn admin_create_webhook(url: String, event_types: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let new = engine::events::NewWebhook {
            url,
            event_types: event_types
                .split([',', ' '])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let (_, secret) = ssr::engine()?.create_webhook(&actor, new).await?;
        session::set_flash(&secret);
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/webhooks?created=1"))
}

/// Ends a subscription; `confirm` must say yes (a ticked box).
#[server(prefix = "/admin/fn", endpoint = "webhooks/delete")]
pub async fn admin_delete_webhook(id: i64, confirm: Option<String>) -> Result<(), AppError> {
    let result = async {
        session::confirmed(confirm.as_deref(), "end the subscription")?;
        let actor = session::actor().await?;
        ssr::engine()?.delete_webhook(&actor, id).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/webhooks?deleted=1"))
}

/// Sends a delivery again.
#[server(prefix = "/admin/fn", endpoint = "webhooks/replay")]
pub async fn admin_replay_delivery(id: i64) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        ssr::engine()?.replay_webhook_delivery(&actor, id).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/webhooks?replayed=1"))
}
