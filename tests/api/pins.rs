//! Pins: a moderator puts up to three top-level comments above the page's others, in every
//! sort, live; replies, waiting comments and a fourth pin are refused.

use std::time::Duration;

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

const WAIT: Duration = Duration::from_secs(5);

/// Posts top-level comments on `demo` `/` and returns their ids.
async fn post_all(app: &TestApp, texts: &[&str]) -> Vec<i64> {
    let mut ids = Vec::new();
    for text in texts {
        let created = app.create_comment(&comment(text)).await;
        ids.push(created["id"].as_i64().expect("an id"));
    }
    ids
}

/// The ids of a thread answer's top-level comments, in order.
async fn roots(app: &TestApp, query: &str) -> Vec<i64> {
    let response = app.get_thread(query).await;
    assert_eq!(response.status(), StatusCode::OK);
    let thread: serde_json::Value = response.json().await.expect("a JSON thread");
    thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .filter(|comment| comment["parent"].is_null())
        .map(|comment| comment["id"].as_i64().expect("an id"))
        .collect()
}

fn auth(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn a_pinned_comment_comes_first_in_oldest_newest_and_top() {
    let app = spawn_app().await;
    let ids = post_all(&app, &["premier", "deuxième", "troisième"]).await;
    assert_eq!(
        app.vote(ids[2], "ada-0123456789abcdef", 1).await.status(),
        StatusCode::OK
    );
    let token = app.add_moderator("mod", None).await;

    let pinned = app
        .moderate(ids[1], "pin", &[("authorization", &auth(&token))])
        .await;

    assert_eq!(pinned.status(), StatusCode::OK);
    let pinned: serde_json::Value = pinned.json().await.expect("json");
    assert_eq!(pinned["pinned"], true);
    let base = "site=demo&page=/";
    assert_eq!(
        roots(&app, &format!("{base}&sort=oldest")).await,
        [ids[1], ids[0], ids[2]]
    );
    assert_eq!(
        roots(&app, &format!("{base}&sort=newest")).await,
        [ids[1], ids[2], ids[0]]
    );
    assert_eq!(
        roots(&app, &format!("{base}&sort=top")).await,
        [ids[1], ids[2], ids[0]]
    );
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][0]["pinned"], true);
    assert_eq!(thread["comments"][1]["pinned"], false);
}

#[tokio::test]
async fn pinned_comments_start_the_first_page_only_and_are_not_counted_in_its_limit() {
    let app = spawn_app().await;
    let ids = post_all(&app, &["un", "deux", "trois", "quatre"]).await;
    let token = app.add_moderator("mod", None).await;
    app.moderate(ids[3], "pin", &[("authorization", &auth(&token))])
        .await;

    let first: serde_json::Value = app
        .get_thread("site=demo&page=/&sort=oldest&limit=2")
        .await
        .json()
        .await
        .expect("json");
    let next = first["next"].as_str().expect("a next page");
    let second = roots(
        &app,
        &format!("site=demo&page=/&sort=oldest&limit=2&after={next}"),
    )
    .await;
    let newest: serde_json::Value = app
        .get_thread("site=demo&page=/&sort=newest&limit=2")
        .await
        .json()
        .await
        .expect("json");
    let newest_next = newest["next"].as_str().expect("a next page");
    let newest_second = roots(
        &app,
        &format!("site=demo&page=/&sort=newest&limit=2&after={newest_next}"),
    )
    .await;

    let shown = |page: &serde_json::Value| -> Vec<i64> {
        page["comments"]
            .as_array()
            .expect("comments")
            .iter()
            .map(|comment| comment["id"].as_i64().expect("id"))
            .collect()
    };
    assert_eq!(shown(&first), [ids[3], ids[0], ids[1]]);
    assert_eq!(second, [ids[2]], "the pinned comment is not shown twice");
    assert_eq!(shown(&newest), [ids[3], ids[2], ids[1]]);
    assert_eq!(newest_second, [ids[0]]);
}

#[tokio::test]
async fn unpinning_puts_the_comment_back_in_its_place() {
    let app = spawn_app().await;
    let ids = post_all(&app, &["un", "deux"]).await;
    let token = app.add_moderator("mod", None).await;
    let header = auth(&token);
    app.moderate(ids[1], "pin", &[("authorization", &header)])
        .await;

    let unpinned = app
        .moderate(ids[1], "unpin", &[("authorization", &header)])
        .await;

    assert_eq!(unpinned.status(), StatusCode::OK);
    assert_eq!(roots(&app, "site=demo&page=/").await, ids);
    let log = app.store.audit_log(None, 10).await.expect("the audit log");
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert!(
        actions.starts_with(&["unpin", "pin"]),
        "newest first: {actions:?}"
    );
    assert_eq!(log[0].actor, "mod");
}

