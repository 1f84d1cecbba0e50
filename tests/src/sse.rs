//! A small reader of `text/event-stream` answers, for tests.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;

/// Events as they arrive, as `(name, data)`; comments (keep-alives) and `retry:` are skipped.
pub struct EventStream {
    chunks: BoxStream<'static, reqwest::Result<Vec<u8>>>,
    buffer: String,
    /// The `id:` of the last event read that had one (what a browser sends back as
    /// `Last-Event-ID`).
    pub last_id: Option<i64>,
    /// The `id:` of the last event read, if it had one.
    pub id: Option<i64>,
}

impl EventStream {
    pub fn new(response: reqwest::Response) -> Self {
        let chunks = response
            .bytes_stream()
            .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
            .boxed();
        Self {
            chunks,
            buffer: String::new(),
            last_id: None,
            id: None,
        }
    }

    /// The next event, or a failed test after `wait`.
    pub async fn next_event(&mut self, wait: Duration) -> (String, serde_json::Value) {
        tokio::time::timeout(wait, self.read_event())
            .await
            .expect("an event arrives in time")
    }

    /// The next event with this name, skipping others.
    pub async fn next_named(&mut self, name: &str, wait: Duration) -> serde_json::Value {
        tokio::time::timeout(wait, async {
            loop {
                let (got, data) = self.read_event().await;
                if got == name {
                    return data;
                }
            }
        })
        .await
        .unwrap_or_else(|_| panic!("a `{name}` event arrives in time"))
    }

    async fn read_event(&mut self) -> (String, serde_json::Value) {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                let mut id = None;
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim().to_owned();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    } else if let Some(value) = line.strip_prefix("id:") {
                        id = Some(value.trim().parse().expect("a numeric id"));
                    }
                }
                if !data.is_empty() {
                    self.id = id;
                    self.last_id = id.or(self.last_id);
                    return (
                        name,
                        serde_json::from_str(&data).expect("event data is JSON"),
                    );
                }
                continue;
            }
            let chunk = self
                .chunks
                .next()
                .await
                .expect("the stream stays open")
                .expect("the stream reads");
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
