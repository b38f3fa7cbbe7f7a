//! Channels: where and how the shop sells (currency, languages, tax display, price visibility, home country,
//! host names) and what: its assortment, the categories whose products it sells.

use domain::{Currency, DomainError, Locale};
use serde::{Deserialize, Serialize};
use sqlx::{Any, Transaction};

use super::{code, country, text};
use crate::{Actor, Engine, EngineResult, Scope};

/// A channel's settings, keyed by code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChannelRecord {
    /// The key (`trade`).
    pub code: String,
    /// For people.
    pub name: String,
    /// ISO 4217 currency the channel prices in.
    pub currency: String,
    /// Languages, the default first (`en`, `de`).
    pub locales: Vec<String>,
    /// Home country: the tax of a delivery within it, and the default of address forms.
    pub country: String,
    /// Whether prices show with tax (shops for consumers) or without (trade).
    pub prices_include_tax: bool,
    /// Whether guests see prices; a trade shop may show them to signed-in buyers only.
    pub prices_public: bool,
    /// Host names that open this channel (`shop.example.ch`).
    #[serde(default)]
    pub hosts: Vec<String>,
    /// The slugs of the categories whose products (sub-categories included) it sells; empty, everything. Left
    /// out of a write, the stored assortment stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assortment: Option<Vec<String>>,
}

impl ChannelRecord {
    /// The record checked and normalized; an error names the field.
    pub fn validated(&self) -> Result<Self, DomainError> {
        if self.locales.is_empty() {
            return Err(DomainError::new("locales", "name at least one language"));
        }
        let locales = self
            .locales
            .iter()
            .map(|l| Locale::parse(l).map(|l| l.as_str().to_owned()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| DomainError::new("locales", e.message))?;
        let hosts = self
            .hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .map(|h| {
                let ok = h.len() <= 253
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':');
                if ok {
                    Ok(h)
                } else {
                    Err(DomainError::new(
                        "hosts",
                        format!("`{h}` is not a host name"),
                    ))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            code: code("code", &self.code)?,
            name: text("name", &self.name, 100, true)?,
            currency: Currency::parse(&self.currency)
                .map_err(|e| DomainError::new("currency", e.message))?
                .code()
                .to_owned(),
            locales,
            country: country("country", &self.country)?,
            prices_include_tax: self.prices_include_tax,
            prices_public: self.prices_public,
            hosts,
            assortment: self.assortment.as_ref().map(|slugs| {
                let mut slugs: Vec<String> = slugs
                    .iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                slugs.sort();
                slugs.dedup();
                slugs
            }),
        })
    }

    fn fields(&self) -> [(&'static str, String); 8] {
        [
            ("name", self.name.clone()),
            ("currency", self.currency.clone()),
            ("locales", self.locales.join(",")),
            ("country", self.country.clone()),
            (
                "tax_display",
                tax_display(self.prices_include_tax).to_owned(),
            ),
            ("prices_public", self.prices_public.to_string()),
            ("hosts", self.hosts.join(",")),
            (
                "assortment",
                self.assortment.as_deref().unwrap_or_default().join(","),
            ),
        ]
    }
}

fn tax_display(including: bool) -> &'static str {
    if including { "including" } else { "excluding" }
}

/// Creates or changes the (validated) channel in `tx`; returns its id.
pub(crate) async fn write_channel(
    tx: &mut Transaction<'_, Any>,
    c: &ChannelRecord,
) -> EngineResult<i64> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO channels (code, name, currency, default_locale, locales, country, tax_display, prices_public, hosts,
                               position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, (SELECT COALESCE(MAX(position), -1) + 1 FROM channels))
         ON CONFLICT (code) DO UPDATE SET name = $2, currency = $3, default_locale = $4, locales = $5, country = $6,
             tax_display = $7, prices_public = $8, hosts = $9
         RETURNING id",
    )
    .bind(&c.code)
    .bind(&c.name)
    .bind(&c.currency)
    .bind(c.locales.first().map_or("en", String::as_str))
    .bind(c.locales.join(","))
    .bind(&c.country)
    .bind(tax_display(c.prices_include_tax))
    .bind(i64::from(c.prices_public))
    .bind(c.hosts.join(","))
    .fetch_one(&mut **tx)
    .await?;
    if let Some(slugs) = &c.assortment {
        sqlx::query("DELETE FROM channel_categories WHERE channel_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
        for slug in slugs {
            let added = sqlx::query(
                "INSERT INTO channel_categories (channel_id, category_id) SELECT $1, id FROM categories WHERE slug = $2",
            )
            .bind(id)
            .bind(slug)
            .execute(&mut **tx)
            .await?;
            if added.rows_affected() == 0 {
                return Err(
                    DomainError::new("assortment", format!("`{slug}` is not a category")).into(),
                );
            }
        }
    }
    Ok(id)
}

type Row = (String, String, String, String, String, String, i64, String);

impl Engine {
    /// Every channel's settings, in their order; needs `settings:read`.
    pub async fn channel_records(&self, actor: &Actor) -> EngineResult<Vec<ChannelRecord>> {
        actor.require(Scope::SettingsRead)?;
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT code, name, currency, locales, country, tax_display, prices_public, hosts FROM channels
             ORDER BY position, id",
        )
        .fetch_all(&self.db.pool)
        .await?;
        let sold: Vec<(String, String)> = sqlx::query_as(
            "SELECT ch.code, c.slug FROM channel_categories cc JOIN channels ch ON ch.id = cc.channel_id
             JOIN categories c ON c.id = cc.category_id ORDER BY c.slug",
        )
        .fetch_all(&self.db.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(code, name, currency, locales, country, display, public, hosts)| ChannelRecord {
                    assortment: Some(
                        sold.iter()
                            .filter(|(channel, _)| *channel == code)
                            .map(|(_, slug)| slug.clone())
                            .collect(),
                    ),
                    code,
                    name,
                    currency,
                    locales: split(&locales),
                    country,
                    prices_include_tax: display == "including",
                    prices_public: public != 0,
                    hosts: split(&hosts),
                },
            )
            .collect())
    }

    /// Creates or changes a channel; needs `settings:write`. Pages showing it change at once everywhere.
    pub async fn save_channel(
        &self,
        actor: &Actor,
        record: &ChannelRecord,
    ) -> EngineResult<ChannelRecord> {
        super::require_write(actor)?;
        let mut record = record.validated()?;
        let before = self
            .channel_records(actor)
            .await?
            .into_iter()
            .find(|c| c.code == record.code);
        if record.assortment.is_none() {
            record.assortment = Some(
                before
                    .as_ref()
                    .and_then(|b| b.assortment.clone())
                    .unwrap_or_default(),
            );
        }
        let mut tx = self.db.begin_write().await?;
        write_channel(&mut tx, &record).await?;
        let before = before.as_ref().map(ChannelRecord::fields);
        super::record_change(
            &mut tx,
            actor,
            ("settings.channel_created", "settings.channel_changed"),
            ("channel", &record.code),
            before.as_ref().map(|f| f.as_slice()),
            &record.fields(),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(record)
    }
}

fn split(list: &str) -> Vec<String> {
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
