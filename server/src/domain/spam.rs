//! Spam defenses that need no third party.
//!
//! - A **challenge** the form fetches when it appears: `<issued>.<nonce>.<mac>`, signed for one
//!   site with a key every node shares. A post carrying it proves the form was shown at least
//!   `min_post_seconds` before, and, when the site asks, a **proof of work**: a number `n` such
//!   that SHA-256 of `"<challenge>:<n>"` starts with `pow_bits` zero bits (about `2^bits`
//!   hashes for the browser, one for the server).
//! - **Keyed hashes of addresses** (an IPv4 address, or an IPv6 /64), so a moderator can block
//!   an address without the server keeping it.

use std::net::IpAddr;

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// How long a challenge stays valid: a reader may leave a tab open all day.
pub const CHALLENGE_LIFETIME_SECS: i64 = 24 * 3600;
/// A challenge issued up to this far in the future is accepted (nodes' clocks differ).
const CLOCK_SKEW_SECS: i64 = 60;

/// Why a challenge was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeError {
    /// Not one this server issued for this site.
    Forged,
    /// Older than a day.
    Expired,
    /// Issued less than the site's minimum time ago: wait this many seconds.
    TooSoon { wait_secs: u64 },
    /// The proof of work is missing or wrong.
    Unsolved,
}

/// What a post on a site must prove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChallengeRule {
    pub min_seconds: u32,
    pub pow_bits: u32,
}

impl ChallengeRule {
    /// Whether posts need a challenge at all.
    pub fn required(self) -> bool {
        self.min_seconds > 0 || self.pow_bits > 0
    }
}

/// Issues and checks challenges, and hashes addresses, with one server key.
pub struct SpamKeys {
    key: Vec<u8>,
}

impl SpamKeys {
    pub fn new(key: &str) -> Self {
        Self {
            key: key.as_bytes().to_vec(),
        }
    }

    fn mac(&self, purpose: &str, message: &str) -> [u8; 32] {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(purpose.as_bytes());
        mac.update(b"\n");
        mac.update(message.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// A new challenge for a form on `site`.
    pub fn issue(&self, site: &str, now: OffsetDateTime) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let body = format!("{}.{}", now.unix_timestamp(), hex::encode(nonce));
        let mac = self.mac("challenge", &format!("{site}\n{body}"));
        format!("{body}.{}", hex::encode(&mac[..16]))
    }

    /// Checks `token` for `site` under `rule`; on success, its nonce (each is accepted once).
    pub fn verify(
        &self,
        site: &str,
        token: &str,
        solution: Option<&str>,
        rule: ChallengeRule,
        now: OffsetDateTime,
    ) -> Result<String, ChallengeError> {
        let mut parts = token.split('.');
        let (Some(issued), Some(nonce), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ChallengeError::Forged);
        };
        let expected = self.mac("challenge", &format!("{site}\n{issued}.{nonce}"));
        let given = hex::decode(mac).map_err(|_| ChallengeError::Forged)?;
        if !constant_time_eq(&given, &expected[..16]) {
            return Err(ChallengeError::Forged);
        }
        let issued: i64 = issued.parse().map_err(|_| ChallengeError::Forged)?;
        let age = now.unix_timestamp() - issued;
        if !(-CLOCK_SKEW_SECS..=CHALLENGE_LIFETIME_SECS).contains(&age) {
            return Err(ChallengeError::Expired);
        }
        if age < i64::from(rule.min_seconds) {
            let wait_secs = u64::try_from(i64::from(rule.min_seconds) - age).unwrap_or(1);
            return Err(ChallengeError::TooSoon { wait_secs });
        }
        if rule.pow_bits > 0 && !solution.is_some_and(|n| proof_holds(token, n, rule.pow_bits)) {
            return Err(ChallengeError::Unsolved);
        }
        Ok(nonce.to_owned())
    }

    /// What is stored of a reader's vote id: never the id itself.
    pub fn voter_hash(&self, voter: &str) -> String {
        hex::encode(&self.mac("voter", voter)[..16])
    }

    /// What is stored of a poster's address: an IPv6 address counts by its /64, as for
    /// rate limits, so a blocked reader cannot step aside within their own network.
    pub fn address_hash(&self, ip: IpAddr) -> String {
        let network = super::net::network(ip).to_string();
        hex::encode(&self.mac("address", &network)[..16])
    }
}

/// Whether SHA-256 of `"<token>:<solution>"` starts with `bits` zero bits. The solution is a
/// decimal number, as the widget counts.
pub fn proof_holds(token: &str, solution: &str, bits: u32) -> bool {
    if solution.is_empty() || solution.len() > 20 || !solution.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digest = Sha256::new()
        .chain_update(token.as_bytes())
        .chain_update(b":")
        .chain_update(solution.as_bytes())
        .finalize();
    leading_zero_bits(&digest) >= bits
}

