//! An edit is reviewed as a post is: links, blocks and the site's mode may send a published
//! comment back to the moderators; and a moderator acts on the version of the text they read.

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

async fn thread_ids(app: &TestApp, site: &str) -> Vec<i64> {
    let thread: Value = app
        .get_thread(&format!("site={site}&page=/"))
        .await
        .json()
        .await
        .expect("JSON");
    thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect()
}

/// A comment waiting on a new `pre` site `revue`: its id and edit token, and a moderator's
/// `Authorization`.
async fn waiting_on_a_pre_site(app: &TestApp, text: &str) -> (i64, String, String) {
    app.add_site("revue", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let bearer = format!("Bearer {}", app.add_moderator("ines", None).await);
    let post = NewComment {
        site: "revue".into(),
        ..comment(text)
    };
    let created: Value = app.post_comment(&post).await.json().await.expect("JSON");
    let (id, token) = posted(&created);
    (id, token, bearer)
}

fn posted(created: &Value) -> (i64, String) {
    (
        created["id"].as_i64().expect("id"),
        created["edit_token"].as_str().expect("token").to_owned(),
    )
}

#[tokio::test]
async fn a_published_comment_edited_to_carry_many_links_goes_back_to_the_moderators() {
    let app = spawn_app().await;
    let (id, token) = posted(&app.create_comment(&comment("Un avis sans lien")).await);
    let links: String = (0..10)
        .map(|n| format!("[lien {n}](https://spam.example/{n}) "))
        .collect();

    let edited = app.edit_comment(id, &token, &links).await;

    assert_eq!(edited.status(), StatusCode::OK);
    let edited: Value = edited.json().await.expect("JSON");
    assert_eq!(edited["status"], "pending", "its author sees it waiting");
    assert!(
        thread_ids(&app, "demo").await.is_empty(),
        "readers no longer see it"
    );
}

#[tokio::test]
async fn on_a_pre_moderated_site_an_approved_comment_edited_waits_again() {
    let app = spawn_app().await;
    let (id, token, bearer) = waiting_on_a_pre_site(&app, "Texte relu").await;
    app.moderate(id, "approve", &[("authorization", &bearer)])
        .await;
    assert_eq!(thread_ids(&app, "revue").await, [id]);

    let edited = app.edit_comment(id, &token, "Tout autre chose").await;

    let edited: Value = edited.json().await.expect("JSON");
    assert_eq!(edited["status"], "pending");
    assert!(thread_ids(&app, "revue").await.is_empty());
}

#[tokio::test]
async fn approving_a_version_that_was_edited_since_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let (id, token, bearer) = waiting_on_a_pre_site(&app, "Texte inoffensif").await;
    let queue: Value = app
        .client
        .get(app.url("/api/v1/moderation/queue?site=revue"))
        .header("authorization", &bearer)
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    let read = queue["comments"][0]["version"]
        .as_str()
        .expect("a version")
        .to_owned();
    app.edit_comment(id, &token, "Texte remplacé après lecture")
        .await;

    let stale = app
        .client
        .post(app.url(&format!(
            "/api/v1/moderation/comments/{id}/approve?version={read}"
        )))
        .header("authorization", &bearer)
        .send()
        .await
        .expect("answers");

    assert_error(stale, StatusCode::CONFLICT, "comment_changed").await;
    assert!(thread_ids(&app, "revue").await.is_empty(), "still waiting");
}
