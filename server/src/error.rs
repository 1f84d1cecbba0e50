//! The one error type of the HTTP layer, and its mapping to the contract's error body.
//! Store and domain errors convert with `?`; 5xx causes are logged here and never sent.

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parlons_shared::{ErrorBody, ErrorCode, ErrorDetail};

use crate::domain::InvalidField;
use crate::guard::Refusal;
use crate::store::StoreError;

/// Everything a request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Malformed(String),
    #[error("The body must be JSON, sent with `Content-Type: application/json`.")]
    UnsupportedMediaType,
    #[error("The body is larger than the limit of 64 KiB.")]
    PayloadTooLarge,
    #[error("{0}")]
    Invalid(#[from] InvalidField),
    #[error("This site is unknown to the comment server.")]
    SiteNotFound,
    #[error("This comment does not exist.")]
    CommentNotFound,
    #[error("The comment you reply to does not exist or was deleted.")]
    ParentNotFound,
    #[error("The comment you reply to belongs to another page.")]
    ParentOnOtherPage,
    #[error("This page's origin is not allowed to post comments on this site.")]
    OriginNotAllowed,
    #[error("Sign in as a moderator, or send a moderator's token as `Authorization: Bearer`.")]
    Unauthorized,
    #[error("You may not moderate this site.")]
    NotAModerator,
    #[error("Only the site's owners change its settings and moderators.")]
    NotAnOwner,
    #[error("This comment cannot be {action} while it is {from}.")]
    InvalidTransition {
        from: &'static str,
        action: &'static str,
    },
    #[error("The comment was edited since you read it: read it again before you act on it.")]
    CommentChanged,
    #[error("The edit token is missing or does not match this comment.")]
    InvalidEditToken,
    #[error("The time to edit this comment has passed.")]
    EditWindowClosed,
    #[error("Too many requests; try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("{}", if *per_address { "Too many live streams are open from your address: close some tabs, then reload." } else { "The server has as many live streams open as it can keep: try again in a minute." })]
    TooManyStreams { per_address: bool },
    #[error("This comment was just posted: it is not posted twice.")]
    DuplicateComment,
    #[error("This site asks for a challenge with each post: get one from `GET /api/v1/challenge`.")]
    ChallengeRequired,
    #[error("{0} Reload the page and post again.")]
    ChallengeInvalid(&'static str),
    #[error("Posted too soon after the form appeared; try again in {retry_after_secs} seconds.")]
    TooFast { retry_after_secs: u64 },
    #[error(
        "This comment looks automated (a hidden field was filled). If you are a person, reload the page and post again."
    )]
    LooksAutomated,
    #[error("Posting from this address or email on this site is blocked until {until}.")]
    Blocked { until: String },
    #[error("This site takes no votes{0}.")]
    VotesOff(&'static str),
    #[error(
        "This site does not publish its threads as HTML; its owner can turn it on with `parlons site update <id> --crawlable true`."
    )]
    NotCrawlable,
    #[error("Comments are closed on this page: it takes no new comments or replies.")]
    ThreadClosed,
    #[error("This page has {0} pinned comments already: unpin one first.")]
    TooManyPins(usize),
    #[error("This site does not publish comments worded this way. Please rephrase it.")]
    Filtered,
    #[error("Sign in again: this reader token is missing, unknown or signed out.")]
    SignedOut,
    #[error("{0}")]
    SignInRequired(&'static str),
    #[error("This sign-in link was used already or is too old: ask for a new one.")]
    LinkExpired,
    #[error("There is nothing at this address.")]
    NotFound,
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    #[error("The request took too long; try again.")]
    Timeout,
    #[error("The server failed to answer; try again later.")]
    Internal(#[source] anyhow::Error),
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl ApiError {
    fn status_and_code(&self) -> (StatusCode, ErrorCode) {
        use ErrorCode as C;
        match self {
            Self::Malformed(_) => (StatusCode::BAD_REQUEST, C::MalformedRequest),
            Self::UnsupportedMediaType => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, C::UnsupportedMediaType)
            }
            Self::PayloadTooLarge => (StatusCode::PAYLOAD_TOO_LARGE, C::PayloadTooLarge),
            Self::Invalid(invalid) if invalid.field == "page" => {
                (StatusCode::UNPROCESSABLE_ENTITY, C::InvalidPage)
            }
            Self::Invalid(_) | Self::ParentOnOtherPage => {
                (StatusCode::UNPROCESSABLE_ENTITY, C::InvalidField)
            }
            Self::SiteNotFound => (StatusCode::NOT_FOUND, C::SiteNotFound),
            Self::CommentNotFound => (StatusCode::NOT_FOUND, C::CommentNotFound),
            Self::ParentNotFound => (StatusCode::NOT_FOUND, C::ParentNotFound),
            Self::OriginNotAllowed => (StatusCode::FORBIDDEN, C::OriginNotAllowed),
            Self::InvalidEditToken => (StatusCode::FORBIDDEN, C::InvalidEditToken),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, C::Unauthorized),
            Self::NotAModerator => (StatusCode::FORBIDDEN, C::NotAModerator),
            // The contract's code for a site the moderator may not act on; the message says
            // why. (Not a code of its own: every code is in the widget's parser, which never
            // meets this one.)
            Self::NotAnOwner => (StatusCode::FORBIDDEN, C::NotAModerator),
            Self::InvalidTransition { .. } => (StatusCode::CONFLICT, C::InvalidTransition),
            Self::CommentChanged => (StatusCode::CONFLICT, C::CommentChanged),
            Self::EditWindowClosed => (StatusCode::FORBIDDEN, C::EditWindowClosed),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, C::RateLimited),
            Self::TooManyStreams { per_address: true } => {
                (StatusCode::TOO_MANY_REQUESTS, C::TooManyStreams)
            }
            Self::DuplicateComment => (StatusCode::CONFLICT, C::DuplicateComment),
            Self::TooManyStreams { per_address: false } => {
                (StatusCode::SERVICE_UNAVAILABLE, C::TooManyStreams)
            }
            Self::ChallengeRequired => (StatusCode::UNPROCESSABLE_ENTITY, C::ChallengeRequired),
            Self::ChallengeInvalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, C::ChallengeInvalid),
            Self::TooFast { .. } => (StatusCode::TOO_MANY_REQUESTS, C::TooFast),
            Self::LooksAutomated => (StatusCode::UNPROCESSABLE_ENTITY, C::LooksAutomated),
            Self::Blocked { .. } => (StatusCode::FORBIDDEN, C::Blocked),
            Self::NotCrawlable => (StatusCode::FORBIDDEN, C::NotCrawlable),
            Self::ThreadClosed => (StatusCode::FORBIDDEN, C::ThreadClosed),
            Self::TooManyPins(_) => (StatusCode::CONFLICT, C::TooManyPins),
            Self::Filtered => (StatusCode::UNPROCESSABLE_ENTITY, C::Filtered),
            Self::VotesOff(_) => (StatusCode::FORBIDDEN, C::VotesOff),
            Self::SignedOut => (StatusCode::UNAUTHORIZED, C::SignedOut),
            Self::SignInRequired(_) => (StatusCode::FORBIDDEN, C::SignInRequired),
            Self::LinkExpired => (StatusCode::GONE, C::LinkExpired),
            Self::NotFound => (StatusCode::NOT_FOUND, C::NotFound),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, C::MethodNotAllowed),
            Self::Timeout => (StatusCode::REQUEST_TIMEOUT, C::Timeout),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, C::Internal),
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Self::Invalid(invalid) => Some(invalid.field.to_owned()),
            Self::ParentNotFound | Self::ParentOnOtherPage => Some("parent".to_owned()),
            Self::ChallengeRequired | Self::ChallengeInvalid(_) => Some("challenge".to_owned()),
            Self::LooksAutomated => Some("trap".to_owned()),
            _ => None,
        }
    }

    /// The error a bare status stands for, when a layer answered without a body.
    pub fn from_status(status: StatusCode) -> Self {
        match status {
            StatusCode::NOT_FOUND => Self::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => Self::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => Self::UnsupportedMediaType,
            StatusCode::REQUEST_TIMEOUT | StatusCode::GATEWAY_TIMEOUT => Self::Timeout,
            StatusCode::FORBIDDEN => Self::OriginNotAllowed,
            StatusCode::UNAUTHORIZED => Self::Unauthorized,
            status if status.is_client_error() => Self::Malformed(format!(
                "The request was refused ({}).",
                status.canonical_reason().unwrap_or("client error")
            )),
            status => Self::Internal(anyhow::anyhow!("a layer answered {status} without a body")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        if let Self::Internal(cause) = &self {
            tracing::error!(error = ?cause, "request failed");
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.to_string(),
                field: self.field(),
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        // The metrics count refusals by code.
        response.extensions_mut().insert(code);
        if let Self::TooManyStreams { .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(60));
        }
        if let Self::RateLimited { retry_after_secs } | Self::TooFast { retry_after_secs } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => Self::CommentNotFound,
            StoreError::ParentNotFound => Self::ParentNotFound,
            StoreError::ParentOnOtherPage => Self::ParentOnOtherPage,
            StoreError::ChallengeUsed => Self::ChallengeInvalid("This challenge was used already."),
            StoreError::InvalidTransition { from, action } => Self::InvalidTransition {
                from,
                action: match action {
                    "approve" => "approved",
                    "delete" => "deleted",
                    "pin" => "pinned",
                    _ => "restored",
                },
            },
            StoreError::Changed => Self::CommentChanged,
            StoreError::TooMany(what) => Self::Invalid(InvalidField::new("phrase", what)),
            StoreError::TooManyPins => Self::TooManyPins(parlons_shared::limits::MAX_PINS_PER_PAGE),
            StoreError::Conflict(what) => Self::Internal(anyhow::anyhow!("conflict: {what}")),
            StoreError::Unsupported(what) => Self::Internal(anyhow::anyhow!(what)),
            StoreError::Other(cause) => Self::Internal(cause),
        }
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::RateLimited { retry_after_secs } => Self::RateLimited { retry_after_secs },
            Refusal::TooManyStreams { per_address } => Self::TooManyStreams { per_address },
            Refusal::DuplicateComment => Self::DuplicateComment,
            Refusal::ChallengeRequired => Self::ChallengeRequired,
            Refusal::ChallengeInvalid(why) => Self::ChallengeInvalid(why),
            Refusal::TooFast { retry_after_secs } => Self::TooFast { retry_after_secs },
            Refusal::LooksAutomated => Self::LooksAutomated,
            Refusal::Blocked { until } => Self::Blocked { until },
        }
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::JsonDataError(error) => data_error(&error.body_text()),
            JsonRejection::JsonSyntaxError(_) => {
                Self::Malformed("The body is not valid JSON.".to_owned())
            }
            other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => Self::PayloadTooLarge,
            other => Self::Malformed(other.body_text()),
        }
    }
}

