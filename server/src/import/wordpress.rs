//! WordPress exports (WXR): RSS `<item>`s, each a post with its `<link>` and its
//! `<wp:comment>`s. Comment text is WordPress' own: HTML where the author typed some, blank
//! lines between paragraphs (WordPress adds the `<p>`s when it shows them; so do we).
//! Comment ids are keyed by their post (`wordpress:<post id>/<comment id>`): exports merged
//! from several blogs, or from a multisite, repeat ids across posts.

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

use super::xml::{self, Element};
use super::{Body, Imported, ReadError, Skipped, Source, State};
use crate::domain::token::hash_email;

const DATE: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");

pub fn read(text: &str, file: &str) -> Result<Source, ReadError> {
    let root = xml::parse(text, file)?;
    let error = |line: usize, message: String| ReadError::at(file, line, message);
    let channel = root
        .child("channel")
        .filter(|_| root.name == "rss")
        .ok_or_else(|| {
            error(
                root.line,
                "a WordPress export is an <rss> with a <channel>".into(),
            )
        })?;
    let mut source = Source::default();
    for item in channel.children_named("item") {
        let Some(link) = item.text_of("link") else {
            continue;
        };
        let post = item.text_of("wp:post_id").unwrap_or(link);
        for comment in item.children_named("wp:comment") {
            let id = comment.text_of("wp:comment_id").ok_or_else(|| {
                error(
                    comment.line,
                    "a <wp:comment> without its <wp:comment_id>".into(),
                )
            })?;
            let key = format!("wordpress:{post}/{id}");
            let kind = comment.text_of("wp:comment_type").unwrap_or("comment");
            if !matches!(kind, "comment" | "review") {
                source
                    .skipped
                    .push(Skipped::new(key, format!("a {kind}, not a comment")));
                continue;
            }
            let created_at = date(comment).map_err(|message| error(comment.line, message))?;
            source
                .comments
                .push(imported(comment, key, post, link, created_at));
        }
    }
    Ok(source)
}

fn imported(
    comment: &Element,
    key: String,
    post: &str,
    link: &str,
    created_at: OffsetDateTime,
) -> Imported {
    let field = |name: &str| comment.text_of(name).map(str::to_owned);
    Imported {
        key,
        parent: comment
            .text_of("wp:comment_parent")
            .filter(|parent| *parent != "0")
            .map(|parent| format!("wordpress:{post}/{parent}")),
        url: link.to_owned(),
        author: field("wp:comment_author"),
        email_hash: comment.text_of("wp:comment_author_email").map(hash_email),
        website: field("wp:comment_author_url"),
        body: Body::Html(paragraphs(
            comment
                .child("wp:comment_content")
                .map_or("", |c| c.text.as_str()),
        )),
        state: match comment.text_of("wp:comment_approved") {
            Some("1" | "approve") => State::Published,
            Some("spam") => State::Spam,
            Some("trash" | "post-trashed") => State::Deleted,
            _ => State::Pending,
        },
        created_at,
        edited_at: None,
        edit_token_hash: None,
        notify_email: None,
    }
}

/// The UTC date; WordPress writes `0000-00-00 00:00:00` in `_gmt` for some comments, and
/// then the local date is the best there is.
fn date(comment: &Element) -> Result<OffsetDateTime, String> {
    let text = comment
        .text_of("wp:comment_date_gmt")
        .filter(|gmt| !gmt.starts_with("0000"))
        .or(comment.text_of("wp:comment_date"))
        .ok_or("a <wp:comment> without its date")?;
    PrimitiveDateTime::parse(text, DATE)
        .map(PrimitiveDateTime::assume_utc)
        .map_err(|_| format!("the date {text:?} is not YYYY-MM-DD HH:MM:SS"))
}

/// WordPress' paragraphs: blank lines separate them, a single line break stays one. Text
/// that already has paragraphs is left as it is.
pub fn paragraphs(text: &str) -> String {
    let text = text.trim().replace("\r\n", "\n");
    if text.contains("<p") || text.contains("<div") {
        return text;
    }
    text.split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| format!("<p>{}</p>", paragraph.replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn blank_lines_make_paragraphs_and_single_breaks_stay() {
        assert_eq!(
            paragraphs("Bonjour\nà tous\r\n\r\nSecond <b>para</b>"),
            "<p>Bonjour<br>\nà tous</p>\n<p>Second <b>para</b></p>"
        );
        assert_eq!(paragraphs("<p>already</p>"), "<p>already</p>");
    }
}
