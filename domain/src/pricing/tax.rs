//! Tax classes, rates per country, and whether prices are shown with tax.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A product's tax class (`standard`, `reduced`, `zero`): lower-case letters, digits, `-` and `_`.
///
/// Products carry a class rather than a rate because rates belong to countries: the same book is 7 % in Germany
/// and 9 % in the Netherlands, and a rate change is one edit of [`TaxRates`], not of every product.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TaxClass(String);

impl TaxClass {
    /// Validates a class name; upper case is accepted and lower-cased.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let name = text.trim().to_ascii_lowercase();
        let ok = (1..=32).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !ok {
            return Err(DomainError::new(
                "tax_class",
                "must be a short name such as standard or reduced",
            ));
        }
        Ok(Self(name))
    }

    /// The class most goods are in.
    pub fn standard() -> Self {
        Self("standard".to_owned())
    }

    /// The class name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_newtype!(TaxClass);

/// Whether a channel shows prices including or excluding tax. Consumers expect to see what they pay (B2C, and
/// required in the EU); businesses reclaim VAT and compare net prices (B2B).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxDisplay {
    /// Shown prices are gross.
    IncludingTax,
    /// Shown prices are net.
    ExcludingTax,
}

impl TaxDisplay {
    /// The note beside a shown price: `incl. VAT` or `excl. VAT`.
    pub fn note(self) -> &'static str {
        match self {
            TaxDisplay::IncludingTax => "incl. VAT",
            TaxDisplay::ExcludingTax => "excl. VAT",
        }
    }
}

/// The rate of one tax class in one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxRate {
    /// The tax class.
    pub class: TaxClass,
    /// ISO 3166-1 alpha-2 country code, upper case (`DE`).
    pub country: String,
    /// The rate as a percentage between 0 and 100: `"19"` for 19 %, `"7.7"` for 7.7 %.
    pub rate_percent: Decimal,
}

/// Every known rate, by tax class and country. On the wire, a plain list of [`TaxRate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TaxRates {
    /// The rates, each (class, country) once.
    pub rates: Vec<TaxRate>,
}

impl TaxRates {
    /// Validated rates.
    pub fn new(rates: Vec<TaxRate>) -> Result<Self, DomainError> {
        let rates = Self { rates };
        rates.validate()?;
        Ok(rates)
    }

    /// Checks every rate: a valid country code, a percentage between 0 and 100, each (class, country) once.
    pub fn validate(&self) -> Result<(), DomainError> {
        for (i, rate) in self.rates.iter().enumerate() {
            let country = country_code(&rate.country)?;
            check_rate(rate)?;
            let twice = self.rates[..i]
                .iter()
                .any(|r| r.class == rate.class && r.country.eq_ignore_ascii_case(&country));
            if twice {
                return Err(DomainError::new(
                    "tax_rate",
                    format!("{} {} is defined twice", country, rate.class),
                ));
            }
        }
        Ok(())
    }

    /// The rate in percent for `class` in `country`.
    ///
    /// An unknown country is an error naming `country`, an unknown class one naming `tax_class`: charging 0 %
    /// by default would under-collect tax the shop owes, so a missing rate must stop the sale, not price it.
    pub fn rate(&self, class: &TaxClass, country: &str) -> Result<Decimal, DomainError> {
        let country = country_code(country)?;
        let mut in_country = self
            .rates
            .iter()
            .filter(|r| r.country.eq_ignore_ascii_case(&country))
            .peekable();
        if in_country.peek().is_none() {
            return Err(DomainError::new(
                "country",
                format!("no tax rates are set up for {country}, so we cannot sell there yet"),
            ));
        }
        let rate = in_country.find(|r| &r.class == class).ok_or_else(|| {
            DomainError::new(
                "tax_class",
                format!("no tax rate is set up for class {class} in {country}"),
            )
        })?;
        check_rate(rate)?;
        Ok(rate.rate_percent)
    }
}

fn check_rate(rate: &TaxRate) -> Result<(), DomainError> {
    if rate.rate_percent < Decimal::ZERO || rate.rate_percent > Decimal::ONE_HUNDRED {
        return Err(DomainError::new(
            "rate_percent",
            "must be between 0 and 100",
        ));
    }
    Ok(())
}

/// Normalizes an ISO 3166-1 alpha-2 code (`de` → `DE`); other text is an error naming `country`.
pub(crate) fn country_code(text: &str) -> Result<String, DomainError> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(DomainError::new(
            "country",
            "must be a two-letter ISO 3166 code such as DE",
        ));
    }
    Ok(code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pricing::test_support::{dec, rates};

    #[test]
    fn a_rate_is_found_by_class_and_country() {
        let reduced = TaxClass::parse("reduced").unwrap();
        assert_eq!(
            rates().rate(&TaxClass::standard(), "DE").unwrap(),
            dec("19")
        );
        assert_eq!(rates().rate(&reduced, "de").unwrap(), dec("7"));
        assert_eq!(
            rates().rate(&TaxClass::standard(), "NL").unwrap(),
            dec("21")
        );
        assert_eq!(
            rates().rate(&TaxClass::standard(), "FR").unwrap(),
            dec("20")
        );
    }

    #[test]
    fn an_unknown_country_names_the_country_field() {
        let err = rates().rate(&TaxClass::standard(), "FI").unwrap_err();
        assert_eq!(err.field, "country");
        assert!(err.message.contains("FI"));
        assert_eq!(
            rates()
                .rate(&TaxClass::standard(), "Germany")
                .unwrap_err()
                .field,
            "country"
        );
    }

    #[test]
    fn an_unknown_class_names_the_tax_class_field() {
        let err = rates()
            .rate(&TaxClass::parse("luxury").unwrap(), "DE")
            .unwrap_err();
        assert_eq!(err.field, "tax_class");
    }

    #[test]
    fn a_rate_defined_twice_or_out_of_range_is_refused() {
        let mut twice = rates();
        twice.rates.push(twice.rates[0].clone());
        assert_eq!(twice.validate().unwrap_err().field, "tax_rate");
        let mut negative = rates();
        negative.rates[0].rate_percent = dec("-1");
        assert_eq!(negative.validate().unwrap_err().field, "rate_percent");
        assert!(rates().validate().is_ok());
    }

    #[test]
    fn a_tax_class_is_a_short_lower_case_name() {
        assert_eq!(TaxClass::parse(" Reduced ").unwrap().as_str(), "reduced");
        assert_eq!(TaxClass::parse("19%").unwrap_err().field, "tax_class");
        assert!(TaxClass::parse("").is_err());
    }
}
