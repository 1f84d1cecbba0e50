//! `POST /api/v1/comments/{id}/vote` and the thread sorted by score: one vote per reader and
//! comment, changed or taken back, as the site allows; bad votes store nothing.

use std::time::Duration;

use parlons_shared::Votes;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(5);
const ADA: &str = "ada-0123456789abcdef";
const BOB: &str = "bob-0123456789abcdef";

async fn posted(app: &TestApp, text: &str) -> i64 {
    app.create_comment(&comment(text)).await["id"]
        .as_i64()
        .expect("an id")
}

async fn tally(response: reqwest::Response) -> (u64, u64) {
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    (
        body["upvotes"].as_u64().expect("up"),
        body["downvotes"].as_u64().expect("down"),
    )
}

#[tokio::test]
async fn a_reader_votes_once_per_comment_and_can_change_or_take_back_the_vote() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.votes = Votes::UpDown)
        .await;
    let id = posted(&app, "Bien vu").await;

    assert_eq!(tally(app.vote(id, ADA, 1).await).await, (1, 0));
    assert_eq!(
        tally(app.vote(id, ADA, 1).await).await,
        (1, 0),
        "twice counts once"
    );
    assert_eq!(tally(app.vote(id, BOB, 1).await).await, (2, 0));
    assert_eq!(tally(app.vote(id, ADA, -1).await).await, (1, 1), "changed");
    assert_eq!(
        tally(app.vote(id, BOB, 0).await).await,
        (0, 1),
        "taken back"
    );

    let thread = app.demo_thread().await;
    assert_eq!(thread["votes"], "up_down");
    assert_eq!(thread["comments"][0]["upvotes"], 0);
    assert_eq!(thread["comments"][0]["downvotes"], 1);
}

#[tokio::test]
async fn a_site_takes_up_votes_only_by_default_and_none_when_off() {
    let app = spawn_app().await;
    let id = posted(&app, "Bien vu").await;

    assert_eq!(app.demo_thread().await["votes"], "up");
    assert_error(
        app.vote(id, ADA, -1).await,
        StatusCode::FORBIDDEN,
        "votes_off",
    )
    .await;
    app.change_site("demo", |site| site.votes = Votes::Off)
        .await;
    assert_error(
        app.vote(id, ADA, 1).await,
        StatusCode::FORBIDDEN,
        "votes_off",
    )
    .await;

    assert_eq!(
        app.demo_thread().await["comments"][0]["upvotes"],
        0,
        "nothing counted"
    );
}

#[tokio::test]
async fn bad_votes_are_refused_and_count_nothing() {
    let app = spawn_app().await;
    let id = posted(&app, "Bien vu").await;

    for (voter, value, field) in [
        ("short", 1, "voter"),
        ("has spaces in it, see?", 1, "voter"),
        (ADA, 2, "value"),
    ] {
        let response = app.vote(id, voter, value).await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
        assert_eq!(body["error"]["field"], field);
    }
    assert_error(
        app.vote(id + 1000, ADA, 1).await,
        StatusCode::NOT_FOUND,
        "comment_not_found",
    )
    .await;
    let other_site = app
        .client
        .post(app.url(&format!("/api/v1/comments/{id}/vote")))
        .header("origin", "https://elsewhere.example")
        .json(&json!({ "voter": ADA, "value": 1 }))
        .send()
        .await
        .expect("answers");
    assert_error(other_site, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    let not_json = app
        .client
        .post(app.url(&format!("/api/v1/comments/{id}/vote")))
        .header("origin", &app.base_url)
        .header("content-type", "application/json")
        .body("{\"voter\":")
        .send()
        .await
        .expect("answers");
    assert_error(not_json, StatusCode::BAD_REQUEST, "malformed_request").await;

    assert_eq!(app.demo_thread().await["comments"][0]["upvotes"], 0);
}

#[tokio::test]
async fn an_erased_comment_takes_no_votes() {
    let app = spawn_app().await;
    let created = app.create_comment(&comment("Bientôt effacé")).await;
    let id = created["id"].as_i64().expect("id");
    let token = created["edit_token"].as_str().expect("token");
    assert_eq!(
        app.erase_comment(id, token).await.status(),
        StatusCode::NO_CONTENT
    );

    assert_error(
        app.vote(id, ADA, 1).await,
        StatusCode::NOT_FOUND,
        "comment_not_found",
    )
    .await;
}

#[tokio::test]
async fn votes_from_one_address_are_limited() {
    let app = spawn_app().await;
    let id = posted(&app, "Bien vu").await;

    let mut statuses = Vec::new();
    for n in 0..25 {
        statuses.push(app.vote(id, &format!("reader-{n:016}"), 1).await.status());
    }

    assert!(
        statuses[..20]
            .iter()
            .all(|status| *status == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[24], StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.demo_thread().await["comments"][0]["upvotes"], 20);
}

#[tokio::test]
async fn readers_of_the_page_see_the_tally_move_live() {
    let app = spawn_app().await;
    let id = posted(&app, "Bien vu").await;
    let mut events = app.events("site=demo&page=/").await;
    events.next_named("count", WAIT).await;

    app.vote(id, ADA, 1).await;

    let tally = events.next_named("votes", WAIT).await;
    assert_eq!(tally, json!({ "id": id, "upvotes": 1, "downvotes": 0 }));
}
