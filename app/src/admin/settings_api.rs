//! Server functions of the settings pages and the first-run setup, under `/admin/fn/settings/…`. Each hands the
//! session's actor to the same engine operation the admin API uses.

// A plain form posts its fields flat, so a server function taking a form has one argument per field.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::session;
#[cfg(feature = "ssr")]
use crate::api::ssr;
use crate::error::AppError;

/// The settings as the pages show them; amounts and rates as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    /// The profile, field by field: (name, label, value).
    pub profile: Vec<(String, String, String)>,
    /// Channels.
    pub channels: Vec<ChannelRow>,
    /// Tax rates: (class, country, percent, first day or empty for always, the start in Unix milliseconds of a
    /// rate still to come, else 0).
    pub tax_rates: Vec<(String, String, String, String, i64)>,
    /// Whether deliveries to businesses elsewhere in the EU are reverse charged.
    pub reverse_charge: bool,
    /// Shipping methods.
    pub shipping: Vec<ShippingRow>,
    /// How buyers may pay.
    pub payments: PaymentsRow,
    /// Whether the signed-in member may change settings.
    pub can_write: bool,
}

/// A channel as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Currency.
    pub currency: String,
    /// Languages, comma-separated, the default first.
    pub locales: String,
    /// Home country.
    pub country: String,
    /// Whether prices include tax.
    pub including: bool,
    /// Whether guests see prices.
    pub public: bool,
    /// Host names, comma-separated.
    pub hosts: String,
    /// The slugs of the categories it sells, comma-separated; empty, everything.
    pub assortment: String,
}

/// The payment settings as the settings page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsRow {
    /// Invoice on account offered to approved companies.
    pub invoice: bool,
    /// Payment terms a new company starts with, in days.
    pub default_terms_days: u16,
    /// Bank transfer in advance offered.
    pub bank_transfer: bool,
    /// Days to pay by bank transfer before the order expires.
    pub bank_transfer_days: u16,
}

/// A shipping method as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippingRow {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Currency.
    pub currency: String,
    /// `flat` or `by_weight`.
    pub kind: String,
    /// Price.
    pub price: String,
    /// Per kilogram.
    pub per_kg: String,
    /// Free above, or empty.
    pub free_above: String,
    /// Countries, comma-separated.
    pub countries: String,
}

/// The profile's fields with their labels, in the form's order.
pub const PROFILE_FIELDS: [(&str, &str); 12] = [
    ("legal_name", "Legal name"),
    ("street", "Street and number"),
    ("postal_code", "Postal code"),
    ("city", "City"),
    ("country", "Country (two letters)"),
    ("vat_id", "VAT number"),
    ("registration", "Commercial register"),
    ("bank_name", "Bank"),
    ("iban", "IBAN"),
    ("bic", "BIC"),
    ("contact_email", "Contact email"),
    ("logo_url", "Logo address"),
];

/// Every setting; needs `settings:read`.
#[server(prefix = "/admin/fn", endpoint = "settings")]
pub async fn get_settings() -> Result<SettingsView, AppError> {
    let actor = session::actor().await?;
    let engine = ssr::engine()?;
    let channels = engine.channel_records(&actor).await?;
    let profile = serde_json::to_value(engine.shop_profile().await?).unwrap_or_default();
    let now = engine::now_ms();
    Ok(SettingsView {
        profile: PROFILE_FIELDS
            .iter()
            .map(|(name, label)| {
                let value = profile
                    .get(*name)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default();
                ((*name).to_owned(), (*label).to_owned(), value.to_owned())
            })
            .collect(),
        channels: channels
            .into_iter()
            .map(|c| ChannelRow {
                code: c.code,
                name: c.name,
                currency: c.currency,
                locales: c.locales.join(","),
                country: c.country,
                including: c.prices_include_tax,
                public: c.prices_public,
                hosts: c.hosts.join(","),
                assortment: c.assortment.unwrap_or_default().join(","),
            })
            .collect(),
        tax_rates: engine
            .tax_rate_records(&actor)
            .await?
            .into_iter()
            .map(|r| {
                let from = r.valid_from_ms.map(domain::calendar_day);
                let rate = r.rate_percent.to_string();
                let start = r.valid_from_ms.filter(|&ms| ms > now).unwrap_or(0);
                (
                    r.tax_class,
                    r.country,
                    rate,
                    from.unwrap_or_default(),
                    start,
                )
            })
            .collect(),
        reverse_charge: engine.tax_settings_as(&actor).await?.reverse_charge,
        shipping: engine
            .shipping_method_records(&actor)
            .await?
            .into_iter()
            .map(|m| ShippingRow {
                code: m.code,
                name: m.name,
                currency: m.currency,
                kind: m.kind,
                price: m.price.to_string(),
                per_kg: m.per_kg.to_string(),
                free_above: m.free_above.map(|f| f.to_string()).unwrap_or_default(),
                countries: m.countries.join(","),
            })
            .collect(),
        payments: {
            let p = engine.payment_settings_as(&actor).await?;
            PaymentsRow {
                invoice: p.invoice_enabled,
                default_terms_days: p.default_terms_days,
                bank_transfer: p.bank_transfer_enabled,
                bank_transfer_days: p.bank_transfer_days,
            }
        },
        can_write: actor.allows(engine::Scope::SettingsWrite),
    })
}

