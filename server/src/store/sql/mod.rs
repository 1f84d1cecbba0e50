//! The SQL of every store method, written once. Each `impl_*_store!` macro implements one
//! store trait for a backend's store type; `sqlite/` and `postgres/` invoke them with their
//! own pool type, so the two backends run the very same statements and pass the same tests.
//! The statements stick to what both dialects accept (`on conflict do nothing`,
//! `returning`, `cast(.. as bigint)`, `$n` placeholders); the schemas differ and live in
//! `migrations/sqlite` and `migrations/postgres`.

pub mod comments;
pub mod import;
pub mod moderation;
pub mod notifications;
pub mod rows;
pub mod sites;
pub mod spam;
pub mod threads;
pub mod transfer;
pub mod votes;

/// What the macro bodies name; each backend module glob-imports it.
pub mod prelude {
    pub use std::collections::HashMap;

    pub use sqlx::QueryBuilder;
    pub use time::OffsetDateTime;

    pub use super::rows::{
        AuditRow, COMMENT_COLUMNS, CommentRow, ModeratorRow, OUTBOX_COLUMNS, OutboxRow,
        author_entry, records,
    };
    pub use crate::domain::moderator::{Moderator, Scope};
    pub use crate::domain::site::{Language, Moderation, Site, SpamRules, Votes};
    pub use crate::store::import::{ImportOutcome, ImportRecord, ImportStore};
    pub use crate::store::moderation::RESTORE_DAYS;
    pub use crate::store::notifications::{
        Message, ModeratorEmail, NewMessage, NotificationStore, Webhook,
    };
    pub use crate::store::spam::{Block, BlockKind, PosterHashes, Purged, SpamStore};
    pub use crate::store::transfer::{
        AuditFullRow, CommentFullRow, CredentialRow, SmallTables, TABLES, TransferStore, VoteRow,
    };
    pub use crate::store::votes::VoteStore;
    pub use crate::store::{
        AuditEntry, CommentRecord, CommentStore, CredentialKind, ModerationAction, ModerationQuery,
        ModerationStore, NewCommentRecord, NewModerator, ParentRecord, SiteStore, StoreError,
        StoreResult, ThreadQuery, parent_problem,
    };
}
