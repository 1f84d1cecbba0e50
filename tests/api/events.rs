use std::time::Duration;

use parlons_shared::NewComment;
use parlons_tests::{assert_error, comment, spawn_app, spawn_app_with};
use reqwest::StatusCode;

use super::observability::{sample, scrape};

const WAIT: Duration = Duration::from_secs(5);

#[tokio::test]
async fn a_subscriber_first_gets_the_current_count() {
    let app = spawn_app().await;
    app.create_comment(&comment("déjà là")).await;

    let mut events = app.events("site=demo&page=/").await;

    let (name, data) = events.next_event(WAIT).await;
    assert_eq!(name, "count");
    assert_eq!(data["count"], 1);
}

#[tokio::test]
async fn a_stream_opened_after_a_comment_counts_it_though_an_earlier_one_saw_none() {
    let app = spawn_app().await;
    let mut before = app.events("site=demo&page=/").await;
    assert_eq!(before.next_named("count", WAIT).await["count"], 0);

    app.create_comment(&comment("entre deux")).await;
    let mut after = app.events("site=demo&page=/").await;

    assert_eq!(after.next_named("count", WAIT).await["count"], 1);
}

#[tokio::test]
async fn a_subscriber_gets_a_new_comment_and_the_new_count() {
    let app = spawn_app().await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_named("count", WAIT).await;

    let created = app.create_comment(&comment("en direct")).await;

    let live = events.next_named("comment", WAIT).await;
    assert_eq!(live["id"], created["id"]);
    assert_eq!(live["html"], "<p>en direct</p>\n");
    assert!(
        live.get("edit_token").is_none(),
        "the token goes to its author only"
    );
    let count = events.next_named("count", WAIT).await;
    assert_eq!(count["count"], 1);
}

#[tokio::test]
async fn a_subscriber_does_not_get_other_pages_events() {
    let app = spawn_app().await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_named("count", WAIT).await;

    app.create_comment(&NewComment {
        page: "/ailleurs".into(),
        ..comment("pas pour vous")
    })
    .await;
    let mine = app.create_comment(&comment("pour vous")).await;

    let live = events.next_named("comment", WAIT).await;
    assert_eq!(live["id"], mine["id"]);
}

#[tokio::test]
async fn an_erased_comment_is_a_delete_event_and_the_count_drops() {
    let app = spawn_app().await;
    let created = app.create_comment(&comment("à effacer")).await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_named("count", WAIT).await;

    let id = created["id"].as_i64().expect("id");
    app.erase_comment(id, created["edit_token"].as_str().expect("token"))
        .await;

    let deleted = events.next_named("delete", WAIT).await;
    assert_eq!(deleted["id"], id);
    assert_eq!(events.next_named("count", WAIT).await["count"], 0);
}

#[tokio::test]
async fn the_stream_is_event_stream_and_an_unknown_site_is_404() {
    let app = spawn_app().await;

    let ok = app
        .client
        .get(app.url("/api/v1/events?site=demo&page=/"))
        .send()
        .await
        .expect("answers");
    let unknown = app
        .client
        .get(app.url("/api/v1/events?site=nope&page=/"))
        .send()
        .await
        .expect("answers");

    assert_eq!(ok.headers()["content-type"], "text/event-stream");
    assert_error(unknown, StatusCode::NOT_FOUND, "site_not_found").await;
}

#[tokio::test]
async fn a_stream_outlives_the_request_timeout() {
    let app = spawn_app_with(|settings| settings.request_timeout_secs = 1).await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_named("count", WAIT).await;

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let created = app.create_comment(&comment("toujours là")).await;

    assert_eq!(
        events.next_named("comment", WAIT).await["id"],
        created["id"]
    );
}

#[tokio::test]
async fn a_stream_is_sent_as_it_is_to_a_browser_that_accepts_compression() {
    let app = spawn_app().await;

    let mut stream = app
        .client
        .get(app.url("/api/v1/events?site=demo&page=/"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("answers");

    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    assert!(stream.headers().get("content-encoding").is_none());
    let first = tokio::time::timeout(WAIT, stream.chunk())
        .await
        .expect("the first event in time")
        .expect("a chunk")
        .expect("not the end");
    assert!(
        String::from_utf8_lossy(&first).contains("event: count"),
        "{first:?}"
    );
}

#[tokio::test]
async fn an_address_with_too_many_streams_open_is_told_so_until_one_closes() {
    let app = spawn_app_with(|settings| settings.max_streams_per_address = 2).await;
    let first = app.events("site=demo&page=/").await;
    let _second = app.events("site=demo&page=/other").await;

    let refused = app
        .client
        .get(app.url("/api/v1/events?site=demo&page=/third"))
        .send()
        .await
        .expect("answers");

    assert!(refused.headers().contains_key("retry-after"));
    assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "too_many_streams").await;
    drop(first);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let _third = app.events("site=demo&page=/third").await;
}

#[tokio::test]
async fn a_server_holding_as_many_streams_as_it_may_answers_503() {
    let app = spawn_app_with(|settings| {
        settings.max_streams = 1;
        settings.max_streams_per_address = 0;
    })
    .await;
    let _only = app.events("site=demo&page=/").await;

    let refused = app
        .client
        .get(app.url("/api/v1/events?site=demo&page=/"))
        .send()
        .await
        .expect("answers");

    assert_error(refused, StatusCode::SERVICE_UNAVAILABLE, "too_many_streams").await;
}

#[tokio::test]
async fn streams_for_many_pages_leave_no_live_channel_behind_once_closed() {
    let app = spawn_app_with(|settings| {
        settings.reads_per_second = 0;
        settings.max_streams_per_address = 0;
    })
    .await;
    let mut streams = Vec::new();
    for n in 0..50 {
        let mut events = app.events(&format!("site=demo&page=/page-{n}")).await;
        events.next_named("count", WAIT).await;
        streams.push(events);
    }
    let open = sample(&scrape(&app).await, "parlons_live_channels");

    drop(streams);

    assert_eq!(open, Some(50.0), "one channel per page read");
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let channels = sample(&scrape(&app).await, "parlons_live_channels");
        if channels == Some(0.0) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "channels left after every reader went: {channels:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
