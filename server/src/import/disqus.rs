//! Disqus XML exports: `<thread dsq:id>` elements with the page's `<link>`, and `<post>`
//! elements whose `<message>` is HTML, pointing at their thread and parent by `dsq:id`.

use std::collections::HashMap;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::xml::{self, Element};
use super::{Body, Imported, ReadError, Skipped, Source, State};
use crate::domain::token::hash_email;

const ID: &str = "dsq:id";

pub fn read(text: &str, file: &str) -> Result<Source, ReadError> {
    let root = xml::parse(text, file)?;
    let error = |line: usize, message: String| ReadError::at(file, line, message);
    if root.name != "disqus" {
        return Err(error(
            root.line,
            format!("a Disqus export starts with <disqus>, not <{}>", root.name),
        ));
    }
    let links: HashMap<&str, &str> = root
        .children_named("thread")
        .filter_map(|thread| Some((thread.attribute(ID)?, thread.text_of("link")?)))
        .collect();
    let mut source = Source::default();
    for post in root.children_named("post") {
        let id = post
            .attribute(ID)
            .ok_or_else(|| error(post.line, "a <post> without its dsq:id".into()))?;
        let key = format!("disqus:{id}");
        let thread = post.child("thread").and_then(|thread| thread.attribute(ID));
        let Some(url) = thread.and_then(|thread| links.get(thread)) else {
            source
                .skipped
                .push(Skipped::new(key, "its thread is not in the file"));
            continue;
        };
        let created_at = date(post).map_err(|message| error(post.line, message))?;
        source.comments.push(comment(post, key, url, created_at));
    }
    Ok(source)
}

fn comment(post: &Element, key: String, url: &str, created_at: OffsetDateTime) -> Imported {
    let flag = |name: &str| post.text_of(name) == Some("true");
    let author = post.child("author");
    let field = |name: &str| author.and_then(|author| author.text_of(name));
    Imported {
        key,
        parent: post
            .child("parent")
            .and_then(|parent| parent.attribute(ID))
            .map(|id| format!("disqus:{id}")),
        url: url.to_owned(),
        author: field("name").or(field("username")).map(str::to_owned),
        email_hash: field("email").map(hash_email),
        website: None,
        body: Body::Html(
            post.child("message")
                .map(|m| m.text.clone())
                .unwrap_or_default(),
        ),
        state: if flag("isSpam") {
            State::Spam
        } else if flag("isDeleted") {
            State::Deleted
        } else {
            State::Published
        },
        created_at,
        edited_at: None,
        edit_token_hash: None,
        notify_email: None,
    }
}

fn date(post: &Element) -> Result<OffsetDateTime, String> {
    let text = post
        .text_of("createdAt")
        .ok_or("a <post> without its <createdAt>")?;
    OffsetDateTime::parse(text, &Rfc3339)
        .map_err(|_| format!("<createdAt> {text:?} is not an RFC 3339 date"))
}
