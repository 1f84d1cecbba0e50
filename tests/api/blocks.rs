//! Blocking from `/admin` (an address or an email, on one site, for a time) and the purge
//! that forgets address hashes after `address_retention_days`.

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::admin::{page, post, session};
use parlons_tests::{assert_error, comment, spawn_app};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

fn id_of(created: &serde_json::Value) -> i64 {
    created["id"].as_i64().expect("an id")
}

#[tokio::test]
async fn a_blocked_address_cannot_post_on_that_site_until_unblocked() {
    let app = spawn_app().await;
    app.add_site("other", &[&app.base_url], Moderation::Post)
        .await;
    let cookie = session(&app, "ana", None).await;
    let spam = app.create_comment(&comment("Pub !")).await;

    let blocked = post(
        &app,
        &cookie,
        &format!("/admin/comments/{}/block", id_of(&spam)),
        &[("kind", "address"), ("days", "7")],
    )
    .await;
    let refused = app.post_comment(&comment("Encore de la pub")).await;
    let elsewhere = app
        .post_comment(&NewComment {
            site: "other".into(),
            ..comment("Ailleurs")
        })
        .await;
    let page = page(&app, &cookie, "").await;

    assert_eq!(blocked.status(), StatusCode::SEE_OTHER);
    let body = assert_error(refused, StatusCode::FORBIDDEN, "blocked").await;
    assert!(
        body["error"]["message"]
            .as_str()
            .expect("text")
            .contains("until")
    );
    assert_eq!(
        elsewhere.status(),
        StatusCode::CREATED,
        "another site is not blocked"
    );
    assert!(page.contains("Blocked (1)"), "{page}");
    assert_eq!(app.demo_thread().await["count"], 1);

    let block_id = app
        .store
        .active_blocks(OffsetDateTime::now_utc())
        .await
        .expect("read")[0]
        .id;
    let lifted = post(
        &app,
        &cookie,
        &format!("/admin/blocks/{block_id}/remove"),
        &[],
    )
    .await;
    let after = app.post_comment(&comment("Je me suis calmé")).await;

    assert_eq!(lifted.status(), StatusCode::SEE_OTHER);
    assert_eq!(after.status(), StatusCode::CREATED);
    let log = app.store.audit_log(None, 10).await.expect("read");
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert!(
        actions.contains(&"block_address") && actions.contains(&"unblock_address"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn a_blocked_email_is_refused_with_or_without_its_case_and_others_post() {
    let app = spawn_app().await;
    let cookie = session(&app, "ana", None).await;
    let spam = app
        .create_comment(&NewComment {
            email: Some("troll@example.org".into()),
            ..comment("Trollage")
        })
        .await;

    post(
        &app,
        &cookie,
        &format!("/admin/comments/{}/block", id_of(&spam)),
        &[("kind", "email"), ("days", "1")],
    )
    .await;
    let same_email = app
        .post_comment(&NewComment {
            email: Some("Troll@Example.org".into()),
            ..comment("Encore moi")
        })
        .await;
    let no_email = app.post_comment(&comment("Quelqu'un d'autre")).await;

    assert_error(same_email, StatusCode::FORBIDDEN, "blocked").await;
    assert_eq!(no_email.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_moderator_of_another_site_cannot_block_and_bad_forms_store_nothing() {
    let app = spawn_app().await;
    app.add_site("other", &[&app.base_url], Moderation::Post)
        .await;
    let cookie = session(&app, "olga", Some(&["other"])).await;
    let spam = app.create_comment(&comment("Sur demo")).await;
    let path = format!("/admin/comments/{}/block", id_of(&spam));

    let not_theirs = post(&app, &cookie, &path, &[("kind", "address"), ("days", "7")]).await;
    let bad_kind = post(&app, &cookie, &path, &[("kind", "ip"), ("days", "7")]).await;
    let no_email = {
        let mine = session(&app, "ana", None).await;
        post(&app, &mine, &path, &[("kind", "email"), ("days", "7")]).await
    };
    let bad_days = post(
        &app,
        &cookie,
        &path,
        &[("kind", "address"), ("days", "365")],
    )
    .await;

    assert_error(not_theirs, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(bad_kind, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_error(no_email, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_error(bad_days, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let blocks = app
        .store
        .active_blocks(OffsetDateTime::now_utc())
        .await
        .expect("read");
    assert!(blocks.is_empty());
}

#[tokio::test]
async fn address_hashes_are_kept_for_the_retention_then_purged_and_erasing_clears_them() {
    let app = spawn_app().await;
    let kept = app.create_comment(&comment("Gardé un temps")).await;
    let erased = app.create_comment(&comment("Effacé")).await;
    let hashes = app.store.poster_hashes(id_of(&kept)).await.expect("read");
    let hash = hashes.address_hash.expect("the address is kept as a hash");
    assert_eq!(hash.len(), 32);
    assert!(!hash.contains("127.0.0.1"));

    let token = erased["edit_token"].as_str().expect("token");
    app.erase_comment(id_of(&erased), token).await;
    let now = OffsetDateTime::now_utc();
    let too_soon = app
        .store
        .purge_personal_data(now - Duration::days(30), now)
        .await
        .expect("purge");
    let later = app
        .store
        .purge_personal_data(now + Duration::seconds(1), now)
        .await
        .expect("purge");

    let erased = app.store.poster_hashes(id_of(&erased)).await.expect("read");
    assert_eq!(erased.address_hash, None, "erasing forgets the address");
    assert_eq!(too_soon.address_hashes, 0);
    assert_eq!(later.address_hashes, 1);
    let kept = app.store.poster_hashes(id_of(&kept)).await.expect("read");
    assert_eq!(kept.address_hash, None);
}

#[tokio::test]
async fn a_blocked_address_cannot_edit_its_earlier_comment_either() {
    let app = spawn_app().await;
    let cookie = session(&app, "ana", None).await;
    let earlier = app.create_comment(&comment("Avant le blocage")).await;
    let token = earlier["edit_token"].as_str().expect("a token");
    post(
        &app,
        &cookie,
        &format!("/admin/comments/{}/block", id_of(&earlier)),
        &[("kind", "address"), ("days", "7")],
    )
    .await;

    let edit = app
        .edit_comment(id_of(&earlier), token, "Remplacé par de la pub")
        .await;

    assert_error(edit, StatusCode::FORBIDDEN, "blocked").await;
}
