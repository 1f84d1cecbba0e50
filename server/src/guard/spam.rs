//! The spam checks a post goes through after its site and origin, cheapest first: the hidden
//! field, the blocks, then the challenge (minimum time and proof of work).

use std::net::IpAddr;

use time::OffsetDateTime;

use super::challenges::Reservation;
use super::{Guards, Refusal};
use crate::domain::site::Site;
use crate::domain::spam::ChallengeError;
use crate::store::records::rfc3339;

/// What the spam fields of a post say.
pub struct SpamFields<'a> {
    pub challenge: Option<&'a str>,
    pub solution: Option<&'a str>,
    pub trap: Option<&'a str>,
    pub email_hash: Option<&'a str>,
    /// The signed-in reader who posts, if one does.
    pub reader: Option<i64>,
}

/// A post that passed: its address hash to store, and its challenge held until it is stored.
pub struct Passed {
    pub address_hash: String,
    pub challenge: Reservation,
}

/// Refused when a moderator blocked this address, email or signed-in reader on the site; else
/// the address's hash. Posts and edits both go through it.
pub fn check_blocks(
    guards: &Guards,
    site: &Site,
    ip: IpAddr,
    email_hash: Option<&str>,
    reader: Option<i64>,
) -> Result<String, Refusal> {
    let address_hash = guards.spam_keys.address_hash(ip);
    let reader = reader.map(crate::domain::reader::reader_block_key);
    let hashes = std::iter::once(address_hash.as_str())
        .chain(email_hash)
        .chain(reader.as_deref());
    match guards.blocks.blocked_until(&site.id, hashes) {
        Some(until) => Err(Refusal::Blocked {
            until: rfc3339(until),
        }),
        None => Ok(address_hash),
    }
}

pub fn check(
    guards: &Guards,
    site: &Site,
    ip: IpAddr,
    fields: &SpamFields<'_>,
) -> Result<Passed, Refusal> {
    if fields.trap.is_some_and(|trap| !trap.is_empty()) {
        return Err(Refusal::LooksAutomated);
    }
    let address_hash = check_blocks(guards, site, ip, fields.email_hash, fields.reader)?;
    let rule = guards.policy.challenge_rule(site);
    let challenge = match (fields.challenge, rule.required()) {
        (None, false) => Reservation::none(&guards.used_challenges),
        (None, true) => return Err(Refusal::ChallengeRequired),
        (Some(token), _) => {
            let nonce = guards
                .spam_keys
                .verify(
                    &site.id,
                    token,
                    fields.solution,
                    rule,
                    OffsetDateTime::now_utc(),
                )
                .map_err(refusal)?;
            guards
                .used_challenges
                .reserve(nonce)
                .ok_or(Refusal::ChallengeInvalid(
                    "This challenge was used already.",
                ))?
        }
    };
    Ok(Passed {
        address_hash,
        challenge,
    })
}

fn refusal(error: ChallengeError) -> Refusal {
    match error {
        ChallengeError::Forged => Refusal::ChallengeInvalid("This challenge is not valid."),
        ChallengeError::Expired => Refusal::ChallengeInvalid("This challenge has expired."),
        ChallengeError::Unsolved => {
            Refusal::ChallengeInvalid("The proof of work is missing or wrong.")
        }
        ChallengeError::TooSoon { wait_secs } => Refusal::TooFast {
            retry_after_secs: wait_secs,
        },
    }
}
