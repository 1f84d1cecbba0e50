//! Wire types of the public HTTP contract (v1) and the input limits.
//!
//! Both the server and the widget depend on this crate, so both validate input the same way
//! and agree on every field name. It depends on `serde` only and builds for `wasm32`.
//!
//! Layout:
//! - [`comment`]: `Comment`, `NewComment`, `Thread`, counts and live events;
//! - [`error`]: the error body every failed call returns, with a stable `code`;
//! - [`limits`]: the numbers both sides check against;
//! - [`reader`]: readers who sign in, and what they read and change of their own;
//! - [`vote`]: what a site allows, a reader's vote, a comment's tally.

pub mod comment;
pub mod error;
pub mod limits;
pub mod reader;
pub mod report;
pub mod stats;
pub mod vote;

pub use comment::{
    Badge, Challenge, Comment, CommentStatus, CountEvent, Counts, CountsRequest, CreatedComment,
    DeleteEvent, EditComment, ModeratedComment, ModerationQueue, MoreReplies, NewComment, Preview,
    Sort, Thread, ThreadRef, ThreadState,
};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
pub use reader::{
    EmailSignIn, OwnComment, OwnComments, PageReplies, ProviderOption, ReaderProfile,
    ReaderSession, Rename, RepliesSet, SessionRequest, SignInOptions, SignInSent,
};
pub use report::{Report, ReportQueue, ReportReason, ReportedComment};
pub use stats::{DayCount, LayerCount, PageCount, QueueWait, STATS_DAYS, SiteStats, SpamLayer};
pub use vote::{Tally, Vote, Votes};

/// Every API path starts with this.
pub const API_PREFIX: &str = "/api/v1";

/// The header a reader proves authorship with.
pub const EDIT_TOKEN_HEADER: &str = "x-edit-token";

/// The header a signed-in reader's browser sends its token in.
pub const READER_TOKEN_HEADER: &str = "x-reader-token";
