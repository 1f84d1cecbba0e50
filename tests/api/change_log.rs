//! The change log: every event carries its change's number; a reader who reconnects with
//! `Last-Event-ID` gets what it missed, in order, each comment once, or `reload` when the log
//! no longer reaches back; changes made by another process (the command line, an import) reach
//! a running server within a second.

use std::time::{Duration, Instant};

use parlons_server::domain::site::Moderation;
use parlons_server::store;
use parlons_tests::{TestApp, comment, spawn_app, stored_comment};

const WAIT: Duration = Duration::from_secs(5);
/// What the issue allows for another process's change to show.
const BUDGET: Duration = Duration::from_secs(1);

/// Polls `check` every 25 ms for at most the budget; true once it holds.
async fn within_budget(mut check: impl AsyncFnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < BUDGET {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    check().await
}

/// The id of the opening `count` event of a fresh stream of page `/`.
async fn opening_id(app: &TestApp) -> i64 {
    let mut stream = app.events("site=demo&page=/").await;
    stream.next_named("count", WAIT).await;
    stream.id.expect("the opening count is numbered")
}

/// Waits until the server has delivered every change made so far (a fresh stream opens at
/// the last one), so that what a reconnecting reader gets is all replayed.
async fn settled(app: &TestApp) {
    let last = app.store.last_change().await.expect("the log's end");
    while opening_id(app).await < last {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_reader_reconnecting_with_last_event_id_gets_what_it_missed_in_order_and_once() {
    let app = spawn_app().await;
    app.create_comment(&comment("avant")).await;
    settled(&app).await;
    let last_seen = opening_id(&app).await;
    let first = app.create_comment(&comment("premier")).await;
    let second = app.create_comment(&comment("second")).await;
    let token = first["edit_token"].as_str().expect("token");
    app.edit_comment(first["id"].as_i64().expect("id"), token, "premier, corrigé")
        .await;
    settled(&app).await;

    let mut stream = app.events_after("site=demo&page=/", Some(last_seen)).await;

    // Up to the event of the last change made (the replayed edit of the first comment).
    let through = app.store.last_change().await.expect("the log's end");
    let (mut comments, mut ids, mut names) = (Vec::new(), Vec::new(), Vec::new());
    while ids.last() != Some(&through) || names.last() != Some(&"count".to_owned()) {
        let next = tokio::time::timeout(WAIT, stream.next_event(WAIT * 2)).await;
        let (name, data) = next.unwrap_or_else(|_| panic!("after {names:?} {ids:?}"));
        ids.push(stream.id.expect("every event is numbered"));
        if name == "comment" {
            comments.push((data["id"].clone(), data["html"].clone()));
        }
        names.push(name);
    }
    assert_eq!(
        comments,
        [
            (second["id"].clone(), "<p>second</p>\n".into()),
            (first["id"].clone(), "<p>premier, corrigé</p>\n".into()),
        ],
        "each comment once, as it is now, at its last change"
    );
    assert!(ids.windows(2).all(|pair| pair[0] <= pair[1]), "{ids:?}");
    assert!(ids[0] > last_seen);
}

#[tokio::test]
async fn a_reader_up_to_date_gets_no_replay_and_the_next_change_live() {
    let app = spawn_app().await;
    let last_seen = opening_id(&app).await;

    let mut stream = app.events_after("site=demo&page=/", Some(last_seen)).await;
    let (name, _) = stream.next_event(WAIT).await;
    let created = app.create_comment(&comment("en direct")).await;

    assert_eq!(name, "count");
    assert_eq!(stream.id, Some(last_seen));
    assert_eq!(
        stream.next_named("comment", WAIT).await["id"],
        created["id"]
    );
    assert!(stream.id > Some(last_seen));
}

#[tokio::test]
async fn a_last_event_id_older_than_the_log_gets_a_reload_event() {
    let app = spawn_app().await;
    let last_seen = opening_id(&app).await;
    app.create_comment(&comment("oublié")).await;
    app.create_comment(&comment("oublié aussi")).await;
    app.store.forget_changes(i64::MAX).await.expect("trimmed");
    settled(&app).await;

    let mut stream = app.events_after("site=demo&page=/", Some(last_seen)).await;

    let (name, _) = stream.next_event(WAIT).await;
    assert_eq!(name, "reload");
}

#[tokio::test]
async fn a_site_changed_by_another_process_applies_within_a_second() {
    let app = spawn_app().await;
    let command_line = store::connect(&app.database_url).await.expect("opens");
    let mut site = (*app.sites.get("demo").await.expect("read").expect("demo")).clone();
    site.moderation = Moderation::Pre;

    command_line
        .update_site(&site, None)
        .await
        .expect("updated");

    let applied = within_budget(async || {
        app.sites
            .get("demo")
            .await
            .ok()
            .flatten()
            .map(|s| s.moderation)
            == Some(Moderation::Pre)
    })
    .await;
    assert!(applied, "the server still moderates after the fact");
}

#[tokio::test]
async fn comments_written_by_another_process_show_within_a_second_and_reach_readers() {
    let app = spawn_app().await;
    assert_eq!(app.demo_thread().await["count"], 0, "read, and cached");
    let mut reader = app.events("site=demo&page=/").await;
    reader.next_named("count", WAIT).await;
    let command_line = store::connect(&app.database_url).await.expect("opens");
    let record = stored_comment("importé", time::OffsetDateTime::now_utc());

    command_line
        .insert_comments(std::slice::from_ref(&record))
        .await
        .expect("written");

    let shown = within_budget(async || app.demo_thread().await["count"] == 1).await;
    assert!(shown, "the cached thread was not forgotten");
    assert_eq!(
        reader.next_named("comment", WAIT).await["html"],
        "<p>importé</p>\n"
    );
}

#[tokio::test]
async fn the_health_check_says_live_events_are_delivered() {
    let app = spawn_app().await;

    let health: serde_json::Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");

    assert_eq!(health["live"], "ok");
}
