//! Live events across nodes on PostgreSQL: `NOTIFY` after each change, `LISTEN` on every
//! node. A notification only wakes the other nodes' reading of the change log (`tail`), so a
//! reader on node B sees at once a comment posted on node A; what it carries (the node and
//! the comment's id) is what nodes of earlier versions read. A listener that was away reads
//! the log from where it stopped, like every wake: nothing sent meanwhile is missed.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::Notify;

use super::Live;
use crate::domain::token::new_secret;

/// The PostgreSQL channel every node listens on.
pub const CHANNEL: &str = "parlons_changes";

#[derive(Debug, Serialize, Deserialize)]
struct Notice {
    node: String,
    id: i64,
    /// Only the comment's votes changed: readers get its tally, not the comment again.
    #[serde(default)]
    votes: bool,
}

/// The sending side, and this node's name (so it can skip its own notices).
pub struct PgRelay {
    pool: PgPool,
    node: String,
    url: String,
    /// Whether the listener is connected (`/healthz` says so).
    listening: AtomicBool,
    /// Set by each change; the sender sends one notification for all set since its last.
    wanted: Notify,
    /// The last comment changed, for the notification's payload.
    last: AtomicI64,
}

impl PgRelay {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new().max_connections(2).connect(url).await?;
        Ok(Self {
            pool,
            node: new_secret()[..12].to_owned(),
            url: url.to_owned(),
            listening: AtomicBool::new(false),
            wanted: Notify::new(),
            last: AtomicI64::new(0),
        })
    }

    /// Whether this node hears the other nodes' notifications now.
    pub fn listening(&self) -> bool {
        self.listening.load(Ordering::Relaxed)
    }

    /// Tells the other nodes that comment `id` changed; returns at once (see [`send`]).
    pub fn notify(&self, id: i64) {
        self.last.store(id, Ordering::Relaxed);
        self.wanted.notify_one();
    }
}

/// Sends the notifications, one per burst of changes: each `NOTIFY` takes the notification
/// queue's lock when it commits, and one per post made posts wait on each other (and on the
/// relay's two connections). A notification only wakes the other nodes' reading of the log,
/// which reads every change since its last, so one stands for all those made meanwhile.
async fn send(live: Arc<Live>) {
    let Some(relay) = &live.relay else { return };
    loop {
        relay.wanted.notified().await;
        let id = relay.last.load(Ordering::Relaxed);
        let notice = Notice {
            node: relay.node.clone(),
            id,
            votes: false,
        };
        let payload = serde_json::to_string(&notice).unwrap_or_default();
        let sent = sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&relay.pool)
            .await;
        if let Err(error) = sent {
            tracing::warn!(%error, comment = id, "could not notify the other nodes");
        }
    }
}

/// Listens for the other nodes' changes, then delivers them to this node's readers for as
/// long as the server runs. The first `LISTEN` is made before this returns, so a node that
/// starts serving after it hears every change made from then on (a reader who subscribed
/// before the node listened could miss a comment posted on another node meanwhile).
pub async fn start(live: Arc<Live>) -> tokio::task::JoinHandle<()> {
    let first = match &live.relay {
        Some(relay) => {
            let first = subscribe(&relay.url).await;
            relay.listening.store(first.is_some(), Ordering::Relaxed);
            first
        }
        None => None,
    };
    tokio::spawn(async move {
        tokio::join!(run(live.clone(), first), send(live));
    })
}

async fn run(live: Arc<Live>, mut listener: Option<PgListener>) {
    let Some(relay) = &live.relay else { return };
    loop {
        if let Some(mut listening) = listener.take() {
            relay.listening.store(true, Ordering::Relaxed);
            // What changed while no one listened.
            live.wake();
            receive(&mut listening, &live, &relay.node).await;
            relay.listening.store(false, Ordering::Relaxed);
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        listener = subscribe(&relay.url).await;
    }
}

/// A listener on the changes' channel, or `None` (logged) when the database cannot be reached.
async fn subscribe(url: &str) -> Option<PgListener> {
    let mut listener = match PgListener::connect(url).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "could not connect to listen for other nodes' changes");
            return None;
        }
    };
    match listener.listen(CHANNEL).await {
        Ok(()) => {
            tracing::info!(channel = CHANNEL, "listening for other nodes' changes");
            Some(listener)
        }
        Err(error) => {
            tracing::warn!(%error, "could not listen for other nodes' changes");
            None
        }
    }
}

/// Until the listener fails for good. `recv` re-establishes a lost connection by itself and
/// then returns again: each return wakes the log's reader, which reads what was missed.
async fn receive(listener: &mut PgListener, live: &Live, node: &str) {
    loop {
        let notification = match listener.recv().await {
            Ok(notification) => notification,
            Err(error) => {
                tracing::warn!(%error, "lost the other nodes' changes; reconnecting");
                return;
            }
        };
        let own = serde_json::from_str::<Notice>(notification.payload())
            .is_ok_and(|notice| notice.node == node);
        if !own {
            live.wake();
        }
    }
}
