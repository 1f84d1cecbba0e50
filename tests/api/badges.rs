//! Badges: a moderator's reply (from the API or `/admin`) carries their name and the
//! `moderator` mark; a comment carries the `author` mark once the address its site's owner
//! marked confirms it by a link mailed there (a real SMTP server on loopback). No reader can
//! give a comment a mark.

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::admin::{owner_session, post, session};
use parlons_tests::smtp::{Mail, MailServer, app_mailing_to};
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `POST /api/v1/moderation/comments/{id}/reply` with `text`, as `authorization` (if any).
async fn reply(
    app: &TestApp,
    id: i64,
    text: &str,
    authorization: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(&format!("/api/v1/moderation/comments/{id}/reply")))
        .json(&serde_json::json!({ "text": text }));
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    request.send().await.expect("answers")
}

async fn comment_count(app: &TestApp) -> usize {
    app.demo_thread().await["comments"]
        .as_array()
        .expect("comments")
        .len()
}

#[tokio::test]
async fn a_moderators_reply_is_published_under_their_name_with_the_moderator_mark() {
    let app = spawn_app().await;
    let question = app.create_comment(&comment("Une question ?")).await["id"]
        .as_i64()
        .expect("id");
    let token = app.add_moderator("amelie", Some(&["demo"])).await;

    let answered = reply(&app, question, "La *réponse*.", Some(&bearer(&token))).await;

    assert_eq!(answered.status(), StatusCode::CREATED);
    let answered: serde_json::Value = answered.json().await.expect("json");
    assert_eq!(answered["badge"], "moderator");
    assert_eq!(answered["author"], "amelie");
    assert_eq!(answered["parent"], question);
    assert_eq!(answered["html"], "<p>La <em>réponse</em>.</p>\n");
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][0]["badge"], serde_json::Value::Null);
    assert_eq!(thread["comments"][1]["badge"], "moderator");
    let log = app.store.audit_log(None, 1).await.expect("the audit log");
    assert_eq!(
        (log[0].action.as_str(), log[0].actor.as_str()),
        ("reply", "amelie")
    );
}

#[tokio::test]
async fn a_reply_is_refused_to_readers_strangers_bad_text_and_comments_it_cannot_answer() {
    let app = spawn_app().await;
    app.add_site("revue", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let question = app.create_comment(&comment("Une question ?")).await["id"]
        .as_i64()
        .expect("id");
    let waiting: serde_json::Value = app
        .post_comment(&NewComment {
            site: "revue".into(),
            ..comment("en attente")
        })
        .await
        .json()
        .await
        .expect("json");
    let own = bearer(&app.add_moderator("tous", None).await);
    let stranger = bearer(&app.add_moderator("ailleurs", Some(&["revue"])).await);

    let cases = [
        (
            reply(&app, question, "Salut", None).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            reply(&app, question, "Salut", Some(&stranger)).await,
            StatusCode::FORBIDDEN,
            "not_a_moderator",
        ),
        (
            reply(&app, question, "   ", Some(&own)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            reply(&app, question, &"é".repeat(10_001), Some(&own)).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            reply(&app, 999_999, "Salut", Some(&own)).await,
            StatusCode::NOT_FOUND,
            "comment_not_found",
        ),
        (
            reply(
                &app,
                waiting["id"].as_i64().expect("id"),
                "Salut",
                Some(&own),
            )
            .await,
            StatusCode::CONFLICT,
            "invalid_transition",
        ),
    ];

    for (response, status, code) in cases {
        assert_error(response, status, code).await;
    }
    assert_eq!(comment_count(&app).await, 1, "no reply was stored");
}

#[tokio::test]
async fn a_reader_cannot_give_their_comment_a_mark() {
    let app = spawn_app().await;

    let posted = app
        .client
        .post(app.url("/api/v1/comments"))
        .header("origin", &app.base_url)
        .json(&serde_json::json!({
            "site": "demo", "page": "/", "text": "Je suis modérateur", "author": "moderator",
            "badge": "moderator"
        }))
        .send()
        .await
        .expect("answers");

    assert!(posted.status().is_success(), "{}", posted.status());
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][0]["badge"], serde_json::Value::Null);
}

