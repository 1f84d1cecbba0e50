//! Input limits. The server refuses what breaks them (422 with the field); the widget checks
//! the same numbers before sending, so a reader learns of a problem without a round trip.

/// Largest request body the API reads, in bytes (64 KiB).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Longest comment text, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Longest author name, in characters.
pub const MAX_AUTHOR_CHARS: usize = 100;
/// Longest website URL, in characters.
pub const MAX_WEBSITE_CHARS: usize = 500;
/// Longest email address, in characters.
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest page key, in characters.
pub const MAX_PAGE_CHARS: usize = 1_000;
/// Longest site id, in characters.
pub const MAX_SITE_CHARS: usize = 64;
/// Most pages one counts request may ask for.
pub const MAX_COUNT_PAGES: usize = 200;
/// Default and largest number of comments in one thread answer.
pub const DEFAULT_THREAD_LIMIT: u32 = 500;
pub const MAX_THREAD_LIMIT: u32 = 1_000;
/// Conversations in one page of `newest` and `top`, as the widget asks for them (the server
/// caches the first page of these views and of `oldest` at the default limit, no other).
pub const CONVERSATIONS_PER_PAGE: u32 = 50;
/// Most conversations one page of `newest` or `top` may ask for.
pub const MAX_CONVERSATIONS_PER_PAGE: u32 = 100;
/// Replies shown with each conversation of `newest` and `top`; the rest come on asking
/// (`replies_to`), so one page's answer is bounded whatever a conversation holds.
pub const REPLIES_PER_CONVERSATION: u32 = 10;

/// Number of characters, as a reader counts them (Unicode scalar values).
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Most pinned comments on one page: three fill a phone's first screen above the thread; a
/// fourth would push the conversation itself out of sight.
pub const MAX_PINS_PER_PAGE: usize = 3;
