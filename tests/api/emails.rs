//! Email notifications through a real SMTP server (aiosmtpd on loopback): moderators get
//! comments that wait for them with links that act after a confirmation; readers who asked
//! hear of replies and stop with one POST; a dead SMTP server delays no one.

use std::time::Duration;

use parlons_server::cli::moderator::{ModeratorCommand, run as moderator_cli};
use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::smtp::{Mail, MailServer, app_mailing_to};
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

/// The URL after `label: ` in an email's text.
fn link(mail: &Mail, label: &str) -> String {
    mail.body
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .map(|url| url.trim().to_owned())
        .unwrap_or_else(|| panic!("no {label} in {}", mail.body))
}

/// Follows the link of the confirmation email the server sent first, as the reader would.
async fn confirm_address(app: &TestApp, smtp: &MailServer, label: &str) {
    let confirmation = smtp.wait_for(1).await.remove(0);
    let (status, _) = post_form(app, &link(&confirmation, label)).await;
    assert_eq!(status, StatusCode::OK);
}

/// The first email whose subject starts with `subject`, once it came.
async fn mail_about(smtp: &MailServer, count: usize, subject: &str) -> Mail {
    smtp.wait_for(count)
        .await
        .into_iter()
        .find(|mail| mail.subject.starts_with(subject))
        .unwrap_or_else(|| panic!("no mail about {subject}"))
}

async fn post_form(app: &TestApp, url: &str) -> (StatusCode, String) {
    let response = app.client.post(url).send().await.expect("answers");
    (response.status(), response.text().await.expect("HTML"))
}

#[tokio::test]
async fn a_waiting_comment_emails_its_moderators_with_links_that_act_only_once_confirmed() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    app.add_moderator("ana", Some(&["journal"])).await;
    let mut said = Vec::new();
    let command = ModeratorCommand::Email {
        name: "ana".into(),
        address: Some("ana@example.org".into()),
    };
    moderator_cli(
        command,
        app.store.as_ref(),
        &mut std::io::empty(),
        &mut said,
    )
    .await
    .expect("set");
    let waiting = NewComment {
        site: "journal".into(),
        author: Some("Léa".into()),
        ..comment("À valider, merci")
    };

    let posted = app.post_comment(&waiting).await;

    assert_eq!(posted.status(), StatusCode::ACCEPTED);
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.to, "ana@example.org");
    assert_eq!(mail.subject, "[journal] A comment waits for approval on /");
    assert!(
        mail.body.contains("Léa wrote on") && mail.body.contains("À valider, merci"),
        "{}",
        mail.body
    );
    let approve = link(&mail, "Approve: ");
    let opened = app.client.get(&approve).send().await.expect("answers");
    assert_eq!(opened.status(), StatusCode::OK);
    assert!(
        opened
            .text()
            .await
            .expect("HTML")
            .contains("Approve this comment?")
    );
    assert_eq!(
        app.get_thread("site=journal&page=/")
            .await
            .json::<serde_json::Value>()
            .await
            .expect("json")["count"],
        0
    );
    let (status, page) = post_form(&app, &approve).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let thread: serde_json::Value = app
        .get_thread("site=journal&page=/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(thread["comments"][0]["html"], "<p>À valider, merci</p>\n");
    assert_eq!(post_form(&app, &approve).await.0, StatusCode::CONFLICT);
    let forged = approve.replace("/moderate/", "/moderate/00");
    assert_eq!(post_form(&app, &forged).await.0, StatusCode::GONE);
    let audit = app.store.audit_log(None, 10).await.expect("log");
    assert!(
        audit.iter().any(|entry| entry.actor == "ana (email link)"),
        "{audit:?}"
    );
}

