//! Spam without third parties, first layer after the rate limit: the same text posted again
//! within `duplicate_window_minutes` (the site's own, else the server's) is refused (409
//! `duplicate_comment`).
//!
//! - From the same address (an IPv6 /64), whatever the text: a reader who clicked twice, or a
//!   bot pasting one message on every page.
//! - From any address, when the text is long (`SITE_WIDE_CHARS` or more): a spam wave from
//!   many addresses. Short texts ("Merci !", "+1") are left to every reader.
//!
//! Texts are compared trimmed, lowercased and with their whitespace collapsed, by a hash kept
//! in memory on each node for the window (nothing about readers is stored for it).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::Refusal;
use crate::domain::net::network;

/// Texts at least this long are duplicates whoever posts them again.
pub const SITE_WIDE_CHARS: usize = 50;

type Key = (String, Option<IpAddr>, u64);

/// A text that passed [`Duplicates::check`], and its window.
pub struct Posted(Vec<Key>, Duration);

#[derive(Default)]
pub struct Duplicates {
    hasher: RandomState,
    /// (site, address or none for site-wide, text hash) -> until when it is refused.
    seen: Mutex<HashMap<Key, Instant>>,
}

impl Duplicates {
    /// Refuses `text` if it was posted within its site's window; else what to [`remember`]
    /// once the comment is stored (a post refused later on can be sent again). A window of
    /// zero turns the check off.
    ///
    /// [`remember`]: Self::remember
    pub fn check(
        &self,
        site: &str,
        window: Duration,
        ip: IpAddr,
        text: &str,
    ) -> Result<Posted, Refusal> {
        if window.is_zero() {
            return Ok(Posted(Vec::new(), window));
        }
        let normalized = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let mut hasher = self.hasher.build_hasher();
        hasher.write(normalized.as_bytes());
        let hash = hasher.finish();
        let mut keys = vec![(site.to_owned(), Some(network(ip)), hash)];
        if normalized.chars().count() >= SITE_WIDE_CHARS {
            keys.push((site.to_owned(), None, hash));
        }
        let now = Instant::now();
        let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if keys
            .iter()
            .any(|key| seen.get(key).is_some_and(|until| now < *until))
        {
            return Err(Refusal::DuplicateComment);
        }
        Ok(Posted(keys, window))
    }

    /// Starts the window of a stored comment's text.
    pub fn remember(&self, posted: Posted) {
        let until = Instant::now() + posted.1;
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        for key in posted.0 {
            seen.insert(key, until);
        }
    }

    /// Forgets texts whose window has passed (every minute, with the rate limits).
    pub fn forget_old(&self) {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        seen.retain(|_, until| now < *until);
        seen.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN_MINUTES: Duration = Duration::from_secs(600);

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn the_same_text_from_the_same_address_is_refused_however_it_is_spaced() {
        let duplicates = Duplicates::default();
        let first = duplicates
            .check("demo", TEN_MINUTES, ip("192.0.2.1"), "Merci !")
            .expect("first");
        assert!(
            duplicates
                .check("demo", TEN_MINUTES, ip("192.0.2.1"), "Merci !")
                .is_ok(),
            "not stored yet"
        );
        duplicates.remember(first);

        assert!(
            duplicates
                .check("demo", TEN_MINUTES, ip("192.0.2.1"), "  merci   ! ")
                .is_err()
        );
        assert!(
            duplicates
                .check("demo", TEN_MINUTES, ip("192.0.2.2"), "Merci !")
                .is_ok(),
            "short texts are everyone's"
        );
        assert!(
            duplicates
                .check("other", TEN_MINUTES, ip("192.0.2.1"), "Merci !")
                .is_ok(),
            "per site"
        );
    }

    #[test]
    fn a_long_text_is_refused_from_any_address_and_nothing_is_refused_with_no_window() {
        let long = "Achetez nos montres pas chères sur notre site, livraison offerte partout";
        let duplicates = Duplicates::default();
        let first = duplicates
            .check("demo", TEN_MINUTES, ip("192.0.2.1"), long)
            .expect("first");
        duplicates.remember(first);
        assert!(
            duplicates
                .check("demo", TEN_MINUTES, ip("198.51.100.7"), long)
                .is_err()
        );

        let off = Duplicates::default();
        let first = off
            .check("demo", Duration::ZERO, ip("192.0.2.1"), long)
            .expect("first");
        off.remember(first);
        assert!(
            off.check("demo", Duration::ZERO, ip("192.0.2.1"), long)
                .is_ok()
        );
    }
}
