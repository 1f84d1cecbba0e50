//! `/admin/sites/{site}`: a site's owner changes its settings, webhooks and moderators without
//! a shell; each change is audited and applies at once; moderators who do not own the site
//! are refused, and a refused change changes nothing.

use parlons_server::domain::moderator::Scope;
use parlons_server::domain::site::Moderation;
use parlons_tests::admin::{owner_session, post, session};
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

async fn demo(app: &TestApp) -> parlons_server::domain::site::Site {
    let site = app.sites.get("demo").await.expect("read").expect("demo");
    (*site).clone()
}

async fn site_page(app: &TestApp, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url("/admin/sites/demo"))
        .header("cookie", cookie)
        .send()
        .await
        .expect("answers")
}

/// The one-time link or secret a page shows in `<code class="secret">`.
fn shown_once(html: &str) -> String {
    let start = html
        .find(r#"<code class="secret">"#)
        .expect("a secret shown")
        + 21;
    html[start..start + html[start..].find('<').expect("its end")].to_owned()
}

#[tokio::test]
async fn an_owner_changes_the_moderation_mode_and_the_next_post_follows_it_at_once() {
    let app = spawn_app().await;
    let cookie = owner_session(&app, "olivia", "demo").await;
    assert_eq!(site_page(&app, &cookie).await.status(), StatusCode::OK);

    let saved = post(
        &app,
        &cookie,
        "/admin/sites/demo",
        &[("moderation", "pre"), ("edit_window", "30")],
    )
    .await;

    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let posted = app.post_comment(&comment("Après le changement.")).await;
    assert_eq!(
        posted.status(),
        StatusCode::ACCEPTED,
        "held for a moderator"
    );
    let site = demo(&app).await;
    assert_eq!(
        (site.moderation, site.edit_window_minutes),
        (Moderation::Pre, Some(30))
    );
    let audit = app.store.audit_log(None, 10).await.expect("the log");
    let line = audit
        .iter()
        .find(|entry| entry.action == "site_settings")
        .expect("audited");
    assert_eq!(line.actor, "olivia");
    assert_eq!(
        line.after.as_deref(),
        Some(r#"{"edit_window":"30","moderation":"pre"}"#)
    );
}

#[tokio::test]
async fn a_refused_setting_changes_nothing() {
    let app = spawn_app().await;
    let cookie = owner_session(&app, "olivia", "demo").await;

    let refused = post(
        &app,
        &cookie,
        "/admin/sites/demo",
        &[("moderation", "pre"), ("pow_bits", "99")],
    )
    .await;

    let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body["error"]["field"], "pow_bits");
    assert_eq!(demo(&app).await.moderation, Moderation::Post);
    let unknown = post(&app, &cookie, "/admin/sites/demo", &[("colour", "blue")]).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_origin = post(&app, &cookie, "/admin/sites/demo", &[("origins", "  ")]).await;
    assert_eq!(no_origin.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_moderator_who_does_not_own_the_site_may_not_manage_it() {
    let app = spawn_app().await;
    let cookie = session(&app, "marc", Some(&["demo"])).await;

    assert_error(
        site_page(&app, &cookie).await,
        StatusCode::FORBIDDEN,
        "not_a_moderator",
    )
    .await;
    let refused = post(&app, &cookie, "/admin/sites/demo", &[("moderation", "pre")]).await;
    assert_error(refused, StatusCode::FORBIDDEN, "not_a_moderator").await;
    let invite = post(&app, &cookie, "/admin/sites/demo/invite", &[]).await;
    assert_eq!(invite.status(), StatusCode::FORBIDDEN);
    assert_eq!(demo(&app).await.moderation, Moderation::Post);
    let signed_out = post(
        &app,
        "parlons_session=nope",
        "/admin/sites/demo",
        &[("moderation", "pre")],
    )
    .await;
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_invitation_link_adds_a_moderator_of_the_site_once() {
    let app = spawn_app().await;
    let cookie = owner_session(&app, "olivia", "demo").await;
    let page = post(&app, &cookie, "/admin/sites/demo/invite", &[]).await;
    assert_eq!(page.status(), StatusCode::OK);
    let link = shown_once(&page.text().await.expect("HTML"));
    let path = link
        .strip_prefix(&app.base_url)
        .expect("a link to this server")
        .to_owned();
    assert!(path.starts_with("/admin/join/"), "{path}");
    let form = app.client.get(&link).send().await.expect("answers");
    assert_eq!(form.status(), StatusCode::OK);

    let short = post(&app, "", &path, &[("name", "nadia"), ("password", "court")]).await;
    let joined = post(
        &app,
        "",
        &path,
        &[("name", "nadia"), ("password", "correct horse battery")],
    )
    .await;
    let again = post(
        &app,
        "",
        &path,
        &[("name", "noe"), ("password", "correct horse battery")],
    )
    .await;

    assert_eq!(
        short.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the link still works after"
    );
    assert_eq!(joined.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "a link works once");
    let nadia = app.store.moderator("nadia").await.expect("added");
    assert_eq!(nadia.scope, Scope::Sites(vec!["demo".into()]));
    assert!(!nadia.may_manage("demo"));
    let audit = app.store.audit_log(None, 10).await.expect("the log");
    assert!(
        audit
            .iter()
            .any(|entry| entry.action == "moderator_joined" && entry.actor == "nadia")
    );
}

#[tokio::test]
async fn an_owner_takes_a_moderator_off_the_site_and_their_token_stops_working_there() {
    let app = spawn_app().await;
    let cookie = owner_session(&app, "olivia", "demo").await;
    let token = app.add_moderator("marc", Some(&["demo"])).await;

    let removed = post(
        &app,
        &cookie,
        "/admin/sites/demo/moderators/marc/remove",
        &[],
    )
    .await;
    let themselves = post(
        &app,
        &cookie,
        "/admin/sites/demo/moderators/olivia/remove",
        &[],
    )
    .await;
    let nobody = post(
        &app,
        &cookie,
        "/admin/sites/demo/moderators/personne/remove",
        &[],
    )
    .await;

    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(themselves.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(nobody.status(), StatusCode::NOT_FOUND);
    assert_error(
        app.queue("site=demo", &token).await,
        StatusCode::FORBIDDEN,
        "not_a_moderator",
    )
    .await;
}

#[tokio::test]
async fn an_owner_adds_a_webhook_sees_its_secret_once_and_removes_it() {
    let app = spawn_app().await;
    let cookie = owner_session(&app, "olivia", "demo").await;

    let added = post(
        &app,
        &cookie,
        "/admin/sites/demo/webhooks",
        &[("url", "https://hooks.example/parlons")],
    )
    .await;
    let bad = post(
        &app,
        &cookie,
        "/admin/sites/demo/webhooks",
        &[("url", "ftp://hooks.example")],
    )
    .await;

    assert_eq!(added.status(), StatusCode::OK);
    let secret = shown_once(&added.text().await.expect("HTML"));
    let hooks = app.store.webhooks(Some("demo")).await.expect("hooks");
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].secret, secret);
    assert!(
        !site_page(&app, &cookie)
            .await
            .text()
            .await
            .expect("HTML")
            .contains(&secret)
    );
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let path = format!("/admin/sites/demo/webhooks/{}/remove", hooks[0].id);
    assert_eq!(
        post(&app, &cookie, &path, &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(
        app.store
            .webhooks(Some("demo"))
            .await
            .expect("hooks")
            .is_empty()
    );
}
