//! The in-process switchboard between the change log's reader (`tail`) and the SSE streams:
//! one broadcast channel per open page; events are serialized and framed once, not once per
//! reader: every stream of the page writes the same shared bytes.
//!
//! The hub also holds the number of the last change delivered (the watermark), under the
//! same lock as the channels: a reader who subscribes gets every change after the watermark
//! it is given, and none before it, so replaying the log up to it leaves no gap and no double.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::body::Bytes;
use tokio::sync::{broadcast, watch};
use tokio_stream::Stream;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;

use super::LiveEvent;
use crate::domain::site::PageKey;

/// How many events a slow reader may fall behind before it skips ahead.
const BACKLOG: usize = 256;

#[derive(Default)]
struct Pages {
    channels: HashMap<PageKey, broadcast::Sender<Bytes>>,
    /// The last change delivered.
    delivered: i64,
}

pub struct Hub {
    pages: Mutex<Pages>,
    closing: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            pages: Mutex::new(Pages::default()),
            closing: watch::channel(false).0,
        }
    }
}

impl Hub {
    /// Receives every event of one page after the returned watermark; the page's channel
    /// goes away with its last subscription.
    pub fn subscribe(self: &Arc<Self>, key: PageKey) -> (Subscription, i64) {
        let mut pages = self.lock();
        let receiver = pages
            .channels
            .entry(key.clone())
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe();
        let subscription = Subscription {
            events: Some(BroadcastStream::new(receiver)),
            hub: Arc::clone(self),
            key,
        };
        (subscription, pages.delivered)
    }

    fn lock(&self) -> MutexGuard<'_, Pages> {
        self.pages
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The last change delivered.
    pub fn delivered(&self) -> i64 {
        self.lock().delivered
    }

    /// Sends change `id`'s events to the page's readers, if any, and moves the watermark to it.
    pub fn publish(&self, id: i64, key: &PageKey, events: impl IntoIterator<Item = LiveEvent>) {
        let frames: Vec<Bytes> = events.into_iter().map(|event| event.frame()).collect();
        let mut pages = self.lock();
        if let Some(sender) = pages.channels.get(key) {
            for frame in frames {
                let _ = sender.send(frame);
            }
        }
        pages.delivered = pages.delivered.max(id);
    }

    /// Moves the watermark past a change no reader needs an event for.
    pub fn pass(&self, id: i64) {
        let mut pages = self.lock();
        pages.delivered = pages.delivered.max(id);
    }

    /// Pages with a channel: those someone reads (the metrics' live channels).
    pub fn channels(&self) -> usize {
        self.lock().channels.len()
    }

    /// Number of readers connected to a page.
    pub fn readers(&self, key: &PageKey) -> usize {
        self.lock()
            .channels
            .get(key)
            .map_or(0, broadcast::Sender::receiver_count)
    }

    /// Number of readers connected to any page (the metrics' live subscribers).
    pub fn all_readers(&self) -> usize {
        self.lock()
            .channels
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

/// One reader's events of one page, framed, as a stream. When it is dropped (the reader left), the
/// page's channel is removed if it was the last, so channels never outlive their readers
/// whatever pages anonymous clients ask for.
pub struct Subscription {
    events: Option<BroadcastStream<Bytes>>,
    hub: Arc<Hub>,
    key: PageKey,
}

impl Stream for Subscription {
    type Item = Result<Bytes, BroadcastStreamRecvError>;

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
            .channels
            .get(&self.key)
            .is_some_and(|sender| sender.receiver_count() == 0)
        {
            pages.channels.remove(&self.key);
        }
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
        let (mut reader, _) = hub.subscribe(key("/a"));
        hub.publish(1, &key("/b"), [LiveEvent::count(9)]);
        hub.publish(2, &key("/a"), [LiveEvent::count(1)]);
        let frame = reader.next().await.expect("an event").expect("not lagging");
        assert_eq!(&frame[..], b"event: count\ndata: {\"count\":1}\n\n");
    }

    #[test]
    fn a_subscriber_is_given_the_last_change_delivered_before_it() {
        let hub = Arc::new(Hub::default());
        hub.publish(4, &key("/a"), [LiveEvent::count(1)]);
        hub.pass(7);

        let (_reader, watermark) = hub.subscribe(key("/a"));

        assert_eq!(watermark, 7);
    }

    #[test]
    fn a_pages_channel_goes_away_with_its_last_reader_and_not_before() {
        let hub = Arc::new(Hub::default());
        let (first, _) = hub.subscribe(key("/a"));
        let (second, _) = hub.subscribe(key("/a"));
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
