//! The shop's settings as the back office, the admin API and the first-run setup change them: the shop's profile,
//! channels, tax rates, shipping methods, payment, customer groups and companies' terms. Each is written by one function that the engine's operation and
//! the demo seed share, so no kind of setting exists only in seed code. Every change needs `settings:write`,
//! writes an audit entry with the changed fields, and moves the catalog version, so cached pages and every app
//! server's copy of the settings follow.

mod attributes;
mod categories;
mod channels;
mod companies;
mod first_run;
mod groups;
mod payments;
mod profile;
mod shipping;
mod tax;
mod warehouses;

pub use attributes::{AttributeOption, AttributeRecord, ProductTypeRecord};
pub use categories::CategoryTranslation;
pub use channels::ChannelRecord;
pub use companies::{CompanyOverview, CompanyPage, CompanyQuery, CompanyTerms};
pub use first_run::{FirstRun, SETUP_TOKEN_MS};
pub use groups::CustomerGroupRecord;
pub use payments::PaymentSettings;
pub use profile::ShopProfile;
pub use shipping::ShippingMethodRecord;
pub use tax::{TaxRateRecord, TaxSettings};

pub(crate) use attributes::{write_attribute, write_product_type};
pub(crate) use categories::write_category;
pub(crate) use channels::write_channel;
pub(crate) use companies::write_company;
pub(crate) use groups::{require_customers_write, write_customer_group};
pub(crate) use payments::read_payment_settings;
pub(crate) use profile::{read_profile, write_profile};
pub(crate) use shipping::write_shipping_method;
pub(crate) use tax::{bring_into_force, rates_in_force, read_tax_settings, write_tax_rate};

use domain::DomainError;

use crate::{
    Actor, EngineError, EngineResult, Scope,
    audit_log::{self, Change},
    db::WriteTx,
    refresh::{EVERYTHING, record_changes},
};

/// Refuses an actor that may not change the shop's settings: one without `settings:write`, and a key bound to a
/// company (a company's integration has no say over the shop).
pub(crate) fn require_write(actor: &Actor) -> EngineResult<()> {
    actor.require(Scope::SettingsWrite)?;
    if actor.company().is_some() {
        return Err(EngineError::Forbidden(
            "a key bound to a company cannot change the shop's settings".into(),
        ));
    }
    Ok(())
}

/// Writes the audit entry of a settings change in its transaction and moves the catalog version, when a field
/// changed: the action is `created` for a new thing (no `before`), `changed` otherwise.
pub(crate) async fn record_change(
    tx: &mut WriteTx,
    actor: &Actor,
    (created, changed): (&str, &str),
    subject: (&str, &str),
    before: Option<&[(&str, String)]>,
    after: &[(&str, String)],
) -> EngineResult<()> {
    let fields = changes(before, after);
    if fields.is_empty() {
        return Ok(());
    }
    let action = if before.is_some() { changed } else { created };
    audit_log::record(tx, actor, action, subject, &fields).await?;
    record_changes(tx, &[EVERYTHING]).await?;
    Ok(())
}

/// The fields that differ between `before` and `after`, as audit changes; an absent `before` is a creation.
pub(crate) fn changes(before: Option<&[(&str, String)]>, after: &[(&str, String)]) -> Vec<Change> {
    after
        .iter()
        .filter_map(|(field, value)| {
            let old =
                before.and_then(|b| b.iter().find(|(f, _)| f == field).map(|(_, v)| v.clone()));
            (old.as_ref() != Some(value)).then(|| Change::new(field, old, Some(value.clone())))
        })
        .collect()
}

/// `text` trimmed, refused when longer than `max` characters or (when `required`) empty, naming `field`.
pub(crate) fn text(
    field: &str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<String, DomainError> {
    let text = text.trim();
    if (required && text.is_empty()) || text.chars().count() > max {
        let what = if required {
            format!("must be 1 to {max} characters")
        } else {
            format!("must be at most {max} characters")
        };
        return Err(DomainError::new(field, what));
    }
    Ok(text.to_owned())
}

/// A two-letter country code, upper-cased.
pub(crate) fn country(field: &str, code: &str) -> Result<String, DomainError> {
    let code = code.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DomainError::new(
            field,
            format!("`{code}` is not a two-letter country code"),
        ));
    }
    Ok(code)
}

/// A code: 1 to 40 lower-case letters, digits, `-` or `_`.
pub(crate) fn code(field: &str, code: &str) -> Result<String, DomainError> {
    let code = code.trim().to_ascii_lowercase();
    let ok = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        return Err(DomainError::new(
            field,
            "must be 1 to 40 lower-case letters, digits, `-` or `_`",
        ));
    }
    Ok(code)
}