impl From<BytesRejection> for ApiError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::PayloadTooLarge
        } else {
            Self::Malformed(rejection.body_text())
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        let detail = rejection.body_text();
        let detail = detail.trim_start_matches("Failed to deserialize query string: ");
        Self::Malformed(format!("The query string is not valid: {detail}."))
    }
}

impl From<PathRejection> for ApiError {
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

/// Well-formed JSON of the wrong shape: name the field when serde does.
fn data_error(text: &str) -> ApiError {
    let detail =
        text.trim_start_matches("Failed to deserialize the JSON body into the target type: ");
    if let Some(field) = between(detail, "missing field `", "`") {
        return named_field(field, format!("The field `{field}` is missing."));
    }
    if let Some((path, problem)) = detail.split_once(": ")
        && !path.contains(' ')
    {
        let problem = problem.split(" at line").next().unwrap_or(problem);
        return named_field(path, format!("The field `{path}` is not valid: {problem}."));
    }
    ApiError::Malformed(format!(
        "The body does not have the expected fields: {detail}"
    ))
}

fn named_field(field: &str, message: String) -> ApiError {
    // Fields of the contract are static names; map the ones we know so `field` is exact.
    const KNOWN: [&str; 13] = [
        "site", "page", "parent", "author", "email", "website", "text", "pages", "after", "voter",
        "value", "reason", "note",
    ];
    match KNOWN.iter().find(|known| **known == field) {
        Some(known) => ApiError::Invalid(InvalidField::new(known, message)),
        None => ApiError::Malformed(message),
    }
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}
