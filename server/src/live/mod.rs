//! Live events: every change to a page is broadcast to the readers who have it open, on
//! this node by the [`Hub`] and, on PostgreSQL, on every other node through the [`relay`].
//!
//! One broadcast channel per open page; events are serialized once, not once per reader.

pub mod relay;

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use parlons_shared::{Comment, CommentStatus, CountEvent, DeleteEvent, Tally};
use tokio::sync::{broadcast, watch};
use tokio_stream::Stream;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use crate::cache::Caches;
use crate::domain::site::PageKey;
use crate::store::{CommentRecord, Store};

/// How many events a slow reader may fall behind before it skips ahead.
const BACKLOG: usize = 256;

/// One server-sent event, ready to write: its name and its JSON data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub name: &'static str,
    pub data: Arc<str>,
}

impl LiveEvent {
    pub fn comment(comment: &Comment) -> Self {
        Self::new("comment", comment)
    }

    pub fn delete(id: i64) -> Self {
        Self::new("delete", &DeleteEvent { id })
    }

    pub fn count(count: u64) -> Self {
        Self::new("count", &CountEvent { count })
    }

    /// A comment's votes changed: `votes` with its tally.
    pub fn tally(tally: &Tally) -> Self {
        Self::new("votes", tally)
    }

    fn new(name: &'static str, payload: &impl serde::Serialize) -> Self {
        // Our wire types always serialize; an empty object is a safe fallback.
        let data = serde_json::to_string(payload).unwrap_or_else(|_| "{}".into());
        Self {
            name,
            data: data.into(),
        }
    }
}

/// The in-process switchboard between writers and the SSE streams.
pub struct Hub {
    pages: Mutex<HashMap<PageKey, broadcast::Sender<LiveEvent>>>,
    closing: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            pages: Mutex::new(HashMap::new()),
            closing: watch::channel(false).0,
        }
    }
}

impl Hub {
    /// Receives every event of one page from now on; the page's channel goes away with its
    /// last subscription.
    pub fn subscribe(self: &Arc<Self>, key: PageKey) -> Subscription {
        let receiver = self
            .lock()
            .entry(key.clone())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe();
        Subscription {
            events: Some(BroadcastStream::new(receiver)),
            hub: Arc::clone(self),
            key,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PageKey, broadcast::Sender<LiveEvent>>> {
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Pages with a channel: those someone reads (the metrics' live channels).
    pub fn channels(&self) -> usize {
        self.lock().len()
    }

    /// Sends events to the page's readers, if any.
    pub fn publish(&self, key: &PageKey, events: impl IntoIterator<Item = LiveEvent>) {
        let pages = self.lock();
        let Some(sender) = pages.get(key) else { return };
        for event in events {
            let _ = sender.send(event);
        }
    }

    /// Number of readers connected to a page.
    pub fn readers(&self, key: &PageKey) -> usize {
        self.lock()
            .get(key)
            .map_or(0, broadcast::Sender::receiver_count)
    }

    /// Number of readers connected to any page (the metrics' live subscribers).
    pub fn all_readers(&self) -> usize {
        self.lock()
            .values()
            .map(broadcast::Sender::receiver_count)
            .sum()
    }

    /// Resolves when the server starts shutting down, so streams can end.
    pub fn closing(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closing| *closing).await;
        }
    }

    /// Ends every stream.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }
}

/// One reader's events of one page, as a stream. When it is dropped (the reader left), the
/// page's channel is removed if it was the last, so channels never outlive their readers
/// whatever pages anonymous clients ask for.
pub struct Subscription {
    events: Option<BroadcastStream<LiveEvent>>,
    hub: Arc<Hub>,
    key: PageKey,
}

impl Stream for Subscription {
    type Item = Result<LiveEvent, BroadcastStreamRecvError>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        match self.events.as_mut() {
            Some(events) => Pin::new(events).poll_next(context),
            None => Poll::Ready(None),
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // The receiver goes first, so the count below no longer holds it.
        drop(self.events.take());
        let mut pages = self.hub.lock();
        if pages
            .get(&self.key)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            pages.remove(&self.key);
        }
    }
}

/// Where changes go: this node's readers, and the other nodes when there are any.
pub struct Live {
    pub hub: Arc<Hub>,
    /// What each change makes stale, on this node.
    caches: Arc<Caches>,
    store: Arc<dyn Store>,
    relay: Option<relay::PgRelay>,
}

impl Live {
    pub fn new(store: Arc<dyn Store>, caches: Arc<Caches>, relay: Option<relay::PgRelay>) -> Self {
        Self {
            hub: Arc::new(Hub::default()),
            caches,
            store,
            relay,
        }
    }

