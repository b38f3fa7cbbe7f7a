//! Whether a product is shown: staff prepare it as a draft, make it active (now or at a set time), and archive it
//! when it is no longer sold but orders and reports still name it.

use serde::{Deserialize, Serialize};

use crate::DomainError;

/// A product's place in its life: only an active product whose publish time has come is shown to buyers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Being prepared; only staff see it.
    Draft,
    /// Sold, from its publish time on.
    Active,
    /// No longer sold; kept so orders and reports still name it.
    Archived,
}

impl ProductStatus {
    /// Every status, in the order a form lists them.
    pub const ALL: [ProductStatus; 3] = [Self::Draft, Self::Active, Self::Archived];

    /// The stored and query-string form.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Archived => "archived",
        }
    }

    /// What staff read.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Active => "Active",
            Self::Archived => "Archived",
        }
    }

    /// Reads the stored form; anything else is refused naming `status`.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text.trim())
            .ok_or_else(|| {
                DomainError::new(
                    "status",
                    format!("`{text}` is not draft, active or archived"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::ProductStatus;

    #[test]
    fn every_status_reads_back_from_its_stored_form() {
        for status in ProductStatus::ALL {
            assert_eq!(ProductStatus::parse(status.as_str()), Ok(status));
        }
    }

    #[test]
    fn an_unknown_status_is_refused_naming_the_field() {
        let error = ProductStatus::parse("published").unwrap_err();
        assert_eq!(error.field, "status");
        assert!(error.message.contains("published"), "{error}");
    }
}
