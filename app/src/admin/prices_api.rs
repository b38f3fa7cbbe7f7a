//! Server functions of the price lists page, under `/admin/fn/price-lists/…`: lists with their targets and
//! validity, and their prices entered as lines (`SKU;price`, `SKU;-12.5%`, `SKU;remove`), written through the
//! same engine operations as the admin API's price list and bulk price upload.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// A price list as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Currency.
    pub currency: String,
    /// Priority where lists overlap.
    pub priority: i64,
    /// First day it applies (`YYYY-MM-DD`), or empty.
    pub valid_from: String,
    /// Last moment it applies, as a day, or empty.
    pub valid_until: String,
    /// Who it applies to, comma-separated.
    pub targets: String,
}

/// The page's data: the lists, and whether the member may change them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceListsView {
    /// By code.
    pub lists: Vec<PriceListRow>,
    /// Whether the member holds `catalog:write`.
    pub can_write: bool,
}

/// Every price list; needs `catalog:read`.
#[server(prefix = "/admin/fn", endpoint = "price-lists")]
pub async fn get_price_lists() -> Result<PriceListsView, AppError> {
    let actor = session::actor().await?;
    let day = |ms: Option<i64>| ms.map(domain::calendar_day).unwrap_or_default();
    let lists = ssr::engine()?.price_list_records(&actor).await?;
    Ok(PriceListsView {
        lists: lists
            .into_iter()
            .map(|l| PriceListRow {
                valid_from: day(l.valid_from_ms),
                valid_until: day(l.valid_until_ms),
                targets: l.targets.join(", "),
                code: l.code,
                name: l.name,
                currency: l.currency,
                priority: l.priority,
            })
            .collect(),
        can_write: actor.allows(engine::Scope::CatalogWrite),
    })
}

/// Creates or changes a price list (by code) and who it applies to.
#[server(prefix = "/admin/fn", endpoint = "price-lists/save")]
pub async fn admin_save_price_list(
    code: String,
    name: String,
    currency: String,
    priority: String,
    valid_from: String,
    valid_until: String,
    targets: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let day = |text: &str, field: &str| -> Result<Option<i64>, AppError> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            Ok(Some(domain::day_ms(text, field)?))
        };
        let priority = if priority.trim().is_empty() {
            0
        } else {
            priority.trim().parse().map_err(|_| AppError::Invalid {
                field: "priority".into(),
                message: "must be a whole number".into(),
            })?
        };
        let setup = engine::exchange::PriceListSetup {
            code,
            name,
            currency,
            priority,
            valid_from_ms: day(&valid_from, "valid_from")?,
            // The last day counts whole: the list ends at the next midnight.
            valid_until_ms: day(&valid_until, "valid_until")?.map(|ms| ms + 86_400_000),
            targets: targets
                .split([',', '\n'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        ssr::engine()?.upsert_price_list(&actor, &setup).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/price-lists?saved=list"))
}

/// Sets prices in a list from lines `SKU;price`, `SKU;-12.5%` (off the base price) or `SKU;remove`; every line
/// is checked first, and a bad one names its line.
#[server(prefix = "/admin/fn", endpoint = "price-lists/prices")]
pub async fn admin_set_prices(price_list: String, lines: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let records: Vec<_> = lines
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i + 1, price_line(&price_list, l)))
            .collect();
        if records.is_empty() {
            return Err(AppError::Invalid {
                field: "lines".into(),
                message: "enter one `SKU;price` per line".into(),
            });
        }
        let outcomes = ssr::engine()?
            .upsert_price_list_entries(&actor, records)
            .await?;
        if let Some((line, Err(why))) = outcomes.iter().find(|(_, o)| o.is_err()) {
            return Err(AppError::Invalid {
                field: "lines".into(),
                message: format!("line {line}: {why} (the other lines are saved)"),
            });
        }
        Ok(outcomes.len())
    }
    .await;
    session::finish_to(result, |n| {
        Some(format!("/admin/price-lists?saved=prices&count={n}"))
    })
    .map(|_| ())
}

#[cfg(feature = "ssr")]
fn price_line(
    list: &str,
    line: &str,
) -> Result<engine::exchange::PriceListRecord, domain::DomainError> {
    let bad =
        || domain::DomainError::new("line", "must be `SKU;price`, `SKU;-12.5%` or `SKU;remove`");
    let (sku, value) = line.split_once([';', ',', '\t']).ok_or_else(bad)?;
    let value = value.trim().replace(',', ".");
    let mut record = engine::exchange::PriceListRecord {
        price_list: list.trim().to_owned(),
        sku: sku.trim().to_owned(),
        price: None,
        percent_off: None,
        tiers: Vec::new(),
        remove: false,
    };
    if value.eq_ignore_ascii_case("remove") {
        record.remove = true;
    } else if let Some(percent) = value.strip_prefix('-').and_then(|v| v.strip_suffix('%')) {
        record.percent_off = Some(percent.trim().parse().map_err(|_| bad())?);
    } else {
        record.price = Some(value.parse().map_err(|_| bad())?);
    }
    Ok(record)
}
