//! Reading the change log: from the last change this node delivered, in order, whenever a
//! change is made here, another node announces one, or a tick passes (changes made by the
//! command line, or announced while the relay was away). One task reads, so each change is
//! delivered once and in order.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parlons_shared::{CommentStatus, Tally};

use super::{Live, LiveEvent};
use crate::domain::site::PageKey;
use crate::store::{Change, ChangeKind, StoreResult};

/// How often the log is read without being woken: the command line's changes show within it.
const TICK: Duration = Duration::from_millis(500);
/// Changes read at once.
const BATCH: i64 = 500;
/// More changes of one page than this in one batch (an import): its readers reload instead.
const RELOAD_OVER: usize = 50;

/// Delivers every change after the hub's watermark (the log's end at start: what came
/// before is in the threads readers load) for as long as the server runs.
pub async fn run(live: Arc<Live>) {
    loop {
        tokio::select! {
            () = live.wake.notified() => {}
            () = tokio::time::sleep(TICK) => {}
        }
        if let Err(error) = catch_up(&live).await {
            tracing::warn!(%error, "could not read the change log; trying again");
        }
    }
}

/// Every minute, drops the changes older than `minutes` (readers who were away longer
/// reload their thread).
pub async fn forget_old(live: Arc<Live>, minutes: u32) {
    let mut ticks = tokio::time::interval(Duration::from_secs(60));
    loop {
        ticks.tick().await;
        let before = time::OffsetDateTime::now_utc().unix_timestamp() - i64::from(minutes) * 60;
        if let Err(error) = live.store.forget_changes(before).await {
            tracing::warn!(%error, "could not trim the change log");
        }
    }
}

/// Delivers every change after the watermark.
async fn catch_up(live: &Live) -> StoreResult<()> {
    loop {
        let changes = live
            .store
            .changes_after(live.hub.delivered(), BATCH)
            .await?;
        let Some(last) = changes.last().map(|change| change.id) else {
            return Ok(());
        };
        deliver(live, &changes).await?;
        live.hub.pass(last);
        if (changes.len() as i64) < BATCH {
            return Ok(());
        }
    }
}

/// Each change's events to its page's readers, in order, moving the watermark change by
/// change (a reader who subscribes meanwhile gets the rest live, and replays the others).
async fn deliver(live: &Live, changes: &[Change]) -> StoreResult<()> {
    // Per page: how many changes, and the last one.
    let mut pages: HashMap<PageKey, (usize, i64)> = HashMap::new();
    for change in changes {
        let page = pages.entry(key(change)).or_default();
        *page = (page.0 + 1, change.id);
    }
    let mut settings = false;
    // Sites whose settings changed: threads say which votes a site takes and how faces
    // show, so once the sites are read again (once for the batch), their threads go.
    let mut sites_changed: Vec<&str> = Vec::new();
    for change in changes {
        let key = key(change);
        let (many, last) = pages[&key];
        match change.kind {
            ChangeKind::Site | ChangeKind::Blocks => {
                if change.kind == ChangeKind::Site && !sites_changed.contains(&&*change.site) {
                    sites_changed.push(&change.site);
                }
                settings = true;
                live.hub.pass(change.id);
            }
            _ if live.hub.readers(&key) == 0 => {
                live.forget(&key);
                live.hub.pass(change.id);
            }
            _ if many > RELOAD_OVER && change.id != last => live.hub.pass(change.id),
            _ if many > RELOAD_OVER => {
                live.forget(&key);
                live.hub
                    .publish(change.id, &key, [LiveEvent::reload().numbered(change.id)]);
            }
            _ => {
                live.forget(&key);
                let events = events_of(live, change, true).await?;
                live.hub.publish(change.id, &key, events);
            }
        }
    }
    if !sites_changed.is_empty() {
        // The watermark is past these changes: a failed read is left to the settings'
        // reloader below, which tries until it succeeds.
        if let Err(error) = live.sites.reload().await {
            tracing::warn!(%error, "could not read the changed sites");
        }
        for site in sites_changed {
            live.caches.forget_site(site);
        }
    }
    if settings {
        live.settings.send_modify(|count| *count += 1);
    }
    Ok(())
}

fn key(change: &Change) -> PageKey {
    (change.site.clone(), change.page.clone())
}

/// What readers of the page get for `change`, numbered: the comment as it is now (or its
/// removal) and, with `count`, the page's count; or its tally.
pub(super) async fn events_of(
    live: &Live,
    change: &Change,
    count: bool,
) -> StoreResult<Vec<LiveEvent>> {
    let Some(id) = change.comment else {
        return Ok(Vec::new());
    };
    let record = match live.store.get_comment(id).await {
        Ok(record) => record,
        Err(crate::store::StoreError::NotFound) => return Ok(Vec::new()),
        Err(other) => return Err(other),
    };
    if change.kind == ChangeKind::Votes {
        let tally = Tally {
            id: record.id,
            upvotes: record.upvotes,
            downvotes: record.downvotes,
        };
        return Ok(vec![LiveEvent::tally(&tally).numbered(change.id)]);
    }
    // A comment waiting for review (an edit sent back to the moderators) leaves the open
    // pages as a deleted one does; its author's widget keeps its own copy.
    let event = match record.status {
        CommentStatus::Published => {
            let comment = match live.sites.get(&record.site).await? {
                Some(site) => record.to_shown(&live.faces, &site),
                None => record.to_api(),
            };
            LiveEvent::comment(&comment)
        }
        CommentStatus::Deleted | CommentStatus::Pending => LiveEvent::delete(record.id),
    };
    let mut events = vec![event.numbered(change.id)];
    if count {
        let count = live.store.count(&record.site, &record.page).await?;
        events.push(LiveEvent::count(count).numbered(change.id));
    }
    Ok(events)
}
