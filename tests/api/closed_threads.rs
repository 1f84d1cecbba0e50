//! Closed threads: a moderator closes a thread (or the site closes threads some days after
//! their first comment); it then refuses posts and replies with `403 thread_closed`, stores
//! nothing, and says `"closed": true`, while reading and votes go on.

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app, stored_comment};
use reqwest::{Response, StatusCode};
use serde_json::json;

/// `POST /api/v1/moderation/threads/{action}` with a bearer token (or none).
async fn set(
    app: &TestApp,
    action: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> Response {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/moderation/threads/{action}")))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

fn demo_page() -> serde_json::Value {
    json!({ "site": "demo", "page": "/" })
}

#[tokio::test]
async fn a_closed_thread_refuses_posts_and_replies_and_stores_nothing() {
    let app = spawn_app().await;
    let first = app.create_comment(&comment("avant")).await;
    let token = app.add_moderator("mod", None).await;

    let closed = set(&app, "close", Some(&token), demo_page()).await;
    let post = app.post_comment(&comment("après")).await;
    let reply = app
        .post_comment(&NewComment {
            parent: first["id"].as_i64(),
            ..comment("une réponse")
        })
        .await;

    assert_eq!(closed.status(), StatusCode::OK);
    let closed: serde_json::Value = closed.json().await.expect("json");
    assert_eq!(
        closed,
        json!({ "site": "demo", "page": "/", "closed": true })
    );
    assert_error(post, StatusCode::FORBIDDEN, "thread_closed").await;
    assert_error(reply, StatusCode::FORBIDDEN, "thread_closed").await;
    let thread = app.demo_thread().await;
    assert_eq!(thread["closed"], true);
    assert_eq!(thread["count"], 1, "nothing was stored");
    let vote = app
        .vote(first["id"].as_i64().expect("id"), "ada-0123456789abcdef", 1)
        .await;
    assert_eq!(vote.status(), StatusCode::OK, "votes go on");
}

#[tokio::test]
async fn an_opened_thread_takes_comments_again_and_other_pages_never_closed() {
    let app = spawn_app().await;
    let token = app.add_moderator("mod", None).await;
    set(&app, "close", Some(&token), demo_page()).await;
    let elsewhere = app
        .post_comment(&NewComment {
            page: "/autre".into(),
            ..comment("ailleurs")
        })
        .await;

    let opened = set(&app, "open", Some(&token), demo_page()).await;
    let post = app.post_comment(&comment("de nouveau")).await;

    assert_eq!(elsewhere.status(), StatusCode::CREATED);
    assert_eq!(opened.status(), StatusCode::OK);
    assert_eq!(post.status(), StatusCode::CREATED);
    assert_eq!(app.demo_thread().await["closed"], false);
    let log = app.store.audit_log(None, 10).await.expect("the audit log");
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert!(actions.starts_with(&["open", "close"]), "{actions:?}");
    assert_eq!(log[0].site.as_deref(), Some("demo"));
}

/// Writes a published comment on `demo` `/` as if posted `days` ago.
async fn comment_from(app: &TestApp, days: i64) {
    let record = stored_comment(
        "ancien",
        time::OffsetDateTime::now_utc() - time::Duration::days(days),
    );
    app.store
        .insert_comments(std::slice::from_ref(&record))
        .await
        .expect("written");
}

#[tokio::test]
async fn a_site_closes_threads_some_days_after_their_first_comment() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.close_after_days = Some(30))
        .await;
    comment_from(&app, 31).await;
    let token = app.add_moderator("mod", None).await;

    let old = app.post_comment(&comment("trop tard")).await;
    let fresh_page = app
        .post_comment(&NewComment {
            page: "/nouveau".into(),
            ..comment("à temps")
        })
        .await;
    set(&app, "open", Some(&token), demo_page()).await;
    let reopened = app.post_comment(&comment("rouvert")).await;

    assert_error(old, StatusCode::FORBIDDEN, "thread_closed").await;
    assert_eq!(fresh_page.status(), StatusCode::CREATED);
    assert_eq!(
        reopened.status(),
        StatusCode::CREATED,
        "a moderator's word wins"
    );
}

#[tokio::test]
async fn a_thread_younger_than_the_sites_rule_stays_open() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.close_after_days = Some(30))
        .await;
    comment_from(&app, 29).await;

    let post = app.post_comment(&comment("encore à temps")).await;

    assert_eq!(post.status(), StatusCode::CREATED);
    assert_eq!(app.demo_thread().await["closed"], false);
}

#[tokio::test]
async fn only_a_moderator_of_the_site_may_close_and_bad_input_is_refused() {
    let app = spawn_app().await;
    app.add_site("autre", &[app.base_url.as_str()], Moderation::Post)
        .await;
    let other = app.add_moderator("ailleurs", Some(&["autre"])).await;
    let token = app.add_moderator("mod", None).await;

    let anonymous = set(&app, "close", None, demo_page()).await;
    let elsewhere = set(&app, "close", Some(&other), demo_page()).await;
    let bad_page = set(
        &app,
        "close",
        Some(&token),
        json!({ "site": "demo", "page": "" }),
    )
    .await;
    let unknown_site = set(
        &app,
        "close",
        Some(&token),
        json!({ "site": "nulle-part", "page": "/" }),
    )
    .await;
    let missing = set(&app, "close", Some(&token), json!({ "page": "/" })).await;

    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(elsewhere, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(bad_page, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
    assert_error(unknown_site, StatusCode::NOT_FOUND, "site_not_found").await;
    assert_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(app.demo_thread().await["closed"], false);
}
