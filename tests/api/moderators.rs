//! `parlons moderator ...` through the library, concurrent writes, and the 30-day purge:
//! store methods the HTTP suite does not reach, on every backend.

use parlons_server::cli::moderator::{ModeratorCommand, run};
use parlons_server::domain::site::Moderation;
use parlons_tests::{TestApp, comment, spawn_app};
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery";

async fn moderator(
    app: &TestApp,
    command: ModeratorCommand,
    stdin: &str,
) -> Result<String, String> {
    let mut out = Vec::new();
    let mut input = stdin.as_bytes();
    run(command, app.store.as_ref(), &mut input, &mut out)
        .await
        .map_err(|error| error.to_string())?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

fn add(name: &str, sites: &[&str]) -> ModeratorCommand {
    ModeratorCommand::Add {
        name: name.into(),
        sites: sites.iter().map(|s| s.to_string()).collect(),
        owns: Vec::new(),
        all_sites: sites.is_empty(),
        password_stdin: true,
    }
}

#[tokio::test]
async fn the_token_command_prints_a_working_token_alone_on_its_last_line() {
    let app = spawn_app().await;
    moderator(&app, add("amelie", &["demo"]), &format!("{PASSWORD}\n"))
        .await
        .expect("added");

    let output = moderator(
        &app,
        ModeratorCommand::Token {
            name: "amelie".into(),
        },
        "",
    )
    .await
    .expect("token");

    let token = output.lines().last().expect("a last line").to_owned();
    assert_eq!(token.len(), 64, "{output}");
    assert_eq!(app.queue("", &token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn moderators_are_listed_and_removing_one_ends_their_tokens() {
    let app = spawn_app().await;
    moderator(&app, add("amelie", &["demo"]), &format!("{PASSWORD}\n"))
        .await
        .expect("added");
    moderator(&app, add("chef", &[]), &format!("{PASSWORD}\n"))
        .await
        .expect("added");
    let output = moderator(
        &app,
        ModeratorCommand::Token {
            name: "amelie".into(),
        },
        "",
    )
    .await
    .expect("token");
    let token = output.lines().last().expect("a line").to_owned();

    let listed = moderator(&app, ModeratorCommand::List, "")
        .await
        .expect("list");
    moderator(
        &app,
        ModeratorCommand::Remove {
            name: "amelie".into(),
        },
        "",
    )
    .await
    .expect("removed");

    assert_eq!(listed, "amelie\tdemo\nchef\tall sites\n");
    assert_eq!(
        app.queue("", &token).await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn bad_moderator_commands_are_refused_with_a_reason() {
    let app = spawn_app().await;

    let short = moderator(&app, add("amelie", &["demo"]), "short\n").await;
    let unknown_site = moderator(&app, add("amelie", &["nowhere"]), &format!("{PASSWORD}\n")).await;
    moderator(&app, add("amelie", &["demo"]), &format!("{PASSWORD}\n"))
        .await
        .expect("added");
    let twice = moderator(&app, add("amelie", &["demo"]), &format!("{PASSWORD}\n")).await;
    let nobody = moderator(
        &app,
        ModeratorCommand::Token {
            name: "nobody".into(),
        },
        "",
    )
    .await;

    assert!(short.is_err_and(|e| e.contains("at least 10")));
    assert!(unknown_site.is_err_and(|e| e.contains("no site `nowhere`")));
    assert!(twice.is_err_and(|e| e.contains("exists already")));
    assert!(nobody.is_err_and(|e| e.contains("no moderator")));
}

#[tokio::test]
async fn a_new_password_works_and_ends_existing_sessions() {
    let app = spawn_app().await;
    moderator(&app, add("amelie", &[]), &format!("{PASSWORD}\n"))
        .await
        .expect("added");
    let future = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    let session = app
        .new_credential(
            "amelie",
            parlons_server::store::CredentialKind::Session,
            Some(future),
        )
        .await;

    let changed = moderator(
        &app,
        ModeratorCommand::Passwd {
            name: "amelie".into(),
            password_stdin: true,
        },
        "another long password\n",
    )
    .await;

    assert!(changed.is_ok());
    let stored = app.store.moderator("amelie").await.expect("exists");
    assert!(parlons_server::domain::moderator::verify_password(
        "another long password",
        &stored.password_hash
    ));
    let after = app
        .client
        .get(app.url("/api/v1/moderation/queue"))
        .header("cookie", format!("parlons_session={session}"))
        .send()
        .await
        .expect("answers");
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fifty_concurrent_posts_are_all_stored_once_with_distinct_ids() {
    let app = spawn_app().await;
    let body = |n: usize| comment(&format!("commentaire {n}"));

    let responses = futures_util::future::join_all((0..50).map(|n| {
        let body = body(n);
        let app = &app;
        async move { app.post_comment(&body).await }
    }))
    .await;

    let mut ids = Vec::new();
    for response in responses {
        assert_eq!(response.status(), StatusCode::CREATED);
        ids.push(
            response.json::<serde_json::Value>().await.expect("json")["id"]
                .as_i64()
                .expect("id"),
        );
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 50);
    assert_eq!(app.demo_thread().await["count"], 50);
}

#[tokio::test]
async fn after_30_days_a_deleted_comments_text_is_purged_and_cannot_be_restored() {
    let app = spawn_app().await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Post)
        .await;
    let token = format!("Bearer {}", app.add_moderator("amelie", None).await);
    let created = app.create_comment(&comment("texte à purger")).await;
    let id = created["id"].as_i64().expect("id");
    app.moderate(id, "delete", &[("authorization", &token)])
        .await;

    // As the hourly task would, 30 days on.
    let later = time::OffsetDateTime::now_utc() + time::Duration::days(31);
    let purged = app.store.purge_deleted(later).await.expect("purged");

    assert_eq!(purged, 1);
    assert_eq!(app.store.get_comment(id).await.expect("row").source, "");
    let restore = app
        .moderate(id, "restore", &[("authorization", &token)])
        .await;
    assert_eq!(restore.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_owner_added_with_dash_dash_owner_moderates_and_manages_that_site_only() {
    let app = spawn_app().await;
    app.add_site("ailleurs", &["https://ailleurs.example"], Moderation::Post)
        .await;
    let owner = ModeratorCommand::Add {
        name: "olivia".into(),
        sites: vec!["ailleurs".into()],
        owns: vec!["demo".into()],
        all_sites: false,
        password_stdin: true,
    };

    moderator(&app, owner, &format!("{PASSWORD}\n"))
        .await
        .expect("added");

    let olivia = app.store.moderator("olivia").await.expect("stored");
    assert!(olivia.may_moderate("demo") && olivia.may_moderate("ailleurs"));
    assert!(olivia.may_manage("demo"));
    assert!(!olivia.may_manage("ailleurs"));
    let listed = moderator(&app, ModeratorCommand::List, "")
        .await
        .expect("listed");
    assert!(listed.contains("ailleurs,demo (owner)"), "{listed}");
}
