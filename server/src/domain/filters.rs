//! Word filters: a site's list of words and phrases that hold a comment for a moderator or
//! refuse it, checked on the text, the name and the website.
//!
//! Matching is by whole words, ignoring case, accents and look-alike forms: both the list and
//! the input are folded ([`fold`]: compatibility decomposition, combining marks dropped,
//! lowercase, every run of other characters one space), so `cafe` catches `Café` and
//! `ＣＡＦＥ`, and `ass` does not catch `class`. Scripts written without spaces (Chinese,
//! Japanese, Thai) are matched character by character: each of their characters is a word. Each action's whole list is one
//! Aho-Corasick automaton: a check is one pass over the folded input, whatever the list holds
//! (no list entry is a pattern language: nobody can make it slow).

use aho_corasick::AhoCorasick;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use super::InvalidField;

/// Most filter entries a site holds.
pub const MAX_FILTERS: usize = 10_000;
/// Most characters in one entry.
pub const MAX_PHRASE_CHARS: usize = 100;

/// What a matching comment gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FilterAction {
    /// Waits for a moderator, whatever the site's mode.
    Hold,
    /// Refused (`422 filtered`), with a message that does not tell which entry matched.
    Refuse,
}

impl FilterAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hold => "hold",
            Self::Refuse => "refuse",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "hold" => Some(Self::Hold),
            "refuse" => Some(Self::Refuse),
            _ => None,
        }
    }
}

/// `text` as filters compare it: ` word word `, each word folded, with a space at each end.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len() + 2);
    folded.push(' ');
    for c in text.chars() {
        if c.is_ascii() {
            push_folded(&mut folded, c.to_ascii_lowercase());
        } else if is_ideograph(c) {
            // No case, no decomposition: as it is.
            push_folded(&mut folded, c);
        } else {
            // The compatibility decomposition of one character at a time (no buffer):
            // combining marks are dropped, so their canonical order does not matter.
            decompose_compatible(c, |part| {
                if !is_combining_mark(part) {
                    for lower in part.to_lowercase() {
                        push_folded(&mut folded, lower);
                    }
                }
            });
        }
    }
    if !folded.ends_with(' ') {
        folded.push(' ');
    }
    folded
}

/// Adds one folded character: a letter or a digit as it is, anything else as the one space
/// between words. Characters of scripts written without spaces are each a word, so no space
/// is needed between two of them; one goes between them and other letters.
fn push_folded(folded: &mut String, c: char) {
    if !c.is_alphanumeric() {
        if !folded.ends_with(' ') {
            folded.push(' ');
        }
        return;
    }
    if let Some(last) = folded.chars().next_back()
        && last != ' '
        && stands_alone(last) != stands_alone(c)
    {
        folded.push(' ');
    }
    folded.push(c);
}

/// A CJK unified ideograph: no case, no decomposition.
fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// A character of a script written without spaces between words: each is a word of its own.
fn stands_alone(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0E7F}' // Thai
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}' // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}') // CJK Compatibility Ideographs
}

/// An entry as a moderator typed it, checked, and folded. Its ends are word boundaries: a
/// space, or a character that stands alone (which is a word by itself wherever it is).
pub fn parse_phrase(phrase: &str) -> Result<String, InvalidField> {
    let count = phrase.chars().count();
    let mut folded = fold(phrase);
    if count > MAX_PHRASE_CHARS {
        return Err(InvalidField::new(
            "phrase",
            format!("A filter entry is at most {MAX_PHRASE_CHARS} characters."),
        ));
    }
    if folded.trim().is_empty() {
        return Err(InvalidField::new(
            "phrase",
            "A filter entry needs a letter or a digit.",
        ));
    }
    if folded.chars().nth_back(1).is_some_and(stands_alone) {
        folded.pop();
    }
    if folded.chars().nth(1).is_some_and(stands_alone) {
        folded.remove(0);
    }
    Ok(folded)
}

/// One site's filters, ready to check.
#[derive(Debug, Default)]
pub struct Filters {
    hold: Option<AhoCorasick>,
    refuse: Option<AhoCorasick>,
}

impl Filters {
    /// From the site's folded entries (see [`parse_phrase`]) and their actions.
    pub fn new<'a>(entries: impl IntoIterator<Item = (&'a str, FilterAction)>) -> Self {
        let (mut hold, mut refuse) = (Vec::new(), Vec::new());
        for (folded, action) in entries {
            match action {
                FilterAction::Hold => hold.push(folded),
                FilterAction::Refuse => refuse.push(folded),
            }
        }
        let automaton = |list: Vec<&str>| {
            if list.is_empty() {
                return None;
            }
            AhoCorasick::new(list)
                .inspect_err(|error| tracing::error!(%error, "a filter list did not build"))
                .ok()
        };
        Self {
            hold: automaton(hold),
            refuse: automaton(refuse),
        }
    }

    /// The strongest action an entry matching any of `fields` asks for.
    pub fn check(&self, fields: &[&str]) -> Option<FilterAction> {
        if self.hold.is_none() && self.refuse.is_none() {
            return None;
        }
        let folded: Vec<String> = fields.iter().map(|field| fold(field)).collect();
        let matches = |automaton: &Option<AhoCorasick>| {
            automaton
                .as_ref()
                .is_some_and(|automaton| folded.iter().any(|field| automaton.is_match(field)))
        };
        if matches(&self.refuse) {
            Some(FilterAction::Refuse)
        } else if matches(&self.hold) {
            Some(FilterAction::Hold)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests;
