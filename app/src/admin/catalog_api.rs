//! Server functions of the attributes page, under `/admin/fn/attributes…`: attribute definitions and product types,
//! through the same engine operations as the admin API. Translations and enum values are typed as lines of text,
//! so the form works without JavaScript.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// An attribute as the page lists and edits it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributeRow {
    /// Code.
    pub code: String,
    /// Name in the default language.
    pub name: String,
    /// `text`, `number`, `enum` or `boolean`.
    pub kind: String,
    /// Unit of a number.
    pub unit: String,
    /// Offered as a filter.
    pub filterable: bool,
    /// Names in other languages, a `locale: name` line each.
    pub names: String,
    /// Enum values, a `value | label | de: label; fr: label` line each.
    pub options: String,
}

/// A product type as the page lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductTypeRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Attribute codes in order, comma-separated.
    pub attributes: String,
}

/// What the attributes page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogModelView {
    /// Attributes in the shop's order.
    pub attributes: Vec<AttributeRow>,
    /// Product types by code.
    pub types: Vec<ProductTypeRow>,
    /// Whether the signed-in member may change them.
    pub can_write: bool,
}

#[cfg(feature = "ssr")]
fn locale_lines(texts: &std::collections::BTreeMap<String, String>, by: &str) -> String {
    texts
        .iter()
        .map(|(locale, text)| format!("{locale}: {text}"))
        .collect::<Vec<_>>()
        .join(by)
}

/// `locale: text` pairs, split by `by`; a pair without a colon is refused naming `field`.
#[cfg(feature = "ssr")]
fn parse_locale_lines(
    text: &str,
    by: char,
    field: &str,
) -> Result<std::collections::BTreeMap<String, String>, AppError> {
    text.split(by)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (locale, text) = line.split_once(':').ok_or_else(|| AppError::Invalid {
                field: field.into(),
                message: format!("`{line}` must read `locale: text`, such as `de: Werkstoff`"),
            })?;
            Ok((locale.trim().to_owned(), text.trim().to_owned()))
        })
        .collect()
}

/// Enum values from `value | label | de: label; fr: label` lines.
#[cfg(feature = "ssr")]
fn parse_options(text: &str) -> Result<Vec<engine::settings::AttributeOption>, AppError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '|').map(str::trim);
            let value = parts.next().unwrap_or_default().to_owned();
            let label = parts.next().unwrap_or(value.as_str()).to_owned();
            let labels = parse_locale_lines(parts.next().unwrap_or_default(), ';', "options")?;
            Ok(engine::settings::AttributeOption {
                value,
                label,
                labels,
            })
        })
        .collect()
}

/// Attributes and product types; needs `catalog:read`.
#[server(prefix = "/admin/fn", endpoint = "attributes")]
pub async fn get_catalog_model() -> Result<CatalogModelView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let attributes = engine.attribute_records(&actor).await?;
    let types = engine.product_type_records(&actor).await?;
    Ok(CatalogModelView {
        attributes: attributes
            .into_iter()
            .map(|a| AttributeRow {
                names: locale_lines(&a.names, "\n"),
                options: a
                    .options
                    .iter()
                    .map(|o| match locale_lines(&o.labels, "; ").as_str() {
                        "" => format!("{} | {}", o.value, o.label),
                        labels => format!("{} | {} | {labels}", o.value, o.label),
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
                code: a.code,
                name: a.name,
                kind: a.kind,
                unit: a.unit,
                filterable: a.filterable,
            })
            .collect(),
        types: types
            .into_iter()
            .map(|t| ProductTypeRow {
                attributes: t.attributes.join(", "),
                code: t.code,
                name: t.name,
            })
            .collect(),
        can_write: actor.allows(engine::Scope::CatalogWrite),
    })
}

/// Creates or changes an attribute (by code).
#[server(prefix = "/admin/fn", endpoint = "attributes/save")]
pub async fn admin_save_attribute(
    code: String,
    name: String,
    kind: String,
    unit: String,
    filterable: Option<String>,
    names: String,
    options: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let record = engine::settings::AttributeRecord {
            code,
            name,
            kind,
            unit,
            filterable: filterable.is_some(),
            names: parse_locale_lines(&names, '\n', "names")?,
            options: parse_options(&options)?,
        };
        ssr::engine()?.save_attribute(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/attributes?saved=attribute"))
}

/// Creates or changes a product type (by code).
#[server(prefix = "/admin/fn", endpoint = "attributes/product-type")]
pub async fn admin_save_product_type(
    code: String,
    name: String,
    attributes: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let record = engine::settings::ProductTypeRecord {
            code,
            name,
            attributes: attributes
                .split([',', ' ', '\n'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        ssr::engine()?.save_product_type(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/attributes?saved=product_type"))
}
