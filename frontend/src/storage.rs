//! What the widget remembers in the reader's browser: the name and website given last time,
//! and unsent drafts. localStorage may be missing or full (private modes): then nothing is
//! remembered and nothing fails.

const PREFIX: &str = "parlons:";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn get(key: &str) -> Option<String> {
    local_storage()?
        .get_item(&format!("{PREFIX}{key}"))
        .ok()
        .flatten()
}

/// Stores `value`, or forgets the key when `value` is empty.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let key = format!("{PREFIX}{key}");
        let _ = if value.is_empty() {
            storage.remove_item(&key)
        } else {
            storage.set_item(&key, value)
        };
    }
}

/// The key of the draft of a new comment (`parent` = `None`) or of a reply.
pub fn draft_key(site: &str, page: &str, parent: Option<i64>) -> String {
    match parent {
        Some(parent) => format!("draft:{site}:{page}:{parent}"),
        None => format!("draft:{site}:{page}"),
    }
}

/// The key under which the edit token of one's own comment is kept.
pub fn token_key(id: i64) -> String {
    format!("token:{id}")
}
