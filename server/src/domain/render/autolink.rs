//! Bare web addresses in a comment's text become links, as readers of every peer expect:
//! `https://…`, `http://…` and `www.…` (linked with `https://`), found by linkify, which
//! knows where an address ends (a trailing dot or comma, a closing parenthesis) in linear
//! time. Text inside a link or a code block stays as it is; other schemes and bare domains
//! (`example.org`, which would catch file names) stay text. The links it makes go through the
//! same sanitizer and `rel` as any other.

use std::collections::VecDeque;
use std::iter::Peekable;
use std::sync::LazyLock;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

static FINDER: LazyLock<LinkFinder> = LazyLock::new(|| {
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    finder
});

/// Turns the addresses in text events into link events.
pub(super) struct Autolinks<'a, I: Iterator<Item = Event<'a>>> {
    events: Peekable<I>,
    /// Links and code blocks open around the current event.
    inside: usize,
    ready: VecDeque<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Autolinks<'a, I> {
    pub(super) fn new(events: I) -> Self {
        Self {
            events: events.peekable(),
            inside: 0,
            ready: VecDeque::new(),
        }
    }

    /// The text of this event and of the text events right after it: pulldown-cmark may cut
    /// one run of text (at `_`, `*` or an escape), and an address must be seen whole.
    fn whole_text(&mut self, first: CowStr<'a>) -> CowStr<'a> {
        let mut joined: Option<String> = None;
        while let Some(Event::Text(_)) = self.events.peek() {
            if let Some(Event::Text(more)) = self.events.next() {
                joined
                    .get_or_insert_with(|| first.to_string())
                    .push_str(&more);
            }
        }
        joined.map_or(first, CowStr::from)
    }

    fn link(&mut self, text: &str) {
        for span in FINDER.spans(text) {
            let words = CowStr::from(span.as_str().to_owned());
            match web_address(span.as_str()).filter(|_| span.kind().is_some()) {
                Some(href) => self.ready.extend([
                    Event::Start(Tag::Link {
                        link_type: LinkType::Autolink,
                        dest_url: href.into(),
                        title: CowStr::Borrowed(""),
                        id: CowStr::Borrowed(""),
                    }),
                    Event::Text(words),
                    Event::End(TagEnd::Link),
                ]),
                None => self.ready.push_back(Event::Text(words)),
            }
        }
    }
}

/// Where `found` leads, when it is a web address: itself, or `https://` and itself for `www.`.
fn web_address(found: &str) -> Option<String> {
    let lower = found.get(..8).unwrap_or(found).to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        Some(found.to_owned())
    } else if lower.starts_with("www.") {
        Some(format!("https://{found}"))
    } else {
        None
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Autolinks<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            match self.events.next()? {
                event @ Event::Start(Tag::Link { .. } | Tag::CodeBlock(_)) => {
                    self.inside += 1;
                    return Some(event);
                }
                event @ Event::End(TagEnd::Link | TagEnd::CodeBlock) => {
                    self.inside = self.inside.saturating_sub(1);
                    return Some(event);
                }
                Event::Text(text) if self.inside == 0 => {
                    let text = self.whole_text(text);
                    self.link(&text);
                }
                event => return Some(event),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MAX_ELEMENTS, live_construct, render};

    fn html(markdown: &str) -> String {
        render(markdown).into_string()
    }

    #[test]
    fn a_bare_address_becomes_a_link_with_the_same_rel_as_others() {
        assert_eq!(
            html("voir https://example.org/page?a=1&b=2."),
            "<p>voir <a href=\"https://example.org/page?a=1&amp;b=2\" rel=\"nofollow ugc noopener\">https://example.org/page?a=1&amp;b=2</a>.</p>\n"
        );
    }

    #[test]
    fn a_www_address_is_linked_over_https() {
        assert_eq!(
            html("(www.exemple.fr)"),
            "<p>(<a href=\"https://www.exemple.fr\" rel=\"nofollow ugc noopener\">www.exemple.fr</a>)</p>\n"
        );
    }

    #[test]
    fn an_address_cut_by_markdown_delimiters_is_linked_whole() {
        let rendered = html("https://fr.wikipedia.org/wiki/Le_Monde_(journal)");

        assert!(
            rendered.contains(
                "href=\"https://fr.wikipedia.org/wiki/Le_Monde_(journal)\" rel=\"nofollow ugc noopener\">https://fr.wikipedia.org/wiki/Le_Monde_(journal)</a>"
            ),
            "{rendered}"
        );
    }

    #[test]
    fn text_in_links_and_code_and_other_schemes_stay_as_they_are() {
        assert_eq!(
            html(
                "[https://a.example](https://b.example) `https://c.example` ftp://d.example example.org"
            ),
            "<p><a href=\"https://b.example\" rel=\"nofollow ugc noopener\">https://a.example</a> <code>https://c.example</code> ftp://d.example example.org</p>\n"
        );
        assert_eq!(
            html("```\nhttps://e.example\n```"),
            "<pre><code>https://e.example\n</code></pre>\n"
        );
    }

    #[test]
    fn a_hostile_address_is_text_or_a_safe_link() {
        for text in [
            "javascript:alert(1)//https://x.example",
            "https://x.example/\"onmouseover=\"alert(1)",
            "https://x.example/<script>alert(1)</script>",
            "www.x.example/'><img src=x onerror=alert(1)>",
        ] {
            let rendered = html(text);

            assert_eq!(live_construct(&rendered), None, "{text} gave {rendered}");
        }
    }

    #[test]
    fn linked_addresses_count_against_the_elements_budget() {
        let many = "https://x.example ".repeat(MAX_ELEMENTS + 10);

        let rendered = html(&many);

        assert_eq!(rendered.matches("<a ").count(), MAX_ELEMENTS);
    }
}
