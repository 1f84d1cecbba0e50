//! Moderators: who they are, which sites they may act on, and how they prove it.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use super::InvalidField;

/// The shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Which sites a moderator may act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every site, including sites added later.
    AllSites,
    Sites(Vec<String>),
}

/// A moderator account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moderator {
    pub id: i64,
    pub name: String,
    pub password_hash: String,
    pub scope: Scope,
    /// The sites this moderator owns (all of them within `scope`).
    pub owns: Vec<String>,
}

impl Moderator {
    /// Whether this moderator may change the site's settings and moderators: an owner of the
    /// site, or a moderator of every site.
    pub fn may_manage(&self, site: &str) -> bool {
        match &self.scope {
            Scope::AllSites => true,
            Scope::Sites(_) => self.owns.iter().any(|owned| owned == site),
        }
    }

    pub fn may_moderate(&self, site: &str) -> bool {
        match &self.scope {
            Scope::AllSites => true,
            Scope::Sites(sites) => sites.iter().any(|allowed| allowed == site),
        }
    }

    /// The sites this moderator may see, `None` meaning all of them.
    pub fn site_filter(&self) -> Option<&[String]> {
        match &self.scope {
            Scope::AllSites => None,
            Scope::Sites(sites) => Some(sites),
        }
    }
}

/// The account a sign-in form names: what was typed, trimmed, as the store looks it up. The
/// sign-in limit keys on this too, so no spelling of one account escapes it.
pub fn account_of(typed: &str) -> &str {
    typed.trim()
}

/// A moderator name: 1 to 64 of letters, digits, `.`, `-`, `_`.
pub fn parse_name(name: &str) -> Result<String, InvalidField> {
    let valid = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if valid {
        Ok(name.to_owned())
    } else {
        Err(InvalidField::new(
            "name",
            "A moderator name is 1 to 64 letters, digits, `.`, `-` or `_`.",
        ))
    }
}

/// An argon2id hash (PHC string) of a new password.
pub fn hash_password(password: &str) -> Result<String, InvalidField> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(InvalidField::new(
            "password",
            format!("A password has at least {MIN_PASSWORD_CHARS} characters."),
        ));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| {
            InvalidField::new(
                "password",
                format!("The password could not be hashed: {error}."),
            )
        })
}

/// Whether `password` matches the stored hash.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash to verify against when the account does not exist, so that a sign-in takes as long
/// for an unknown name as for a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        hash_password("decoy password, never valid").unwrap_or_default()
    });
    &DECOY
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_argon2id_hash_only() {
        let hash = hash_password("correct horse battery").expect("hashes");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn a_short_password_is_refused() {
        assert!(hash_password("short").is_err());
    }

    #[test]
    fn a_moderator_of_one_site_may_not_act_on_another() {
        let moderator = Moderator {
            id: 1,
            name: "amelie".into(),
            password_hash: String::new(),
            scope: Scope::Sites(vec!["lemonde".into(), "liberation".into()]),
            owns: vec!["lemonde".into()],
        };
        assert!(moderator.may_manage("lemonde"));
        assert!(!moderator.may_manage("liberation"));
        let moderator = Moderator {
            scope: Scope::Sites(vec!["lemonde".into()]),
            ..moderator
        };
        assert!(moderator.may_moderate("lemonde"));
        assert!(!moderator.may_moderate("liberation"));
        let admin = Moderator {
            scope: Scope::AllSites,
            ..moderator
        };
        assert!(admin.may_moderate("liberation"));
        assert!(admin.may_manage("liberation"));
    }
}
