//! The `parlons export` format, and its reader for `parlons import parlons`.
//!
//! One JSON document per site: every comment with every stored field, ids included, so an
//! export imported into an empty site gives back the same threads, statuses, dates and
//! authors, and the authors' edit tokens keep working (only their hashes are stored).
//! ```json
//! {"format": "parlons-export", "version": 1, "site": "demo", "exported_at": "...",
//!  "comments": [{"id": 1, "page": "/", "parent": null, "author": "Ana", "website": null,
//!    "email_hash": null, "text": "Markdown as typed", "html": "<p>...</p>",
//!    "status": "published", "edit_token_hash": "...", "created_at": "2026-11-29T08:00:00Z",
//!    "edited_at": null, "deleted_at": null, "deleted_by": null, "import_key": null,
//!    "notify_email": null}]}
//! ```

use parlons_shared::CommentStatus;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Body, Imported, ReadError, Source, State};
use crate::store::transfer::CommentFullRow;

pub const FORMAT: &str = "parlons-export";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    /// Always `parlons-export`.
    pub format: String,
    pub version: u32,
    pub site: String,
    #[serde(with = "time::serde::rfc3339")]
    pub exported_at: OffsetDateTime,
    pub comments: Vec<ExportedComment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedComment {
    pub id: i64,
    pub page: String,
    pub parent: Option<i64>,
    pub author: Option<String>,
    pub website: Option<String>,
    pub email_hash: Option<String>,
    /// The Markdown as typed (or the HTML of a comment imported from another system).
    pub text: String,
    pub html: String,
    pub status: CommentStatus,
    pub edit_token_hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub edited_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_at: Option<OffsetDateTime>,
    pub deleted_by: Option<String>,
    /// Where the comment came from if it was imported (`disqus:<id>`...).
    pub import_key: Option<String>,
    /// The address of a reader who asked to hear about replies.
    #[serde(default)]
    pub notify_email: Option<String>,
}

/// The export of `site` from its stored rows.
pub fn export(
    site: &str,
    rows: Vec<CommentFullRow>,
    now: OffsetDateTime,
) -> Result<Export, String> {
    let comments = rows
        .into_iter()
        .map(|row| {
            let status = CommentStatus::parse(&row.status)
                .ok_or_else(|| format!("comment {} has status {:?}", row.comment_id, row.status))?;
            Ok(ExportedComment {
                id: row.comment_id,
                page: row.page,
                parent: row.parent_id,
                author: row.author,
                website: row.website,
                email_hash: row.email_hash,
                text: row.body_source,
                html: row.body_html,
                status,
                edit_token_hash: row.edit_token_hash,
                created_at: row.created_at,
                edited_at: row.edited_at,
                deleted_at: row.deleted_at,
                deleted_by: row.deleted_by,
                import_key: row.import_key,
                notify_email: row.notify_email,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(Export {
        format: FORMAT.into(),
        version: VERSION,
        site: site.to_owned(),
        exported_at: now,
        comments,
    })
}

/// Reads an export. Comments keep the key they were imported under, if any, so importing
/// a Disqus file after moving its comments here still adds nothing twice.
pub fn read(text: &str, file: &str) -> Result<Source, ReadError> {
    let export: Export =
        serde_json::from_str(text).map_err(|e| ReadError::at(file, e.line(), e.to_string()))?;
    if export.format != FORMAT || export.version != VERSION {
        return Err(ReadError::at(
            file,
            1,
            format!(
                "not a {FORMAT} version {VERSION} file (format {:?}, version {})",
                export.format, export.version
            ),
        ));
    }
    let key = |id: i64| format!("parlons:{}:{id}", export.site);
    let own_keys: std::collections::HashMap<i64, String> = export
        .comments
        .iter()
        .map(|c| (c.id, c.import_key.clone().unwrap_or_else(|| key(c.id))))
        .collect();
    let comments = export
        .comments
        .iter()
        .map(|comment| Imported {
            key: own_keys[&comment.id].clone(),
            parent: comment.parent.map(|parent| {
                own_keys
                    .get(&parent)
                    .cloned()
                    .unwrap_or_else(|| key(parent))
            }),
            url: comment.page.clone(),
            author: comment.author.clone(),
            email_hash: comment.email_hash.clone(),
            website: comment.website.clone(),
            body: Body::Rendered {
                source: comment.text.clone(),
                html: comment.html.clone(),
            },
            state: match comment.status {
                CommentStatus::Published => State::Published,
                CommentStatus::Pending => State::Pending,
                CommentStatus::Deleted => State::Deleted,
            },
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            edit_token_hash: Some(comment.edit_token_hash.clone()),
            notify_email: comment.notify_email.clone(),
        })
        .collect();
    Ok(Source {
        comments,
        skipped: Vec::new(),
    })
}
