//! Where VAT is due on a delivery: the seller's own country, the buyer's EU member state, or nobody's (reverse
//! charge, export), and the VAT identification numbers that decide it.
//!
//! Tax follows the goods, not the storefront: a Swiss shop that delivers to Germany does not charge Swiss VAT.
//! The rules are the EU's for goods, in the form a wholesaler needs them:
//! - delivery within the seller's own VAT area: the seller's rates;
//! - from one EU member state to another, for a business with a VAT number of another member state: no VAT, the
//!   buyer accounts for it (reverse charge), and the invoice says so;
//! - from one EU member state to another, for anyone else: the destination's rates (distance sales through OSS;
//!   the €10,000 threshold below which the seller's rate may apply is not modelled, because a shop that has to
//!   ask about it has usually passed it);
//! - out of the seller's VAT area otherwise (to or from outside the EU): no VAT, an export.
//!
//! VAT numbers are checked for their format only; an online lookup (VIES) is the merchant's business process.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{DomainError, TaxClass, TaxRates};

/// ISO 3166-1 codes of the EU member states.
pub const EU_MEMBERS: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// Whether `country` (ISO 3166-1 alpha-2) is an EU member state.
pub fn is_eu_member(country: &str) -> bool {
    EU_MEMBERS.contains(&country)
}

/// The VAT area a country belongs to: territories that share a neighbour's VAT (Liechtenstein with Switzerland,
/// Monaco with France, the Isle of Man with the United Kingdom) count as that neighbour.
fn vat_area(country: &str) -> &str {
    match country {
        "LI" => "CH",
        "MC" => "FR",
        "IM" => "GB",
        other => other,
    }
}

/// Formats of the EU's VAT numbers after the country prefix: `9` a digit, `A` a letter, `X` either, anything
/// else itself. Several entries for a country are alternatives.
const FORMATS: &[(&str, &str)] = &[
    ("AT", "U99999999"),
    ("BE", "9999999999"),
    ("BG", "999999999"),
    ("BG", "9999999999"),
    ("CY", "99999999A"),
    ("CZ", "99999999"),
    ("CZ", "999999999"),
    ("CZ", "9999999999"),
    ("DE", "999999999"),
    ("DK", "99999999"),
    ("EE", "999999999"),
    ("EL", "999999999"),
    ("ES", "X9999999X"),
    ("FI", "99999999"),
    ("FR", "XX999999999"),
    ("HR", "99999999999"),
    ("HU", "99999999"),
    ("IE", "9X99999A"),
    ("IE", "9X99999AA"),
    ("IT", "99999999999"),
    ("LT", "999999999"),
    ("LT", "999999999999"),
    ("LU", "99999999"),
    ("LV", "99999999999"),
    ("MT", "99999999"),
    ("NL", "999999999B99"),
    ("PL", "9999999999"),
    ("PT", "999999999"),
    ("RO", "99"),
    ("RO", "999"),
    ("RO", "9999"),
    ("RO", "99999"),
    ("RO", "999999"),
    ("RO", "9999999"),
    ("RO", "99999999"),
    ("RO", "999999999"),
    ("RO", "9999999999"),
    ("SE", "999999999999"),
    ("SI", "99999999"),
    ("SK", "9999999999"),
];

fn fits(format: &str, text: &str) -> bool {
    format.len() == text.len()
        && format.bytes().zip(text.bytes()).all(|(f, c)| match f {
            b'9' => c.is_ascii_digit(),
            b'A' => c.is_ascii_uppercase(),
            b'X' => c.is_ascii_uppercase() || c.is_ascii_digit(),
            literal => c == literal,
        })
}

/// An EU VAT identification number of a valid format (`DE123456789`, `ATU12345678`), stored without spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VatId(String);

impl VatId {
    /// Validates a VAT number: a member state's prefix (`EL` for Greece) and that state's format. Spaces, dots
    /// and hyphens are dropped, lower case is raised.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let id: String = text
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect::<String>()
            .to_ascii_uppercase();
        let valid = id.len() > 2
            && id.is_char_boundary(2)
            && FORMATS
                .iter()
                .any(|(prefix, format)| id.starts_with(prefix) && fits(format, &id[2..]));
        if !valid {
            return Err(DomainError::new(
                "vat_id",
                "must be an EU VAT number such as DE123456789 or ATU12345678",
            ));
        }
        Ok(Self(id))
    }

    /// The number with its prefix.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ISO 3166-1 code of the issuing member state (`GR` for an `EL` number).
    pub fn country(&self) -> &str {
        match &self.0[..2] {
            "EL" => "GR",
            prefix => prefix,
        }
    }
}

text_newtype!(VatId);

/// How VAT applies to one delivery.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaxTreatment {
    /// VAT at the rates of `country`: the seller's own, or an EU consumer's.
    Charged {
        /// ISO 3166-1 code whose rates apply.
        country: String,
    },
    /// No VAT: a business in another EU member state accounts for it.
    ReverseCharge,
    /// No VAT: the goods leave the seller's VAT area.
    Export,
}

impl TaxTreatment {
    /// The treatment of goods sent from `origin` (the selling channel's country) to `destination` for a buyer
    /// with `vat_id` (a business's, `None` for a consumer). Codes are ISO 3166-1 alpha-2; a malformed one is an
    /// error naming `country`.
    pub fn for_delivery(
        origin: &str,
        destination: &str,
        vat_id: Option<&VatId>,
    ) -> Result<Self, DomainError> {
        let origin = crate::pricing::tax::country_code(origin)?;
        let destination = crate::pricing::tax::country_code(destination)?;
        if vat_area(&origin) == vat_area(&destination) {
            return Ok(TaxTreatment::Charged { country: origin });
        }
        if !(is_eu_member(&origin) && is_eu_member(&destination)) {
            return Ok(TaxTreatment::Export);
        }
        let other_state = vat_id.is_some_and(|id| id.country() != origin);
        Ok(if other_state {
            TaxTreatment::ReverseCharge
        } else {
            TaxTreatment::Charged {
                country: destination,
            }
        })
    }

    /// The rate in percent for goods of `class`: the country's rate, or 0 when no VAT is charged. A country
    /// without rates is an error naming `country`, because selling there untaxed would under-collect.
    pub fn rate_percent(&self, rates: &TaxRates, class: &TaxClass) -> Result<Decimal, DomainError> {
        match self {
            TaxTreatment::Charged { country } => rates.rate(class, country),
            TaxTreatment::ReverseCharge | TaxTreatment::Export => Ok(Decimal::ZERO),
        }
    }

    /// Stored form.
    pub fn code(&self) -> &'static str {
        match self {
            TaxTreatment::Charged { .. } => "charged",
            TaxTreatment::ReverseCharge => "reverse_charge",
            TaxTreatment::Export => "export",
        }
    }

    /// The statement an order and its invoice must carry when no VAT is charged; `None` when it is.
    pub fn note(&self) -> Option<&'static str> {
        match self {
            TaxTreatment::Charged { .. } => None,
            TaxTreatment::ReverseCharge => Some(
                "Reverse charge: intra-Community supply exempt from VAT (Article 138 of Directive 2006/112/EC); \
                 VAT is due from the recipient (Article 196).",
            ),
            TaxTreatment::Export => Some(
                "Export delivery: no VAT charged. Import VAT and duties, if any, are due in the country of \
                 delivery.",
            ),
        }
    }
}

#[cfg(test)]
mod tests;
