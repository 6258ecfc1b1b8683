//! Argon2id password hashes (PHC strings). Hashing is slow on purpose: call these from blocking
//! threads, never on the async executor.

use std::sync::OnceLock;

use anyhow::anyhow;
use argon2::password_hash::SaltString;
use argon2::password_hash::rand_core::OsRng;
use argon2::{Argon2, PasswordHash, PasswordHasher as _, PasswordVerifier as _};

/// Hashes a password with argon2id and a random salt.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow!("hashing a password: {e}"))
}

/// Checks a password against a stored hash. With no hash (unknown user or a pending
/// invitation) it still does the same work, so timing does not reveal which accounts exist.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let (hash, real) = match (stored, dummy_hash()) {
        (Some(h), _) => (h, true),
        (None, Some(dummy)) => (dummy, false),
        (None, None) => return false,
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        tracing::error!("a stored password hash is not a valid PHC string");
        return false;
    };
    let ok = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    ok && real
}

/// A real hash of a random password, made once, to verify against when there is no hash.
fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| hash(&super::tokens::random_token(24)).ok())
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&h)));
        assert!(!verify("wrong horse battery", Some(&h)));
        assert!(!verify("correct horse battery", None));
        assert!(!verify("x", Some("garbage")));
    }
}
