//! Human-readable identifiers: SKUs and URL slugs. Both are parsed once at the edge and trusted afterwards.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A stock keeping unit: what a warehouse, an ERP and a buyer's purchase order all use to name one variant.
///
/// Upper-case letters, digits and `-`, `_`, `.`, `/`; 1 to 64 characters. Input is trimmed and upper-cased, so
/// `" hx-m8-100 "` and `"HX-M8-100"` name the same variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sku(String);

impl Sku {
    /// Longest SKU accepted; ERPs rarely go past 40.
    pub const MAX_LEN: usize = 64;

    /// Parses a SKU typed by a person or sent by an integration.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let value = input.trim().to_ascii_uppercase();
        if value.is_empty() {
            return Err(DomainError::new("sku", "must not be empty"));
        }
        if value.len() > Self::MAX_LEN {
            return Err(DomainError::new(
                "sku",
                format!("must be at most {} characters", Self::MAX_LEN),
            ));
        }
        if let Some(bad) = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        {
            return Err(DomainError::new(
                "sku",
                format!("may not contain {bad:?}; use letters, digits, '-', '_', '.' or '/'"),
            ));
        }
        Ok(Self(value))
    }

    /// The SKU as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(Sku);

/// The last segment of a storefront URL (`/products/{slug}`): lower-case ASCII letters, digits and single hyphens.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

impl Slug {
    /// Longest slug accepted: long enough for descriptive product names, short enough for a readable URL.
    pub const MAX_LEN: usize = 120;

    /// Parses a slug exactly as it must appear in a URL; no normalisation, so one page has one address.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let valid_chars = input
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if input.is_empty()
            || input.len() > Self::MAX_LEN
            || !valid_chars
            || input.starts_with('-')
            || input.ends_with('-')
            || input.contains("--")
        {
            return Err(DomainError::new(
                "slug",
                "must be 1 to 120 lower-case letters, digits and single hyphens",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// Builds a slug from a display name: `"Hex Bolt M8 × 40"` becomes `hex-bolt-m8-40`.
    pub fn from_name(name: &str) -> Result<Self, DomainError> {
        let mut out = String::with_capacity(name.len());
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out.truncate(Self::MAX_LEN);
        while out.ends_with('-') {
            out.pop();
        }
        Self::parse(&out).map_err(|_| DomainError::new("name", "must contain a letter or digit"))
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(Slug);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sku_is_trimmed_and_upper_cased() {
        assert_eq!(Sku::parse("  hx-m8-100 ").unwrap().as_str(), "HX-M8-100");
    }

    #[test]
    fn an_empty_sku_is_rejected_naming_the_field() {
        let err = Sku::parse("   ").unwrap_err();
        assert_eq!(err.field, "sku");
    }

    #[test]
    fn a_sku_with_spaces_inside_is_rejected() {
        assert!(Sku::parse("HX M8").is_err());
    }

    #[test]
    fn a_sku_longer_than_the_limit_is_rejected() {
        assert!(Sku::parse(&"A".repeat(65)).is_err());
        assert!(Sku::parse(&"A".repeat(64)).is_ok());
    }

    #[test]
    fn a_slug_must_already_be_in_url_form() {
        assert!(Slug::parse("hex-bolts").is_ok());
        for bad in ["", "Hex", "hex bolts", "-hex", "hex-", "hex--bolts", "héx"] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn a_slug_is_derived_from_a_product_name() {
        let slug = Slug::from_name("Hex Bolt M8 × 40, Zinc-plated").unwrap();
        assert_eq!(slug.as_str(), "hex-bolt-m8-40-zinc-plated");
    }

    #[test]
    fn a_name_without_letters_or_digits_has_no_slug() {
        assert_eq!(Slug::from_name("×—").unwrap_err().field, "name");
    }

    #[test]
    fn identifiers_deserialize_only_when_valid() {
        assert!(serde_json::from_str::<Sku>("\"ok-1\"").is_ok());
        assert!(serde_json::from_str::<Sku>("\"not ok\"").is_err());
        assert!(serde_json::from_str::<Slug>("\"Not-Ok\"").is_err());
    }
}