/// A whole number from a form field, 0 when empty, naming `field` when it is not one.
#[cfg(feature = "ssr")]
pub(crate) fn whole_number(field: &str, text: &str) -> Result<i64, AppError> {
    match text.trim() {
        "" => Ok(0),
        text => text.parse().map_err(|_| AppError::Invalid {
            field: field.into(),
            message: "must be a whole number".into(),
        }),
    }
}

/// A whole number of days from a form field, naming `field` when it is not one.
#[cfg(feature = "ssr")]
pub(crate) fn days(field: &str, text: &str) -> Result<u16, AppError> {
    text.trim().parse().map_err(|_| AppError::Invalid {
        field: field.into(),
        message: format!("`{}` is not a whole number of days", text.trim()),
    })
}

/// Saves the payment settings.
#[server(prefix = "/admin/fn", endpoint = "settings/payments")]
pub async fn admin_save_payments(
    invoice_enabled: Option<String>,
    default_terms_days: String,
    bank_transfer_enabled: Option<String>,
    bank_transfer_days: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let settings = engine::settings::PaymentSettings {
            invoice_enabled: invoice_enabled.is_some(),
            default_terms_days: days("default_terms_days", &default_terms_days)?,
            bank_transfer_enabled: bank_transfer_enabled.is_some(),
            bank_transfer_days: days("bank_transfer_days", &bank_transfer_days)?,
        };
        ssr::engine()?
            .save_payment_settings(&actor, &settings)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=payments"))
}

#[cfg(feature = "ssr")]
pub(crate) fn decimal(field: &str, text: &str) -> Result<rust_decimal::Decimal, AppError> {
    text.trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| AppError::Invalid {
            field: field.into(),
            message: format!("`{}` is not a number", text.trim()),
        })
}

