//! Links in emails that act without signing in: approve or delete a pending comment (for the
//! moderator the email went to, for 7 days), confirm a reader's address (7 days), stop reply
//! emails, confirm that a comment is the site's author's (7 days). Each carries what it does,
//! signed with a key every node shares (HMAC-SHA256); a link opens a page that asks to
//! confirm, and only the POST from that page acts, so mail scanners opening links do nothing.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

/// How long a moderation link works.
pub const MODERATION_DAYS: i64 = 7;

/// What a link does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkAction {
    /// `approve` or `delete` comment `comment`, as moderator `moderator`, until `expires`.
    Moderate {
        action: String,
        comment: i64,
        moderator: i64,
        expires: i64,
    },
    /// No more reply emails to `email` on `site`.
    Unsubscribe { site: String, email: String },
    /// `email` is its reader's, on `site`, until `expires`.
    Confirm {
        site: String,
        email: String,
        expires: i64,
    },
    /// Comment `comment` is the site's author's (the link went to its address), until
    /// `expires`.
    Claim { comment: i64, expires: i64 },
}

pub struct Links {
    key: Vec<u8>,
    /// This server's public address: origin, and path under a proxy (`PublicUrl::url`).
    base: String,
}

impl Links {
    pub fn new(key: &str, base: &str) -> Self {
        Self {
            key: key.as_bytes().to_vec(),
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    pub fn moderation_url(
        &self,
        action: &str,
        comment: i64,
        moderator: i64,
        now: OffsetDateTime,
    ) -> String {
        let expires = (now + time::Duration::days(MODERATION_DAYS)).unix_timestamp();
        let payload = format!("m\n{action}\n{comment}\n{moderator}\n{expires}");
        format!("{}/email/moderate/{}", self.base, self.token(&payload))
    }

    pub fn confirmation_url(&self, site: &str, email: &str, now: OffsetDateTime) -> String {
        let expires = (now + time::Duration::days(MODERATION_DAYS)).unix_timestamp();
        let payload = format!("c\n{site}\n{email}\n{expires}");
        format!("{}/email/confirm/{}", self.base, self.token(&payload))
    }

    pub fn claim_url(&self, comment: i64, now: OffsetDateTime) -> String {
        let expires = (now + time::Duration::days(MODERATION_DAYS)).unix_timestamp();
        let payload = format!("a\n{comment}\n{expires}");
        format!("{}/email/claim/{}", self.base, self.token(&payload))
    }

    pub fn unsubscribe_url(&self, site: &str, email: &str) -> String {
        let payload = format!("u\n{site}\n{email}");
        format!("{}/email/unsubscribe/{}", self.base, self.token(&payload))
    }

    /// This server's public address.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key"))
    }

    /// `<hex payload>.<hex signature>`.
    fn token(&self, payload: &str) -> String {
        let mut mac = self.mac();
        mac.update(payload.as_bytes());
        format!(
            "{}.{}",
            hex::encode(payload),
            hex::encode(mac.finalize().into_bytes())
        )
    }

    /// What a token says, if this server signed it (moderation links also expire).
    pub fn verify(&self, token: &str, now: OffsetDateTime) -> Option<LinkAction> {
        let (payload, signature) = token.split_once('.')?;
        let (payload, signature) = (hex::decode(payload).ok()?, hex::decode(signature).ok()?);
        let mut mac = self.mac();
        mac.update(&payload);
        mac.verify_slice(&signature).ok()?;
        let payload = String::from_utf8(payload).ok()?;
        let parts: Vec<&str> = payload.split('\n').collect();
        match parts.as_slice() {
            ["m", action, comment, moderator, expires] => {
                let expires: i64 = expires.parse().ok()?;
                (now.unix_timestamp() <= expires).then_some(())?;
                Some(LinkAction::Moderate {
                    action: (*action).to_owned(),
                    comment: comment.parse().ok()?,
                    moderator: moderator.parse().ok()?,
                    expires,
                })
            }
            ["c", site, email, expires] => {
                let expires: i64 = expires.parse().ok()?;
                (now.unix_timestamp() <= expires).then_some(())?;
                Some(LinkAction::Confirm {
                    site: (*site).to_owned(),
                    email: (*email).to_owned(),
                    expires,
                })
            }
            ["a", comment, expires] => {
                let expires: i64 = expires.parse().ok()?;
                (now.unix_timestamp() <= expires).then_some(())?;
                Some(LinkAction::Claim {
                    comment: comment.parse().ok()?,
                    expires,
                })
            }
            ["u", site, email] => Some(LinkAction::Unsubscribe {
                site: (*site).to_owned(),
                email: (*email).to_owned(),
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOW: OffsetDateTime = datetime!(2026-11-29 12:00 UTC);

    fn token_of(url: &str) -> &str {
        url.rsplit('/').next().unwrap_or_default()
    }

    #[test]
    fn a_moderation_link_says_what_it_does_until_it_expires() {
        let links = Links::new("key", "https://c.example/");
        let url = links.moderation_url("approve", 12, 3, NOW);

        assert!(
            url.starts_with("https://c.example/email/moderate/"),
            "{url}"
        );
        let action = links.verify(token_of(&url), NOW);
        assert!(
            matches!(action, Some(LinkAction::Moderate { ref action, comment: 12, moderator: 3, .. }) if action == "approve")
        );
        assert_eq!(
            links.verify(token_of(&url), NOW + time::Duration::days(8)),
            None
        );
    }

    #[test]
    fn a_claim_link_names_its_comment_for_seven_days() {
        let links = Links::new("key", "https://c.example");
        let url = links.claim_url(41, NOW);

        assert!(url.starts_with("https://c.example/email/claim/"), "{url}");
        assert!(matches!(
            links.verify(token_of(&url), NOW),
            Some(LinkAction::Claim { comment: 41, .. })
        ));
        assert_eq!(
            links.verify(token_of(&url), NOW + time::Duration::days(8)),
            None
        );
    }

    #[test]
    fn a_link_signed_with_another_key_or_altered_does_nothing() {
        let url = Links::new("key", "https://c.example").unsubscribe_url("demo", "a@b.example");
        let token = token_of(&url);
        assert_eq!(
            Links::new("other", "https://c.example").verify(token, NOW),
            None
        );
        let altered = format!(
            "{}0.{}",
            &token[..token.find('.').unwrap_or(0)],
            &token[token.find('.').unwrap_or(0) + 1..]
        );
        assert_eq!(
            Links::new("key", "https://c.example").verify(&altered, NOW),
            None
        );
        assert_eq!(
            Links::new("key", "https://c.example").verify(token, NOW),
            Some(LinkAction::Unsubscribe {
                site: "demo".into(),
                email: "a@b.example".into()
            })
        );
    }
}
