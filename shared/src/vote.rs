//! Votes on comments: what a site allows, a reader's vote, and a comment's tally.

use serde::{Deserialize, Serialize};

/// Which votes a site takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Votes {
    /// No votes: the widget shows no vote buttons and `sort=top` is by replies' order.
    Off,
    /// Up votes only.
    #[default]
    Up,
    /// Up and down votes.
    UpDown,
}

impl Votes {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Up => "up",
            Self::UpDown => "up_down",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "off" => Some(Self::Off),
            "up" => Some(Self::Up),
            "up_down" => Some(Self::UpDown),
            _ => None,
        }
    }
}

/// `POST /api/v1/comments/{id}/vote`: a reader's vote, which replaces their earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vote {
    /// The reader's random id, kept by the widget (16 to 64 letters, digits, `-` or `_`).
    /// The server stores only a keyed hash of it.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 16, max_length = 64, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub voter: String,
    /// `1` up, `-1` down (on sites taking both), `0` takes the vote back.
    #[cfg_attr(feature = "openapi", schema(minimum = -1, maximum = 1))]
    pub value: i8,
}

/// A comment's tally: the answer to a vote, and the live `votes` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    pub id: i64,
    pub upvotes: u32,
    pub downvotes: u32,
}
