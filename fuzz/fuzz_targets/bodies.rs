//! Any request body, read as each JSON body of the API and then checked by the same code as
//! the handlers, ends in a value or an error: never a panic. The challenge a post carries is
//! checked too: anything but a token this key issued for this site is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parlons_server::domain::input::{CommentInput, parse_page, parse_text};
use parlons_server::domain::site::parse_site_id;
use parlons_server::domain::spam::{ChallengeRule, SpamKeys};
use parlons_shared::{CountsRequest, EditComment, NewComment};

fuzz_target!(|bytes: &[u8]| {
    if let Ok(body) = serde_json::from_slice::<NewComment>(bytes) {
        if let Some(token) = &body.challenge {
            let keys = SpamKeys::new("fuzz");
            let rule = ChallengeRule { min_seconds: 0, pow_bits: 8 };
            let now = time::OffsetDateTime::now_utc();
            let verdict = keys.verify(&body.site, token, body.solution.as_deref(), rule, now);
            assert!(verdict.is_err(), "a token not issued by this key was accepted: {token:?}");
        }
        let _ = CommentInput::parse(body);
    }
    if let Ok(body) = serde_json::from_slice::<EditComment>(bytes) {
        let _ = parse_text(&body.text);
    }
    if let Ok(body) = serde_json::from_slice::<CountsRequest>(bytes) {
        let _ = parse_site_id(&body.site);
        body.pages.iter().for_each(|page| drop(parse_page(page)));
    }
});
