//! An author edits (within the window) and erases (any time) with the edit token.

use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app, spawn_app_with};
use reqwest::StatusCode;

async fn created(app: &TestApp, text: &str) -> (i64, String) {
    let body = app.create_comment(&comment(text)).await;
    (
        body["id"].as_i64().expect("id"),
        body["edit_token"].as_str().expect("token").to_owned(),
    )
}

#[tokio::test]
async fn the_author_edits_with_the_token_and_the_html_is_rendered_again() {
    let app = spawn_app().await;
    let (id, token) = created(&app, "premier jet").await;

    let response = app.edit_comment(id, &token, "*version* finale").await;

    assert_eq!(response.status(), StatusCode::OK);
    let edited: serde_json::Value = response.json().await.expect("json");
    assert_eq!(edited["html"], "<p><em>version</em> finale</p>\n");
    assert!(edited["edited_at"].is_string());
}

#[tokio::test]
async fn a_wrong_or_missing_token_is_403_and_changes_nothing() {
    let app = spawn_app().await;
    let (id, _) = created(&app, "original").await;

    let wrong = app
        .edit_comment(id, "0".repeat(64).as_str(), "piraté")
        .await;
    let missing = app
        .client
        .delete(app.url(&format!("/api/v1/comments/{id}")))
        .send()
        .await
        .expect("answers");

    assert_error(wrong, StatusCode::FORBIDDEN, "invalid_edit_token").await;
    assert_error(missing, StatusCode::FORBIDDEN, "invalid_edit_token").await;
    assert_eq!(
        app.demo_thread().await["comments"][0]["html"],
        "<p>original</p>\n"
    );
}

#[tokio::test]
async fn after_the_window_an_edit_is_403_but_erasing_still_works() {
    let app = spawn_app_with(|settings| settings.edit_window_minutes = 0).await;
    let (id, token) = created(&app, "figé").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;

    let edit = app.edit_comment(id, &token, "trop tard").await;
    let erase = app.erase_comment(id, &token).await;

    assert_error(edit, StatusCode::FORBIDDEN, "edit_window_closed").await;
    assert_eq!(erase.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_erased_comment_leaves_the_thread_and_the_count() {
    let app = spawn_app().await;
    let (id, token) = created(&app, "regret").await;

    let response = app.erase_comment(id, &token).await;

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let thread = app.demo_thread().await;
    assert_eq!(thread["count"], 0);
    assert_eq!(thread["comments"], serde_json::json!([]));
    assert_eq!(
        app.store.get_comment(id).await.expect("row").source,
        "",
        "the text is forgotten"
    );
}

#[tokio::test]
async fn an_erased_comment_with_replies_stays_as_an_empty_placeholder() {
    let app = spawn_app().await;
    let (id, token) = created(&app, "parent").await;
    app.create_comment(&NewComment {
        parent: Some(id),
        ..comment("enfant")
    })
    .await;

    app.erase_comment(id, &token).await;

    let thread = app.demo_thread().await;
    assert_eq!(thread["count"], 1);
    let placeholder = &thread["comments"][0];
    assert_eq!(placeholder["status"], "deleted");
    assert_eq!(placeholder["html"], "");
    assert_eq!(placeholder["author"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_unknown_or_erased_comment_is_404() {
    let app = spawn_app().await;
    let (id, token) = created(&app, "bientôt parti").await;
    app.erase_comment(id, &token).await;

    let again = app.erase_comment(id, &token).await;
    let unknown = app.edit_comment(9999, &token, "x").await;
    let not_a_number = app
        .client
        .delete(app.url("/api/v1/comments/abc"))
        .send()
        .await
        .expect("answers");

    assert_error(again, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_error(not_a_number, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn an_empty_edit_is_422() {
    let app = spawn_app().await;
    let (id, token) = created(&app, "texte").await;

    let response = app.edit_comment(id, &token, "  ").await;

    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "text");
}

#[tokio::test]
async fn a_new_comment_says_until_when_it_can_be_edited() {
    let app = spawn_app_with(|settings| settings.edit_window_minutes = 15).await;

    let created = app.create_comment(&comment("bonjour")).await;

    let at = created["created_at"].as_str().expect("time");
    let until = created["edit_until"].as_str().expect("time");
    assert!(until > at, "{until} should be after {at}");
}

#[tokio::test]
async fn the_author_reads_their_own_pending_comment_with_the_token_only() {
    let app = spawn_app().await;
    app.add_site(
        "journal",
        &[app.base_url.as_str()],
        parlons_server::domain::site::Moderation::Pre,
    )
    .await;
    let pending: serde_json::Value = app
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("en attente")
        })
        .await
        .json()
        .await
        .expect("json");
    let id = pending["id"].as_i64().expect("id");
    let read = |token: &str| {
        app.client
            .get(app.url(&format!("/api/v1/comments/{id}")))
            .header("x-edit-token", token.to_owned())
            .send()
    };

    let mine = read(pending["edit_token"].as_str().expect("token"))
        .await
        .expect("answers");
    let theirs = read("not-the-token").await.expect("answers");
    let nothing = app
        .client
        .get(app.url(&format!("/api/v1/comments/{}", id + 1000)))
        .header("x-edit-token", "not-the-token")
        .send()
        .await
        .expect("answers");

    assert_eq!(mine.status(), StatusCode::OK);
    assert_eq!(
        mine.json::<serde_json::Value>().await.expect("json")["status"],
        "pending"
    );
    // Someone else's pending comment and no comment at all answer alike.
    let theirs = assert_error(theirs, StatusCode::NOT_FOUND, "comment_not_found").await;
    let nothing = assert_error(nothing, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_eq!(theirs, nothing);
}
