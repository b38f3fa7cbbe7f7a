//! The shop's product types and attributes (with their options), read once per import, and the checks of a
//! record's catalog-model fields against them: an ERP may fill in values, but types, attributes and options are
//! shop set-up it may not invent.

use std::collections::{HashMap, HashSet};

use domain::{DomainError, Locale, Slug};
use rust_decimal::Decimal;
use sqlx::AnyPool;

use super::ProductRecord;
use crate::EngineResult;

/// How an attribute's values are checked.
enum Kind {
    Text,
    Number,
    /// The option keys.
    Enum(Vec<String>),
    Boolean,
}

/// The shop's product types and attributes, as the import checks records against them.
pub(super) struct Definitions {
    product_types: HashSet<String>,
    attributes: HashMap<String, Kind>,
}

impl Definitions {
    /// Reads the definitions: three queries.
    pub(super) async fn load(pool: &AnyPool) -> EngineResult<Self> {
        let types: Vec<(String,)> = sqlx::query_as("SELECT code FROM product_types")
            .fetch_all(pool)
            .await?;
        let attributes: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, code, kind FROM attributes")
                .fetch_all(pool)
                .await?;
        let options: Vec<(i64, String)> = sqlx::query_as(
            "SELECT attribute_id, value FROM attribute_options ORDER BY position, value",
        )
        .fetch_all(pool)
        .await?;
        let attributes = attributes
            .into_iter()
            .map(|(id, code, kind)| {
                let kind = match kind.as_str() {
                    "number" => Kind::Number,
                    "boolean" => Kind::Boolean,
                    "enum" => Kind::Enum(
                        options
                            .iter()
                            .filter(|(a, _)| *a == id)
                            .map(|(_, v)| v.clone())
                            .collect(),
                    ),
                    _ => Kind::Text,
                };
                (code, kind)
            })
            .collect();
        Ok(Self {
            product_types: types.into_iter().map(|(code,)| code).collect(),
            attributes,
        })
    }

    /// Checks and normalizes the product-level catalog-model fields: type, tax class, attributes, translations.
    pub(super) fn check_product(&self, record: &mut ProductRecord) -> Result<(), DomainError> {
        if let Some(code) = &record.product_type
            && !self.product_types.contains(code)
        {
            return Err(DomainError::new(
                "product_type",
                format!("{code:?} does not exist"),
            ));
        }
        record.tax_class = domain::TaxClass::parse(&record.tax_class)?
            .as_str()
            .to_owned();
        for (code, value) in &record.attributes {
            self.check_attribute(code, value)?;
        }
        for (locale, t) in &record.translations {
            let bad = |message: String| DomainError::new("translations", message);
            Locale::parse(locale).map_err(|e| bad(format!("{locale:?}: the key {}", e.message)))?;
            Slug::parse(&t.slug).map_err(|e| bad(format!("{locale}: slug {}", e.message)))?;
            if t.name.trim().is_empty() {
                return Err(bad(format!("{locale}: name must not be empty")));
            }
        }
        Ok(())
    }

    fn check_attribute(&self, code: &str, value: &str) -> Result<(), DomainError> {
        let bad = |message: String| Err(DomainError::new("attributes", message));
        let Some(kind) = self.attributes.get(code) else {
            return bad(format!("{code:?} is not an attribute of this shop"));
        };
        match kind {
            _ if value.trim().is_empty() => bad(format!("{code:?} must not be empty")),
            Kind::Text => Ok(()),
            Kind::Number if value.parse::<Decimal>().is_ok() => Ok(()),
            Kind::Number => bad(format!("{code:?} must be a decimal number, not {value:?}")),
            Kind::Boolean if value == "true" || value == "false" => Ok(()),
            Kind::Boolean => bad(format!("{code:?} must be true or false, not {value:?}")),
            Kind::Enum(options) if options.iter().any(|o| o == value) => Ok(()),
            Kind::Enum(options) => bad(format!(
                "{code:?} must be one of {}, not {value:?}",
                options.join(", ")
            )),
        }
    }
}
