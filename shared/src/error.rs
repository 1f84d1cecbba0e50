//! The error body of every failed call:
//! `{"error":{"code":"<snake_case>","message":"<sentence>","field":"<name>"}}`.
//!
//! Clients match on [`ErrorCode`], never on the message (which is for people, in English).

use serde::{Deserialize, Serialize};

/// Stable, machine-readable reason for a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, or a query parameter is malformed (400).
    MalformedRequest,
    /// The body is not `application/json` (415).
    UnsupportedMediaType,
    /// The body is larger than the limit (413).
    PayloadTooLarge,
    /// A field breaks a limit (422, with `field`).
    InvalidField,
    /// The page key is missing, too long, or does not start with `/` (422, `field` = `page`).
    InvalidPage,
    /// The site is unknown (404).
    SiteNotFound,
    /// The comment is unknown (404).
    CommentNotFound,
    /// The parent comment is unknown (404, `field` = `parent`).
    ParentNotFound,
    /// The request's `Origin` is not one of the site's allowed origins (403).
    OriginNotAllowed,
    /// No moderator credentials, or expired or revoked ones (401).
    Unauthorized,
    /// The moderator may not act on this site (403).
    NotAModerator,
    /// The action does not apply to the comment as it is (409), e.g. approving a published one.
    InvalidTransition,
    /// The comment was edited after the moderator read it (409): the action names the version
    /// read (`version`).
    CommentChanged,
    /// Too many sign-in attempts; see `Retry-After` (429).
    SignInThrottled,
    /// The edit token is missing or wrong (403).
    InvalidEditToken,
    /// The edit window has closed (403).
    EditWindowClosed,
    /// Too many requests from this address; see `Retry-After` (429).
    RateLimited,
    /// Too many live streams open from this address (429), or on the server (503).
    TooManyStreams,
    /// The same text was just posted (409).
    DuplicateComment,
    /// The site asks for a challenge and the post has none (422, `field` = `challenge`).
    ChallengeRequired,
    /// The challenge is forged, expired, used already, or its proof of work is wrong (422,
    /// `field` = `challenge` or `solution`): get a new one.
    ChallengeInvalid,
    /// Posted sooner after the challenge than the site allows; see `Retry-After` (429).
    TooFast,
    /// The hidden field was filled, as only programs do (422, `field` = `trap`).
    LooksAutomated,
    /// A moderator blocked this address or email on this site for a while (403).
    Blocked,
    /// The site takes no votes, or no down votes (403).
    VotesOff,
    /// The site does not publish its threads as HTML (403).
    NotCrawlable,
    /// The thread takes no new comments or replies (403).
    ThreadClosed,
    /// The page has as many pinned comments as it may (409).
    TooManyPins,
    /// The site's filters refuse the comment as written (422); which entry matched is not said.
    Filtered,
    /// No such path (404).
    NotFound,
    /// The path exists, not with this method (405).
    MethodNotAllowed,
    /// The server failed; the cause is in its log (500).
    Internal,
    /// The request took too long (408, 503).
    Timeout,
    /// No reader token, or one that is unknown or signed out (401): sign in again.
    SignedOut,
    /// The site lets only signed-in readers post (403): the message says how to sign in.
    SignInRequired,
    /// The sign-in link was used already or is too old (410): ask for a new one.
    LinkExpired,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [Self; 36] = [
        Self::MalformedRequest,
        Self::UnsupportedMediaType,
        Self::PayloadTooLarge,
        Self::InvalidField,
        Self::InvalidPage,
        Self::SiteNotFound,
        Self::CommentNotFound,
        Self::ParentNotFound,
        Self::OriginNotAllowed,
        Self::Unauthorized,
        Self::NotAModerator,
        Self::InvalidTransition,
        Self::CommentChanged,
        Self::SignInThrottled,
        Self::InvalidEditToken,
        Self::EditWindowClosed,
        Self::RateLimited,
        Self::TooManyStreams,
        Self::DuplicateComment,
        Self::ChallengeRequired,
        Self::ChallengeInvalid,
        Self::TooFast,
        Self::LooksAutomated,
        Self::Blocked,
        Self::VotesOff,
        Self::NotCrawlable,
        Self::ThreadClosed,
        Self::TooManyPins,
        Self::Filtered,
        Self::NotFound,
        Self::MethodNotAllowed,
        Self::Internal,
        Self::Timeout,
        Self::SignedOut,
        Self::SignInRequired,
        Self::LinkExpired,
    ];

    /// The code as the body spells it (`invalid_field`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedRequest => "malformed_request",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::PayloadTooLarge => "payload_too_large",
            Self::InvalidField => "invalid_field",
            Self::InvalidPage => "invalid_page",
            Self::SiteNotFound => "site_not_found",
            Self::CommentNotFound => "comment_not_found",
            Self::ParentNotFound => "parent_not_found",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::Unauthorized => "unauthorized",
            Self::NotAModerator => "not_a_moderator",
            Self::InvalidTransition => "invalid_transition",
            Self::CommentChanged => "comment_changed",
            Self::SignInThrottled => "sign_in_throttled",
            Self::InvalidEditToken => "invalid_edit_token",
            Self::EditWindowClosed => "edit_window_closed",
            Self::RateLimited => "rate_limited",
            Self::TooManyStreams => "too_many_streams",
            Self::DuplicateComment => "duplicate_comment",
            Self::ChallengeRequired => "challenge_required",
            Self::ChallengeInvalid => "challenge_invalid",
            Self::TooFast => "too_fast",
            Self::LooksAutomated => "looks_automated",
            Self::Blocked => "blocked",
            Self::VotesOff => "votes_off",
            Self::NotCrawlable => "not_crawlable",
            Self::ThreadClosed => "thread_closed",
            Self::TooManyPins => "too_many_pins",
            Self::Filtered => "filtered",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Internal => "internal",
            Self::Timeout => "timeout",
            Self::SignedOut => "signed_out",
            Self::SignInRequired => "sign_in_required",
            Self::LinkExpired => "link_expired",
        }
    }

    /// The code a body names, if it is one of ours.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|code| code.as_str() == text)
    }
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for machines (`code`, `field`) and for people (`message`). Named
/// `ApiError` in the OpenAPI document, as it always was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = ApiError))]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    /// The request field at fault, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_spelled_as_serde_spells_it_and_parses_back() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).expect("serializes");
            assert_eq!(json, code.as_str());
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
        assert_eq!(ErrorCode::parse("no_such_code"), None);
    }

    #[test]
    fn the_error_body_has_the_contract_shape() {
        let body = ErrorBody {
            error: ErrorDetail {
                code: ErrorCode::InvalidField,
                message: "The text is empty.".into(),
                field: Some("text".into()),
            },
        };
        let json = serde_json::to_string(&body).expect("serializes");
        assert_eq!(
            json,
            r#"{"error":{"code":"invalid_field","message":"The text is empty.","field":"text"}}"#
        );
    }
}
