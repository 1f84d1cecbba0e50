//! What moderation keeps: moderators, their sessions and tokens, status changes and the audit log.

use async_trait::async_trait;
use parlons_shared::CommentStatus;
use time::OffsetDateTime;

use super::{CommentRecord, StoreResult};
use crate::domain::moderator::{Moderator, Scope};
use crate::domain::site::Site;
use crate::domain::site_settings;

/// A moderator to create.
#[derive(Debug, Clone)]
pub struct NewModerator {
    pub name: String,
    pub password_hash: String,
    pub scope: Scope,
    /// Sites of `scope` the moderator owns.
    pub owns: Vec<String>,
}

/// A sign-in session (expires) or an API token (lasts until revoked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    Session,
    Token,
}

impl CredentialKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Token => "token",
        }
    }
}

/// What a moderator does to a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    /// Pending to published.
    Approve,
    /// Pending or published to deleted; the text is kept 30 days for a restore.
    Delete,
    /// Deleted by a moderator, within 30 days, back to published.
    Restore,
}

impl ModerationAction {
    /// `approve`, `delete` or `restore`, as in the API's and the page's paths.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "approve" => Some(Self::Approve),
            "delete" => Some(Self::Delete),
            "restore" => Some(Self::Restore),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approve => "approve",
            Self::Delete => "delete",
            Self::Restore => "restore",
        }
    }
}

/// Which comments a moderation view lists, newest first.
#[derive(Debug, Clone)]
pub struct ModerationQuery {
    pub status: CommentStatus,
    /// `None`: every site.
    pub sites: Option<Vec<String>>,
    pub page: Option<String>,
    pub limit: u32,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: OffsetDateTime,
    /// A moderator's name, `author`, or `system`.
    pub actor: String,
    /// `approve`, `delete`, `restore`, `edit`, `erase`, `sign_in`, `sign_in_failed`, ...
    pub action: String,
    pub site: Option<String>,
    pub comment: Option<i64>,
    /// JSON snapshots of what changed.
    pub before: Option<String>,
    pub after: Option<String>,
}

impl AuditEntry {
    /// `site_settings`: the settings that differ between `before` and `after`, each side as
    /// a JSON object of setting names and values; `None` when nothing changed.
    pub fn site_change(actor: &str, before: &Site, after: &Site) -> Option<Self> {
        let mut was = serde_json::Map::new();
        let mut now = serde_json::Map::new();
        for name in site_settings::NAMES {
            let (old, new) = (
                site_settings::get(before, name),
                site_settings::get(after, name),
            );
            if old != new {
                was.insert(name.to_owned(), old.into());
                now.insert(name.to_owned(), new.into());
            }
        }
        (!now.is_empty()).then(|| Self {
            at: OffsetDateTime::now_utc(),
            actor: actor.to_owned(),
            action: "site_settings".to_owned(),
            site: Some(after.id.clone()),
            comment: None,
            before: Some(serde_json::Value::Object(was).to_string()),
            after: Some(serde_json::Value::Object(now).to_string()),
        })
    }
}

/// Days a moderator's deletion can be undone; after that the text is purged.
pub const RESTORE_DAYS: i64 = 30;

#[async_trait]
pub trait ModerationStore: Send + Sync + 'static {
    /// Adds a moderator; `Conflict` when the name is taken.
    async fn insert_moderator(&self, moderator: &NewModerator) -> StoreResult<()>;
    /// `NotFound` when there is no such name.
    async fn moderator(&self, name: &str) -> StoreResult<Moderator>;
    async fn list_moderators(&self) -> StoreResult<Vec<Moderator>>;
    /// Removes a moderator and revokes everything they held.
    async fn delete_moderator(&self, name: &str) -> StoreResult<()>;
    /// Replaces the password hash and ends every session.
    async fn set_password(&self, name: &str, password_hash: &str) -> StoreResult<()>;

    /// Keeps the hash of a new session or token secret.
    async fn insert_credential(
        &self,
        moderator_id: i64,
        kind: CredentialKind,
        secret_hash: &str,
        expires_at: Option<OffsetDateTime>,
    ) -> StoreResult<()>;
    /// The moderator holding this secret, if it is valid now (`NotFound` otherwise).
    async fn credential_owner(
        &self,
        kind: CredentialKind,
        secret_hash: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Moderator>;
    /// Ends a session or token.
    async fn revoke_credential(&self, secret_hash: &str, now: OffsetDateTime) -> StoreResult<()>;

    /// Comments in one status across sites, newest first.
    async fn moderation_list(&self, query: &ModerationQuery) -> StoreResult<Vec<CommentRecord>>;
    /// Changes a comment's status and writes the audit line, in one transaction.
    /// `InvalidTransition` when the action does not apply to the comment's status; `Changed`
    /// when `seen` names another version of the text than the comment's
    /// ([`CommentRecord::version`]).
    async fn moderate(
        &self,
        id: i64,
        action: ModerationAction,
        seen: Option<&str>,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<CommentRecord>;
    /// Whether this email hash has a published comment on the site (trusted mode).
    async fn email_is_trusted(&self, site: &str, email_hash: &str) -> StoreResult<bool>;
    /// Forgets the text of comments a moderator deleted before `before`.
    async fn purge_deleted(&self, before: OffsetDateTime) -> StoreResult<u64>;

    /// Appends to the audit log.
    async fn append_audit(&self, entry: &AuditEntry) -> StoreResult<()>;
    /// The newest lines, for these sites (`None`: all, sign-ins included).
    async fn audit_log(&self, sites: Option<&[String]>, limit: u32)
    -> StoreResult<Vec<AuditEntry>>;
}
