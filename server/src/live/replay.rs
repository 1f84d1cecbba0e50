//! What a reader who reconnects missed: the changes of its page after the last one it got
//! (`Last-Event-ID`) up to the watermark its new subscription starts from, each comment's
//! last change only, as it is now, without counts (the stream's opening count follows them).
//! When the log no longer reaches back that far, or too much changed, one `reload` event
//! instead. A reconnection costs at most one read of the log and one per comment replayed:
//! an anonymous client cannot make it cost more by naming an old id.

use super::tail::events_of;
use super::{Live, LiveEvent};
use crate::domain::site::PageKey;
use crate::store::{Change, StoreResult};

/// Changes of one page worth replaying one by one; beyond, the reader reloads.
const MOST: i64 = 50;

/// The events of the page's changes after `after` up to `through`, in order.
pub async fn missed(
    live: &Live,
    key: &PageKey,
    after: i64,
    through: i64,
) -> StoreResult<Vec<LiveEvent>> {
    if after >= through {
        return Ok(Vec::new());
    }
    let reload = || vec![LiveEvent::reload().numbered(through)];
    if live.store.first_change().await? > after.saturating_add(1) {
        return Ok(reload());
    }
    let changes = live
        .store
        .page_changes(&key.0, &key.1, after, through, MOST + 1)
        .await?;
    if changes.len() as i64 > MOST {
        return Ok(reload());
    }
    let mut events = Vec::new();
    for change in last_per_comment(changes) {
        events.extend(events_of(live, &change, false).await?);
    }
    Ok(events)
}

/// Each comment's (and each tally's) last change, in the order of those.
fn last_per_comment(changes: Vec<Change>) -> Vec<Change> {
    let mut kept: Vec<Change> = Vec::with_capacity(changes.len());
    for change in changes.into_iter().rev() {
        if !kept
            .iter()
            .any(|later| later.comment == change.comment && later.kind == change.kind)
        {
            kept.push(change);
        }
    }
    kept.reverse();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ChangeKind;

    fn change(id: i64, comment: i64, kind: ChangeKind) -> Change {
        Change {
            id,
            site: "demo".into(),
            page: "/".into(),
            comment: Some(comment),
            kind,
        }
    }

    #[test]
    fn a_comment_changed_twice_is_replayed_once_at_its_last_change() {
        let changes = vec![
            change(1, 10, ChangeKind::Comment),
            change(2, 11, ChangeKind::Comment),
            change(3, 10, ChangeKind::Comment),
            change(4, 11, ChangeKind::Votes),
        ];

        let kept: Vec<i64> = last_per_comment(changes).iter().map(|c| c.id).collect();

        assert_eq!(kept, [2, 3, 4]);
    }
}
