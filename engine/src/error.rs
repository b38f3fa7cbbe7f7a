//! The engine's one error type. Heads map it to their own (HTTP status, form message); storage details stay here.

use domain::DomainError;

/// Why an engine call failed.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The thing asked for does not exist (or is not visible to the caller).
    #[error("{entity} {key:?} was not found")]
    NotFound {
        /// What kind of thing (`product`, `category`, `cart`, `variant`).
        entity: &'static str,
        /// The key it was looked up by.
        key: String,
    },
    /// The request clashes with the current state (a duplicate, a stale version).
    #[error("{0}")]
    Conflict(String),
    /// Fewer units are available than asked for.
    #[error("only {available} of {sku} available")]
    OutOfStock {
        /// The variant asked for.
        sku: String,
        /// Units that can still be had.
        available: i64,
    },
    /// The caller may not do this; the text says why, in words a buyer understands.
    #[error("{0}")]
    Forbidden(String),
    /// The call needs a signed-in buyer.
    #[error("sign in first")]
    Unauthenticated,
    /// Too many attempts (failed sign-ins for an address, or account operations from a client): wait before
    /// trying again.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    TooManyAttempts {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// The input failed validation.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The input is well formed but asks for what the current state cannot give (more units shipped than are left
    /// to ship); `field` names the part at fault.
    #[error(transparent)]
    Unprocessable(DomainError),
    /// The input is well formed but asks for what this shop does not allow (a webhook to a private address);
    /// the error names the field.
    #[error(transparent)]
    Refused(DomainError),
    /// The database failed; the detail is logged by the head, never shown to a buyer.
    #[error("storage error: {0}")]
    Storage(#[from] sqlx::Error),
    /// A stored secret was sealed with another key than the one configured.
    #[error(transparent)]
    WrongKey(#[from] crate::WrongKey),
    /// A migration could not be applied.
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

impl EngineError {
    pub(crate) fn forbidden(why: impl Into<String>) -> Self {
        Self::Forbidden(why.into())
    }

    pub(crate) fn not_found(entity: &'static str, key: impl Into<String>) -> Self {
        Self::NotFound {
            entity,
            key: key.into(),
        }
    }
}

/// Engine results.
pub type EngineResult<T> = Result<T, EngineError>;
