//! Isso's SQLite database, opened read-only: `threads` (the page's path in `uri`) and
//! `comments` (Markdown `text`, `mode` 1 published, 2 waiting for moderation, 4 deleted,
//! `created` in seconds since 1970).

use std::path::Path;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Row};
use time::OffsetDateTime;

use super::{Body, Imported, ReadError, Skipped, Source, State};
use crate::domain::token::hash_email;

const COMMENTS: &str = "select c.id, c.parent, c.created, c.modified, c.mode, c.text, \
    c.author, c.email, c.website, t.uri \
    from comments c join threads t on t.id = c.tid order by c.id";

pub async fn read(path: &Path) -> Result<Source, ReadError> {
    let file = path.display().to_string();
    let error = |message: String| ReadError {
        file: file.clone(),
        line: None,
        message,
    };
    let mut connection = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| error(format!("not a SQLite database: {e}")))?;
    let rows = sqlx::query(COMMENTS)
        .fetch_all(&mut connection)
        .await
        .map_err(|e| error(format!("not an Isso database: {e}")))?;
    let mut source = Source::default();
    for row in rows {
        let read = |e: sqlx::Error| error(format!("a comment row cannot be read: {e}"));
        let id: i64 = row.try_get("id").map_err(read)?;
        let key = format!("isso:{id}");
        let mode: i64 = row.try_get("mode").map_err(read)?;
        let state = match mode {
            1 => State::Published,
            2 => State::Pending,
            4 => State::Deleted,
            other => {
                source
                    .skipped
                    .push(Skipped::new(key, format!("unknown Isso mode {other}")));
                continue;
            }
        };
        let created: f64 = row.try_get("created").map_err(read)?;
        let modified: Option<f64> = row.try_get("modified").map_err(read)?;
        let Some(created_at) = instant(created) else {
            source.skipped.push(Skipped::new(
                key,
                format!("its date {created} is out of range"),
            ));
            continue;
        };
        let email: Option<String> = row.try_get("email").map_err(read)?;
        source.comments.push(Imported {
            key,
            parent: row
                .try_get::<Option<i64>, _>("parent")
                .map_err(read)?
                .map(|parent| format!("isso:{parent}")),
            url: row.try_get("uri").map_err(read)?,
            author: row.try_get("author").map_err(read)?,
            email_hash: email
                .as_deref()
                .filter(|e| !e.trim().is_empty())
                .map(hash_email),
            website: row.try_get("website").map_err(read)?,
            body: Body::Markdown(row.try_get("text").map_err(read)?),
            state,
            created_at,
            edited_at: modified.and_then(instant),
            edit_token_hash: None,
            notify_email: None,
        });
    }
    Ok(source)
}

fn instant(seconds: f64) -> Option<OffsetDateTime> {
    if !seconds.is_finite() {
        return None;
    }
    OffsetDateTime::from_unix_timestamp_nanos((seconds * 1e9) as i128).ok()
}
