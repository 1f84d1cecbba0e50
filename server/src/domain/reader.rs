//! Readers who sign in: who a site lets post, how long a sign-in link lives, and how an
//! address is shown without giving it away.

use super::InvalidField;

/// How long a sign-in link works.
pub const SIGNIN_MINUTES: i64 = 30;

/// Links to one address on one site that may be alive at once: a mailbox gets at most this
/// many sign-in emails per [`SIGNIN_MINUTES`], whoever asks.
pub const LIVE_SIGNINS_PER_ADDRESS: i64 = 3;

/// Browsers one reader may be signed in on at once; signing in on one more signs the oldest
/// out.
pub const TOKENS_PER_READER: i64 = 20;

/// Who may post on a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Readers {
    /// Anyone, signed in or not (the default).
    #[default]
    Anyone,
    /// Readers signed in by an emailed link or by the site's OpenID provider.
    Confirmed,
    /// Readers signed in by the site's OpenID provider.
    SignedIn,
}

impl Readers {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Anyone => "anyone",
            Self::Confirmed => "confirmed",
            Self::SignedIn => "signed_in",
        }
    }

    pub fn parse(text: &str) -> Result<Self, InvalidField> {
        match text {
            "anyone" => Ok(Self::Anyone),
            "confirmed" => Ok(Self::Confirmed),
            "signed_in" => Ok(Self::SignedIn),
            other => Err(InvalidField::new(
                "readers",
                format!("Readers must be `anyone`, `confirmed` or `signed_in`, not `{other}`."),
            )),
        }
    }

    /// Whether a reader known this way may post: `None` for an anonymous reader.
    pub fn admits(self, known: Option<Known>) -> bool {
        matches!(
            (self, known),
            (Self::Anyone, _)
                | (Self::Confirmed, Some(_))
                | (Self::SignedIn, Some(Known::Provider))
        )
    }
}

/// How a signed-in reader proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// By a link mailed to their address.
    Email,
    /// By the site's OpenID provider.
    Provider,
}

impl Known {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Provider => "oidc",
        }
    }
}

/// What a block of a signed-in reader matches: `reader-<id>` (never an address hash).
pub fn reader_block_key(reader_id: i64) -> String {
    format!("reader-{reader_id}")
}

/// The voter id of a signed-in reader: their votes count once whatever browser they vote
/// from, and are found again to be exported or erased.
pub fn voter_id(reader_id: i64) -> String {
    format!("reader-{reader_id}")
}

/// `amelie@journal.fr` → `a…@journal.fr`: enough to tell addresses apart on a page, not
/// enough to write to them.
pub fn email_label(email: &str) -> String {
    let (local, domain) = email.rsplit_once('@').unwrap_or(("", email));
    let first: String = local.chars().take(1).collect();
    format!("{first}…@{}", domain.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_policy_admits_the_readers_it_names() {
        let (email, provider) = (Some(Known::Email), Some(Known::Provider));
        assert!(Readers::Anyone.admits(None));
        assert!(!Readers::Confirmed.admits(None));
        assert!(Readers::Confirmed.admits(email) && Readers::Confirmed.admits(provider));
        assert!(!Readers::SignedIn.admits(None) && !Readers::SignedIn.admits(email));
        assert!(Readers::SignedIn.admits(provider));
    }

    #[test]
    fn a_policy_reads_back_what_it_writes() {
        for policy in [Readers::Anyone, Readers::Confirmed, Readers::SignedIn] {
            assert_eq!(Readers::parse(policy.as_str()), Ok(policy));
        }
        assert_eq!(
            Readers::parse("everyone").expect_err("refused").field,
            "readers"
        );
    }

    #[test]
    fn a_label_keeps_the_first_letter_and_the_domain() {
        assert_eq!(email_label("Amelie.Roux@Journal.fr"), "A…@journal.fr");
        assert_eq!(email_label("é@x.fr"), "é…@x.fr");
    }
}