#[cfg(feature = "ssr")]
fn list(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Saves the shop's profile.
#[server(prefix = "/admin/fn", endpoint = "settings/profile")]
pub async fn admin_save_profile(
    legal_name: String,
    street: String,
    postal_code: String,
    city: String,
    country: String,
    vat_id: String,
    registration: String,
    bank_name: String,
    iban: String,
    bic: String,
    contact_email: String,
    logo_url: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let profile = engine::settings::ShopProfile {
            legal_name,
            street,
            postal_code,
            city,
            country,
            vat_id,
            registration,
            bank_name,
            iban,
            bic,
            contact_email,
            logo_url,
        };
        ssr::engine()?.save_shop_profile(&actor, &profile).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=profile"))
}

/// Creates or changes a channel (by code).
#[server(prefix = "/admin/fn", endpoint = "settings/channel")]
pub async fn admin_save_channel(
    code: String,
    name: String,
    currency: String,
    locales: String,
    country: String,
    tax_display: String,
    prices_public: Option<String>,
    hosts: String,
    assortment: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let record = engine::settings::ChannelRecord {
            code,
            name,
            currency,
            locales: list(&locales),
            country,
            prices_include_tax: tax_display == "including",
            prices_public: prices_public.is_some(),
            hosts: list(&hosts),
            // Left out of the post, the stored assortment stays.
            assortment: assortment.as_deref().map(list),
        };
        ssr::engine()?.save_channel(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=channel"))
}

/// Sets a tax rate.
#[server(prefix = "/admin/fn", endpoint = "settings/tax-rate")]
pub async fn admin_save_tax_rate(
    tax_class: String,
    country: String,
    rate_percent: String,
    valid_from: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let valid_from_ms = match valid_from.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(day) => Some(domain::day_ms(day, "valid_from")?),
        };
        let record = engine::settings::TaxRateRecord {
            tax_class,
            country,
            rate_percent: decimal("rate_percent", &rate_percent)?,
            valid_from_ms,
        };
        ssr::engine()?.save_tax_rate(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=tax"))
}

/// Takes back a scheduled tax rate; `confirm` must say yes (a ticked box).
#[server(prefix = "/admin/fn", endpoint = "settings/tax-rate/remove")]
pub async fn admin_remove_tax_rate(
    tax_class: String,
    country: String,
    valid_from_ms: i64,
    confirm: Option<String>,
) -> Result<(), AppError> {
    let result = async {
        session::confirmed(confirm.as_deref(), "remove the scheduled rate")?;
        let actor = session::actor().await?;
        ssr::engine()?
            .remove_tax_rate(&actor, &tax_class, &country, valid_from_ms)
            .await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=tax"))
}

/// Switches reverse charge on or off.
#[server(prefix = "/admin/fn", endpoint = "settings/tax")]
pub async fn admin_save_tax_settings(reverse_charge: Option<String>) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let settings = engine::settings::TaxSettings {
            reverse_charge: reverse_charge.is_some(),
        };
        ssr::engine()?.save_tax_settings(&actor, &settings).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=tax"))
}

/// Creates or changes a shipping method (by code).
#[server(prefix = "/admin/fn", endpoint = "settings/shipping")]
pub async fn admin_save_shipping(
    code: String,
    name: String,
    currency: String,
    kind: String,
    price: String,
    per_kg: String,
    free_above: String,
    countries: String,
) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let free_above = if free_above.trim().is_empty() {
            None
        } else {
            Some(decimal("free_above", &free_above)?)
        };
        let per_kg = if per_kg.trim().is_empty() {
            "0"
        } else {
            per_kg.as_str()
        };
        let record = engine::settings::ShippingMethodRecord {
            code,
            name,
            currency,
            kind,
            price: decimal("price", &price)?,
            per_kg: decimal("per_kg", per_kg)?,
            free_above,
            countries: list(&countries),
        };
        ssr::engine()?.save_shipping_method(&actor, &record).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/settings?saved=shipping"))
}

/// Whether the shop still waits for its setup (it has no staff). Public: it says nothing else.
#[server(prefix = "/admin/fn", endpoint = "setup/state")]
pub async fn get_needs_setup() -> Result<bool, AppError> {
    Ok(!ssr::engine()?.has_staff().await?)
}

/// Sets a new shop up with the token from the server's data folder; the owner then signs in.
#[server(prefix = "/admin/fn", endpoint = "setup")]
pub async fn admin_setup(
    token: String,
    email: String,
    name: String,
    password: String,
    legal_name: String,
    country: String,
    channel_name: String,
    currency: String,
    locale: String,
    tax_display: String,
    standard_rate: String,
    reduced_rate: String,
    shipping_name: String,
    shipping_price: String,
) -> Result<(), AppError> {
    let result = async {
        let reduced_rate = if reduced_rate.trim().is_empty() {
            None
        } else {
            Some(decimal("reduced_rate", &reduced_rate)?)
        };
        let setup = engine::settings::FirstRun {
            token,
            owner_email: email,
            owner_name: name,
            password,
            profile: engine::settings::ShopProfile {
                legal_name,
                country,
                ..Default::default()
            },
            channel: engine::settings::ChannelRecord {
                code: "shop".into(),
                name: channel_name,
                currency,
                locales: vec![locale],
                country: String::new(),
                prices_include_tax: tax_display == "including",
                prices_public: true,
                hosts: Vec::new(),
                assortment: None,
            },
            standard_rate: decimal("standard_rate", &standard_rate)?,
            reduced_rate,
            shipping_name,
            shipping_price: decimal("shipping_price", &shipping_price)?,
        };
        ssr::engine()?.complete_setup(&setup, ssr::client()).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/sign-in?setup=done"))
}

/// How long the audit trail keeps entries (0: for good), and whether the member may change it; needs `audit:read`.
#[server(prefix = "/admin/fn", endpoint = "settings/audit-retention")]
pub async fn get_audit_retention() -> Result<(u32, bool), AppError> {
    let actor = session::actor().await?;
    let retention = ssr::engine()?.audit_retention(&actor).await?;
    Ok((
        retention.retention_days,
        actor.allows(engine::Scope::SettingsWrite),
    ))
}

/// Changes how long the audit trail keeps entries.
#[server(prefix = "/admin/fn", endpoint = "settings/audit")]
pub async fn admin_save_audit_retention(retention_days: String) -> Result<(), AppError> {
    let result = async {
        let actor = session::actor().await?;
        let retention_days = retention_days
            .trim()
            .parse()
            .map_err(|_| AppError::Invalid {
                field: "retention_days".into(),
                message: "must be a whole number of days".into(),
            })?;
        let setting = engine::AuditRetention { retention_days };
        ssr::engine()?.save_audit_retention(&actor, setting).await?;
        Ok(())
    }
    .await;
    session::finish(result, Some("/admin/audit?saved=retention"))
}
