//! Validation errors. Every variant names the field it is about, and every message is safe to show a buyer.

use serde::{Deserialize, Serialize};

/// A value that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[error("{field}: {message}")]
pub struct DomainError {
    /// The input field the problem is about, as the API and the forms name it (`quantity`, `sku`, ...).
    pub field: String,
    /// What is wrong, in words a buyer understands.
    pub message: String,
}

impl DomainError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}
