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

/// Where the price file form posts: the host reads its multipart body and calls [`upload_prices`].
pub const PRICE_FILE_URL: &str = "/admin/fn/price-lists/upload";

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
        let rows = lines
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, fields(l)))
            .collect();
        write_prices(&ssr::engine()?, &actor, &price_list, rows).await
    }
    .await;
    session::finish_to(result, |n| {
        Some(format!("/admin/price-lists?saved=prices&count={n}"))
    })
    .map(|_| ())
}

/// Sets prices in a list from an uploaded file (CSV, semicolon- or tab-separated, as a spreadsheet saves it) with
/// the form's columns; the host reads the upload and calls this. How many prices it set.
#[cfg(feature = "ssr")]
pub async fn upload_prices(
    engine: &engine::Engine,
    actor: &engine::Actor,
    price_list: &str,
    file: &[u8],
) -> Result<usize, AppError> {
    let rows = engine::exchange::delimited_rows(file)?;
    write_prices(engine, actor, price_list, rows).await
}

/// Writes rows of fields (`SKU`, price or `-12.5%` or `remove`, breaks) as prices of `list`; a heading row is
/// skipped, and the first refused row is named by its line (the others are saved).
#[cfg(feature = "ssr")]
async fn write_prices(
    engine: &engine::Engine,
    actor: &engine::Actor,
    list: &str,
    rows: Vec<(usize, Vec<String>)>,
) -> Result<usize, AppError> {
    let records: Vec<_> = rows
        .into_iter()
        .filter(|(_, f)| !f.iter().all(|f| f.trim().is_empty()))
        .enumerate()
        .filter(|(i, (_, f))| !(*i == 0 && is_heading(f)))
        .map(|(_, (line, f))| (line, price_line(list, &f)))
        .collect();
    if records.is_empty() {
        return Err(AppError::Invalid {
            field: "lines".into(),
            message: "enter one `SKU;price` per line".into(),
        });
    }
    let outcomes = engine.upsert_price_list_entries(actor, records).await?;
    if let Some((line, Err(why))) = outcomes.iter().find(|(_, o)| o.is_err()) {
        return Err(AppError::Invalid {
            field: "lines".into(),
            message: format!("line {line}: {why} (the other lines are saved)"),
        });
    }
    Ok(outcomes.len())
}

/// A typed or pasted line's fields: split by `;` or a tab (a spreadsheet's copy), or by `,` when it has neither.
#[cfg(feature = "ssr")]
fn fields(line: &str) -> Vec<String> {
    let parts: Vec<&str> = if line.contains([';', '\t']) {
        line.split([';', '\t']).collect()
    } else {
        line.split(',').collect()
    };
    parts.into_iter().map(|p| p.trim().to_owned()).collect()
}

/// One line of the prices form as its fields: `SKU;price` with volume breaks as further `quantity=price` fields
/// (`SKU;9.50;10=9.00;50=8.50`), `SKU;-12.5%` (off the base price) or `SKU;remove`.
#[cfg(feature = "ssr")]
fn price_line(
    list: &str,
    fields: &[String],
) -> Result<engine::exchange::PriceListRecord, domain::DomainError> {
    let bad = || {
        domain::DomainError::new(
            "line",
            "must be `SKU;price`, `SKU;price;10=9.50`, `SKU;-12.5%` or `SKU;remove`",
        )
    };
    let [sku, value, breaks @ ..] = fields else {
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

/// Whether a row is a spreadsheet's heading (`SKU;Price…`), which an export starts with.
#[cfg(feature = "ssr")]
fn is_heading(fields: &[String]) -> bool {
    fields.first().is_some_and(|f| {
        f.get(..3)
            .is_some_and(|start| start.eq_ignore_ascii_case("sku"))
            && !f[3..].starts_with(|c: char| c.is_alphanumeric() || c == '-')
    })
}

/// Where the browser goes after a price file upload: the page with how many prices were set, the sign-in without
/// a session, or the page with the error naming its field (and line).
#[cfg(feature = "ssr")]
pub fn upload_target(result: &Result<usize, AppError>) -> String {
    match result {
        Ok(n) => format!("/admin/price-lists?saved=prices&count={n}"),
        Err(AppError::Unauthenticated) => super::session::SIGN_IN_PATH.to_owned(),
        Err(e) => ssr::with_error("/admin/price-lists", &e.message()),
    }
}
