//! Escapes, out of the sanitizer's way. html5ever, which ammonia parses with, spends about a
//! microsecond on each character reference (`&lt;`, `&amp;`...) and a few nanoseconds on a
//! plain character, so 10,000 `&` typed in a comment took 10 ms to sanitize. The characters
//! that need escaping are therefore handed over as stand-ins, read as plain text, and written
//! back as the escapes the sanitizer would have written:
//! - in text and code, `<`, `>` and `&` become noncharacters of Unicode (never in text people
//!   exchange; a reader's own are replaced first), put back as `&lt;`, `&gt;`, `&amp;`;
//! - in a link's title, the same with `"` and `'`, put back as an attribute is written;
//! - a link's address is left alone (its parsing decides whether the link stays), and its
//!   few escapes are written the cheapest way that parses the same: `&` bare where no
//!   reference can follow, `'` bare inside the quotes.
//!
//! The output is, character for character, what sanitizing the plain rendering gives (a test
//! compares both on thousands of generated texts).

use std::borrow::Cow;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};

/// For each character: its stand-in in text and what the sanitizer writes for it there.
const IN_TEXT: [(char, char, &str); 3] = [
    ('<', '\u{FDD0}', "&lt;"),
    ('>', '\u{FDD1}', "&gt;"),
    ('&', '\u{FDD2}', "&amp;"),
];

/// The same in a quoted attribute, where the sanitizer also writes `"` as `&quot;` and leaves
/// `'` bare.
const IN_ATTRIBUTE: [(char, char, &str); 5] = [
    IN_TEXT[0],
    IN_TEXT[1],
    IN_TEXT[2],
    ('"', '\u{FDD3}', "&quot;"),
    ('\'', '\u{FDD4}', "'"),
];

fn is_stand_in(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDD4}').contains(&c)
}

/// The reader's text with any stand-in of ours replaced by U+FFFD, so that every stand-in in
/// the rendering is one [`hide`] put there.
pub(super) fn without_stand_ins(markdown: &str) -> Cow<'_, str> {
    if markdown.chars().any(is_stand_in) {
        Cow::Owned(markdown.replace(is_stand_in, "\u{FFFD}"))
    } else {
        Cow::Borrowed(markdown)
    }
}

/// The event with the characters its HTML would escape replaced by stand-ins. A fenced code
/// block loses its info string, which would only become a `class` the sanitizer drops.
pub(super) fn hide(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented))
        }
        Event::Text(text) => Event::Text(swap(text, &IN_TEXT)),
        Event::Code(code) => Event::Code(swap(code, &IN_TEXT)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url,
            title: swap(title, &IN_ATTRIBUTE),
            id,
        }),
        other => other,
    }
}

fn swap<'a>(text: CowStr<'a>, table: &[(char, char, &str)]) -> CowStr<'a> {
    let stand_in = |c: char| {
        table
            .iter()
            .find(|(from, ..)| *from == c)
            .map(|(_, to, _)| *to)
    };
    if !text.chars().any(|c| stand_in(c).is_some()) {
        return text;
    }
    text.chars()
        .map(|c| stand_in(c).unwrap_or(c))
        .collect::<String>()
        .into()
}

/// The rendering's remaining escapes (in link addresses) written the cheapest way that parses
/// the same: `&` bare when what follows cannot make it a reference (not a letter, digit or
/// `#`), else `&#38;`; `'` bare, since every attribute is in double quotes.
pub(super) fn quicker_to_parse(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("&amp;") {
            let can_start_reference = after
                .chars()
                .next()
                .is_some_and(|next| next.is_ascii_alphanumeric() || next == '#');
            out.push_str(if can_start_reference { "&#38;" } else { "&" });
            rest = after;
        } else if let Some(after) = rest.strip_prefix("&#x27;") {
            out.push('\'');
            rest = after;
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The sanitized HTML with each stand-in written as the sanitizer would have written the
/// character it stands for.
pub(super) fn restore(html: String) -> String {
    if !html.chars().any(is_stand_in) {
        return html;
    }
    let mut out = String::with_capacity(html.len() + html.len() / 2);
    for c in html.chars() {
        match IN_ATTRIBUTE.iter().find(|(_, stand_in, _)| *stand_in == c) {
            Some((.., written)) => out.push_str(written),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
