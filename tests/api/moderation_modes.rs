//! Moderation modes, the effect of each action on threads, counts and live readers, restore,
//! and the audit log.

use std::time::Duration;

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, comment, spawn_app};
use reqwest::StatusCode;

const WAIT: Duration = Duration::from_secs(5);

fn on(site: &str, text: &str) -> NewComment {
    NewComment {
        site: site.into(),
        ..comment(text)
    }
}

async fn thread(app: &TestApp, site: &str) -> serde_json::Value {
    app.get_thread(&format!("site={site}&page=/"))
        .await
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn trusted_mode_holds_new_authors_and_publishes_known_ones_whose_address_is_confirmed() {
    let app = spawn_app().await;
    app.add_site("blog", &[app.base_url.as_str()], Moderation::Trusted)
        .await;
    let token = app.add_moderator("amelie", Some(&["blog"])).await;
    let first = NewComment {
        email: Some("Marie@example.fr".into()),
        ..on("blog", "première fois")
    };

    let held = app.post_comment(&first).await;
    let held: serde_json::Value = held.json().await.expect("json");
    app.moderate(
        held["id"].as_i64().expect("id"),
        "approve",
        &[("authorization", &format!("Bearer {token}"))],
    )
    .await;
    let typed_by_anyone = app
        .post_comment(&NewComment {
            email: Some("marie@example.fr".into()),
            ..on("blog", "je me fais passer pour Marie")
        })
        .await;
    assert_eq!(
        typed_by_anyone.status(),
        StatusCode::ACCEPTED,
        "an address nobody confirmed is not trusted, approved or not"
    );
    // What following the link of her confirmation email does (tests/api/emails.rs).
    app.store
        .confirm_email(
            "blog",
            &parlons_server::domain::token::hash_email("marie@example.fr"),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("confirmed");
    let known = NewComment {
        email: Some("marie@example.fr".into()),
        ..on("blog", "de retour")
    };
    let second = app.post_comment(&known).await;
    let anonymous = app.post_comment(&on("blog", "sans email")).await;

    assert_eq!(held["status"], "pending");
    assert_eq!(
        second.status(),
        StatusCode::CREATED,
        "an approved and confirmed email is trusted"
    );
    assert_eq!(
        anonymous.status(),
        StatusCode::ACCEPTED,
        "no email, no trust"
    );
}

#[tokio::test]
async fn link_heavy_comments_wait_on_every_site() {
    let app = spawn_app().await;
    app.add_site("blog", &[app.base_url.as_str()], Moderation::Trusted)
        .await;
    let links = "[a](https://a.example) [b](https://b.example) [c](https://c.example)";

    let on_post_site = app.post_comment(&comment(links)).await;
    let on_trusted_site = app.post_comment(&on("blog", links)).await;

    assert_eq!(on_post_site.status(), StatusCode::ACCEPTED);
    assert_eq!(on_trusted_site.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn pending_and_deleted_comments_never_count_and_approval_is_live() {
    let app = spawn_app().await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let token = format!(
        "Bearer {}",
        app.add_moderator("amelie", Some(&["journal"])).await
    );
    let pending: serde_json::Value = app
        .post_comment(&on("journal", "en attente"))
        .await
        .json()
        .await
        .expect("json");
    let id = pending["id"].as_i64().expect("id");
    let mut reader = app.events("site=journal&page=/").await;
    reader.next_named("count", WAIT).await;

    assert_eq!(thread(&app, "journal").await["count"], 0);
    let counts = app
        .post_counts(&serde_json::json!({"site": "journal", "pages": ["/"]}))
        .await;
    assert_eq!(
        counts.json::<serde_json::Value>().await.expect("json")["counts"]["/"],
        0
    );

    app.moderate(id, "approve", &[("authorization", &token)])
        .await;
    assert_eq!(reader.next_named("comment", WAIT).await["id"], id);
    assert_eq!(reader.next_named("count", WAIT).await["count"], 1);
    assert_eq!(thread(&app, "journal").await["count"], 1);

    app.moderate(id, "delete", &[("authorization", &token)])
        .await;
    assert_eq!(reader.next_named("delete", WAIT).await["id"], id);
    assert_eq!(reader.next_named("count", WAIT).await["count"], 0);
    assert_eq!(
        thread(&app, "journal").await["comments"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn a_deleted_comment_with_replies_stays_as_a_placeholder_and_can_be_restored() {
    let app = spawn_app().await;
    let token = format!(
        "Bearer {}",
        app.add_moderator("amelie", Some(&["demo"])).await
    );
    let parent = app.create_comment(&comment("texte douteux")).await;
    let id = parent["id"].as_i64().expect("id");
    app.create_comment(&NewComment {
        parent: Some(id),
        ..comment("réponse")
    })
    .await;

    let deleted = app
        .moderate(id, "delete", &[("authorization", &token)])
        .await;
    let placeholder = thread(&app, "demo").await["comments"][0].clone();
    let restored = app
        .moderate(id, "restore", &[("authorization", &token)])
        .await;

    assert_eq!(deleted.status(), StatusCode::OK);
    assert_eq!(placeholder["status"], "deleted");
    assert_eq!(
        placeholder["html"], "",
        "the text is gone from public answers"
    );
    assert_eq!(restored.status(), StatusCode::OK);
    let back = thread(&app, "demo").await;
    assert_eq!(back["comments"][0]["html"], "<p>texte douteux</p>\n");
    assert_eq!(back["count"], 2);
}

#[tokio::test]
async fn an_authors_erasure_cannot_be_restored() {
    let app = spawn_app().await;
    let token = format!("Bearer {}", app.add_moderator("amelie", None).await);
    let created = app.create_comment(&comment("je retire")).await;
    let id = created["id"].as_i64().expect("id");
    app.erase_comment(id, created["edit_token"].as_str().expect("token"))
        .await;

    let restore = app
        .moderate(id, "restore", &[("authorization", &token)])
        .await;

    assert_eq!(restore.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_and_the_versions_of_the_text() {
    let app = spawn_app().await;
    let token = format!("Bearer {}", app.add_moderator("amelie", None).await);
    let created = app.create_comment(&comment("original")).await;
    let id = created["id"].as_i64().expect("id");
    let edit_token = created["edit_token"].as_str().expect("token");
    app.edit_comment(id, edit_token, "modifié").await;
    app.moderate(id, "delete", &[("authorization", &token)])
        .await;
    app.moderate(id, "restore", &[("authorization", &token)])
        .await;

    let log = app.store.audit_log(None, 10).await.expect("log");

    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|e| (e.actor.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("amelie", "restore"),
            ("amelie", "delete"),
            ("author", "edit")
        ]
    );
    let edit = &log[2];
    assert_eq!(edit.comment, Some(id));
    let version = |text: &str| {
        use sha2::Digest;
        hex::encode(&sha2::Sha256::digest(text.as_bytes())[..8])
    };
    let (before, after) = (
        edit.before.as_deref().unwrap_or_default(),
        edit.after.as_deref().unwrap_or_default(),
    );
    assert!(before.contains(&version("original")), "{before}");
    assert!(after.contains(&version("modifié")), "{after}");
    assert!(
        !before.contains("original") && !after.contains("modifié"),
        "the log names versions, never the text"
    );
}

#[tokio::test]
async fn the_audit_log_cannot_be_rewritten() {
    let app = spawn_app().await;
    let token = format!("Bearer {}", app.add_moderator("amelie", None).await);
    let created = app.create_comment(&comment("x")).await;
    app.moderate(
        created["id"].as_i64().expect("id"),
        "delete",
        &[("authorization", &token)],
    )
    .await;
    let update = raw_sql(
        &app.database_url,
        "update audit_log set actor = 'someone else'",
    )
    .await;
    let delete = raw_sql(&app.database_url, "delete from audit_log").await;

    assert!(update.is_err_and(|e| e.contains("append-only")));
    assert!(delete.is_err_and(|e| e.contains("append-only")));
}

/// Runs one statement straight on the test's database, under the store.
async fn raw_sql(url: &str, sql: &'static str) -> Result<(), String> {
    let done = if url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(url).await.expect("opens");
        sqlx::query(sql).execute(&pool).await.map(|_| ())
    } else {
        let pool = sqlx::SqlitePool::connect(url).await.expect("opens");
        sqlx::query(sql).execute(&pool).await.map(|_| ())
    };
    done.map_err(|error| error.to_string())
}
