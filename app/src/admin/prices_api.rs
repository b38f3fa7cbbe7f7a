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
        let priority = super::settings_api::whole_number("priority", &priority)?;
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

/// Sets prices in a list from lines `SKU;price` (with volume breaks `;10=9.50`), `SKU;-12.5%` (off the base
/// price) or `SKU;remove`, typed or pasted from a spreadsheet; every line is checked first, and a bad one names its
/// line.
#[server(prefix = "/admin/fn", endpoint = "price-lists/prices")]
pub async fn admin_set_prices(price_list: String, lines: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let records: Vec<_> = lines
            .lines()
            .enumerate()
            .filter(|(i, l)| !(l.trim().is_empty() || (*i == 0 && is_heading(l))))
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

/// One line of the prices form: `SKU;price` with volume breaks as further `quantity=price` fields
/// (`SKU;9.50;10=9.00;50=8.50`), `SKU;-12.5%` (off the base price) or `SKU;remove`. Fields are split by `;` or a tab
/// (a spreadsheet's copy), or by `,` when the line has neither.
#[cfg(feature = "ssr")]
fn price_line(
    list: &str,
    line: &str,
) -> Result<engine::exchange::PriceListRecord, domain::DomainError> {
    let bad = || {
        domain::DomainError::new(
            "line",
            "must be `SKU;price`, `SKU;price;10=9.50`, `SKU;-12.5%` or `SKU;remove`",
        )
    };
    let fields: Vec<&str> = if line.contains([';', '\t']) {
        line.split([';', '\t']).map(str::trim).collect()
    } else {
        line.split(',').map(str::trim).collect()
    };
    let [sku, value, breaks @ ..] = fields.as_slice() else {
        return Err(bad());
    };
    let number = |text: &str| -> Result<rust_decimal::Decimal, domain::DomainError> {
        text.trim().replace(',', ".").parse().map_err(|_| bad())
    };
    let mut record = engine::exchange::PriceListRecord {
        price_list: list.trim().to_owned(),
        sku: sku.to_string(),
        price: None,
        percent_off: None,
        tiers: Vec::new(),
        remove: false,
    };
    if value.eq_ignore_ascii_case("remove") {
        record.remove = true;
    } else if let Some(percent) = value.strip_prefix('-').and_then(|v| v.strip_suffix('%')) {
        record.percent_off = Some(number(percent)?);
    } else {
        record.price = Some(number(value)?);
    }
    for tier in breaks.iter().filter(|b| !b.is_empty()) {
        let (min, price) = tier.split_once(['=', ':']).ok_or_else(bad)?;
        record.tiers.push(engine::exchange::TierRecord {
            min_quantity: min.trim().parse().map_err(|_| bad())?,
            price: number(price)?,
        });
    }
    Ok(record)
}

/// Whether `line` is a spreadsheet's heading (`sku;price…`), which a pasted export starts with.
#[cfg(feature = "ssr")]
fn is_heading(line: &str) -> bool {
    line.trim()
        .get(..3)
        .is_some_and(|start| start.eq_ignore_ascii_case("sku"))
        && !line.trim()[3..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
}
