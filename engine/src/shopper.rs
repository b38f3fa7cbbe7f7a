//! Who is asking: the channel, the language, and (for contract prices) the company and customer group.

use domain::{BuyerContext, Channel, Locale};

use crate::{Engine, EngineError, EngineResult, now_ms};

/// The context of every catalog read and price. Built per request by the head from the host, the URL's locale
/// prefix and, once accounts exist, the signed-in buyer.
#[derive(Debug, Clone)]
pub struct Shopper {
    /// The channel: currency, tax display, assortment, price visibility.
    pub channel: Channel,
    /// The content language, one of the channel's locales.
    pub locale: Locale,
    /// Whether a buyer is signed in (channels may hide prices from guests).
    pub signed_in: bool,
    /// The company the buyer acts for, whose contract prices apply.
    pub company: Option<i64>,
    /// The buyer's customer group.
    pub customer_group: Option<i64>,
    /// The signed-in buyer's customer id: their cart is the account's.
    pub customer: Option<i64>,
    /// The buyer's role in their company.
    pub role: Option<domain::Role>,
    /// The member of staff (their email) who opened this buyer's session on the buyer's behalf; every page says
    /// so, and every action is audited under their name.
    pub acting_staff: Option<String>,
}

impl Shopper {
    /// A guest in `channel`'s default language.
    pub fn guest(channel: Channel) -> Self {
        Self {
            locale: channel.default_locale.clone(),
            channel,
            signed_in: false,
            company: None,
            customer_group: None,
            customer: None,
            role: None,
            acting_staff: None,
        }
    }

    /// This shopper reading in `locale`; `NotFound` if the channel does not serve it.
    pub fn in_locale(mut self, locale: Locale) -> EngineResult<Self> {
        if !self.channel.locales.contains(&locale) {
            return Err(EngineError::not_found("locale", locale.as_str()));
        }
        self.locale = locale;
        Ok(self)
    }

    /// Whether prices may be shown: public channels show them to everyone, closed ones to signed-in buyers.
    pub fn sees_prices(&self) -> bool {
        self.channel.prices_public || self.signed_in
    }

    /// The pricing engine's view of this shopper, now.
    pub fn buyer(&self) -> BuyerContext {
        BuyerContext {
            currency: self.channel.currency.clone(),
            country: self.channel.country.clone(),
            customer_group: self.customer_group,
            company: self.company,
            now_ms: now_ms(),
            tax_display: self.channel.tax_display,
        }
    }
}

impl Engine {
    /// Every channel, in display order.
    pub async fn channels(&self) -> EngineResult<Vec<Channel>> {
        Ok(self.meta().await?.channels.clone())
    }

    /// The channel for a request: the one whose host list names `host`, else the one with `code`, else the first.
    /// `NotFound` only when no channel exists at all.
    pub async fn resolve_channel(
        &self,
        host: Option<&str>,
        code: Option<&str>,
    ) -> EngineResult<Channel> {
        let meta = self.meta().await?;
        let host = host.map(|h| h.split(':').next().unwrap_or(h).to_lowercase());
        let by_host = host.and_then(|h| {
            meta.hosts
                .iter()
                .find(|(name, _)| *name == h)
                .map(|(_, id)| *id)
        });
        let chosen = by_host
            .and_then(|id| meta.channels.iter().find(|c| c.id == id))
            .or_else(|| code.and_then(|code| meta.channels.iter().find(|c| c.code == code)))
            .or_else(|| meta.channels.first());
        chosen
            .cloned()
            .ok_or_else(|| EngineError::not_found("channel", code.unwrap_or("(default)")))
    }

    /// A guest of the default channel in its default language: for tools and tests.
    pub async fn default_shopper(&self) -> EngineResult<Shopper> {
        Ok(Shopper::guest(self.resolve_channel(None, None).await?))
    }

    /// A guest of the channel with `code`.
    pub async fn shopper_for(&self, code: &str) -> EngineResult<Shopper> {
        let meta = self.meta().await?;
        let channel = meta
            .channels
            .iter()
            .find(|c| c.code == code)
            .cloned()
            .ok_or_else(|| EngineError::not_found("channel", code))?;
        Ok(Shopper::guest(channel))
    }
}

impl Engine {
    /// A signed-in buyer of the company with `company_code` in `shopper`'s channel and language: the company's
    /// contract prices and its customer group's prices apply.
    pub async fn as_company(&self, shopper: Shopper, company_code: &str) -> EngineResult<Shopper> {
        let row: Option<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, customer_group_id FROM companies WHERE code = $1")
                .bind(company_code)
                .fetch_optional(&self.db.pool)
                .await?;
        let (company, group) =
            row.ok_or_else(|| EngineError::not_found("company", company_code))?;
        Ok(Shopper {
            signed_in: true,
            company: Some(company),
            customer_group: group,
            ..shopper
        })
    }
}