#[tokio::test]
async fn a_page_takes_three_pins_and_a_fourth_is_refused_without_a_change() {
    let app = spawn_app().await;
    let ids = post_all(&app, &["un", "deux", "trois", "quatre"]).await;
    let token = app.add_moderator("mod", None).await;
    let header = auth(&token);
    for id in &ids[..3] {
        let pinned = app
            .moderate(*id, "pin", &[("authorization", &header)])
            .await;
        assert_eq!(pinned.status(), StatusCode::OK);
    }

    let fourth = app
        .moderate(ids[3], "pin", &[("authorization", &header)])
        .await;

    assert_error(fourth, StatusCode::CONFLICT, "too_many_pins").await;
    let thread = app.demo_thread().await;
    let pinned: Vec<bool> = thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|comment| comment["pinned"] == true)
        .collect();
    assert_eq!(pinned, [true, true, true, false]);
}

#[tokio::test]
async fn a_reply_or_a_waiting_comment_cannot_be_pinned() {
    let app = spawn_app().await;
    app.add_site("revue", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let parent = post_all(&app, &["question"]).await[0];
    let reply = app
        .create_comment(&NewComment {
            parent: Some(parent),
            ..comment("réponse")
        })
        .await;
    let waiting: serde_json::Value = app
        .post_comment(&NewComment {
            site: "revue".into(),
            ..comment("en attente")
        })
        .await
        .json()
        .await
        .expect("json");
    let token = app.add_moderator("mod", None).await;
    let header = auth(&token);

    let on_reply = app
        .moderate(
            reply["id"].as_i64().expect("id"),
            "pin",
            &[("authorization", &header)],
        )
        .await;
    let on_waiting = app
        .moderate(
            waiting["id"].as_i64().expect("id"),
            "pin",
            &[("authorization", &header)],
        )
        .await;

    assert_error(on_reply, StatusCode::CONFLICT, "invalid_transition").await;
    assert_error(on_waiting, StatusCode::CONFLICT, "invalid_transition").await;
}

#[tokio::test]
async fn only_a_moderator_of_the_site_may_pin() {
    let app = spawn_app().await;
    app.add_site("autre", &[app.base_url.as_str()], Moderation::Post)
        .await;
    let id = post_all(&app, &["un"]).await[0];
    let other = app.add_moderator("ailleurs", Some(&["autre"])).await;
    let token = app.add_moderator("mod", None).await;

    let anonymous = app.moderate(id, "pin", &[]).await;
    let elsewhere = app
        .moderate(id, "pin", &[("authorization", &auth(&other))])
        .await;
    let unknown = app
        .moderate(id + 100, "pin", &[("authorization", &auth(&token))])
        .await;

    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(elsewhere, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_eq!(app.demo_thread().await["comments"][0]["pinned"], false);
}

#[tokio::test]
async fn a_pin_reaches_open_widgets_live() {
    let app = spawn_app().await;
    let id = post_all(&app, &["un"]).await[0];
    let token = app.add_moderator("mod", None).await;
    let mut reader = app.events("site=demo&page=/").await;
    reader.next_named("count", WAIT).await;

    app.moderate(id, "pin", &[("authorization", &auth(&token))])
        .await;

    let event = reader.next_named("comment", WAIT).await;
    assert_eq!(event["id"], id);
    assert_eq!(event["pinned"], true);
}

#[tokio::test]
async fn a_deleted_pinned_comment_leaves_the_top_and_comes_back_pinned_when_restored() {
    let app = spawn_app().await;
    let ids = post_all(&app, &["un", "deux"]).await;
    let token = app.add_moderator("mod", None).await;
    let header = auth(&token);
    app.moderate(ids[1], "pin", &[("authorization", &header)])
        .await;

    app.moderate(ids[1], "delete", &[("authorization", &header)])
        .await;
    let deleted = roots(&app, "site=demo&page=/").await;
    app.moderate(ids[1], "restore", &[("authorization", &header)])
        .await;
    let restored = roots(&app, "site=demo&page=/").await;

    assert_eq!(deleted, [ids[0]]);
    assert_eq!(restored, [ids[1], ids[0]]);
}
