//! Readers who sign in: the links mailed to them, the tokens their browsers keep, and what
//! they wrote, voted and asked for on a site, to list, hand over or erase.

use async_trait::async_trait;
use time::OffsetDateTime;

use super::{CommentRecord, StoreResult};
use crate::domain::reader::Known;

/// A signed-in reader of one site.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Reader {
    pub reader_id: i64,
    pub site_id: String,
    /// The hash of the address they confirmed, when they signed in by email.
    pub email_hash: Option<String>,
    /// That address, for the reply emails they ask for.
    pub email: Option<String>,
    /// Their subject at the site's OpenID provider, when they signed in there.
    pub subject: Option<String>,
    /// The name their comments carry.
    pub name: Option<String>,
    pub created_at: OffsetDateTime,
}

impl Reader {
    pub fn known(&self) -> Known {
        if self.subject.is_some() {
            Known::Provider
        } else {
            Known::Email
        }
    }

    /// Whether the comment is this reader's: written signed in, or on their site with the
    /// address they confirmed.
    pub fn owns(&self, comment: &CommentRecord) -> bool {
        comment.reader_id == Some(self.reader_id)
            || (comment.site == self.site_id
                && self.email_hash.is_some()
                && comment.email_hash == self.email_hash)
    }
}

/// A sign-in link about to be mailed.
#[derive(Debug, Clone)]
pub struct NewSignin<'a> {
    pub site: &'a str,
    pub secret_hash: &'a str,
    pub email_hash: &'a str,
    pub email: &'a str,
    pub now: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// One of a reader's comments, with what only they may see of it.
#[derive(Debug, Clone)]
pub struct OwnComment {
    pub record: CommentRecord,
    /// The address reply emails go to, when they asked for them.
    pub notify_email: Option<String>,
}

/// A vote a reader gave while signed in.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OwnVote {
    pub comment_id: i64,
    pub value: i64,
    pub voted_at: OffsetDateTime,
}

/// A reader who signed in.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReaderRow {
    pub reader_id: i64,
    pub site_id: String,
    pub email_hash: Option<String>,
    pub email: Option<String>,
    pub subject: Option<String>,
    pub name: Option<String>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReaderTokenRow {
    pub token_hash: String,
    pub reader_id: i64,
    pub created_at: OffsetDateTime,
}

/// A reader's address on a site: confirmed or not, and its last confirmation email.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReaderEmailRow {
    pub site_id: String,
    pub email_hash: String,
    pub confirmed_at: Option<OffsetDateTime>,
    pub confirmation_sent_at: Option<OffsetDateTime>,
}

/// The readers' tables, whole (`parlons migrate-data`).
#[derive(Debug, Clone, Default)]
pub struct ReaderTables {
    pub readers: Vec<ReaderRow>,
    pub tokens: Vec<ReaderTokenRow>,
    pub emails: Vec<ReaderEmailRow>,
    /// The sites' OpenID providers (sign-ins under way are not carried).
    pub providers: Vec<super::providers::ProviderRow>,
}

impl ReaderTables {
    /// Rows in all.
    pub fn rows(&self) -> usize {
        self.readers.len() + self.tokens.len() + self.emails.len() + self.providers.len()
    }
}

#[async_trait]
pub trait AccountStore: Send + Sync {
    /// Keeps a sign-in link, unless the address has as many live links as it may
    /// (`LIVE_SIGNINS_PER_ADDRESS`): then `false`, and nothing is kept.
    async fn add_signin(&self, signin: &NewSignin<'_>) -> StoreResult<bool>;
    /// Uses a sign-in link, once, before it expires: the reader of that site and address
    /// (made at their first sign-in), now confirmed, with `token_hash` as a new browser
    /// of theirs; the comments the address wrote anonymously become theirs. `NotFound` for a
    /// link unknown, used or expired.
    async fn sign_in_by_email(
        &self,
        site: &str,
        secret_hash: &str,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Reader>;
    /// The reader a browser's token signs in, if it does.
    async fn reader_by_token(&self, token_hash: &str) -> StoreResult<Option<Reader>>;
    /// Signs one browser out.
    async fn sign_out(&self, token_hash: &str) -> StoreResult<()>;
    /// Signs every browser of the reader out; how many were.
    async fn sign_out_everywhere(&self, reader_id: i64) -> StoreResult<u64>;
    /// The name the reader's next comments carry.
    async fn rename_reader(&self, reader_id: i64, name: &str) -> StoreResult<()>;
    /// The reader's comments that are not erased, newest first, at most `limit`.
    async fn reader_comments(&self, reader: &Reader, limit: i64) -> StoreResult<Vec<OwnComment>>;
    /// Reply emails on or off for the reader's comments on one page; how many changed.
    async fn set_page_replies(&self, reader: &Reader, page: &str, on: bool) -> StoreResult<u64>;
    /// The votes given with this voter hash.
    async fn votes_by(&self, voter_hash: &str) -> StoreResult<Vec<OwnVote>>;
    /// Forgets the reader in one transaction: their comments erased as an author erases one
    /// (each with its audit line), their address, its sign-in links and the emails to it,
    /// their browsers; the reader is gone. The comments erased, as they were before and are now.
    async fn erase_reader(
        &self,
        reader: &Reader,
        at: OffsetDateTime,
    ) -> StoreResult<Vec<(CommentRecord, CommentRecord)>>;
    /// Forgets sign-in links, and sign-ins at a provider, past their time; how many.
    async fn forget_expired_signins(&self, now: OffsetDateTime) -> StoreResult<u64>;
}