    /// A comment changed in a way readers see (published, edited, approved, deleted,
    /// restored): tell this node's readers, then the other nodes.
    pub async fn changed(&self, record: &CommentRecord) {
        self.deliver(record).await;
        if let Some(relay) = &self.relay {
            relay.notify(record.id, false).await;
        }
    }

    /// A comment's votes changed: its page's readers get the new tally, here and on the
    /// other nodes.
    pub async fn voted(&self, record: &CommentRecord) {
        self.deliver_tally(record);
        if let Some(relay) = &self.relay {
            relay.notify(record.id, true).await;
        }
    }

    /// Sends this node's readers of the comment's page its tally.
    pub fn deliver_tally(&self, record: &CommentRecord) {
        let key = self.forget(record);
        let tally = Tally {
            id: record.id,
            upvotes: record.upvotes,
            downvotes: record.downvotes,
        };
        self.hub.publish(&key, [LiveEvent::tally(&tally)]);
    }

    /// Drops what the caches hold of the record's page (pages nobody streams are cached too).
    fn forget(&self, record: &CommentRecord) -> PageKey {
        let key = (record.site.clone(), record.page.clone());
        self.caches.forget(&key);
        key
    }

    /// Sends this node's readers of the comment's page the event its status calls for, and
    /// the page's count. The change is stored already: failures are logged, not returned.
    pub async fn deliver(&self, record: &CommentRecord) {
        // Before anything else: pages nobody streams are cached too.
        let key = self.forget(record);
        if self.hub.readers(&key) == 0 {
            return;
        }
        // A comment waiting for review (an edit sent back to the moderators) leaves the open
        // pages as a deleted one does; its author's widget keeps its own copy.
        let event = match record.status {
            CommentStatus::Published => LiveEvent::comment(&record.to_api()),
            CommentStatus::Deleted | CommentStatus::Pending => LiveEvent::delete(record.id),
        };
        match self.store.count(&record.site, &record.page).await {
            Ok(count) => self.hub.publish(&key, [event, LiveEvent::count(count)]),
            Err(error) => {
                tracing::warn!(%error, "could not count the page; sending the change alone");
                self.hub.publish(&key, [event]);
            }
        }
    }

    /// The store changes are read from (the relay reloads comments by id).
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use tokio_stream::StreamExt;

    use super::*;

    fn key(page: &str) -> PageKey {
        ("demo".into(), page.into())
    }

    #[tokio::test]
    async fn a_reader_gets_the_events_of_its_page_only() {
        let hub = Arc::new(Hub::default());
        let mut reader = hub.subscribe(key("/a"));
        hub.publish(&key("/b"), [LiveEvent::count(9)]);
        hub.publish(&key("/a"), [LiveEvent::count(1)]);
        let event = reader.next().await.expect("an event").expect("not lagging");
        assert_eq!(event.name, "count");
        assert_eq!(&*event.data, r#"{"count":1}"#);
    }

    #[test]
    fn a_pages_channel_goes_away_with_its_last_reader_and_not_before() {
        let hub = Arc::new(Hub::default());
        let first = hub.subscribe(key("/a"));
        let second = hub.subscribe(key("/a"));
        drop(hub.subscribe(key("/b")));

        drop(first);
        assert_eq!(hub.channels(), 1, "/a still has a reader; /b has none");
        drop(second);

        assert_eq!(hub.channels(), 0);
    }

    #[tokio::test]
    async fn closing_the_hub_wakes_the_streams() {
        let hub = Hub::default();
        let closing = hub.closing();
        hub.close();
        closing.await;
    }
}
