//! Word filters: a site's words and phrases, set with `parlons filter`, hold a comment for a
//! moderator or refuse it (`422 filtered`, nothing stored, the list not revealed), on the
//! text, the name and the website, whatever their case and accents; an edit passes them too.

use std::time::Duration;

use parlons_server::cli::filter::{FilterCommand, run};
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

/// Runs `parlons filter ...` against the app's database, then has the server read its
/// filters again (the change log does so within a second); the command's output.
async fn filter(app: &TestApp, command: FilterCommand) -> Result<String, String> {
    let mut out = Vec::new();
    let result = run(command, app.store.as_ref(), &mut out).await;
    app.filters.reload().await.expect("the filters reload");
    result
        .map(|()| String::from_utf8(out).expect("utf-8"))
        .map_err(|error| format!("{error:#}"))
}

/// `parlons filter list demo`.
async fn list(app: &TestApp) -> Result<String, String> {
    filter(
        app,
        FilterCommand::List {
            site: "demo".into(),
        },
    )
    .await
}

fn add(action: &str, phrases: &[&str]) -> FilterCommand {
    FilterCommand::Add {
        site: "demo".into(),
        hold: action == "hold",
        refuse: action == "refuse",
        phrases: phrases.iter().map(|phrase| phrase.to_string()).collect(),
    }
}

#[tokio::test]
async fn a_refused_word_in_the_text_the_name_or_the_website_is_422_and_stores_nothing() {
    let app = spawn_app().await;
    filter(&app, add("refuse", &["arnaque", "casino-royal.example"]))
        .await
        .expect("added");

    let in_text = app
        .post_comment(&comment("Une belle ARNÂQUE, vraiment."))
        .await;
    let in_name = app
        .post_comment(&NewComment {
            author: Some("Roi de l'Arnaque".into()),
            ..comment("bonjour")
        })
        .await;
    let in_website = app
        .post_comment(&NewComment {
            author: Some("Zoé".into()),
            website: Some("https://Casino-Royal.example/bonus".into()),
            ..comment("bonjour")
        })
        .await;
    let inside_a_word = app.post_comment(&comment("les arnaqueurs")).await;

    for refused in [in_text, in_name, in_website] {
        let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "filtered").await;
        let message = body["error"]["message"].as_str().expect("a message");
        assert!(!message.to_lowercase().contains("arnaque"), "{message}");
    }
    assert_eq!(
        inside_a_word.status(),
        StatusCode::CREATED,
        "whole words only"
    );
    assert_eq!(
        app.demo_thread().await["count"],
        1,
        "nothing else was stored"
    );
}

#[tokio::test]
async fn a_held_phrase_sends_the_comment_to_the_moderators_whatever_its_case_and_accents() {
    let app = spawn_app().await;
    filter(&app, add("hold", &["cafe offert"]))
        .await
        .expect("added");

    let held = app
        .post_comment(&comment("Un CAFÉ — offert ! par ici"))
        .await;
    let plain = app
        .post_comment(&comment("Un café, et rien d'offert"))
        .await;

    assert_eq!(held.status(), StatusCode::ACCEPTED);
    let held: serde_json::Value = held.json().await.expect("json");
    assert_eq!(held["status"], "pending");
    assert_eq!(plain.status(), StatusCode::CREATED);
    assert_eq!(app.demo_thread().await["count"], 1);
}

#[tokio::test]
async fn an_edit_that_brings_a_filtered_word_is_refused_or_held() {
    let app = spawn_app().await;
    let posted = app.create_comment(&comment("Rien à redire")).await;
    let (id, token) = (
        posted["id"].as_i64().expect("id"),
        posted["edit_token"].as_str().expect("token").to_owned(),
    );
    filter(&app, add("refuse", &["arnaque"]))
        .await
        .expect("added");
    filter(&app, add("hold", &["promo"])).await.expect("added");

    let refused = app.edit_comment(id, &token, "Une arnaque").await;
    let held = app.edit_comment(id, &token, "Une promo").await;

    assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "filtered").await;
    assert_eq!(held.status(), StatusCode::OK);
    let held: serde_json::Value = held.json().await.expect("json");
    assert_eq!(held["status"], "pending");
    assert_eq!(app.demo_thread().await["count"], 0, "it left the thread");
}

#[tokio::test]
async fn entries_are_listed_changed_removed_and_audited() {
    let app = spawn_app().await;
    filter(&app, add("hold", &["Promo", "cadeau gratuit"]))
        .await
        .expect("added");
    filter(&app, add("refuse", &["promo"]))
        .await
        .expect("changed");

    let listed = list(&app).await.expect("listed");
    let removed = filter(
        &app,
        FilterCommand::Remove {
            site: "demo".into(),
            phrases: vec!["CADEAU  Gratuit".into(), "absent".into()],
        },
    )
    .await
    .expect("removed");
    let after = list(&app).await.expect("listed");

    assert_eq!(listed, "hold\tcadeau gratuit\nrefuse\tpromo\n");
    assert_eq!(removed, "removed 1 entries of demo\n");
    assert_eq!(after, "refuse\tpromo\n");
    let log = app.store.audit_log(None, 10).await.expect("the audit log");
    let actions: Vec<&str> = log.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions[..3], ["filter_remove", "filter_add", "filter_add"]);
    assert_eq!(log[0].site.as_deref(), Some("demo"));
}

#[tokio::test]
async fn bad_entries_and_unknown_sites_are_refused_and_change_nothing() {
    let app = spawn_app().await;

    let empty = filter(&app, add("hold", &["ok", " -- "])).await;
    let long = filter(&app, add("hold", &[&"a".repeat(101)])).await;
    let unknown = filter(
        &app,
        FilterCommand::Add {
            site: "nulle-part".into(),
            hold: true,
            refuse: false,
            phrases: vec!["mot".into()],
        },
    )
    .await;

    assert!(empty.is_err() && long.is_err() && unknown.is_err());
    let listed = list(&app).await.expect("listed");
    assert_eq!(listed, "", "nothing was added");
}

#[tokio::test]
async fn a_running_server_applies_a_list_changed_by_the_command_line_within_seconds() {
    let app = spawn_app().await;
    let mut out = Vec::new();

    run(add("refuse", &["interdit"]), app.store.as_ref(), &mut out)
        .await
        .expect("added");

    let mut refused = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let preview = app
            .post_comment(&NewComment {
                page: "/essai".into(),
                ..comment("Un mot interdit")
            })
            .await;
        if preview.status() == StatusCode::UNPROCESSABLE_ENTITY {
            refused = true;
            break;
        }
    }
    assert!(refused, "the change log did not bring the new list");
}

#[tokio::test]
async fn a_list_holds_ten_thousand_entries_and_one_more_is_refused_without_a_change() {
    let app = spawn_app().await;
    let words: Vec<String> = (0..10_000).map(|n| format!("mot{n}")).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    filter(&app, add("hold", &words)).await.expect("added");

    let one_more = filter(&app, add("refuse", &["encore", "mot1"])).await;

    let error = one_more.expect_err("refused");
    assert!(error.contains("10,000"), "{error}");
    let entries = app.store.filters(Some("demo")).await.expect("filters");
    assert_eq!(entries.len(), 10_000);
    assert!(
        entries
            .iter()
            .all(|entry| entry.action == parlons_server::domain::filters::FilterAction::Hold),
        "mot1 was not changed either"
    );
}
