//! Channels and locales: which storefront (or API client) a request belongs to, and what that fixes.

use serde::{Deserialize, Serialize};

use crate::{Currency, DomainError, TaxDisplay};

/// A content locale: a lower-case ISO 639-1 language code (`en`, `de`), optionally with an upper-case region
/// (`de-CH`). Used in URLs (`/de/…`), `hreflang` and translation rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Locale(String);

impl Locale {
    /// Validates a locale code.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let (lang, region) = match text.split_once('-') {
            Some((l, r)) => (l, Some(r)),
            None => (text, None),
        };
        let lang_ok = lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase());
        let region_ok =
            region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
        if lang_ok && region_ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(DomainError::new(
                "locale",
                "must be a language code such as `en` or `de-CH`",
            ))
        }
    }

    /// English, the default content locale.
    pub fn en() -> Self {
        Self("en".to_owned())
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(Locale);

/// A sales channel: one storefront or API client with its own currency, languages, tax display, assortment and
/// price visibility. A B2B portal and a B2C shop on one catalog are two channels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Channel {
    /// Storage id.
    pub id: i64,
    /// Stable code (`b2b`, `b2c`), used in cookies and API keys.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Every price in the channel is in this currency; prices are never converted.
    pub currency: Currency,
    /// The locale of unprefixed URLs.
    pub default_locale: Locale,
    /// Every locale the channel serves, the default first.
    pub locales: Vec<Locale>,
    /// ISO 3166-1 alpha-2 country whose tax rates apply to buyers without an address.
    pub country: String,
    /// Whether shown prices include tax.
    pub tax_display: TaxDisplay,
    /// Whether guests see prices; `false` shows "sign in for prices" instead, as closed B2B portals do.
    pub prices_public: bool,
}

impl Channel {
    /// The locale for a URL's first path segment, if the channel serves it (the default locale has no prefix).
    pub fn locale_for_prefix(&self, segment: &str) -> Option<&Locale> {
        self.locales
            .iter()
            .find(|l| l.as_str() == segment && **l != self.default_locale)
    }

    /// The path prefix of a locale: empty for the default, `/de` for others.
    pub fn prefix(&self, locale: &Locale) -> String {
        if *locale == self.default_locale {
            String::new()
        } else {
            format!("/{}", locale.as_str())
        }
    }

    /// A short note for shown prices: `excl. VAT` or `incl. VAT`.
    pub fn tax_note(&self) -> &'static str {
        self.tax_display.note()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel() -> Channel {
        Channel {
            id: 1,
            code: "b2b".into(),
            name: "Trade".into(),
            currency: Currency::eur(),
            default_locale: Locale::en(),
            locales: vec![Locale::en(), Locale::parse("de").unwrap()],
            country: "DE".into(),
            tax_display: TaxDisplay::ExcludingTax,
            prices_public: true,
        }
    }

    #[test]
    fn locales_are_language_codes_with_an_optional_region() {
        assert!(Locale::parse("de").is_ok());
        assert!(Locale::parse("de-CH").is_ok());
        for bad in ["", "DE", "deu", "de-ch", "de_CH", "../"] {
            assert_eq!(Locale::parse(bad).unwrap_err().field, "locale", "{bad}");
        }
    }

    #[test]
    fn only_other_locales_than_the_default_have_a_prefix() {
        let c = channel();
        assert_eq!(c.locale_for_prefix("de").map(Locale::as_str), Some("de"));
        assert_eq!(c.locale_for_prefix("en"), None);
        assert_eq!(c.locale_for_prefix("fr"), None);
        assert_eq!(c.prefix(&Locale::en()), "");
        assert_eq!(c.prefix(&Locale::parse("de").unwrap()), "/de");
    }
}
