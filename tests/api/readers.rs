//! Readers sign in by a link mailed to them (through a real SMTP server), post as
//! confirmed readers, edit and erase their comments from another device, sign out; a link
//! works once, for its site, for a short time; a mailbox gets three live links at most.

use parlons_shared::NewComment;
use parlons_tests::readers::{as_reader, ask_link, link_secret, open_session, post_as, sign_in};
use parlons_tests::scan::Database;
use parlons_tests::smtp::{MailServer, app_mailing_to};
use parlons_tests::{assert_error, comment};
use reqwest::{Method, StatusCode};

const ZOE: &str = "zoe.martin@example.fr";

#[tokio::test]
async fn a_reader_signs_in_by_the_link_mailed_to_them_and_posts_as_confirmed() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;

    let asked = ask_link(&app, ZOE).await;

    assert_eq!(asked.status(), StatusCode::ACCEPTED);
    let mail = smtp.wait_for(1).await.remove(0);
    assert!(
        mail.body
            .contains(&format!("{}/#parlons-signin=", app.base_url)),
        "the link opens the page: {}",
        mail.body
    );
    let session = open_session(&app, "demo", &link_secret(&mail)).await;
    assert_eq!(session.status(), StatusCode::OK);
    let session: serde_json::Value = session.json().await.expect("json");
    assert_eq!(session["reader"]["via"], "email");
    assert_eq!(session["reader"]["email"], "z…@example.fr");
    let token = session["reader_token"].as_str().expect("token");

    let posted = post_as(
        &app,
        token,
        &NewComment {
            author: Some("Zoé".into()),
            ..comment("Connectée")
        },
    )
    .await;
    let again = post_as(&app, token, &comment("Sans retaper mon nom")).await;

    assert_eq!(posted.status(), StatusCode::CREATED);
    assert_eq!(again.status(), StatusCode::CREATED);
    let thread = app.demo_thread().await;
    for shown in thread["comments"].as_array().expect("comments") {
        assert_eq!(shown["confirmed"], true, "{shown}");
        assert_eq!(shown["author"], "Zoé", "the name is kept: {shown}");
    }
    let anonymous = app.create_comment(&comment("Anonyme")).await;
    assert_eq!(anonymous["confirmed"], false);
}

#[tokio::test]
async fn a_link_works_once_for_its_site_and_not_after_its_time() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    app.add_site("autre", &[&app.base_url], Default::default())
        .await;
    for _ in 0..3 {
        assert_eq!(ask_link(&app, ZOE).await.status(), StatusCode::ACCEPTED);
    }
    let secrets: Vec<String> = smtp.wait_for(3).await.iter().map(link_secret).collect();

    let first = open_session(&app, "demo", &secrets[0]).await;
    let replayed = open_session(&app, "demo", &secrets[0]).await;
    let other_site = open_session(&app, "autre", &secrets[1]).await;
    Database::of(&app)
        .await
        .execute("update reader_signin set expires_at = '2000-01-01T00:00:00Z'")
        .await;
    let late = open_session(&app, "demo", &secrets[2]).await;

    assert_eq!(first.status(), StatusCode::OK);
    assert_error(replayed, StatusCode::GONE, "link_expired").await;
    assert_error(other_site, StatusCode::GONE, "link_expired").await;
    assert_error(late, StatusCode::GONE, "link_expired").await;
}

#[tokio::test]
async fn a_second_device_edits_and_erases_what_the_first_posted() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let laptop = sign_in(&app, &smtp, ZOE, 1).await;
    let phone = sign_in(&app, &smtp, ZOE, 2).await;
    let stranger = sign_in(&app, &smtp, "autre@example.fr", 3).await;
    let posted: serde_json::Value = post_as(&app, &laptop, &comment("Depuis l'ordinateur"))
        .await
        .json()
        .await
        .expect("json");
    let id = posted["id"].as_i64().expect("id");
    let path = format!("/api/v1/comments/{id}");

    let by_stranger = as_reader(&app, Method::PATCH, &path, &stranger)
        .json(&serde_json::json!({ "text": "piraté" }))
        .send()
        .await
        .expect("answers");
    let edited = as_reader(&app, Method::PATCH, &path, &phone)
        .json(&serde_json::json!({ "text": "Corrigé depuis le téléphone" }))
        .send()
        .await
        .expect("answers");
    let erased = as_reader(&app, Method::DELETE, &path, &phone)
        .send()
        .await
        .expect("answers");

    assert_error(by_stranger, StatusCode::FORBIDDEN, "invalid_edit_token").await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited: serde_json::Value = edited.json().await.expect("json");
    assert_eq!(edited["html"], "<p>Corrigé depuis le téléphone</p>\n");
    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.demo_thread().await["count"], 0);
}

