//! Live events across nodes on PostgreSQL: `NOTIFY` after each change, `LISTEN` on every node.
//!
//! A notification carries only the node that made the change and the comment's id (payloads
//! are limited to 8 KB; a comment is up to 10,000 characters). Each other node reloads the
//! comment and delivers what its status calls for to its own readers, so a reader on node B
//! sees a comment posted on node A. `PgListener` reconnects by itself after a lost
//! connection; notifications sent while it was away are missed, and widgets reload the
//! thread when their own stream reconnects.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use sqlx::postgres::{PgListener, PgPoolOptions};

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
}

impl PgRelay {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        let pool = PgPoolOptions::new().max_connections(2).connect(url).await?;
        Ok(Self {
            pool,
            node: new_secret()[..12].to_owned(),
            url: url.to_owned(),
        })
    }

    /// Tells the other nodes that comment `id` changed (`votes`: only its tally).
    pub async fn notify(&self, id: i64, votes: bool) {
        let notice = Notice {
            node: self.node.clone(),
            id,
            votes,
        };
        let payload = serde_json::to_string(&notice).unwrap_or_default();
        let sent = sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&self.pool)
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
        Some(relay) => subscribe(&relay.url).await,
        None => None,
    };
    tokio::spawn(run(live, first))
}

async fn run(live: Arc<Live>, mut listener: Option<PgListener>) {
    let Some(relay) = &live.relay else { return };
    let (url, node) = (relay.url.clone(), relay.node.clone());
    loop {
        if let Some(mut listening) = listener.take() {
            receive(&mut listening, &live, &node).await;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        listener = subscribe(&url).await;
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

/// Until the listener fails for good; a lost connection is re-established by `recv` itself.
async fn receive(listener: &mut PgListener, live: &Live, node: &str) {
    loop {
        let notification = match listener.recv().await {
            Ok(notification) => notification,
            Err(error) => {
                tracing::warn!(%error, "lost the other nodes' changes; reconnecting");
                return;
            }
        };
        let Ok(notice) = serde_json::from_str::<Notice>(notification.payload()) else {
            continue;
        };
        if notice.node == node {
            continue;
        }
        match live.store().get_comment(notice.id).await {
            Ok(record) if notice.votes => live.deliver_tally(&record),
            Ok(record) => live.deliver(&record).await,
            Err(error) => {
                tracing::warn!(%error, comment = notice.id, "could not load another node's change")
            }
        }
    }
}