#[tokio::test]
async fn a_reader_who_asked_and_confirmed_hears_of_replies_and_stops_them_with_one_post() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let asked = app
        .create_comment(&NewComment {
            email: Some("zoe@example.org".into()),
            notify: true,
            author: Some("Zoé".into()),
            ..comment("Qu'en pensez-vous ?")
        })
        .await;
    let parent = asked["id"].as_i64();
    confirm_address(&app, &smtp, "To confirm it, open this link within 7 days: ").await;
    let reply = app
        .create_comment(&NewComment {
            parent,
            author: Some("Marc".into()),
            ..comment("Bonne question")
        })
        .await;

    let mail = mail_about(&smtp, 2, "New reply").await;

    assert_eq!(mail.to, "zoe@example.org");
    assert!(
        mail.subject
            .starts_with("New reply to your comment on http://127.0.0.1:"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body.contains(&format!("/#parlons-{}", reply["id"])),
        "{}",
        mail.body
    );
    let unsubscribe = link(
        &mail,
        "You get this email because you asked to hear about replies. To stop: ",
    );
    assert_eq!(mail.headers["List-Unsubscribe"], format!("<{unsubscribe}>"));
    assert_eq!(
        mail.headers["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let (status, _) = post_form(&app, &unsubscribe).await;
    assert_eq!(status, StatusCode::OK);
    app.create_comment(&NewComment {
        parent,
        ..comment("Encore une réponse")
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.mails().len(), 2, "no email after unsubscribing");
}

#[tokio::test]
async fn someone_elses_address_gets_one_confirmation_a_day_and_never_a_reply() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let victim = || NewComment {
        email: Some("victime@example.org".into()),
        notify: true,
        ..comment("")
    };
    let first = app
        .create_comment(&NewComment {
            text: "Écrivez-moi".into(),
            ..victim()
        })
        .await;
    app.create_comment(&NewComment {
        text: "Encore, écrivez-moi".into(),
        ..victim()
    })
    .await;
    smtp.wait_for(1).await;

    app.create_comment(&NewComment {
        parent: first["id"].as_i64(),
        ..comment("Une réponse qui ne partira pas")
    })
    .await;

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let mails = smtp.mails();
    assert_eq!(mails.len(), 1, "one confirmation, no second one, no reply");
    assert_eq!(mails[0].subject, "[demo] Confirm your email address");
}

#[tokio::test]
async fn one_address_may_ask_the_server_to_mail_three_strangers_an_hour() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;

    for n in 0..5 {
        app.create_comment(&NewComment {
            email: Some(format!("inconnu{n}@example.org")),
            notify: true,
            ..comment(&format!("Message {n}"))
        })
        .await;
    }

    smtp.wait_for(3).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.mails().len(), 3);
}

#[tokio::test]
async fn asking_for_reply_emails_without_an_email_is_refused_naming_the_field() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;

    let response = app
        .post_comment(&NewComment {
            notify: true,
            ..comment("Sans adresse")
        })
        .await;

    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body["error"]["field"], "email");
}

#[tokio::test]
async fn with_the_smtp_server_down_posts_are_answered_and_the_email_waits_in_the_outbox() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a port")
        .port();
    let app = app_mailing_to(closed).await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    app.add_moderator("ana", Some(&["journal"])).await;
    app.store
        .set_moderator_email("ana", Some("ana@example.org"))
        .await
        .expect("set");

    let posted = app
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("Patience")
        })
        .await;

    assert_eq!(posted.status(), StatusCode::ACCEPTED);
    let mut waiting = Vec::new();
    for _ in 0..50 {
        waiting = app.store.recent_messages(None, 5).await.expect("outbox");
        if waiting.first().is_some_and(|m| m.attempts > 0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(waiting[0].status, "pending");
    assert!(
        waiting[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("SMTP")),
        "{waiting:?}"
    );
}

#[tokio::test]
async fn a_french_site_writes_its_emails_in_french() {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    app.change_site("demo", |site| {
        site.lang = parlons_server::domain::site::Language::Fr;
    })
    .await;
    let asked = app
        .create_comment(&NewComment {
            email: Some("zoe@example.org".into()),
            notify: true,
            ..comment("Qu'en pensez-vous ?")
        })
        .await;
    confirm_address(
        &app,
        &smtp,
        "Pour la confirmer, ouvrez ce lien dans les 7 jours : ",
    )
    .await;

    app.create_comment(&NewComment {
        parent: asked["id"].as_i64(),
        ..comment("Bonne question")
    })
    .await;
    let mail = mail_about(&smtp, 2, "Nouvelle réponse").await;

    assert!(
        mail.subject
            .starts_with("Nouvelle réponse à votre commentaire sur http://127.0.0.1:"),
        "{}",
        mail.subject
    );
    assert!(
        mail.body
            .starts_with("Quelqu'un a répondu à votre commentaire :"),
        "{}",
        mail.body
    );
    let unsubscribe = link(
        &mail,
        "Vous recevez cet e-mail car vous avez demandé à être prévenu des réponses. \
         Pour ne plus les recevoir : ",
    );
    assert_eq!(mail.headers["List-Unsubscribe"], format!("<{unsubscribe}>"));
    let page = app
        .client
        .get(&unsubscribe)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("HTML");
    assert!(page.contains(r#"<html lang="fr">"#), "{page}");
    assert!(
        page.contains("Ne plus recevoir les réponses par e-mail ?"),
        "{page}"
    );
    let (status, done) = post_form(&app, &unsubscribe).await;
    assert_eq!(status, StatusCode::OK);
    assert!(done.contains("Vous ne recevrez plus"), "{done}");
}

#[tokio::test]
async fn a_bad_link_says_so_in_the_readers_language() {
    let app = spawn_app().await;

    let page = |language: &'static str| {
        app.client
            .get(app.url("/email/unsubscribe/not-a-signed-token"))
            .header("accept-language", language)
            .send()
    };
    let french = page("fr-FR,fr;q=0.9,en;q=0.8").await.expect("answers");
    let english = page("en-GB").await.expect("answers");

    assert_eq!(french.status(), StatusCode::GONE);
    assert!(
        french
            .text()
            .await
            .expect("HTML")
            .contains("Ce lien ne fonctionne plus")
    );
    assert!(
        english
            .text()
            .await
            .expect("HTML")
            .contains("This link no longer works")
    );
}
