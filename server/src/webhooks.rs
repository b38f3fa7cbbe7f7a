//! The webhook dispatcher: a task in every app server that claims due deliveries from the outbox, POSTs them
//! signed to their receivers and records each attempt. Claims are leased, so several app servers share the work
//! without sending one delivery twice at once; a server that dies mid-send leaves the lease to expire and another
//! (or the restarted one) sends again — receivers deduplicate by `Kontor-Event-Id`.

use std::time::{Duration, Instant};

use engine::{
    Engine,
    events::{DueDelivery, webhook_signature},
};
use serde::Serialize;
use ureq::Agent;

/// How often the outbox is looked at when idle: events reach receivers within about this long.
const POLL: Duration = Duration::from_millis(250);
/// Deliveries claimed at a time; sent concurrently, as they are of different resources.
const BATCH: u32 = 32;
/// How long a claim lasts: longer than the receiver timeout, so a slow receiver is not sent to twice.
const LEASE_MS: i64 = 60_000;
/// How long a receiver may take to answer.
const TIMEOUT: Duration = Duration::from_secs(15);
/// How long a receiver may take to accept the connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Serialize)]
struct Envelope<'a> {
    id: i64,
    #[serde(rename = "type")]
    event_type: &'a str,
    created_at: String,
    data: serde_json::Value,
}

/// The body a delivery POSTs: `{"id","type","created_at","data"}`.
pub fn body_of(delivery: &DueDelivery) -> String {
    let e = &delivery.event;
    let envelope = Envelope {
        id: e.id,
        event_type: &e.event_type,
        created_at: crate::api::rfc3339(e.created_at),
        data: serde_json::from_str(&e.payload).unwrap_or_default(),
    };
    serde_json::to_string(&envelope).unwrap_or_default()
}

/// Sends webhooks until `shutdown` resolves.
pub async fn run(engine: Engine, shutdown: impl std::future::Future<Output = ()>) {
    let agent = crate::outbound::agent(
        engine.config().allow_private_targets,
        crate::outbound::Timeouts {
            connect: CONNECT_TIMEOUT,
            total: TIMEOUT,
        },
    );
    tokio::pin!(shutdown);
    loop {
        match drain(&engine, &agent).await {
            Ok(0) => {}
            Ok(_) => continue,
            Err(e) => tracing::error!(error = %e, "webhook dispatcher could not read the outbox"),
        }
        tokio::select! {
            () = &mut shutdown => return,
            () = tokio::time::sleep(POLL) => {}
        }
    }
}

/// Sends one batch of due deliveries; how many were attempted.
pub async fn drain(engine: &Engine, agent: &Agent) -> engine::EngineResult<usize> {
    let due = engine.claim_webhook_deliveries(BATCH, LEASE_MS).await?;
    let count = due.len();
    let mut sends = Vec::with_capacity(count);
    for delivery in due {
        let agent = agent.clone();
        sends.push(tokio::task::spawn_blocking(move || {
            let started = Instant::now();
            let outcome = send(&agent, &delivery);
            (delivery, outcome, started.elapsed())
        }));
    }
    for send in sends {
        let Ok((delivery, outcome, took)) = send.await else {
            continue;
        };
        match &outcome {
            Ok(status) => tracing::info!(
                delivery_id = delivery.id, event_id = delivery.event.id, event_type = %delivery.event.event_type,
                status, took_ms = took.as_millis() as u64, "webhook sent"
            ),
            Err(error) => tracing::warn!(
                delivery_id = delivery.id, event_id = delivery.event.id, attempt = delivery.attempts + 1,
                error = %error, "webhook not delivered"
            ),
        }
        engine
            .record_webhook_attempt(delivery.id, outcome, took.as_millis() as i64)
            .await?;
    }
    Ok(count)
}

fn send(agent: &Agent, delivery: &DueDelivery) -> Result<u16, String> {
    let body = body_of(delivery);
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let signature = webhook_signature(&delivery.secret, timestamp, &body);
    agent
        .post(&delivery.url)
        .header("Content-Type", "application/json")
        .header("User-Agent", "Kontor-Webhooks/1")
        .header("Kontor-Event-Id", delivery.event.id.to_string())
        .header("Kontor-Event-Type", &delivery.event.event_type)
        .header("Kontor-Signature", signature)
        .send(body.as_str())
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}
