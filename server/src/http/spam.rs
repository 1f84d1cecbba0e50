//! The spam checks a post goes through after its site and origin, cheapest first: the hidden
//! field, the blocks, then the challenge (minimum time and proof of work).

use std::net::IpAddr;

use time::OffsetDateTime;

use super::AppState;
use super::challenge::Reservation;
use crate::domain::site::Site;
use crate::domain::spam::{ChallengeError, ChallengeRule};
use crate::error::ApiError;
use crate::store::records::rfc3339;

/// The highest difficulty a site may ask: about four billion hashes, hours on a phone.
const MAX_POW_BITS: u32 = 32;

/// What a site asks of a post: its own settings, else the server's.
pub fn rule(state: &AppState, site: &Site) -> ChallengeRule {
    ChallengeRule {
        min_seconds: site
            .spam
            .min_post_seconds
            .unwrap_or(state.settings.min_post_seconds),
        pow_bits: site
            .spam
            .pow_bits
            .unwrap_or(state.settings.pow_bits)
            .min(MAX_POW_BITS),
    }
}

/// A site's link limit.
pub fn max_links(state: &AppState, site: &Site) -> usize {
    site.spam.max_links.unwrap_or(state.settings.max_links) as usize
}

/// How long a site refuses the same text again.
pub fn duplicate_window(state: &AppState, site: &Site) -> std::time::Duration {
    let minutes = site
        .spam
        .duplicate_window_minutes
        .map_or(state.settings.duplicate_window_minutes, u64::from);
    std::time::Duration::from_secs(minutes * 60)
}

/// What the spam fields of a post say.
pub struct SpamFields<'a> {
    pub challenge: Option<&'a str>,
    pub solution: Option<&'a str>,
    pub trap: Option<&'a str>,
    pub email_hash: Option<&'a str>,
}

/// A post that passed: its address hash to store, and its challenge held until it is stored.
pub struct Passed {
    pub address_hash: String,
    pub challenge: Reservation,
}

pub fn check(
    state: &AppState,
    site: &Site,
    ip: IpAddr,
    fields: &SpamFields<'_>,
) -> Result<Passed, ApiError> {
    if fields.trap.is_some_and(|trap| !trap.is_empty()) {
        return Err(ApiError::LooksAutomated);
    }
    let address_hash = state.spam_keys.address_hash(ip);
    let hashes = std::iter::once(address_hash.as_str()).chain(fields.email_hash);
    if let Some(until) = state.blocks.blocked_until(&site.id, hashes) {
        return Err(ApiError::Blocked {
            until: rfc3339(until),
        });
    }
    let rule = rule(state, site);
    let challenge = match (fields.challenge, rule.required()) {
        (None, false) => Reservation::none(&state.used_challenges),
        (None, true) => return Err(ApiError::ChallengeRequired),
        (Some(token), _) => {
            let nonce = state
                .spam_keys
                .verify(
                    &site.id,
                    token,
                    fields.solution,
                    rule,
                    OffsetDateTime::now_utc(),
                )
                .map_err(refusal)?;
            state
                .used_challenges
                .reserve(nonce)
                .ok_or(ApiError::ChallengeInvalid(
                    "This challenge was used already.",
                ))?
        }
    };
    Ok(Passed {
        address_hash,
        challenge,
    })
}

fn refusal(error: ChallengeError) -> ApiError {
    match error {
        ChallengeError::Forged => ApiError::ChallengeInvalid("This challenge is not valid."),
        ChallengeError::Expired => ApiError::ChallengeInvalid("This challenge has expired."),
        ChallengeError::Unsolved => {
            ApiError::ChallengeInvalid("The proof of work is missing or wrong.")
        }
        ChallengeError::TooSoon { wait_secs } => ApiError::TooFast {
            retry_after_secs: wait_secs,
        },
    }
}
