//! The readers of the live fan-out bench (`bench/fanout.py`): one compiled process holding
//! thousands of SSE streams, so that the figures are the server's, not the client's.
//!
//!   parlons-bench-client --readers N --comments K --page /p URL [URL...]
//!
//! Opens N streams of the page, spread over the URLs in turn, and prints `ready` once every
//! one has its opening `count`. Each `comment` event whose text is `t=<nanoseconds since
//! 1970>` (what the bench posts) counts as delivered at the time it is read; once every reader
//! has K comments, or after 60 s, prints one line of JSON: readers, deliveries expected and
//! made, and the p50, p99 and worst delivery time in milliseconds.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::net::TcpStream;

struct Args {
    readers: usize,
    comments: usize,
    page: String,
    nodes: Vec<(SocketAddr, String)>,
}

fn args() -> Result<Args, String> {
    let mut args = Args {
        readers: 1000,
        comments: 10,
        page: "/en-direct".into(),
        nodes: Vec::new(),
    };
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        let mut value = || given.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--readers" => args.readers = value()?.parse().map_err(|_| "--readers N")?,
            "--comments" => args.comments = value()?.parse().map_err(|_| "--comments K")?,
            "--page" => args.page = value()?,
            url => {
                let host = url
                    .strip_prefix("http://")
                    .ok_or(format!("{url} is not an http:// URL"))?
                    .trim_end_matches('/');
                let address = host.parse().map_err(|_| format!("{host} is not ip:port"))?;
                args.nodes.push((address, host.to_owned()));
            }
        }
    }
    if args.nodes.is_empty() {
        return Err("give at least one server URL".into());
    }
    Ok(args)
}

/// What every reader shares: how many are ready, and the delivery times seen.
#[derive(Default)]
struct Tally {
    ready: AtomicUsize,
    done: AtomicUsize,
    /// Per node, in the order given.
    delays_us: Mutex<Vec<Vec<u64>>>,
}

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}

/// One reader: its stream, read until it has seen `comments` comments.
async fn read(
    at: usize,
    node: (SocketAddr, String),
    page: Arc<str>,
    comments: usize,
    tally: Arc<Tally>,
) {
    let Ok(stream) = TcpStream::connect(node.0).await else {
        eprintln!("could not connect to {}", node.1);
        return;
    };
    let request = format!(
        "GET /api/v1/events?site=demo&page={page} HTTP/1.1\r\nHost: {}\r\n\
         Accept: text/event-stream\r\n\r\n",
        node.1
    );
    if !send(&stream, request.as_bytes()).await {
        return;
    }
    let (mut pending, mut buffer) = (String::new(), vec![0u8; 4096]);
    let (mut ready, mut seen) = (false, 0);
    while seen < comments {
        if stream.readable().await.is_err() {
            return;
        }
        let read = match stream.try_read(&mut buffer) {
            Ok(0) => return,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(_) => return,
        };
        pending.push_str(&String::from_utf8_lossy(&buffer[..read]));
        while let Some(end) = pending.find("\n\n") {
            let block: String = pending.drain(..end + 2).collect();
            if !ready && block.contains("event: count") {
                ready = true;
                tally.ready.fetch_add(1, Ordering::Relaxed);
            } else if block.contains("event: comment")
                && let Some(sent) = sent_at(&block)
            {
                let delay = now_ns().saturating_sub(sent) / 1000;
                if let Ok(mut delays) = tally.delays_us.lock() {
                    delays[at].push(u64::try_from(delay).unwrap_or(u64::MAX));
                }
                seen += 1;
            }
        }
    }
    tally.done.fetch_add(1, Ordering::Relaxed);
}

async fn send(stream: &TcpStream, mut bytes: &[u8]) -> bool {
    while !bytes.is_empty() {
        if stream.writable().await.is_err() {
            return false;
        }
        match stream.try_write(bytes) {
            Ok(written) => bytes = &bytes[written..],
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(_) => return false,
        }
    }
    true
}

/// The `t=<ns>` the bench wrote in the comment's text.
fn sent_at(block: &str) -> Option<u128> {
    let start = block.find("t=")? + 2;
    let digits: String = block[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn percentile(sorted: &[u64], share: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let at = ((sorted.len() as f64 - 1.0) * share).round() as usize;
    sorted[at] as f64 / 1000.0
}

#[tokio::main]
async fn main() {
    let args = match args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let tally = Arc::new(Tally::default());
    if let Ok(mut delays) = tally.delays_us.lock() {
        delays.resize(args.nodes.len(), Vec::new());
    }
    let page: Arc<str> = Arc::from(args.page.as_str());
    let mut readers = Vec::with_capacity(args.readers);
    for n in 0..args.readers {
        let at = n % args.nodes.len();
        readers.push(tokio::spawn(read(
            at,
            args.nodes[at].clone(),
            page.clone(),
            args.comments,
            tally.clone(),
        )));
        // Connections opened at a pace the servers' listen queues take.
        if n % 200 == 199 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    while tally.ready.load(Ordering::Relaxed) < args.readers {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!("ready");
    let _ = std::io::stdout().flush();
    let all = async {
        for reader in readers {
            let _ = reader.await;
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(60), all).await;
    let mut per_node = tally
        .delays_us
        .lock()
        .map(|delays| delays.clone())
        .unwrap_or_default();
    let mut all: Vec<u64> = per_node.concat();
    all.sort_unstable();
    let nodes: Vec<String> = per_node
        .iter_mut()
        .map(|delays| {
            delays.sort_unstable();
            format!(
                "{{\"first_ms\":{:.1},\"p50_ms\":{:.1},\"p99_ms\":{:.1}}}",
                percentile(delays, 0.0),
                percentile(delays, 0.5),
                percentile(delays, 0.99)
            )
        })
        .collect();
    println!(
        "{{\"readers\":{},\"expected\":{},\"delivered\":{},\"p50_ms\":{:.1},\"p99_ms\":{:.1},\"max_ms\":{:.1},\"nodes\":[{}]}}",
        args.readers,
        args.readers * args.comments,
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        percentile(&all, 1.0),
        nodes.join(","),
    );
}
