//! Who may post on a site (`--readers`): a site for confirmed readers refuses anonymous posts,
//! one for its provider's users refuses readers signed in by email, each with `403
//! sign_in_required` and nothing stored; moderators see which comments signed-in readers
//! wrote.

use parlons_server::domain::reader::Readers;
use parlons_tests::readers::{post_as, sign_in, stored_reader};
use parlons_tests::smtp::{MailServer, app_mailing_to};
use parlons_tests::{assert_error, comment, spawn_app};
use reqwest::StatusCode;

const ZOE: &str = "zoe.martin@example.fr";

#[tokio::test]
async fn a_site_for_confirmed_readers_refuses_anonymous_posts_and_says_how_to_sign_in() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let token = sign_in(&app, &smtp, ZOE, 1).await;
    app.change_site("demo", |site| {
        site.readers = Readers::Confirmed;
    })
    .await;

    let anonymous = app.post_comment(&comment("Sans compte")).await;
    let signed = post_as(&app, &token, &comment("Connectée")).await;

    let refused = assert_error(anonymous, StatusCode::FORBIDDEN, "sign_in_required").await;
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("sign in with your email")),
        "{refused}"
    );
    assert_eq!(signed.status(), StatusCode::CREATED);
    assert_eq!(app.demo_thread().await["count"], 1);
}

#[tokio::test]
async fn a_site_for_its_providers_users_refuses_readers_signed_in_by_email() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let token = sign_in(&app, &smtp, ZOE, 1).await;
    app.change_site("demo", |site| {
        site.readers = Readers::SignedIn;
    })
    .await;

    let by_email = post_as(&app, &token, &comment("Par e-mail")).await;
    let anonymous = app.post_comment(&comment("Sans compte")).await;

    assert_error(by_email, StatusCode::FORBIDDEN, "sign_in_required").await;
    assert_error(anonymous, StatusCode::FORBIDDEN, "sign_in_required").await;
    assert_eq!(app.demo_thread().await["count"], 0);
}

#[tokio::test]
async fn moderators_see_which_comments_come_from_signed_in_readers() {
    let app = spawn_app().await;
    let token = stored_reader(&app, ZOE).await;
    post_as(&app, &token, &comment("Connectée")).await;
    app.create_comment(&comment("Anonyme")).await;
    let cookie = parlons_tests::admin::session(&app, "ines", None).await;

    let admin = parlons_tests::admin::page(&app, &cookie, "").await;

    let marked: Vec<&str> = admin
        .split("<li class=\"item\"")
        .filter(|item| item.contains("Confirmed"))
        .collect();
    assert_eq!(marked.len(), 1, "{admin}");
    assert!(marked[0].contains("Connectée"));
}
