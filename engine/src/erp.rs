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

/// A way to ask an ERP. The engine bounds every call by its timeout, so an implementation need not.
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

/// A connected ERP and how long a request may wait for it.
#[derive(Clone)]
pub(crate) struct ErpLink {
    connector: Arc<dyn ErpConnector>,
    timeout: Duration,
}

impl Engine {
    /// This engine, asking `connector` for live prices and availability, waiting at most `timeout` per request.
    pub fn with_erp(mut self, connector: Arc<dyn ErpConnector>, timeout: Duration) -> Self {
        self.erp = Some(ErpLink { connector, timeout });
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
                match tokio::time::timeout(link.timeout, link.connector.lookup(&request)).await {
                    Ok(Ok(answer)) => (answer, ErpStatus::Answered),
                    Ok(Err(reason)) => {
                        tracing::warn!(error = %reason, "the ERP failed; answering from stored data");
                        (Vec::new(), ErpStatus::Failed(reason))
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
