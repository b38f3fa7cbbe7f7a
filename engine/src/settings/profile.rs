//! The shop's profile: who sells, where from, how to pay them.

use serde::{Deserialize, Serialize};
use sqlx::{Any, FromRow, Transaction};

use super::{country, text};
use crate::{Actor, Engine, EngineResult, Scope, now_ms};

/// The shop's legal and contact details; an unset field is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, FromRow)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ShopProfile {
    /// The company's legal name, as on invoices.
    pub legal_name: String,
    /// Street and number.
    pub street: String,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166 two-letter country code; the shop's home country.
    pub country: String,
    /// The seller's VAT identification number.
    pub vat_id: String,
    /// Commercial register entry.
    pub registration: String,
    /// Bank's name, for payment by bank transfer.
    pub bank_name: String,
    /// IBAN.
    pub iban: String,
    /// BIC.
    pub bic: String,
    /// Where buyers write to.
    pub contact_email: String,
    /// Logo address (a path on this site or an https URL).
    pub logo_url: String,
}

impl ShopProfile {
    /// The profile with every field checked and trimmed; an error names the field.
    pub fn validated(&self) -> Result<Self, domain::DomainError> {
        let optional_country = |c: &str| {
            if c.trim().is_empty() {
                Ok(String::new())
            } else {
                country("country", c)
            }
        };
        let email = text("contact_email", &self.contact_email, 200, false)?;
        if !email.is_empty() {
            domain::Email::parse(&email)
                .map_err(|e| domain::DomainError::new("contact_email", e.message))?;
        }
        let vat_id = text("vat_id", &self.vat_id, 20, false)?;
        if !vat_id.is_empty() {
            domain::VatId::parse(&vat_id)
                .map_err(|e| domain::DomainError::new("vat_id", e.message))?;
        }
        Ok(Self {
            legal_name: text("legal_name", &self.legal_name, 200, false)?,
            street: text("street", &self.street, 200, false)?,
            postal_code: text("postal_code", &self.postal_code, 20, false)?,
            city: text("city", &self.city, 100, false)?,
            country: optional_country(&self.country)?,
            vat_id,
            registration: text("registration", &self.registration, 200, false)?,
            bank_name: text("bank_name", &self.bank_name, 100, false)?,
            iban: text("iban", &self.iban, 40, false)?.replace(' ', ""),
            bic: text("bic", &self.bic, 11, false)?,
            contact_email: email,
            logo_url: text("logo_url", &self.logo_url, 500, false)?,
        })
    }

    /// The seller's lines as an invoice heads them: name, address, VAT number and register, bank, contact;
    /// empty parts are left out.
    pub fn seller_lines(&self) -> Vec<String> {
        let join = |parts: &[&str], by: &str| {
            parts
                .iter()
                .filter(|p| !p.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(by)
        };
        let place = join(&[&self.postal_code, &self.city], " ");
        let vat = if self.vat_id.is_empty() {
            String::new()
        } else {
            format!("VAT {}", self.vat_id)
        };
        let iban = if self.iban.is_empty() {
            String::new()
        } else {
            format!("IBAN {}", self.iban)
        };
        let bic = if self.bic.is_empty() {
            String::new()
        } else {
            format!("BIC {}", self.bic)
        };
        [
            self.legal_name.clone(),
            join(&[&self.street, &place, &self.country], " · "),
            join(&[&vat, &self.registration], " · "),
            join(&[&self.bank_name, &iban, &bic], " · "),
            self.contact_email.clone(),
        ]
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
    }

    fn fields(&self) -> [(&'static str, String); 12] {
        [
            ("legal_name", self.legal_name.clone()),
            ("street", self.street.clone()),
            ("postal_code", self.postal_code.clone()),
            ("city", self.city.clone()),
            ("country", self.country.clone()),
            ("vat_id", self.vat_id.clone()),
            ("registration", self.registration.clone()),
            ("bank_name", self.bank_name.clone()),
            ("iban", self.iban.clone()),
            ("bic", self.bic.clone()),
            ("contact_email", self.contact_email.clone()),
            ("logo_url", self.logo_url.clone()),
        ]
    }
}

const COLUMNS: &str = "legal_name, street, postal_code, city, country, vat_id, registration, bank_name, iban, bic, \
                       contact_email, logo_url";

/// The stored profile; empty fields until someone fills them.
pub(crate) async fn read_profile(pool: &sqlx::AnyPool) -> EngineResult<ShopProfile> {
    let row: Option<ShopProfile> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM shop_profile WHERE id = 1"))
            .fetch_optional(pool)
            .await?;
    Ok(row.unwrap_or_default())
}

/// Writes the (validated) profile in `tx`.
pub(crate) async fn write_profile(
    tx: &mut Transaction<'_, Any>,
    profile: &ShopProfile,
) -> EngineResult<()> {
    let sql = format!(
        "INSERT INTO shop_profile (id, {COLUMNS}, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET legal_name = $1, street = $2, postal_code = $3, city = $4, country = $5,
             vat_id = $6, registration = $7, bank_name = $8, iban = $9, bic = $10, contact_email = $11,
             logo_url = $12, updated_at = $13"
    );
    let mut query = sqlx::query(&sql);
    for (_, value) in profile.fields() {
        query = query.bind(value);
    }
    query.bind(now_ms()).execute(&mut **tx).await?;
    Ok(())
}

impl Engine {
    /// The shop's profile; empty fields until someone fills them. Public: the storefront's footer and invoices
    /// show it.
    /// Read from the snapshot every app server keeps of the catalog's settings, so a page costs no query for it.
    pub async fn shop_profile(&self) -> EngineResult<ShopProfile> {
        Ok(self.meta().await?.profile.clone())
    }

    /// The shop's profile as the admin API reads it; needs `settings:read`.
    pub async fn shop_profile_as(&self, actor: &Actor) -> EngineResult<ShopProfile> {
        actor.require(Scope::SettingsRead)?;
        self.shop_profile().await
    }

    /// Changes the shop's profile; needs `settings:write`.
    pub async fn save_shop_profile(
        &self,
        actor: &Actor,
        profile: &ShopProfile,
    ) -> EngineResult<ShopProfile> {
        super::require_write(actor)?;
        let profile = profile.validated()?;
        let before = self.shop_profile().await?;
        let mut tx = self.db.begin_write().await?;
        write_profile(&mut tx, &profile).await?;
        let action = "settings.profile_changed";
        let subject = ("settings", "profile");
        let before = before.fields();
        super::record_change(
            &mut tx,
            actor,
            (action, action),
            subject,
            Some(&before),
            &profile.fields(),
        )
        .await?;
        tx.commit().await?;
        self.refresh().await?;
        Ok(profile)
    }
}
