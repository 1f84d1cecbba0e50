//! Secrets given to authors once, stored only as hashes.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new random secret (256 bits, hex).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What the database keeps of a secret.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `secret` is the one whose hash is `stored`, compared in constant time.
pub fn secret_matches(secret: &str, stored: &str) -> bool {
    let given = hash_secret(secret);
    given.len() == stored.len()
        && given
            .bytes()
            .zip(stored.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What the database keeps of an email address: a hash of its lowercase form.
pub fn hash_email(email: &str) -> String {
    hash_secret(&email.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_matches_its_own_hash_only() {
        let secret = new_secret();
        let stored = hash_secret(&secret);
        assert!(secret_matches(&secret, &stored));
        assert!(!secret_matches(&new_secret(), &stored));
        assert!(!secret_matches("", &stored));
    }

    #[test]
    fn two_secrets_differ_and_are_long() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn emails_hash_the_same_whatever_their_case() {
        assert_eq!(
            hash_email("Marie@Example.org "),
            hash_email("marie@example.org")
        );
    }
}