#[tokio::test]
async fn comments_posted_anonymously_with_the_address_become_the_readers() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let before = app
        .create_comment(&NewComment {
            email: Some(ZOE.into()),
            ..comment("Avant de me connecter")
        })
        .await;
    let id = before["id"].as_i64().expect("id");

    let token = sign_in(&app, &smtp, ZOE, 1).await;

    let shown = &app.demo_thread().await["comments"][0];
    assert_eq!(shown["confirmed"], true);
    let edited = as_reader(
        &app,
        Method::PATCH,
        &format!("/api/v1/comments/{id}"),
        &token,
    )
    .json(&serde_json::json!({ "text": "Et après" }))
    .send()
    .await
    .expect("answers");
    assert_eq!(edited.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_ends_one_browser_and_signing_out_everywhere_ends_them_all() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let laptop = sign_in(&app, &smtp, ZOE, 1).await;
    let phone = sign_in(&app, &smtp, ZOE, 2).await;
    let tablet = sign_in(&app, &smtp, ZOE, 3).await;
    let me = |token: &str| as_reader(&app, Method::GET, "/api/v1/readers/me", token).send();

    let out = as_reader(&app, Method::DELETE, "/api/v1/readers/session", &laptop)
        .send()
        .await
        .expect("answers");
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_error(
        me(&laptop).await.expect("answers"),
        StatusCode::UNAUTHORIZED,
        "signed_out",
    )
    .await;
    assert_eq!(me(&phone).await.expect("answers").status(), StatusCode::OK);

    let everywhere = as_reader(&app, Method::DELETE, "/api/v1/readers/sessions", &phone)
        .send()
        .await
        .expect("answers");
    assert_eq!(everywhere.status(), StatusCode::NO_CONTENT);
    for token in [&phone, &tablet] {
        let refused = post_as(&app, token, &comment("encore là ?")).await;
        assert_error(refused, StatusCode::UNAUTHORIZED, "signed_out").await;
    }
    assert_eq!(app.demo_thread().await["count"], 0, "nothing was stored");
}

#[tokio::test]
async fn a_mailbox_gets_three_live_links_at_most_whoever_asks() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    for _ in 0..3 {
        assert_eq!(ask_link(&app, ZOE).await.status(), StatusCode::ACCEPTED);
    }

    let fourth = ask_link(&app, ZOE).await;

    assert_error(fourth, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    smtp.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(smtp.mails().len(), 3);
}

#[tokio::test]
async fn bad_sign_in_requests_are_refused_with_the_contracts_error_and_send_nothing() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let ask = async |body: serde_json::Value, origin: &str| {
        app.client
            .post(app.url("/api/v1/readers/email"))
            .header("origin", origin)
            .json(&body)
            .send()
            .await
            .expect("answers")
    };
    let base = app.base_url.clone();

    let cases = [
        (
            ask(
                serde_json::json!({"site": "demo", "email": "pas-une-adresse", "page": "/"}),
                &base,
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            ask(
                serde_json::json!({"site": "demo", "email": ZOE, "page": "sans-barre"}),
                &base,
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_page",
        ),
        (
            ask(
                serde_json::json!({"site": "inconnu", "email": ZOE, "page": "/"}),
                &base,
            )
            .await,
            StatusCode::NOT_FOUND,
            "site_not_found",
        ),
        (
            ask(
                serde_json::json!({"site": "demo", "email": ZOE, "page": "/"}),
                "https://evil.example",
            )
            .await,
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
        ),
        (
            ask(serde_json::json!({"site": "demo"}), &base).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            open_session(&app, "demo", "pas-un-secret").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
        ),
        (
            open_session(&app, "demo", &"a".repeat(64)).await,
            StatusCode::GONE,
            "link_expired",
        ),
        (
            as_reader(&app, Method::GET, "/api/v1/readers/me", &"b".repeat(64))
                .send()
                .await
                .expect("answers"),
            StatusCode::UNAUTHORIZED,
            "signed_out",
        ),
        (
            app.client
                .get(app.url("/api/v1/readers/me"))
                .send()
                .await
                .expect("answers"),
            StatusCode::UNAUTHORIZED,
            "signed_out",
        ),
        (
            as_reader(&app, Method::GET, "/api/v1/readers/me", &"c".repeat(5000))
                .send()
                .await
                .expect("answers"),
            StatusCode::UNAUTHORIZED,
            "signed_out",
        ),
    ];

    for (response, status, code) in cases {
        assert_error(response, status, code).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(smtp.mails().is_empty(), "a refused request sends nothing");
}

#[tokio::test]
async fn a_server_without_email_says_it_cannot_sign_readers_in_by_email() {
    let app = parlons_tests::spawn_app().await;

    let asked = ask_link(&app, ZOE).await;

    assert_error(asked, StatusCode::NOT_FOUND, "not_found").await;
}
