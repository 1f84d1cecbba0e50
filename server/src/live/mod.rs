//! Live events. Every change readers see is numbered by the database's change log
//! (`store::changes`), whoever made it: this node, another node, the command line. Each node
//! reads the log from the last number it delivered ([`tail`]) and sends each change's events
//! to its readers of the page through the [`Hub`], numbered, so a reader who reconnects with
//! `Last-Event-ID` gets what it missed ([`replay`]). A change made here wakes the reading at
//! once; on PostgreSQL a `NOTIFY` ([`relay`]) wakes the other nodes; a tick catches what
//! neither announced.

pub mod hub;
pub mod relay;
pub mod replay;
pub mod tail;

use std::fmt::Write;
use std::sync::Arc;

use axum::body::Bytes;
use parlons_shared::{Comment, CountEvent, DeleteEvent, Tally};
use tokio::sync::{Notify, watch};

pub use hub::{Hub, Subscription};

use crate::cache::Caches;
use crate::domain::faces::Faces;
use crate::domain::site::PageKey;
use crate::sites::Sites;
use crate::store::{CommentRecord, Store};

/// One server-sent event, ready to write: its name, its JSON data, and the number of the
/// change it tells of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub name: &'static str,
    pub data: Arc<str>,
    pub id: Option<i64>,
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

    /// More changed than is worth replaying, or what changed is no longer in the log: the
    /// reader reads the thread again.
    pub fn reload() -> Self {
        Self::new("reload", &serde_json::json!({}))
    }

    /// The same event, numbered as change `id`.
    pub fn numbered(mut self, id: i64) -> Self {
        self.id = Some(id);
        self
    }

    /// The event as it goes on the wire: its `event:`, `id:` and `data:` lines and a blank
    /// line. The hub frames each event once; every reader's stream writes the same bytes.
    pub fn frame(&self) -> Bytes {
        let mut frame = String::with_capacity(self.data.len() + 40);
        let _ = writeln!(frame, "event: {}", self.name);
        if let Some(id) = self.id {
            let _ = writeln!(frame, "id: {id}");
        }
        // JSON has no raw line breaks; a line each keeps any other text whole all the same.
        for line in self.data.split('\n') {
            let _ = writeln!(frame, "data: {line}");
        }
        frame.push('\n');
        Bytes::from(frame)
    }

    fn new(name: &'static str, payload: &impl serde::Serialize) -> Self {
        // Our wire types always serialize; an empty object is a safe fallback.
        let data = serde_json::to_string(payload).unwrap_or_else(|_| "{}".into());
        Self {
            name,
            data: data.into(),
            id: None,
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
    /// Wakes the log's reader.
    wake: Notify,
    /// Counts the site and block changes read from the log, for those who reload them.
    settings: watch::Sender<u64>,
    /// A comment event carries its author's faces, as the thread does.
    faces: Arc<Faces>,
    sites: Arc<Sites>,
}

impl Live {
    pub fn new(
        store: Arc<dyn Store>,
        caches: Arc<Caches>,
        relay: Option<relay::PgRelay>,
        faces: Arc<Faces>,
        sites: Arc<Sites>,
    ) -> Self {
        Self {
            hub: Arc::new(Hub::default()),
            caches,
            store,
            relay,
            wake: Notify::new(),
            settings: watch::channel(0).0,
            faces,
            sites,
        }
    }

    /// A comment changed in a way readers see (published, edited, approved, deleted,
    /// restored, voted on); the change log has it already. The caches forget its page now,
    /// so the writer's next read sees it; the log's reader delivers it, here and, woken by
    /// the relay, on the other nodes.
    pub fn changed(&self, record: &CommentRecord) {
        self.page_changed(&(record.site.clone(), record.page.clone()), record.id);
    }

    /// A page changed as a whole (closed, or opened again), or through comment `id`: as
    /// [`Self::changed`].
    pub fn page_changed(&self, page: &PageKey, id: i64) {
        self.caches.forget(page);
        self.wake.notify_one();
        if let Some(relay) = &self.relay {
            relay.notify(id);
        }
    }

    /// Wakes the log's reader (another node announced a change, or its listener is back).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Changes with each site or block change read from the log.
    pub fn settings_changes(&self) -> watch::Receiver<u64> {
        self.settings.subscribe()
    }

    /// Whether this node hears the other nodes (always, without a relay).
    pub fn listening(&self) -> bool {
        self.relay.as_ref().is_none_or(relay::PgRelay::listening)
    }

    fn forget(&self, key: &PageKey) {
        self.caches.forget(key);
    }

    /// The store changes are read from.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_event_is_framed_with_its_name_id_and_data() {
        let frame = LiveEvent::count(3).numbered(42).frame();

        assert_eq!(&frame[..], b"event: count\nid: 42\ndata: {\"count\":3}\n\n");
    }

    #[test]
    fn data_with_line_breaks_is_framed_one_data_line_each() {
        let event = LiveEvent {
            name: "comment",
            data: "first\nsecond".into(),
            id: None,
        };

        assert_eq!(
            &event.frame()[..],
            b"event: comment\ndata: first\ndata: second\n\n"
        );
    }
}
