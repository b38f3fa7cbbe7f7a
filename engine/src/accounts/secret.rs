//! Password hashes (argon2id) and opaque tokens (sessions, reset links), stored only as SHA-256 hashes.

use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use domain::Password;
use sha2::{Digest, Sha256};

use crate::{EngineError, EngineResult};

/// A valid argon2id hash of a random password, verified against when the email is unknown so that a wrong
/// address takes as long to refuse as a wrong password.
pub(crate) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0uT1lGgp4I2Kp6lDY4yzJcXx+PMPhXaNgeEe9LEgV0o";

/// Hashes a password with argon2id and the crate's recommended parameters (19 MiB, two passes), off the async
/// threads: it takes tens of milliseconds by design.
pub async fn hash_password(password: &Password) -> EngineResult<String> {
    let password = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| EngineError::Conflict(format!("password hashing failed: {e}")))
    })
    .await
    .map_err(|e| EngineError::Conflict(format!("password hashing stopped: {e}")))?
}

/// Whether `password` matches `hash`; a malformed hash matches nothing.
pub async fn verify_password(password: &str, hash: &str) -> EngineResult<bool> {
    let password = password.to_owned();
    let hash = hash.to_owned();
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .map_err(|e| EngineError::Conflict(format!("password check stopped: {e}")))
}

/// 244 random bits as 64 hex characters (two v4 UUIDs from the operating system's generator).
pub(crate) fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// Whether `token` could be one [`new_token`] made: anything else is refused without a query.
pub(crate) fn looks_like_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The stored form of a token.
pub(crate) fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_own_hash_only() {
        let password = Password::parse("correct horse battery").unwrap();
        let hash = hash_password(&password).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("correct horse battery", &hash)
                .await
                .unwrap()
        );
        assert!(
            !verify_password("correct horse batterY", &hash)
                .await
                .unwrap()
        );
        assert!(!verify_password("x", "not a hash").await.unwrap());
    }

    #[tokio::test]
    async fn the_dummy_hash_is_a_real_hash_that_matches_no_typed_password() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify_password("kontor-demo", DUMMY_HASH).await.unwrap());
    }

    #[test]
    fn tokens_are_distinct_hex_and_stored_hashed() {
        let a = new_token();
        assert!(looks_like_token(&a));
        assert_ne!(a, new_token());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
        assert!(!looks_like_token("../etc"));
    }
}
