//! Webhooks: every comment event of a site is POSTed, signed, to its webhooks, retried until
//! the receiver takes it, and shown on /admin. The receiver is a real HTTP server on loopback.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use hmac::{Hmac, Mac};
use parlons_server::cli::webhook::{WebhookCommand, run};
use parlons_tests::{TestApp, comment, spawn_app_with};
use serde_json::Value;
use sha2::Sha256;

/// A call the receiver got.
#[derive(Clone, Debug)]
struct Call {
    headers: HeaderMap,
    body: String,
}

/// An HTTP server that records calls and answers each with the next scripted status (200
/// once the script is spent).
struct Receiver {
    url: String,
    calls: Arc<Mutex<Vec<Call>>>,
}

impl Receiver {
    async fn start(script: Vec<StatusCode>) -> Self {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let recorded = Arc::clone(&calls);
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (recorded, script) = (Arc::clone(&recorded), Arc::clone(&script));
                async move {
                    let body = String::from_utf8_lossy(&body).into_owned();
                    recorded.lock().expect("lock").push(Call { headers, body });
                    script
                        .lock()
                        .expect("lock")
                        .next()
                        .unwrap_or(StatusCode::OK)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, calls }
    }

    /// Waits (up to 15 s) for `count` calls.
    async fn calls(&self, count: usize) -> Vec<Call> {
        for _ in 0..150 {
            let calls = self.calls.lock().expect("lock").clone();
            if calls.len() >= count {
                return calls;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "the receiver got {} calls, not {count}",
            self.calls.lock().expect("lock").len()
        );
    }
}

async fn cli(app: &TestApp, command: WebhookCommand) -> Result<String, String> {
    let mut out = Vec::new();
    run(command, app.store.as_ref(), &mut out)
        .await
        .map_err(|error| error.to_string())?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

/// Adds a webhook to `demo`; returns its secret.
async fn add_webhook(app: &TestApp, url: &str) -> String {
    let said = cli(
        app,
        WebhookCommand::Add {
            site: "demo".into(),
            url: url.into(),
        },
    )
    .await
    .expect("added");
    said.lines().last().expect("the secret").to_owned()
}

async fn app() -> TestApp {
    spawn_app_with(|settings| settings.webhook_retry_secs = 1).await
}

fn assert_signed(call: &Call, secret: &str) {
    let header = call.headers["x-parlons-signature"].to_str().expect("ascii");
    let (timestamp, signature) = header
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .expect("t=...,v1=...");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("a key");
    mac.update(format!("{timestamp}.{}", call.body).as_bytes());
    assert_eq!(
        signature,
        hex::encode(mac.finalize().into_bytes()),
        "signature of {}",
        call.body
    );
}

#[tokio::test]
async fn each_comment_event_is_posted_to_the_sites_webhook_signed_with_its_secret() {
    let app = app().await;
    let receiver = Receiver::start(Vec::new()).await;
    let secret = add_webhook(&app, &receiver.url).await;

    let created = app.create_comment(&comment("Bonjour")).await;
    let (id, token) = (
        created["id"].as_i64().expect("id"),
        created["edit_token"].as_str().expect("token"),
    );
    app.edit_comment(id, token, "Bonjour à tous").await;
    app.erase_comment(id, token).await;

    let calls = receiver.calls(3).await;
    let events: Vec<Value> = calls
        .iter()
        .map(|call| serde_json::from_str(&call.body).expect("JSON"))
        .collect();
    let mut names: Vec<&str> = events
        .iter()
        .map(|e| e["event"].as_str().expect("event"))
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["comment.created", "comment.deleted", "comment.edited"]
    );
    for (call, event) in calls.iter().zip(&events) {
        assert_signed(call, &secret);
        assert_eq!(
            call.headers["x-parlons-event"],
            event["event"].as_str().expect("event")
        );
        assert_eq!(event["site"], "demo");
        assert_eq!(event["comment"]["id"], id);
    }
    let edited = events
        .iter()
        .find(|e| e["event"] == "comment.edited")
        .expect("edited");
    assert_eq!(edited["comment"]["html"], "<p>Bonjour à tous</p>\n");
}

#[tokio::test]
async fn a_receiver_that_fails_is_called_again_with_the_same_delivery_until_it_answers() {
    let app = app().await;
    let receiver = Receiver::start(vec![
        StatusCode::INTERNAL_SERVER_ERROR,
        StatusCode::BAD_GATEWAY,
    ])
    .await;
    add_webhook(&app, &receiver.url).await;

    app.create_comment(&comment("Persévérant")).await;

    let calls = receiver.calls(3).await;
    let delivery = |call: &Call| call.headers["x-parlons-delivery"].clone();
    assert_eq!(delivery(&calls[0]), delivery(&calls[2]));
    let mut sent = Vec::new();
    for _ in 0..50 {
        sent = app.store.recent_messages(None, 10).await.expect("outbox");
        if sent.first().is_some_and(|m| m.status == "sent") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(sent.len(), 1);
    assert_eq!((sent[0].status.as_str(), sent[0].attempts), ("sent", 3));
}

#[tokio::test]
async fn the_deliveries_show_on_admin_with_their_state() {
    let app = app().await;
    let receiver = Receiver::start(Vec::new()).await;
    add_webhook(&app, &receiver.url).await;
    app.create_comment(&comment("Vu sur /admin")).await;
    receiver.calls(1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let token = app.add_moderator("ana", None).await;

    let page = app
        .client
        .get(app.url("/admin/deliveries"))
        .bearer_auth(token)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("HTML");

    assert!(page.contains("comment.created"), "{page}");
    assert!(page.contains(&receiver.url), "{page}");
    assert!(page.contains("sent "), "{page}");
}

#[tokio::test]
async fn the_webhook_command_refuses_bad_urls_and_unknown_sites_and_lists_and_removes() {
    let app = app().await;

    let bad = cli(
        &app,
        WebhookCommand::Add {
            site: "demo".into(),
            url: "ftp://x.example".into(),
        },
    )
    .await;
    let unknown = cli(
        &app,
        WebhookCommand::Add {
            site: "nowhere".into(),
            url: "https://x.example/h".into(),
        },
    )
    .await;
    add_webhook(&app, "https://hooks.example/parlons").await;
    let listed = cli(&app, WebhookCommand::List { site: None })
        .await
        .expect("listed");
    let id: i64 = listed
        .split('\t')
        .next()
        .expect("an id")
        .parse()
        .expect("a number");
    cli(&app, WebhookCommand::Remove { id })
        .await
        .expect("removed");
    let after = cli(
        &app,
        WebhookCommand::List {
            site: Some("demo".into()),
        },
    )
    .await
    .expect("listed");

    assert!(bad.expect_err("refused").contains("not an http"));
    assert!(unknown.expect_err("refused").contains("no site"));
    assert!(
        listed.contains("demo\thttps://hooks.example/parlons"),
        "{listed}"
    );
    assert_eq!(after, "");
}
