//! Reads a [`CatalogMeta`] snapshot: a handful of small queries, all at one catalog version.

use std::collections::HashMap;

use domain::{Channel, Currency, Locale, TaxClass, TaxDisplay, TaxRate, TaxRates};
use rust_decimal::Decimal;
use sqlx::{AnyPool, FromRow};

use super::{AttributeDef, AttributeKind, BrandDef, CatalogMeta};
use crate::{
    EngineError, EngineResult,
    catalog::{CategoryIndex, CategoryRow},
};

#[derive(FromRow)]
struct ChannelRow {
    id: i64,
    code: String,
    name: String,
    currency: String,
    default_locale: String,
    locales: String,
    country: String,
    tax_display: String,
    prices_public: i64,
    hosts: String,
}

#[derive(FromRow)]
struct AttributeRow {
    id: i64,
    code: String,
    name: String,
    kind: String,
    unit: String,
    filterable: i64,
}

#[derive(FromRow)]
struct TranslationRow {
    category_id: i64,
    locale: String,
    slug: String,
    name: String,
    description: String,
}

fn corrupt(what: &str, detail: impl std::fmt::Display) -> EngineError {
    EngineError::Conflict(format!("stored {what} is invalid: {detail}"))
}

/// Loads the snapshot. The version is read first: a change committed while loading is picked up by the next
/// refresh, never lost.
pub(crate) async fn load_meta(pool: &AnyPool) -> EngineResult<CatalogMeta> {
    let (version,): (i64,) = sqlx::query_as("SELECT version FROM catalog_clock WHERE id = 1")
        .fetch_one(pool)
        .await?;
    let channel_rows: Vec<ChannelRow> = sqlx::query_as(
        "SELECT id, code, name, currency, default_locale, locales, country, tax_display, prices_public, hosts
         FROM channels ORDER BY position, id",
    )
    .fetch_all(pool)
    .await?;
    let mut channels = Vec::new();
    let mut hosts = Vec::new();
    for r in channel_rows {
        let locales = r
            .locales
            .split(',')
            .filter(|l| !l.trim().is_empty())
            .map(|l| Locale::parse(l.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        for host in r.hosts.split(',').map(str::trim).filter(|h| !h.is_empty()) {
            hosts.push((host.to_lowercase(), r.id));
        }
        channels.push(Channel {
            id: r.id,
            code: r.code,
            name: r.name,
            currency: Currency::parse(&r.currency)?,
            default_locale: Locale::parse(&r.default_locale)?,
            locales,
            country: r.country,
            tax_display: match r.tax_display.as_str() {
                "including" => TaxDisplay::IncludingTax,
                _ => TaxDisplay::ExcludingTax,
            },
            prices_public: r.prices_public != 0,
        });
    }
    let mut assortments: HashMap<i64, Vec<i64>> = HashMap::new();
    let rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT channel_id, category_id FROM channel_categories")
            .fetch_all(pool)
            .await?;
    for (channel, category) in rows {
        assortments.entry(channel).or_default().push(category);
    }
    let stock_sources = stock_sources(pool, &channels).await?;

    let rows: Vec<CategoryRow> = sqlx::query_as(
        "SELECT id, parent_id, slug, name, description FROM categories ORDER BY position, name, id",
    )
    .fetch_all(pool)
    .await?;
    let translations: Vec<TranslationRow> = sqlx::query_as(
        "SELECT category_id, locale, slug, name, description FROM category_translations",
    )
    .fetch_all(pool)
    .await?;
    let default_categories = CategoryIndex::from_rows(rows.clone());
    let mut categories = HashMap::new();
    let locales: Vec<Locale> = channels
        .iter()
        .flat_map(|c| c.locales.iter().cloned())
        .collect();
    for locale in locales {
        if categories.contains_key(&locale) {
            continue;
        }
        let mut localized = rows.clone();
        for row in &mut localized {
            if let Some(t) = translations
                .iter()
                .find(|t| t.category_id == row.id && t.locale == locale.as_str())
            {
                row.slug = t.slug.clone();
                row.name = t.name.clone();
                if !t.description.is_empty() {
                    row.description = t.description.clone();
                }
            }
        }
        categories.insert(locale, CategoryIndex::from_rows(localized));
    }

    let attribute_rows: Vec<AttributeRow> = sqlx::query_as(
        "SELECT id, code, name, kind, unit, filterable FROM attributes ORDER BY position, id",
    )
    .fetch_all(pool)
    .await?;
    let options: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT attribute_id, value, label FROM attribute_options ORDER BY position, value",
    )
    .fetch_all(pool)
    .await?;
    let names: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT attribute_id, locale, name FROM attribute_translations")
            .fetch_all(pool)
            .await?;
    let labels: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT attribute_id, value, locale, label FROM attribute_option_translations",
    )
    .fetch_all(pool)
    .await?;
    let attributes = attribute_rows
        .into_iter()
        .map(|a| {
            Ok(AttributeDef {
                names: names
                    .iter()
                    .filter(|(id, _, _)| *id == a.id)
                    .map(|(_, locale, name)| (locale.clone(), name.clone()))
                    .collect(),
                labels: labels
                    .iter()
                    .filter(|(id, _, _, _)| *id == a.id)
                    .map(|(_, value, locale, label)| {
                        ((value.clone(), locale.clone()), label.clone())
                    })
                    .collect(),
                kind: match a.kind.as_str() {
                    "text" => AttributeKind::Text,
                    "number" => AttributeKind::Number,
                    "enum" => AttributeKind::Enum,
                    "boolean" => AttributeKind::Boolean,
                    other => return Err(corrupt("attribute kind", other)),
                },
                options: options
                    .iter()
                    .filter(|(id, _, _)| *id == a.id)
                    .map(|(_, v, l)| (v.clone(), l.clone()))
                    .collect(),
                id: a.id,
                code: a.code,
                name: a.name,
                unit: a.unit,
                filterable: a.filterable != 0,
            })
        })
        .collect::<EngineResult<Vec<_>>>()?;

    let brands = sqlx::query_as::<_, (i64, String, String)>("SELECT id, slug, name FROM brands")
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(id, slug, name)| (id, BrandDef { slug, name }))
        .collect();

    let stored: Vec<(String, String, String, i64)> =
        sqlx::query_as("SELECT tax_class, country, rate_percent, valid_from FROM tax_rates")
            .fetch_all(pool)
            .await?;
    let (rates, tax_changes_at) = crate::settings::rates_in_force(stored, crate::now_ms());
    let tax = TaxRates::new(
        rates
            .into_iter()
            .map(|(class, country, rate)| {
                Ok(TaxRate {
                    class: TaxClass::parse(&class)?,
                    country,
                    rate_percent: rate
                        .parse::<Decimal>()
                        .map_err(|e| corrupt("tax rate", e))?,
                })
            })
            .collect::<EngineResult<Vec<_>>>()?,
    )?;

    let profile = crate::settings::read_profile(pool).await?;
    let payments = crate::settings::read_payment_settings(pool).await?;
    let tax_settings = crate::settings::read_tax_settings(pool).await?;
    let next_publish_at = crate::products::next_publish_at(pool).await?;
    Ok(CatalogMeta {
        next_publish_at,
        version,
        profile,
        payments,
        tax_settings,
        tax_changes_at,
        channels,
        assortments,
        stock_sources,
        hosts,
        categories,
        default_categories,
        attributes,
        brands,
        tax,
    })
}

/// The warehouses that serve each channel, for the channels some warehouse does not serve; empty when every
/// warehouse serves every channel, as in a shop that never restricted one.
async fn stock_sources(
    pool: &sqlx::AnyPool,
    channels: &[Channel],
) -> EngineResult<HashMap<i64, Vec<i64>>> {
    let restricted: Vec<(i64, i64)> =
        sqlx::query_as("SELECT warehouse_id, channel_id FROM warehouse_channels")
            .fetch_all(pool)
            .await?;
    if restricted.is_empty() {
        return Ok(HashMap::new());
    }
    let warehouses: Vec<(i64,)> = sqlx::query_as("SELECT id FROM warehouses")
        .fetch_all(pool)
        .await?;
    let mut sources = HashMap::new();
    for channel in channels {
        let serving: Vec<i64> = warehouses
            .iter()
            .map(|(w,)| *w)
            .filter(|w| {
                let rows: Vec<i64> = restricted
                    .iter()
                    .filter(|(r, _)| r == w)
                    .map(|(_, c)| *c)
                    .collect();
                rows.is_empty() || rows.contains(&channel.id)
            })
            .collect();
        if serving.len() < warehouses.len() {
            sources.insert(channel.id, serving);
        }
    }
    Ok(sources)
}
