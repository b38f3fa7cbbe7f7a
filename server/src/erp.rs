//! The reference ERP connector: JSON over HTTP. Kontor POSTs
//! `{"company","currency","lines":[{"sku","quantity"}]}` to `KONTOR_ERP_URL` and reads
//! `{"lines":[{"sku","unit_price"?,"available"?}]}` (decimals as strings). Anything else an ERP speaks (SOAP, an
//! RFC call, a database view) fits behind the same `engine::ErpConnector` trait.

use engine::{ErpConnector, ErpFuture, ErpLine, ErpRequest};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ureq::Agent;

use crate::outbound::Timeouts;

/// An ERP reached over HTTP.
pub struct HttpErp {
    url: String,
    agent: Agent,
}

#[derive(Serialize)]
struct Request<'a> {
    company: Option<&'a str>,
    currency: &'a str,
    lines: Vec<RequestLine<'a>>,
}

#[derive(Serialize)]
struct RequestLine<'a> {
    sku: &'a str,
    quantity: u32,
}

#[derive(Deserialize)]
struct Answer {
    lines: Vec<AnswerLine>,
}

#[derive(Deserialize)]
struct AnswerLine {
    sku: String,
    #[serde(default)]
    unit_price: Option<Decimal>,
    #[serde(default)]
    available: Option<i64>,
}

/// How the connector reaches the ERP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpErpOptions {
    /// Whether the ERP may be on a loopback or private address, or plain `http://`
    /// (`KONTOR_ALLOW_PRIVATE_TARGETS`).
    pub allow_private_targets: bool,
    /// Connect and total timeouts of one call. The engine stops waiting earlier (`KONTOR_ERP_TIMEOUT_MS`); these
    /// end the call itself, so a hung ERP does not keep a thread and a slot of the engine's cap for ever.
    pub timeouts: Timeouts,
}

impl Default for HttpErpOptions {
    fn default() -> Self {
        Self {
            allow_private_targets: false,
            timeouts: Timeouts {
                connect: std::time::Duration::from_millis(1000),
                total: std::time::Duration::from_millis(5000),
            },
        }
    }
}

impl HttpErp {
    /// A connector POSTing to `url`.
    pub fn new(url: &str, options: HttpErpOptions) -> Self {
        Self {
            url: url.to_owned(),
            agent: crate::outbound::agent(options.allow_private_targets, options.timeouts),
        }
    }
}

impl ErpConnector for HttpErp {
    fn lookup<'a>(&'a self, request: &'a ErpRequest) -> ErpFuture<'a> {
        let body = serde_json::to_string(&Request {
            company: request.company.as_deref(),
            currency: &request.currency,
            lines: request
                .lines
                .iter()
                .map(|l| RequestLine {
                    sku: &l.sku,
                    quantity: l.quantity,
                })
                .collect(),
        })
        .unwrap_or_default();
        let (agent, url) = (self.agent.clone(), self.url.clone());
        // ureq blocks; the engine's timeout abandons the wait, and the thread finishes on its own.
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut response = agent
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .send(body.as_str())
                    .map_err(|e| e.to_string())?;
                if !response.status().is_success() {
                    return Err(format!("the ERP answered {}", response.status()));
                }
                let answer: Answer = response
                    .body_mut()
                    .read_json()
                    .map_err(|e| format!("the ERP's answer is not understood: {e}"))?;
                Ok(answer
                    .lines
                    .into_iter()
                    .map(|l| ErpLine {
                        sku: l.sku,
                        unit_net: l.unit_price,
                        available: l.available,
                    })
                    .collect())
            })
            .await
            .map_err(|e| e.to_string())?
        })
    }
}
