//! The storefront's error: what a server function can tell the page, serializable both ways.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Why a storefront call failed, in terms a page can render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// The page's subject does not exist: render the 404 page with status 404.
    NotFound,
    /// A form field is wrong; `field` names it.
    Invalid {
        /// The form field.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// Fewer units are available than asked for.
    OutOfStock {
        /// The variant.
        sku: String,
        /// Units available.
        available: i64,
    },
    /// The page or action needs a signed-in buyer.
    Unauthenticated,
    /// The buyer's role does not allow this; the text says why.
    Forbidden(String),
    /// Something failed on the server; details are in the server log, not here.
    Unavailable,
    /// The call itself failed (network, encoding).
    Transport(String),
}

impl AppError {
    /// One sentence for the buyer.
    pub fn message(&self) -> String {
        match self {
            Self::NotFound => "We could not find that.".to_owned(),
            Self::Invalid { field, message } => format!("{}: {message}", capitalize(field)),
            Self::OutOfStock { sku, available: 0 } => format!("{sku} is out of stock."),
            Self::OutOfStock { sku, available } => {
                format!("Only {available} of {sku} are available.")
            }
            Self::Unauthenticated => "Please sign in first.".to_owned(),
            Self::Forbidden(message) => message.clone(),
            Self::Unavailable => "Something went wrong on our side. Please try again.".to_owned(),
            Self::Transport(_) => "The shop could not be reached. Please try again.".to_owned(),
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

impl From<domain::DomainError> for AppError {
    fn from(e: domain::DomainError) -> Self {
        Self::Invalid {
            field: e.field,
            message: e.message,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<engine::EngineError> for AppError {
    fn from(e: engine::EngineError) -> Self {
        use engine::EngineError as E;
        match e {
            E::NotFound { .. } => Self::NotFound,
            E::Domain(d) | E::Unprocessable(d) => d.into(),
            E::OutOfStock { sku, available } => Self::OutOfStock { sku, available },
            E::Conflict(message) => Self::Invalid {
                field: "request".into(),
                message,
            },
            E::Forbidden(message) => Self::Forbidden(message),
            E::Unauthenticated => Self::Unauthenticated,
            E::TooManyAttempts { retry_after_secs } => Self::Invalid {
                field: "password".into(),
                message: format!("too many attempts; try again in {retry_after_secs} seconds"),
            },
            other => {
                leptos::logging::error!("engine error: {other}");
                Self::Unavailable
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_names_the_field() {
        let e: AppError = domain::DomainError::new("quantity", "must be at least 1").into();
        assert_eq!(e.message(), "Quantity: must be at least 1");
    }
}
