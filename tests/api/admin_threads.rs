//! `/admin`'s pins, closed threads and word filters: a moderator pins and unpins from the
//! recent comments, closes and opens the thread filtered on, and keeps the site's filters;
//! each takes effect at once, and a moderator of another site can do none of it.

use parlons_server::domain::site::Moderation;
use parlons_tests::admin::{page, post, session};
use parlons_tests::{assert_error, comment, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn a_moderator_pins_and_unpins_from_the_recent_comments() {
    let app = spawn_app().await;
    let first = app.create_comment(&comment("premier")).await;
    let second = app.create_comment(&comment("second")).await;
    let id = second["id"].as_i64().expect("id");
    let cookie = session(&app, "ana", None).await;
    let form = [("site", "demo"), ("page", "")];

    let before = page(&app, &cookie, "site=demo").await;
    let pinned = post(&app, &cookie, &format!("/admin/comments/{id}/pin"), &form).await;
    let shown = app.demo_thread().await;
    let after = page(&app, &cookie, "site=demo").await;
    post(&app, &cookie, &format!("/admin/comments/{id}/unpin"), &form).await;
    let unpinned = app.demo_thread().await;

    assert!(before.contains(">Pin to the top</button>"), "{before}");
    assert_eq!(pinned.status(), StatusCode::SEE_OTHER);
    assert_eq!(pinned.headers()["location"], "/admin?site=demo");
    assert_eq!(shown["comments"][0]["id"], id);
    assert!(after.contains(">Unpin</button>"), "{after}");
    assert!(after.contains("class=\"badge\">Pinned"), "{after}");
    assert_eq!(unpinned["comments"][0]["id"], first["id"]);
}

#[tokio::test]
async fn a_moderator_closes_and_opens_the_thread_filtered_on() {
    let app = spawn_app().await;
    app.create_comment(&comment("avant")).await;
    let cookie = session(&app, "ana", None).await;
    let thread = [("site", "demo"), ("page", "/")];

    let open = page(&app, &cookie, "site=demo&page=/").await;
    let closed = post(&app, &cookie, "/admin/threads/close", &thread).await;
    let refused = app.post_comment(&comment("trop tard")).await;
    let shown = page(&app, &cookie, "site=demo&page=/").await;
    post(&app, &cookie, "/admin/threads/open", &thread).await;
    let again = app.post_comment(&comment("de nouveau")).await;

    assert!(open.contains(">Close comments</button>"), "{open}");
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    assert_eq!(closed.headers()["location"], "/admin?site=demo&page=%2F");
    assert_error(refused, StatusCode::FORBIDDEN, "thread_closed").await;
    assert!(
        shown.contains("<strong>is closed to comments.</strong>"),
        "{shown}"
    );
    assert!(shown.contains(">Open comments again</button>"), "{shown}");
    assert_eq!(again.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_moderator_adds_and_removes_word_filters_and_the_next_post_follows_them() {
    let app = spawn_app().await;
    let cookie = session(&app, "ana", None).await;

    let added = post(
        &app,
        &cookie,
        "/admin/filters/add",
        &[
            ("site", "demo"),
            ("action", "refuse"),
            ("phrases", "Arnaque\n\n  casino gratuit \n"),
        ],
    )
    .await;
    let refused = app.post_comment(&comment("Une ARNÂQUE !")).await;
    let listed = page(&app, &cookie, "site=demo").await;
    post(
        &app,
        &cookie,
        "/admin/filters/remove",
        &[("site", "demo"), ("phrase", "Arnaque")],
    )
    .await;
    let accepted = app.post_comment(&comment("Une arnaque ?")).await;

    assert_eq!(added.status(), StatusCode::SEE_OTHER);
    assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "filtered").await;
    assert!(listed.contains("Word filters of demo (2)"), "{listed}");
    assert!(listed.contains(">casino gratuit</td>"), "{listed}");
    assert_eq!(accepted.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_moderator_of_another_site_can_neither_close_pin_nor_filter() {
    let app = spawn_app().await;
    app.add_site("autre", &[app.base_url.as_str()], Moderation::Post)
        .await;
    let created = app.create_comment(&comment("ici")).await;
    let id = created["id"].as_i64().expect("id");
    let cookie = session(&app, "bruno", Some(&["autre"])).await;

    let close = post(
        &app,
        &cookie,
        "/admin/threads/close",
        &[("site", "demo"), ("page", "/")],
    )
    .await;
    let pin = post(&app, &cookie, &format!("/admin/comments/{id}/pin"), &[]).await;
    let filter = post(
        &app,
        &cookie,
        "/admin/filters/add",
        &[("site", "demo"), ("action", "hold"), ("phrases", "mot")],
    )
    .await;
    let shown = page(&app, &cookie, "site=demo&page=/").await;

    assert_error(close, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(pin, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_error(filter, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert!(!shown.contains("Close comments"), "{shown}");
    assert!(!shown.contains("Word filters"), "{shown}");
    assert_eq!(app.demo_thread().await["closed"], false);
    assert!(app.store.filters(None).await.expect("filters").is_empty());
}
