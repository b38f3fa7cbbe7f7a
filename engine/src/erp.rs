//! Live lookups in the merchant's ERP: many wholesalers keep the binding price and the stock that counts in the ERP,
//! not in the shop. At request time the engine asks a connector for the caller's prices and available-to-promise,
//! waits at most the configured time, and falls back to what it has stored when the ERP is slow or down — a buyer
//! always gets an answer, and the answer says where each figure came from.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use domain::{Money, Quantity, Sku};
use rust_decimal::Decimal;

use crate::{Engine, EngineResult, Shopper};

/// One line to look up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErpLineRequest {
    /// The SKU.
    pub sku: String,
    /// Units the buyer wants.
    pub quantity: u32,
}

/// What the connector is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErpRequest {
    /// The buyer's company code (the ERP's customer number), if any.
    pub company: Option<String>,
    /// The currency prices must be in.
    pub currency: String,
    /// The lines.
    pub lines: Vec<ErpLineRequest>,
}

/// The ERP's answer for one SKU; a figure it leaves out is taken from the shop's own data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErpLine {
    /// The SKU.
    pub sku: String,
    /// Net unit price for the buyer at the quantity asked.
    pub unit_net: Option<Decimal>,
    /// Units the ERP can promise.
    pub available: Option<i64>,
}

/// The boxed future a connector returns.
pub type ErpFuture<'a> = Pin<Box<dyn Future<Output = Result<Vec<ErpLine>, String>> + Send + 'a>>;

/// A way to ask an ERP. The engine stops waiting for a call after its timeout, but the call holds a slot of the
/// engine's cap on concurrent calls until its future finishes: an implementation should end its own calls (the
/// HTTP connector has connect and total timeouts), or a hung ERP leaves every later request without a slot.
pub trait ErpConnector: Send + Sync + 'static {
    /// Looks the lines up; an `Err` is logged and answered from stored data.
    fn lookup<'a>(&'a self, request: &'a ErpRequest) -> ErpFuture<'a>;
}

/// Where a figure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The ERP answered it just now.
    Erp,
    /// The shop's stored data.
    Stored,
}

/// How the ERP call went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErpStatus {
    /// No ERP is connected.
    NotConfigured,
    /// It answered in time.
    Answered,
    /// It did not answer in time.
    TimedOut,
    /// It failed; the reason.
    Failed(String),
}

/// A line of a live check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveLine {
    /// The SKU.
    pub sku: Sku,
    /// Units asked for.
    pub quantity: u32,
    /// Net unit price for the caller.
    pub unit_net: Money,
    /// Where the price came from.
    pub price_source: Source,
    /// Units that can be promised.
    pub available: i64,
    /// Where the availability came from.
    pub availability_source: Source,
}

/// Prices and availability for the caller, as live as the ERP allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveCheck {
    /// One per line asked, in order.
    pub lines: Vec<LiveLine>,
    /// How the ERP call went.
    pub erp: ErpStatus,
}

/// How long a request waits for the ERP, and how many calls may be under way at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErpLimits {
    /// How long a request waits for the ERP before answering from stored data.
    pub timeout: Duration,
    /// Calls under way at once; a request beyond it answers from stored data at once, as after a timeout, so a
    /// hung ERP costs requests no waiting and the process no pile of stuck calls.
    pub max_concurrent: usize,
}

impl Default for ErpLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_millis(800),
            max_concurrent: 16,
        }
    }
}

/// A connected ERP, how long a request may wait for it, and the slots for calls under way.
#[derive(Clone)]
pub(crate) struct ErpLink {
    connector: Arc<dyn ErpConnector>,
    timeout: Duration,
    slots: Arc<tokio::sync::Semaphore>,
}

impl Engine {
    /// This engine, asking `connector` for live prices and availability within `limits`.
    pub fn with_erp(mut self, connector: Arc<dyn ErpConnector>, limits: ErpLimits) -> Self {
        self.erp = Some(ErpLink {
            connector,
            timeout: limits.timeout,
            slots: Arc::new(tokio::sync::Semaphore::new(limits.max_concurrent.max(1))),
        });
        self
    }

