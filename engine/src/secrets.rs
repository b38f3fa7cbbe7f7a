//! Secrets Kontor must be able to read back (webhook signing secrets) are stored sealed: XChaCha20-Poly1305 under
//! the shop's key, with a random nonce per value. A copy of the database (a backup, a replica, a support dump) then
//! does not give away the secrets receivers trust. Values stored in clear before sealing existed are still read,
//! and [`crate::Engine::seal_webhook_secrets`] seals them.

use base64::{Engine as _, engine::general_purpose::STANDARD};
use chacha20poly1305::{
    XChaCha20Poly1305, XNonce,
    aead::{Aead, Generate, Key, KeyInit, Payload},
};

/// What a sealed value starts with; a stored value without it is from before sealing and read as it is.
const SEALED: &str = "sealed1:";
const NONCE_LEN: usize = 24;

/// The key secrets are sealed with: 32 bytes, from `KONTOR_SECRET_KEY` or a key file the host keeps.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

/// A stored secret that could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a stored secret cannot be opened with this key: it was sealed with another one (set KONTOR_SECRET_KEY to \
     the key the shop was run with, or restore its key file)"
)]
pub struct WrongKey;

impl SecretKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(Key::<XChaCha20Poly1305>::generate().into())
    }

    /// A key from its 32 bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads a key written as 64 hex digits or as base64 of 32 bytes.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.chars().all(|c| c.is_ascii_hexdigit()) {
            (0..32)
                .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|e| e.to_string())?
        } else {
            STANDARD
                .decode(text)
                .map_err(|_| "must be 32 bytes as 64 hex digits or as base64".to_owned())?
        };
        let bytes: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "must be 32 bytes (64 hex digits or 44 base64 characters), not {} bytes",
                b.len()
            )
        })?;
        Ok(Self(bytes))
    }

    /// The key as base64, as [`SecretKey::parse`] reads it.
    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }

    /// `plain` sealed for storage; `purpose` binds it to where it is kept, so a value moved elsewhere does not open.
    pub(crate) fn seal(&self, plain: &str, purpose: &str) -> String {
        let nonce = XNonce::generate();
        let sealed = self
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: purpose.as_bytes(),
                },
            )
            .expect("sealing a short value cannot fail");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{SEALED}{}", STANDARD.encode(bytes))
    }

    /// A stored value opened: a sealed one with this key, one from before sealing as it is.
    pub(crate) fn open(&self, stored: &str, purpose: &str) -> Result<String, WrongKey> {
        let Some(sealed) = stored.strip_prefix(SEALED) else {
            return Ok(stored.to_owned());
        };
        let bytes = STANDARD.decode(sealed).map_err(|_| WrongKey)?;
        if bytes.len() < NONCE_LEN {
            return Err(WrongKey);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).map_err(|_| WrongKey)?;
        let plain = self
            .cipher()
            .decrypt(
                &nonce,
                Payload {
                    msg: sealed,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| WrongKey)?;
        String::from_utf8(plain).map_err(|_| WrongKey)
    }

    /// Whether a stored value is sealed.
    pub(crate) fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED)
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(&Key::<XChaCha20Poly1305>::from(self.0))
    }
}

impl Default for SecretKey {
    /// A random key made once per process: enough for a shop in memory and for tests; a shop on disk is given its
    /// key by the host, or its sealed secrets do not open after a restart.
    fn default() -> Self {
        static KEY: std::sync::OnceLock<SecretKey> = std::sync::OnceLock::new();
        KEY.get_or_init(SecretKey::generate).clone()
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_with_its_key_and_purpose_only() {
        let key = SecretKey::generate();
        let sealed = key.seal("whsec_abc", "webhook");
        assert!(SecretKey::is_sealed(&sealed) && !sealed.contains("whsec_abc"));
        assert_ne!(
            sealed,
            key.seal("whsec_abc", "webhook"),
            "a nonce per value"
        );
        assert_eq!(key.open(&sealed, "webhook").unwrap(), "whsec_abc");
        assert_eq!(key.open(&sealed, "other"), Err(WrongKey));
        assert_eq!(
            SecretKey::generate().open(&sealed, "webhook"),
            Err(WrongKey)
        );
        assert_eq!(key.open("whsec_clear", "webhook").unwrap(), "whsec_clear");
    }

    #[test]
    fn keys_are_read_as_hex_or_base64_of_32_bytes() {
        let key = SecretKey::generate();
        assert_eq!(SecretKey::parse(&key.to_base64()).unwrap(), key);
        let hex: String = key.0.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(SecretKey::parse(&hex).unwrap(), key);
        assert_eq!(SecretKey::parse(&hex.to_uppercase()).unwrap(), key);
        assert!(
            SecretKey::parse("c2hvcnQ=")
                .unwrap_err()
                .contains("not 5 bytes")
        );
        assert!(SecretKey::parse("not a key!").is_err());
        assert_eq!(format!("{key:?}"), "SecretKey(…)");
    }
}
