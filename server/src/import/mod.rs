//! Comments from other systems, made into Parlons comments.
//!
//! Each format's reader (`disqus`, `wordpress`, `isso`, `parlons`) turns a file into
//! [`Source`]: comments as that system kept them, keyed `<format>:<id>`. [`plan`] then does
//! what is common: page keys from URLs, bodies through the same sanitizer as comments
//! written here, spam and empty comments left out (with the reason), deleted comments kept
//! only as placeholders for their replies, parents before replies. The store writes the plan
//! in one transaction, skipping keys an earlier import wrote (so importing twice adds nothing).

pub mod disqus;
pub mod isso;
mod page_key;
pub mod parlons;
mod plan;
mod record;
pub mod wordpress;
mod xml;

pub use page_key::page_key;
pub use plan::{Plan, Report, plan};

use time::OffsetDateTime;

/// The formats `parlons import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Disqus XML export.
    Disqus,
    /// A WordPress export (WXR).
    Wordpress,
    /// An Isso SQLite database.
    Isso,
    /// A `parlons export` file.
    Parlons,
}

/// What a reader found in a file.
#[derive(Debug, Default)]
pub struct Source {
    pub comments: Vec<Imported>,
    /// Items that are not comments to import (pingbacks...), with the reason.
    pub skipped: Vec<Skipped>,
}

/// One comment as the other system kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// `disqus:<id>`, `wordpress:<post id>/<id>`, `isso:<id>`, `parlons:<site>:<id>`.
    pub key: String,
    pub parent: Option<String>,
    /// The thread's URL, or its path (Isso keeps paths).
    pub url: String,
    pub author: Option<String>,
    pub email_hash: Option<String>,
    pub website: Option<String>,
    pub body: Body,
    pub state: State,
    pub created_at: OffsetDateTime,
    pub edited_at: Option<OffsetDateTime>,
    /// Kept from a Parlons export, so its authors' edit tokens keep working.
    pub edit_token_hash: Option<String>,
    /// Kept from a Parlons export: the reader asked to hear about replies.
    pub notify_email: Option<String>,
}

/// A comment's text and the language it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Markdown(String),
    Html(String),
    /// From a Parlons export: the source as typed, and the HTML rendered from it.
    Rendered {
        source: String,
        html: String,
    },
}

impl Body {
    fn is_blank(&self) -> bool {
        match self {
            Self::Markdown(text) | Self::Html(text) => text.trim().is_empty(),
            Self::Rendered { source, .. } => source.trim().is_empty(),
        }
    }
}

/// Where a comment stood in the other system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Published,
    Pending,
    Deleted,
    Spam,
}

/// An item left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub key: String,
    pub reason: String,
}

impl Skipped {
    pub fn new(key: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            reason: reason.into(),
        }
    }
}

/// A file that cannot be read as its format, with where.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}{}", .file, .line.map(|line| format!("line {line}: ")).unwrap_or_default(), .message)]
pub struct ReadError {
    pub file: String,
    /// The line, in text formats.
    pub line: Option<usize>,
    pub message: String,
}

impl ReadError {
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }
}

/// The line `offset` (in bytes) falls on, counted from 1.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}
