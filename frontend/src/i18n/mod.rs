//! Every string a reader sees. The words live in `frontend/i18n/<lang>.json`, one file per
//! language, which `mount.js` fetches beside the wasm (so a reader downloads one language, and
//! the wasm carries none); this module declares which strings exist, reads them, and picks
//! plural forms with the browser's `Intl.PluralRules`.
//!
//! A plural string is an object of CLDR categories (`zero`, `one`, `two`, `few`, `many`,
//! `other`), plus `=0` for a sentence of its own when there are none ("No comments yet");
//! `{n}` is the number in the reader's format. A missing category falls back to `other`.
//! The tests below fail when any language lacks a string or a category its rules need.

use parlons_shared::ErrorCode;

use crate::api::Failure;

mod browser;
pub use browser::from_js;

/// A plural string: (category, text) pairs as the language file gives them.
#[derive(Debug, Default)]
pub struct Plural(Vec<(String, &'static str)>);

/// Declares [`Strings`] and the list of its keys, which the language files must match.
macro_rules! strings {
    (
        texts { $($(#[$text_doc:meta])* $text:ident,)* }
        plurals { $($(#[$plural_doc:meta])* $plural:ident,)* }
    ) => {
        /// The strings of one language.
        pub struct Strings {
            $($(#[$text_doc])* pub $text: &'static str,)*
            $($(#[$plural_doc])* $plural: Plural,)*
            /// The reader's BCP 47 tag, for the two functions below.
            locale: String,
            /// The CLDR plural category of a number in a locale.
            category: fn(&str, u64) -> String,
            /// A number as a locale writes it ("10 000" in French).
            number: fn(&str, u64) -> String,
        }

        /// The keys of the plain strings, in every language file, in this order.
        #[cfg(test)]
        pub const TEXTS: &[&str] = &[$(stringify!($text)),*];
        /// The keys of the plural strings, in every language file, after the plain ones.
        #[cfg(test)]
        pub const PLURALS: &[&str] = &[$(stringify!($plural)),*];

        impl Strings {
            /// Reads the strings through `text` and `plural` (their place in the language
            /// file, in the order above, to value); a missing one reads as empty, which the
            /// tests keep from happening.
            pub fn read(
                text: &dyn Fn(usize) -> Option<String>,
                plural: &dyn Fn(usize) -> Vec<(String, String)>,
                locale: String,
                category: fn(&str, u64) -> String,
                number: fn(&str, u64) -> String,
            ) -> Self {
                let mut at = 0;
                let mut next = || {
                    at += 1;
                    at - 1
                };
                Self {
                    $($text: read_text(text, next()),)*
                    $($plural: read_plural(plural, next()),)*
                    locale,
                    category,
                    number,
                }
            }
        }
    };
}

// Not inlined: one call per string keeps the wasm small (inlined, the sixty reads cost 2 KB).
#[inline(never)]
fn read_text(text: &dyn Fn(usize) -> Option<String>, at: usize) -> &'static str {
    leak(text(at).unwrap_or_default())
}

#[inline(never)]
fn read_plural(plural: &dyn Fn(usize) -> Vec<(String, String)>, at: usize) -> Plural {
    Plural(
        plural(at)
            .into_iter()
            .map(|(category, text)| (category, leak(text)))
            .collect(),
    )
}

/// The strings live as long as the page: read once when the widget mounts, they are leaked,
/// so views can hold `&'static str` as they did when the tables were compiled in.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

strings! {
    texts {
        /// `ltr` or `rtl`: how the language is written.
        dir,
        form_label,
        reply_label,
        name,
        website,
        email,
        /// Why the email is asked for, and that it is never shown.
        email_hint,
        /// The checkbox: email me when someone replies.
        notify,
        optional,
        text,
        /// The short formatting help under the text.
        text_hint,
        submit,
        submitting,
        /// The button that shows the text as it will look, and the preview's label.
        preview,
        reply,
        cancel,
        edit,
        save,
        delete,
        confirm_delete,
        anonymous,
        deleted,
        pending,
        edited,
        /// The mark of a comment a moderator pinned above the others.
        pinned,
        /// The marks of a comment a moderator, or one of the site's authors, wrote.
        badge_moderator,
        badge_author,
        /// The mark of a comment by a reader who signed in.
        badge_confirmed,
        /// The button that opens the reader's sign-in (or account, once signed in) panel.
        sign_in,
        account,
        /// A reader reports a comment: the control, its reasons (a button each), the thanks.
        report,
        report_spam,
        report_abuse,
        report_off_topic,
        report_other,
        reported,
        /// Instead of the form, where the thread takes no new comments.
        closed,
        loading,
        load_failed,
        retry,
        empty,
        more,
        /// Shows the replies of a very deep chain.
        continue_thread,
        thread_label,
        /// The sort menu's label and its choices.
        sort,
        sort_oldest,
        sort_newest,
        sort_top,
        /// The vote buttons' labels (for screen readers; the buttons show arrows).
        vote_up,
        vote_down,
        /// Said by screen readers when someone else's comment arrives: `{author}`.
        announce_new,
        announce_posted,
        announce_pending,
        announce_edited,
        announce_deleted,
        error_edit_window,
        error_not_yours,
        error_network,
        error_text_empty,
        error_text_too_long,
        error_author,
        error_website,
        error_email,
        error_duplicate,
        error_blocked,
        /// The site takes comments from signed-in readers only.
        error_sign_in,
        /// The site's word filters refused the comment (which word is not said).
        error_filtered,
        error_automated,
        error_parent,
        error_origin,
        error_site,
        error_too_large,
        error_vote,
        error_other,
    }
    plurals {
        /// "3 comments".
        count,
        /// The button that shows comments arrived while reading: "Show 3 new comments".
        new_comments,
        /// "You are posting too fast. Please try again in N seconds."
        error_rate_limited,
    }
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings").finish_non_exhaustive()
    }
}

impl Strings {
    /// "3 comments", "Aucun commentaire pour l’instant".
    pub fn count(&self, n: u64) -> String {
        self.plural(&self.count, n)
    }

    /// "Show 3 new comments".
    pub fn new_comments(&self, n: usize) -> String {
        self.plural(&self.new_comments, n as u64)
    }

    /// "New comment from Ada."
    pub fn announce_new(&self, author: &str) -> String {
        fill(self.announce_new, "author", author)
    }

    fn plural(&self, forms: &Plural, n: u64) -> String {
        let find = |key: &str| forms.0.iter().find(|(k, _)| k == key).map(|(_, v)| *v);
        let category = (self.category)(&self.locale, n);
        let text = (n == 0)
            .then(|| find("=0"))
            .flatten()
            .or_else(|| find(&category))
            .or_else(|| find("other"))
            .unwrap_or_default();
        fill(text, "n", &(self.number)(&self.locale, n))
    }
}

/// `text` with each `{name}` in it replaced by `value`. Splitting on a char keeps the wasm
/// from carrying `str::replace`'s substring searcher.
fn fill(text: &str, name: &str, value: &str) -> String {
    let mut pieces = text.split('{');
    let mut filled = String::from(pieces.next().unwrap_or_default());
    for piece in pieces {
        match piece
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('}'))
        {
            Some(rest) => {
                filled.push_str(value);
                filled.push_str(rest);
            }
            None => {
                filled.push('{');
                filled.push_str(piece);
            }
        }
    }
    filled
}

/// A sentence the reader can act on, for a failed request.
pub fn error_message(strings: &Strings, failure: &Failure) -> String {
    let Failure::Api {
        code,
        field,
        retry_after,
    } = failure
    else {
        return strings.error_network.to_owned();
    };
    let text = match (code, field.as_deref()) {
        (ErrorCode::RateLimited, _) => {
            return strings.plural(&strings.error_rate_limited, retry_after.unwrap_or(60));
        }
        (ErrorCode::InvalidField, Some("text")) => strings.error_text_too_long,
        (ErrorCode::InvalidField, Some("author")) => strings.error_author,
        (ErrorCode::InvalidField, Some("website")) => strings.error_website,
        (ErrorCode::InvalidField, Some("email")) => strings.error_email,
        (ErrorCode::InvalidField | ErrorCode::ParentNotFound, Some("parent")) => {
            strings.error_parent
        }
        (ErrorCode::OriginNotAllowed, _) => strings.error_origin,
        (ErrorCode::SiteNotFound, _) => strings.error_site,
        (ErrorCode::EditWindowClosed, _) => strings.error_edit_window,
        (ErrorCode::InvalidEditToken | ErrorCode::CommentNotFound, _) => strings.error_not_yours,
        (ErrorCode::PayloadTooLarge, _) => strings.error_too_large,
        (ErrorCode::DuplicateComment, _) => strings.error_duplicate,
        (ErrorCode::Blocked, _) => strings.error_blocked,
        (ErrorCode::SignInRequired | ErrorCode::SignedOut, _) => strings.error_sign_in,
        (ErrorCode::ThreadClosed, _) => strings.closed,
        (ErrorCode::Filtered, _) => strings.error_filtered,
        (ErrorCode::LooksAutomated | ErrorCode::ChallengeInvalid, _) => strings.error_automated,
        _ => strings.error_other,
    };
    text.to_owned()
}

#[cfg(test)]
mod tests;
