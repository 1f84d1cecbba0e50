//! What a vote must be: a voter id the widget could have made, and a value the contract knows.
//! Reports name their reader with the same id.

use parlons_shared::Vote;

use super::InvalidField;

/// The voter id (16 to 64 URL-safe characters: the widget's 128 random bits in hex) and the
/// value (1 up, -1 down, 0 none) of a vote.
pub fn parse_vote(vote: &Vote) -> Result<(&str, i8), InvalidField> {
    let voter = parse_voter(&vote.voter)?;
    if !(-1..=1).contains(&vote.value) {
        return Err(InvalidField::new(
            "value",
            "A vote is 1 (up), -1 (down) or 0 (none).",
        ));
    }
    Ok((voter, vote.value))
}

/// A reader's random id, as the widget makes it (votes and reports).
pub fn parse_voter(voter: &str) -> Result<&str, InvalidField> {
    let fits = (16..=64).contains(&voter.len())
        && voter
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    if fits {
        Ok(voter)
    } else {
        Err(InvalidField::new(
            "voter",
            "The voter id must be 16 to 64 letters, digits, `-` or `_`.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vote(voter: &str, value: i8) -> Vote {
        Vote {
            voter: voter.to_owned(),
            value,
        }
    }

    #[test]
    fn the_widgets_ids_and_the_three_values_pass() {
        let hex = "0123456789abcdef0123456789abcdef";
        for value in [-1, 0, 1] {
            assert_eq!(parse_vote(&vote(hex, value)), Ok((hex, value)));
        }
    }

    #[test]
    fn short_long_or_strange_ids_and_other_values_name_their_field() {
        for (voter, value, field) in [
            ("short", 1, "voter"),
            (&"a".repeat(65), 1, "voter"),
            ("spaces are not ok here", 1, "voter"),
            ("0123456789abcdef", 2, "value"),
            ("0123456789abcdef", -2, "value"),
        ] {
            let refused = parse_vote(&vote(voter, value)).expect_err("refused");
            assert_eq!(refused.field, field, "{voter} {value}");
        }
    }
}
