//! Who may moderate: every cell of the authorization matrix, asserted.

use parlons_server::domain::site::Moderation;
use parlons_server::store::CredentialKind;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

/// A server with a pre-moderated site `journal` and one pending comment on it.
async fn pending_comment() -> (TestApp, i64, String) {
    let app = spawn_app().await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    app.add_site("autre", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let response = app
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("à valider")
        })
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let pending: serde_json::Value = response.json().await.expect("json");
    let id = pending["id"].as_i64().expect("id");
    (
        app,
        id,
        pending["edit_token"].as_str().expect("token").to_owned(),
    )
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

#[tokio::test]
async fn anonymous_requests_are_401() {
    let (app, id, _) = pending_comment().await;

    let approve = app.moderate(id, "approve", &[]).await;
    let queue = app
        .client
        .get(app.url("/api/v1/moderation/queue"))
        .send()
        .await
        .expect("answers");

    assert_error(approve, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(queue, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_readers_edit_token_right_or_wrong_is_never_a_moderator_credential() {
    let (app, id, edit_token) = pending_comment().await;

    let right = app
        .moderate(id, "approve", &[("x-edit-token", &edit_token)])
        .await;
    let as_bearer = app
        .moderate(id, "approve", &[("authorization", &bearer(&edit_token))])
        .await;
    let wrong = app
        .moderate(id, "approve", &[("x-edit-token", "nope")])
        .await;

    assert_error(right, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(as_bearer, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_moderator_of_another_site_is_403() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("bruno", Some(&["autre"])).await;

    let approve = app
        .moderate(id, "approve", &[("authorization", &bearer(&token))])
        .await;
    let queue = app.queue("site=journal", &token).await;

    assert_error(approve, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(queue, StatusCode::FORBIDDEN, "not_a_moderator").await;
}

#[tokio::test]
async fn the_sites_moderator_sees_the_queue_and_approves() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("amelie", Some(&["journal"])).await;

    let queue: serde_json::Value = app.queue("", &token).await.json().await.expect("json");
    let approve = app
        .moderate(id, "approve", &[("authorization", &bearer(&token))])
        .await;

    assert_eq!(queue["comments"][0]["id"], id);
    assert_eq!(queue["comments"][0]["site"], "journal");
    assert_eq!(queue["comments"][0]["page"], "/");
    assert_eq!(queue["comments"][0]["html"], "<p>à valider</p>\n");
    assert_eq!(approve.status(), StatusCode::OK);
    let approved: serde_json::Value = approve.json().await.expect("json");
    assert_eq!(approved["status"], "published");
}

#[tokio::test]
async fn an_all_sites_moderator_may_act_anywhere() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("chef", None).await;

    let approve = app
        .moderate(id, "approve", &[("authorization", &bearer(&token))])
        .await;

    assert_eq!(approve.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_revoked_token_or_an_expired_session_is_401() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("amelie", Some(&["journal"])).await;
    app.store
        .revoke_credential(
            &parlons_server::domain::token::hash_secret(&token),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("revoked");
    let past = time::OffsetDateTime::now_utc() - time::Duration::hours(1);
    let session = app
        .new_credential("amelie", CredentialKind::Session, Some(past))
        .await;

    let revoked = app
        .moderate(id, "approve", &[("authorization", &bearer(&token))])
        .await;
    let expired = app
        .moderate(
            id,
            "approve",
            &[
                ("cookie", &format!("parlons_session={session}")),
                ("origin", &app.base_url),
            ],
        )
        .await;

    assert_error(revoked, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(expired, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn a_session_cookie_works_from_our_own_pages_only() {
    let (app, id, _) = pending_comment().await;
    app.add_moderator("amelie", Some(&["journal"])).await;
    let future = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let session = app
        .new_credential("amelie", CredentialKind::Session, Some(future))
        .await;
    let cookie = format!("parlons_session={session}");

    let forged = app
        .moderate(
            id,
            "approve",
            &[("cookie", &cookie), ("origin", "https://evil.example")],
        )
        .await;
    let no_origin = app.moderate(id, "approve", &[("cookie", &cookie)]).await;
    let ours = app
        .moderate(
            id,
            "approve",
            &[("cookie", &cookie), ("origin", &app.base_url)],
        )
        .await;

    assert_error(forged, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    assert_error(no_origin, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    assert_eq!(ours.status(), StatusCode::OK);
}

#[tokio::test]
async fn approving_twice_or_an_unknown_comment_says_why() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("amelie", Some(&["journal"])).await;
    let auth = bearer(&token);
    app.moderate(id, "approve", &[("authorization", &auth)])
        .await;

    let again = app
        .moderate(id, "approve", &[("authorization", &auth)])
        .await;
    let unknown = app
        .moderate(9999, "approve", &[("authorization", &auth)])
        .await;
    let restore_live = app
        .moderate(id, "restore", &[("authorization", &auth)])
        .await;

    assert_error(again, StatusCode::CONFLICT, "invalid_transition").await;
    assert_error(unknown, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_error(restore_live, StatusCode::CONFLICT, "invalid_transition").await;
}

#[tokio::test]
async fn an_unknown_action_is_404() {
    let (app, id, _) = pending_comment().await;
    let token = app.add_moderator("amelie", Some(&["journal"])).await;

    let response = app
        .moderate(id, "obliterate", &[("authorization", &bearer(&token))])
        .await;

    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}
