//! Readers who sign in: asking for a link, trading it for a token, and what a signed-in
//! reader reads and changes of their own (`X-Reader-Token`).

use serde::{Deserialize, Serialize};

use crate::comment::Comment;

/// `POST /api/v1/readers/email`: mail a sign-in link for `page` to `email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailSignIn {
    pub site: String,
    pub email: String,
    /// The page the link opens (a page key, starting with `/`).
    pub page: String,
}

/// The answer to [`EmailSignIn`]: the link is on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInSent {
    /// Minutes the link works, once.
    pub expires_in_minutes: u32,
}

/// `POST /api/v1/readers/session`: the secret of a sign-in link (`#parlons-signin=`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    pub site: String,
    pub token: String,
}

/// A signed-in browser's token, shown once, and who it signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReaderSession {
    /// Send it as `X-Reader-Token`; the server keeps only its hash.
    pub reader_token: String,
    pub reader: ReaderProfile,
}

/// A signed-in reader as they see themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReaderProfile {
    pub site: String,
    /// The name their comments carry; `null` until they give one.
    pub name: Option<String>,
    /// How they signed in: `email` or `oidc`.
    pub via: String,
    /// Their address shortened (`a…@example.fr`), when they signed in by email.
    pub email: Option<String>,
    /// RFC 3339: their first sign-in on the site.
    pub since: String,
}

/// `PATCH /api/v1/readers/me`: the name of the reader's next comments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rename {
    pub name: String,
}

/// One of the reader's comments, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnComment {
    #[serde(flatten)]
    pub comment: Comment,
    pub page: String,
    /// The comment on its page, when the site's address is known.
    pub url: Option<String>,
    /// Replies to it are mailed to the reader.
    pub notify: bool,
    /// What they wrote (Markdown), to edit from.
    pub text: String,
    /// RFC 3339: until when they may edit it (erasing has no limit).
    pub edit_until: String,
}

/// `GET /api/v1/readers/me/comments`: the reader's comments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnComments {
    pub comments: Vec<OwnComment>,
}

/// `POST /api/v1/readers/me/replies`: reply emails on or off for a page's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PageReplies {
    pub page: String,
    pub notify: bool,
}

/// The answer to [`PageReplies`]: how many of the reader's comments on the page changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepliesSet {
    pub page: String,
    pub notify: bool,
    pub comments: u64,
}

/// `GET /api/v1/readers/options?site=S`: how readers of the site may sign in, and who may post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInOptions {
    /// Who may post: `anyone`, `confirmed` or `signed_in`.
    pub readers: String,
    /// Whether readers may sign in by a link mailed to them (the server sends email).
    pub email: bool,
    /// The site's own OpenID provider, when it has one.
    pub provider: Option<ProviderOption>,
}

/// A site's OpenID provider, as the widget offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProviderOption {
    /// What the button says: "Sign in with {label}".
    pub label: String,
    /// Open it in a popup with `&origin=` and the page's origin added; the popup's page posts
    /// `{"parlons": "signin", "reader_token", "reader"}` (or `"error"`) to that origin.
    pub start: String,
}
