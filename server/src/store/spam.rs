//! Blocks moderators put on an address or email hash, and the scheduled forgetting of what
//! identifies readers (address hashes, sent messages).

use async_trait::async_trait;
use time::OffsetDateTime;

use super::StoreResult;

/// What a block matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// `comment.address_hash`: an IPv4 address or an IPv6 /64.
    Address,
    /// `comment.email_hash`.
    Email,
    /// A signed-in reader (`reader-<reader_id>`), wherever they post from.
    Reader,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Address => "address",
            Self::Email => "email",
            Self::Reader => "reader",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "address" => Some(Self::Address),
            "email" => Some(Self::Email),
            "reader" => Some(Self::Reader),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub id: i64,
    pub site: String,
    pub kind: BlockKind,
    pub hash: String,
    pub until: OffsetDateTime,
    pub created_by: String,
    /// The comment the moderator blocked from.
    pub comment: Option<i64>,
    pub created_at: OffsetDateTime,
}

/// The hashes a comment was posted with, to block them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PosterHashes {
    pub site: String,
    pub address_hash: Option<String>,
    pub email_hash: Option<String>,
    /// The signed-in reader who wrote it.
    pub reader_id: Option<i64>,
}

/// What one purge forgot.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub address_hashes: u64,
    pub blocks: u64,
    pub messages: u64,
}

#[async_trait]
pub trait SpamStore: Send + Sync {
    /// Stores a block; `id` and `created_at` of `block` are ignored. Its id.
    async fn add_block(&self, block: &Block) -> StoreResult<i64>;
    /// A block, expired or not; `NotFound` when removed.
    async fn block(&self, id: i64) -> StoreResult<Block>;
    async fn remove_block(&self, id: i64) -> StoreResult<()>;
    /// Every block still in force at `now`, on every site.
    async fn active_blocks(&self, now: OffsetDateTime) -> StoreResult<Vec<Block>>;
    async fn poster_hashes(&self, comment: i64) -> StoreResult<PosterHashes>;
    /// Clears address hashes of comments posted before `before`, deletes blocks expired at
    /// `now` and webhook calls and emails sent or given up on before `before`.
    async fn purge_personal_data(
        &self,
        before: OffsetDateTime,
        now: OffsetDateTime,
    ) -> StoreResult<Purged>;
}