fn leading_zero_bits(bytes: &[u8]) -> u32 {
    let mut bits = 0;
    for byte in bytes {
        bits += byte.leading_zeros();
        if *byte != 0 {
            break;
        }
    }
    bits
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_RULE: ChallengeRule = ChallengeRule {
        min_seconds: 0,
        pow_bits: 0,
    };

    fn at(seconds: i64) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000 + seconds).expect("a valid time")
    }

    /// The proof the widget finds: the first number that works.
    fn solve(token: &str, bits: u32) -> String {
        (0u64..)
            .map(|n| n.to_string())
            .find(|n| proof_holds(token, n, bits))
            .expect("a solution exists")
    }

    #[test]
    fn a_challenge_is_accepted_for_its_site_only() {
        let keys = SpamKeys::new("key");
        let token = keys.issue("blog", at(0));
        assert!(keys.verify("blog", &token, None, NO_RULE, at(1)).is_ok());
        assert_eq!(
            keys.verify("news", &token, None, NO_RULE, at(1)),
            Err(ChallengeError::Forged)
        );
        assert_eq!(
            SpamKeys::new("another key").verify("blog", &token, None, NO_RULE, at(1)),
            Err(ChallengeError::Forged)
        );
    }

    #[test]
    fn a_changed_time_or_a_malformed_token_is_forged() {
        let keys = SpamKeys::new("key");
        let token = keys.issue("blog", at(0));
        let (_, rest) = token.split_once('.').expect("three parts");
        let earlier = format!("{}.{rest}", at(-100).unix_timestamp());
        for bad in [earlier.as_str(), "", "1.2", "1.2.3.4", "x.y.zz", "..."] {
            assert_eq!(
                keys.verify("blog", bad, None, NO_RULE, at(1)),
                Err(ChallengeError::Forged),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_post_sooner_than_the_minimum_is_told_how_long_to_wait() {
        let keys = SpamKeys::new("key");
        let token = keys.issue("blog", at(0));
        let rule = ChallengeRule {
            min_seconds: 3,
            pow_bits: 0,
        };
        assert_eq!(
            keys.verify("blog", &token, None, rule, at(1)),
            Err(ChallengeError::TooSoon { wait_secs: 2 })
        );
        assert!(keys.verify("blog", &token, None, rule, at(3)).is_ok());
        assert_eq!(
            keys.verify("blog", &token, None, rule, at(CHALLENGE_LIFETIME_SECS + 1)),
            Err(ChallengeError::Expired)
        );
    }

    #[test]
    fn the_proof_of_work_must_have_the_leading_zero_bits() {
        let keys = SpamKeys::new("key");
        let token = keys.issue("blog", at(0));
        let rule = ChallengeRule {
            min_seconds: 0,
            pow_bits: 12,
        };
        let solution = solve(&token, 12);
        assert!(
            keys.verify("blog", &token, Some(&solution), rule, at(1))
                .is_ok()
        );
        let wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|n| !proof_holds(&token, n, 12))
            .expect("most numbers fail");
        for bad in [
            Some(wrong.as_str()),
            None,
            Some(""),
            Some("-1"),
            Some("1e3"),
        ] {
            assert_eq!(
                keys.verify("blog", &token, bad, rule, at(1)),
                Err(ChallengeError::Unsolved),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn leading_zero_bits_count_across_bytes() {
        assert_eq!(leading_zero_bits(&[0, 0, 0b0001_0000, 0xff]), 19);
        assert_eq!(leading_zero_bits(&[0x80]), 0);
        assert_eq!(leading_zero_bits(&[0, 0]), 16);
    }

    #[test]
    fn an_ipv6_network_hashes_as_one_and_no_address_is_readable_in_its_hash() {
        let keys = SpamKeys::new("key");
        let a = keys.address_hash("2001:db8:1:2:aaaa::1".parse().expect("an address"));
        let b = keys.address_hash("2001:db8:1:2:bbbb::9".parse().expect("an address"));
        let c = keys.address_hash("2001:db8:1:3::1".parse().expect("an address"));
        assert_eq!(a, b);
        assert_ne!(a, c);
        let v4 = keys.address_hash("192.0.2.7".parse().expect("an address"));
        assert_eq!(v4.len(), 32);
        assert!(!v4.contains("192"));
        assert_ne!(
            v4,
            SpamKeys::new("other").address_hash("192.0.2.7".parse().expect("an address"))
        );
    }
}
