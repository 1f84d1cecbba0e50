//! Which setting applies to a site: its own where it has one, else the server's. Every
//! per-site setting with a server default is resolved here, once.

use std::sync::Arc;
use std::time::Duration;

use crate::domain::site::Site;
use crate::domain::spam::ChallengeRule;
use crate::settings::Settings;

/// The highest difficulty a site may ask: about four billion hashes, hours on a phone.
const MAX_POW_BITS: u32 = 32;

/// The server's settings, as defaults for every site.
pub struct Policy {
    settings: Arc<Settings>,
}

impl Policy {
    pub fn new(settings: Arc<Settings>) -> Self {
        Self { settings }
    }

    /// What a site asks of a post's challenge: minimum time and proof of work.
    pub fn challenge_rule(&self, site: &Site) -> ChallengeRule {
        ChallengeRule {
            min_seconds: site
                .spam
                .min_post_seconds
                .unwrap_or(self.settings.min_post_seconds),
            pow_bits: site
                .spam
                .pow_bits
                .unwrap_or(self.settings.pow_bits)
                .min(MAX_POW_BITS),
        }
    }

    /// How many links a comment may carry before it waits for a moderator.
    pub fn max_links(&self, site: &Site) -> usize {
        site.spam.max_links.unwrap_or(self.settings.max_links) as usize
    }

    /// How long the site refuses the same text again (zero: never).
    pub fn duplicate_window(&self, site: &Site) -> Duration {
        let minutes = site
            .spam
            .duplicate_window_minutes
            .map_or(self.settings.duplicate_window_minutes, u64::from);
        Duration::from_secs(minutes * 60)
    }

    /// How long after posting authors may edit.
    pub fn edit_window(&self, site: &Site) -> time::Duration {
        let minutes = site
            .edit_window_minutes
            .unwrap_or(self.settings.edit_window_minutes);
        time::Duration::minutes(i64::from(minutes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::site::SpamRules;

    fn policy() -> Policy {
        Policy::new(Arc::new(Settings {
            max_links: 2,
            edit_window_minutes: 15,
            pow_bits: 0,
            ..Settings::default()
        }))
    }

    fn site(spam: SpamRules, edit_window_minutes: Option<u32>) -> Site {
        Site {
            id: "blog".into(),
            origins: vec!["https://blog.example".into()],
            moderation: Default::default(),
            edit_window_minutes,
            spam,
            crawlable: false,
            votes: Default::default(),
            lang: Default::default(),
            gravatar: false,
            close_after_days: None,
            report_threshold: None,
            readers: Default::default(),
        }
    }

    #[test]
    fn a_site_without_its_own_settings_gets_the_servers() {
        let site = site(SpamRules::default(), None);

        assert_eq!(policy().max_links(&site), 2);
        assert_eq!(policy().edit_window(&site), time::Duration::minutes(15));
        assert_eq!(policy().challenge_rule(&site).pow_bits, 0);
    }

    #[test]
    fn a_sites_own_settings_win_and_the_difficulty_is_capped() {
        let site = site(
            SpamRules {
                max_links: Some(0),
                pow_bits: Some(60),
                ..SpamRules::default()
            },
            Some(5),
        );

        assert_eq!(policy().max_links(&site), 0);
        assert_eq!(policy().edit_window(&site), time::Duration::minutes(5));
        assert_eq!(policy().challenge_rule(&site).pow_bits, MAX_POW_BITS);
    }
}
