//! Flattening: Markdown containers past a depth or a count lose their tags and keep their
//! text, so no text costs more to render and sanitize than its length allows.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Deepest nesting of Markdown containers (quotes, lists, items, emphasis, links, ...) kept in
/// the HTML. Deeper ones are flattened: their text stays, their tags go. Nesting is what makes
/// rendering and sanitizing cost more than the text's length (a 10,000-deep quote took 408 ms);
/// no comment needs more than a few levels.
pub const MAX_NESTING: usize = 16;

/// Most containers kept in one comment; past them, the rest are flattened too. Each element
/// costs the sanitizer about a microsecond and a half: 5,000 of them (`*a` repeated) took
/// 7 ms, where no comment a person writes has a thousand.
pub const MAX_ELEMENTS: usize = 1_000;

/// Drops the tags of containers nested deeper than [`MAX_NESTING`], or past the first
/// [`MAX_ELEMENTS`], keeping what they hold.
/// Paragraphs are kept wherever they are (they hold the text) and do not count as a level.
pub(super) struct Flatten<'a, I> {
    events: I,
    /// For each open container: whether its start was kept (its end is kept alike).
    open: Vec<bool>,
    depth: usize,
    /// Containers kept so far.
    kept: usize,
    marker: std::marker::PhantomData<&'a ()>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Flatten<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.events.next()?;
            match &event {
                Event::Start(Tag::Paragraph) => {
                    self.open.push(true);
                    return Some(event);
                }
                Event::Start(_) => {
                    let kept = self.depth < MAX_NESTING && self.kept < MAX_ELEMENTS;
                    self.depth += 1;
                    self.kept += usize::from(kept);
                    self.open.push(kept);
                    if kept {
                        return Some(event);
                    }
                }
                Event::End(TagEnd::Paragraph) => {
                    self.open.pop();
                    return Some(event);
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.open.pop().unwrap_or(true) {
                        return Some(event);
                    }
                }
                // A code span is an element too: past the budget it is its text.
                Event::Code(_) if self.kept >= MAX_ELEMENTS => {
                    let Event::Code(text) = event else {
                        return Some(event);
                    };
                    return Some(Event::Text(text));
                }
                Event::Code(_) => {
                    self.kept += 1;
                    return Some(event);
                }
                _ => return Some(event),
            }
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Flatten<'a, I> {
    pub(super) fn new(events: I) -> Self {
        Self {
            events,
            open: Vec::new(),
            depth: 0,
            kept: 0,
            marker: std::marker::PhantomData,
        }
    }
}