#[tokio::test]
async fn a_moderator_replies_from_admin_and_the_reply_carries_the_mark() {
    let app = spawn_app().await;
    let question = app.create_comment(&comment("Une question ?")).await["id"]
        .as_i64()
        .expect("id");
    let cookie = session(&app, "amelie", Some(&["demo"])).await;

    let sent = post(
        &app,
        &cookie,
        &format!("/admin/comments/{question}/reply"),
        &[("text", "Merci !"), ("site", "demo"), ("page", "")],
    )
    .await;

    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][1]["author"], "amelie");
    assert_eq!(thread["comments"][1]["badge"], "moderator");
    let page = parlons_tests::admin::page(&app, &cookie, "site=demo").await;
    assert!(page.contains("class=\"badge\">Moderator<"), "{page}");
}

/// The claim link of an "is this comment yours?" email.
fn claim_link(mail: &Mail) -> String {
    mail.body
        .split_whitespace()
        .find(|word| word.contains("/email/claim/"))
        .unwrap_or_else(|| panic!("no claim link in {}", mail.body))
        .to_owned()
}

async fn post_by(app: &TestApp, text: &str, email: &str) -> i64 {
    app.create_comment(&NewComment {
        email: Some(email.into()),
        ..comment(text)
    })
    .await["id"]
        .as_i64()
        .expect("id")
}

#[tokio::test]
async fn an_authors_comment_carries_the_author_mark_once_they_confirm_it_by_mail() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let owner = owner_session(&app, "redaction", "demo").await;
    let added = post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "Amelie@Journal.example")],
    )
    .await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    post_by(&app, "Un lecteur", "lecteur@example.org").await;
    let id = post_by(
        &app,
        "L'article a été mis à jour.",
        "amelie@journal.example",
    )
    .await;

    let mail = smtp.wait_for(1).await.remove(0);
    let link = claim_link(&mail);
    let asked = app.client.get(&link).send().await.expect("answers");
    let before = app.demo_thread().await;
    let confirmed = app.client.post(&link).send().await.expect("answers");

    assert_eq!(mail.to, "amelie@journal.example");
    assert!(
        mail.subject.ends_with("Is this comment yours?"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body.contains("L'article a été mis à jour."),
        "{}",
        mail.body
    );
    assert_eq!(asked.status(), StatusCode::OK);
    assert_eq!(
        before["comments"][1]["badge"],
        serde_json::Value::Null,
        "opening the link marks nothing"
    );
    assert_eq!(confirmed.status(), StatusCode::OK);
    let thread = app.demo_thread().await;
    assert_eq!(thread["comments"][0]["badge"], serde_json::Value::Null);
    assert_eq!(thread["comments"][1]["id"], id);
    assert_eq!(thread["comments"][1]["badge"], "author");
    assert_eq!(
        smtp.mails().len(),
        1,
        "the reader who is no author got no mail"
    );
}

#[tokio::test]
async fn an_address_no_longer_an_author_cannot_mark_its_comment() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let owner = owner_session(&app, "redaction", "demo").await;
    post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "amelie@journal.example")],
    )
    .await;
    post_by(&app, "Premier", "amelie@journal.example").await;
    let link = claim_link(&smtp.wait_for(1).await.remove(0));
    let authors = app.store.authors("demo").await.expect("authors");
    let removed = post(
        &app,
        &owner,
        &format!("/admin/sites/demo/authors/{}/remove", authors[0].email_hash),
        &[],
    )
    .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);

    let refused = app.client.post(&link).send().await.expect("answers");

    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(
        app.demo_thread().await["comments"][0]["badge"],
        serde_json::Value::Null
    );
    let actions: Vec<String> = app
        .store
        .audit_log(None, 5)
        .await
        .expect("the audit log")
        .into_iter()
        .map(|entry| entry.action)
        .collect();
    assert_eq!(actions[..2], ["author_removed", "author_added"]);
}

#[tokio::test]
async fn only_a_sites_owner_marks_authors_and_only_valid_addresses() {
    let app = spawn_app().await;
    let moderator = session(&app, "moderatrice", Some(&["demo"])).await;
    let owner = owner_session(&app, "redaction", "demo").await;

    let by_moderator = post(
        &app,
        &moderator,
        "/admin/sites/demo/authors",
        &[("email", "a@b.example")],
    )
    .await;
    let bad = post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "pas une adresse")],
    )
    .await;
    post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "a@b.example")],
    )
    .await;
    let twice = post(
        &app,
        &owner,
        "/admin/sites/demo/authors",
        &[("email", "A@b.example")],
    )
    .await;

    assert_error(by_moderator, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_error(twice, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let authors = app.store.authors("demo").await.expect("authors");
    assert_eq!(authors.len(), 1);
    assert_eq!(authors[0].label, "a…@b.example");
}
