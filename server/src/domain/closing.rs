//! When a thread takes no new comments or replies: a moderator's word first (closed, or
//! opened again), else the site's rule of closing threads some days after their first
//! comment. Reading and votes go on either way.

use time::{Duration, OffsetDateTime};

use super::site::Site;

/// What decides whether a thread takes new comments, as the store keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PageState {
    /// A moderator closed the thread (`Some(true)`) or opened it again (`Some(false)`, which
    /// overrides the site's closing by age); `None`: the site's rule decides.
    pub closed: Option<bool>,
    /// When the thread's first comment was posted (whatever became of it).
    pub first_comment_at: Option<OffsetDateTime>,
}

impl PageState {
    /// Whether the thread takes no new comments at `now`.
    pub fn is_closed(&self, site: &Site, now: OffsetDateTime) -> bool {
        if let Some(closed) = self.closed {
            return closed;
        }
        match (site.close_after_days, self.first_comment_at) {
            (Some(days), Some(first)) => now - first >= Duration::days(i64::from(days)),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: OffsetDateTime = time::macros::datetime!(2026-12-02 22:00 UTC);

    fn site(close_after_days: Option<u32>) -> Site {
        Site {
            id: "demo".into(),
            close_after_days,
            ..Site::default()
        }
    }

    /// A thread whose first comment is `days_ago` days before [`NOW`].
    fn state(closed: Option<bool>, days_ago: Option<i64>) -> PageState {
        PageState {
            closed,
            first_comment_at: days_ago.map(|days| NOW - Duration::days(days)),
        }
    }

    #[test]
    fn a_thread_is_open_unless_someone_closes_it() {
        let now = NOW;
        assert!(!state(None, Some(4000)).is_closed(&site(None), now));
        assert!(!state(None, None).is_closed(&site(Some(1)), now));
    }

    #[test]
    fn the_site_closes_threads_once_their_first_comment_is_old_enough() {
        let now = NOW;
        assert!(!state(None, Some(29)).is_closed(&site(Some(30)), now));
        assert!(state(None, Some(30)).is_closed(&site(Some(30)), now));
    }

    #[test]
    fn a_moderators_word_wins_over_the_sites_rule() {
        let now = NOW;
        assert!(!state(Some(false), Some(400)).is_closed(&site(Some(30)), now));
        assert!(state(Some(true), Some(1)).is_closed(&site(Some(30)), now));
        assert!(state(Some(true), None).is_closed(&site(None), now));
    }
}
