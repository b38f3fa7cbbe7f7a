//! What every request needs and changes rarely: channels, the category tree in every locale, attribute
//! definitions, brands and tax rates. Loaded whole at the catalog version it was read at and swapped as one
//! value, so a request never sees half of an update and never queries the database for it.

mod load;

use std::collections::HashMap;

use domain::{Channel, Locale, TaxRates};

use crate::catalog::CategoryIndex;

pub(crate) use load::load_meta;

/// How an attribute's values are typed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AttributeKind {
    Text,
    Number,
    Enum,
    Boolean,
}

/// An attribute definition with its enum options.
#[derive(Debug, Clone)]
pub(crate) struct AttributeDef {
    pub(crate) id: i64,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: AttributeKind,
    pub(crate) unit: String,
    pub(crate) filterable: bool,
    /// (value key, label) in display order.
    pub(crate) options: Vec<(String, String)>,
    /// The name in other locales, by locale code.
    pub(crate) names: HashMap<String, String>,
    /// Enum labels in other locales, by (value key, locale code).
    pub(crate) labels: HashMap<(String, String), String>,
}

impl AttributeDef {
    /// The name in `locale`, else the default locale's.
    pub(crate) fn name_in(&self, locale: &Locale) -> &str {
        self.names.get(locale.as_str()).unwrap_or(&self.name)
    }

    /// The value as buyers read it in `locale`: an enum's label (translated where a translation exists), a
    /// number with its unit, `Yes`/`No`.
    pub(crate) fn display(&self, value: &str, locale: &Locale) -> String {
        self.labels
            .get(&(value.to_owned(), locale.as_str().to_owned()))
            .cloned()
            .unwrap_or_else(|| self.display_default(value))
    }

    /// The value as the default locale reads it.
    pub(crate) fn display_default(&self, value: &str) -> String {
        match self.kind {
            AttributeKind::Enum => self
                .options
                .iter()
                .find(|(v, _)| v == value)
                .map(|(_, l)| l.clone())
                .unwrap_or_else(|| value.to_owned()),
            AttributeKind::Number if !self.unit.is_empty() => format!("{value} {}", self.unit),
            AttributeKind::Boolean => if value == "true" { "Yes" } else { "No" }.to_owned(),
            _ => value.to_owned(),
        }
    }

    /// The key a value is filtered by: enums by option key, booleans as `true`/`false`, numbers and text as
    /// they are stored. Filterable text is lower-cased so `A2` and `a2` are one facet value.
    pub(crate) fn facet_key(&self, value: &str) -> String {
        match self.kind {
            AttributeKind::Text => value.to_lowercase(),
            _ => value.to_owned(),
        }
    }
}

/// A brand.
#[derive(Debug, Clone)]
pub(crate) struct BrandDef {
    pub(crate) slug: String,
    pub(crate) name: String,
}

/// The snapshot.
pub(crate) struct CatalogMeta {
    /// The catalog clock this snapshot was read at.
    pub(crate) version: i64,
    pub(crate) channels: Vec<Channel>,
    /// Category ids whose sub-trees a channel sells, by channel id; absent means everything.
    pub(crate) assortments: HashMap<i64, Vec<i64>>,
    /// The warehouses whose stock a channel's buyers are promised, by channel id; absent means every warehouse.
    pub(crate) stock_sources: HashMap<i64, Vec<i64>>,
    /// Host names (lower case) that select a channel, by channel id.
    pub(crate) hosts: Vec<(String, i64)>,
    /// The category tree with names and slugs in each locale (falling back to the default locale's text).
    pub(crate) categories: HashMap<Locale, CategoryIndex>,
    /// The tree in the default content locale: the one every other locale falls back to.
    pub(crate) default_categories: CategoryIndex,
    pub(crate) attributes: Vec<AttributeDef>,
    pub(crate) brands: HashMap<i64, BrandDef>,
    pub(crate) tax: TaxRates,
    /// The shop's profile, for pages' footers and invoices.
    pub(crate) profile: crate::settings::ShopProfile,
    /// How buyers may pay, for checkout.
    pub(crate) payments: crate::settings::PaymentSettings,
    /// The tax rules beyond rates.
    pub(crate) tax_settings: crate::settings::TaxSettings,
    /// When a scheduled tax rate starts, if one is to come: the snapshot is reloaded then.
    pub(crate) tax_changes_at: Option<i64>,
    /// When the next scheduled product is published, if one is: the refresh publishes it then.
    pub(crate) next_publish_at: Option<i64>,
}

impl CatalogMeta {
    /// The category tree in `locale`.
    pub(crate) fn categories(&self, locale: &Locale) -> &CategoryIndex {
        self.categories
            .get(locale)
            .unwrap_or(&self.default_categories)
    }

    pub(crate) fn attribute(&self, code: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.code == code)
    }

    pub(crate) fn attribute_by_id(&self, id: i64) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.id == id)
    }

    pub(crate) fn brand_by_slug(&self, slug: &str) -> Option<&BrandDef> {
        self.brands.values().find(|b| b.slug == slug)
    }

    /// The SQL for what a channel's buyers are promised of the variant aliased `variant`: its units on hand less
    /// those claimed, counting only the warehouses that serve the channel when some do not.
    pub(crate) fn available_sql(&self, channel_id: i64, variant: &str) -> String {
        match self.stock_sources.get(&channel_id) {
            None => format!("{variant}.stock_on_hand - {variant}.reserved"),
            Some(ids) if ids.is_empty() => "0".to_owned(),
            // Warehouse ids are integers read from the database, so inlining them cannot inject anything.
            Some(ids) => format!(
                "CAST(COALESCE((SELECT SUM(l.on_hand - l.reserved) FROM stock_levels l
                                WHERE l.variant_id = {variant}.id AND l.warehouse_id IN ({})), 0) AS BIGINT)",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            ),
        }
    }

    /// Whether a channel sells products of `category_id`.
    pub(crate) fn sells_category(&self, channel_id: i64, category_id: i64) -> bool {
        match self.assortments.get(&channel_id) {
            None => true,
            Some(roots) => {
                let path = self.default_categories.path_ids(category_id);
                roots.iter().any(|r| path.contains(r))
            }
        }
    }
}