    /// Prices and available-to-promise of `lines` for `shopper`: from the ERP when one is connected and answers in
    /// time, from stored data otherwise (or for whatever the ERP leaves out).
    pub async fn live_check(
        &self,
        shopper: &Shopper,
        lines: &[(Sku, Quantity)],
    ) -> EngineResult<LiveCheck> {
        let mut stored = Vec::with_capacity(lines.len());
        for (sku, quantity) in lines {
            let quote = self.quote(shopper, sku, *quantity).await?;
            let availability = self.availability(sku).await?;
            stored.push((quote.unit_net.money().clone(), availability.available));
        }
        let currency = shopper.channel.currency.clone();
        let (answer, erp) = match &self.erp {
            None => (Vec::new(), ErpStatus::NotConfigured),
            Some(link) => {
                let company = match shopper.company {
                    Some(id) => {
                        sqlx::query_as::<_, (String,)>("SELECT code FROM companies WHERE id = $1")
                            .bind(id)
                            .fetch_optional(&self.db.pool)
                            .await?
                            .map(|(c,)| c)
                    }
                    None => None,
                };
                let request = ErpRequest {
                    company,
                    currency: currency.code().to_owned(),
                    lines: lines
                        .iter()
                        .map(|(sku, q)| ErpLineRequest {
                            sku: sku.to_string(),
                            quantity: q.get(),
                        })
                        .collect(),
                };
                ask(link, request).await
            }
        };
        let lines = lines
            .iter()
            .zip(stored)
            .map(|((sku, quantity), (stored_price, stored_available))| {
                let live = answer.iter().find(|l| l.sku == sku.as_str());
                let live_price = live
                    .and_then(|l| l.unit_net)
                    .filter(|p| *p >= Decimal::ZERO);
                let live_available = live.and_then(|l| l.available).filter(|a| *a >= 0);
                LiveLine {
                    sku: sku.clone(),
                    quantity: quantity.get(),
                    unit_net: live_price
                        .map(|p| Money::new(p, currency.clone()))
                        .unwrap_or(stored_price),
                    price_source: if live_price.is_some() {
                        Source::Erp
                    } else {
                        Source::Stored
                    },
                    available: live_available.unwrap_or(stored_available),
                    availability_source: if live_available.is_some() {
                        Source::Erp
                    } else {
                        Source::Stored
                    },
                }
            })
            .collect();
        Ok(LiveCheck { lines, erp })
    }
}

/// One call to the ERP within the link's limits: the answer, or nothing and why.
async fn ask(link: &ErpLink, request: ErpRequest) -> (Vec<ErpLine>, ErpStatus) {
    let Ok(slot) = link.slots.clone().try_acquire_owned() else {
        tracing::warn!("every ERP call slot is taken; answering from stored data");
        return (Vec::new(), ErpStatus::TimedOut);
    };
    // The call runs on a task of its own that keeps the slot until the call ends, also after this request
    // stopped waiting: the cap counts calls actually under way, not requests still waiting.
    let connector = link.connector.clone();
    let call = tokio::spawn(async move {
        let answer = connector.lookup(&request).await;
        drop(slot);
        answer
    });
    match tokio::time::timeout(link.timeout, call).await {
        Ok(Ok(Ok(answer))) => (answer, ErpStatus::Answered),
        Ok(Ok(Err(reason))) => {
            tracing::warn!(error = %reason, "the ERP failed; answering from stored data");
            (Vec::new(), ErpStatus::Failed(reason))
        }
        Ok(Err(panicked)) => {
            tracing::error!(error = %panicked, "the ERP connector panicked; answering from stored data");
            (
                Vec::new(),
                ErpStatus::Failed("the ERP connector failed".into()),
            )
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = link.timeout.as_millis() as u64,
                "the ERP timed out; answering from stored data"
            );
            (Vec::new(), ErpStatus::TimedOut)
        }
    }
}
