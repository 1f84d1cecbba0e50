//! `parlons migrate-data`: SQLite to PostgreSQL and back gives the same threads, counts,
//! moderators and audit log. Needs PostgreSQL (scripts/with-postgres).

use parlons_server::cli::migrate_data::{MigrateData, run};
use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, comment, spawn_app_with};
use sqlx::migrate::MigrateDatabase;

/// A fresh PostgreSQL database beside the test server's.
async fn empty_postgres() -> String {
    let server =
        std::env::var("TEST_DATABASE_URL").expect("run with TEST_DATABASE_URL=postgres://...");
    let (base, _) = server.rsplit_once('/').expect("a URL with a database name");
    let url = format!(
        "{base}/parlons_copy_{}",
        &parlons_server::domain::token::new_secret()[..12]
    );
    sqlx::Postgres::create_database(&url)
        .await
        .expect("a database");
    url
}

async fn on(url: &str) -> TestApp {
    let url = url.to_owned();
    spawn_app_with(move |settings| settings.database_url = url).await
}

async fn migrate(from: &str, to: &str) -> Result<String, String> {
    migrate_with(from, to, false).await
}

async fn migrate_with(from: &str, to: &str, force: bool) -> Result<String, String> {
    let mut out = Vec::new();
    let args = MigrateData {
        from: from.into(),
        to: to.into(),
        force,
    };
    run(args, &mut out)
        .await
        .map_err(|error| error.to_string())?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

/// A created comment as the thread shows it (without the author's secrets).
fn public(mut created: serde_json::Value) -> serde_json::Value {
    if let Some(object) = created.as_object_mut() {
        object.remove("edit_token");
        object.remove("edit_until");
    }
    created
}

/// What must survive a copy: threads as readers see them, and the audit log. (Row counts
/// are checked by the command itself; a server started on a copy adds its own origin to
/// the `demo` site, so they are not compared here.)
async fn snapshot(app: &TestApp) -> (serde_json::Value, serde_json::Value, Vec<(String, String)>) {
    let demo = app.demo_thread().await;
    let journal: serde_json::Value = app
        .get_thread("site=journal&page=/")
        .await
        .json()
        .await
        .expect("json");
    let audit = app.store.audit_log(None, 100).await.expect("log");
    (
        demo,
        journal,
        audit
            .into_iter()
            .map(|entry| (entry.actor, entry.action))
            .collect(),
    )
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn sqlite_to_postgres_and_back_keeps_threads_counts_moderators_and_the_audit_log() {
    // Arrange: a populated SQLite database.
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!("sqlite://{}/source.db", dir.path().display());
    let source = on(&sqlite).await;
    source
        .add_site("journal", &[source.base_url.as_str()], Moderation::Pre)
        .await;
    let token = format!("Bearer {}", source.add_moderator("amelie", None).await);
    let parent = source
        .create_comment(&NewComment {
            author: Some("Zoé".into()),
            ..comment("**Bonjour** 👋")
        })
        .await;
    let parent_id = parent["id"].as_i64().expect("id");
    source
        .create_comment(&NewComment {
            parent: Some(parent_id),
            ..comment("réponse")
        })
        .await;
    let doomed = source.create_comment(&comment("à supprimer")).await;
    source
        .moderate(
            doomed["id"].as_i64().expect("id"),
            "delete",
            &[("authorization", &token)],
        )
        .await;
    source
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("en attente")
        })
        .await;
    source
        .store
        .add_webhook(
            "journal",
            "https://hooks.example/p",
            "s3cret",
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("a webhook");
    let poster = source.store.poster_hashes(parent_id).await.expect("hashes");
    let now = time::OffsetDateTime::now_utc();
    source
        .store
        .add_block(&parlons_server::store::spam::Block {
            id: 0,
            site: "journal".into(),
            kind: parlons_server::store::spam::BlockKind::Address,
            hash: poster.address_hash.clone().expect("an address hash"),
            until: now + time::Duration::days(1),
            created_by: "amelie".into(),
            comment: Some(parent_id),
            created_at: now,
        })
        .await
        .expect("a block");
    let provider = parlons_server::store::providers::Provider {
        issuer: "https://id.example.org".into(),
        client_id: "parlons-journal".into(),
        client_secret: "le secret".into(),
        label: "Le Journal".into(),
    };
    source
        .store
        .set_provider(
            "journal",
            Some(&provider),
            &parlons_server::store::AuditEntry {
                at: now,
                actor: "system".into(),
                action: "site_provider".into(),
                site: Some("journal".into()),
                comment: None,
                before: None,
                after: None,
            },
        )
        .await
        .expect("a provider");
    let voted = source.vote(parent_id, "reader-0123456789abcdef", 1).await;
    assert_eq!(voted.status(), reqwest::StatusCode::OK);
    let pinned = source
        .moderate(parent_id, "pin", &[("authorization", &token)])
        .await;
    assert_eq!(pinned.status(), reqwest::StatusCode::OK);
    source
        .store
        .set_closed("journal", "/ferme", true, "amelie", now)
        .await
        .expect("closed");
    let filter = parlons_server::store::FilterEntry {
        site: "demo".into(),
        phrase: "Arnaque".into(),
        folded: " arnaque ".into(),
        action: parlons_server::domain::filters::FilterAction::Refuse,
    };
    source
        .store
        .add_filters(std::slice::from_ref(&filter), "amelie", now)
        .await
        .expect("a filter");
    let report = parlons_server::store::NewReport {
        comment: parent_id,
        voter: "a".repeat(32),
        reason: parlons_shared::ReportReason::Spam,
        note: Some("à voir".into()),
        address_hash: "b".repeat(32),
        at: now,
    };
    source.store.report(&report, 3).await.expect("a report");
    let reader = parlons_tests::readers::stored_reader(&source, "lea@example.fr").await;
    let before = snapshot(&source).await;
    drop(source);

    // Act: to PostgreSQL, then back to a new SQLite file.
    let postgres = empty_postgres().await;
    let report = migrate(&sqlite, &postgres)
        .await
        .expect("copied to PostgreSQL");
    let on_postgres = on(&postgres).await;
    let middle = snapshot(&on_postgres).await;
    let next = on_postgres.create_comment(&comment("après la copie")).await;
    let blocked = on_postgres
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("bloqué ici aussi")
        })
        .await;
    let voted_again = on_postgres
        .vote(parent_id, "reader-0123456789abcdef", 1)
        .await
        .json::<serde_json::Value>()
        .await
        .expect("a tally");
    let signed_in = parlons_tests::readers::as_reader(
        &on_postgres,
        reqwest::Method::GET,
        "/api/v1/readers/me",
        &reader,
    )
    .send()
    .await
    .expect("answers")
    .status();
    let moved = on_postgres
        .store
        .poster_hashes(parent_id)
        .await
        .expect("hashes");
    let last = format!("sqlite://{}/back.db", dir.path().display());
    migrate(&postgres, &last)
        .await
        .expect("copied back to SQLite");
    let back = snapshot(&on(&last).await).await;

    // Assert
    assert!(report.contains("every table has as many rows"), "{report}");
    assert!(
        report.contains("comment: 4 rows")
            && report.contains("moderator: 1 rows")
            && report.contains("webhook: 1 rows")
            && report.contains("block: 1 rows")
            && report.contains("vote: 1 rows")
            && report.contains("thread_state: 1 rows")
            && report.contains("filter: 1 rows")
            && report.contains("report: 1 rows")
            && report.contains("reader: 1 rows")
            && report.contains("reader_token: 1 rows")
            && report.contains("reader_email: 1 rows")
            && report.contains("site_provider: 1 rows"),
        "{report}"
    );
    assert_eq!(
        on_postgres.store.provider("journal").await.expect("read"),
        Some(provider),
        "the site's OpenID provider moved, secret included"
    );
    assert_eq!(
        signed_in,
        reqwest::StatusCode::OK,
        "a reader signed in before the copy still is"
    );
    assert_eq!(
        voted_again["upvotes"], 1,
        "the same reader's vote is recognized on the target: counted once"
    );
    assert_eq!(moved, poster, "address hashes move with their comments");
    assert_eq!(
        blocked.status(),
        reqwest::StatusCode::FORBIDDEN,
        "the key moved too: the same address hashes the same on the target"
    );
    assert_eq!(middle, before);
    assert_eq!(middle.0["comments"][0]["pinned"], true, "the pin moved");
    let closed: serde_json::Value = on_postgres
        .get_thread("site=journal&page=/ferme")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(closed["closed"], true, "the closed thread moved");
    assert_eq!(
        on_postgres.store.filters(None).await.expect("filters"),
        [filter]
    );
    let hooks = on_postgres.store.webhooks(None).await.expect("webhooks");
    assert_eq!(
        (hooks[0].url.as_str(), hooks[0].secret.as_str()),
        ("https://hooks.example/p", "s3cret")
    );
    assert!(
        next["id"].as_i64().expect("id") > parent_id + 2,
        "new ids continue after the copied ones"
    );
    let mut expected = middle.0["comments"].as_array().expect("a list").clone();
    expected.push(public(next));
    assert_eq!(back.0["comments"], serde_json::Value::Array(expected));
    assert_eq!(
        back.0["count"],
        middle.0["count"].as_u64().expect("count") + 1
    );
    assert_eq!(back.1, before.1);
    assert_eq!(back.2, before.2);
    // Best effort: a server started above may still hold a connection; the cluster is
    // thrown away after the run anyway.
    let _ = sqlx::Postgres::force_drop_database(&postgres).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn a_target_that_is_not_empty_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!("sqlite://{}/source.db", dir.path().display());
    drop(on(&sqlite).await);
    let postgres = empty_postgres().await;
    let busy = on(&postgres).await;
    busy.create_comment(&comment("déjà là")).await;

    let refused = migrate(&sqlite, &postgres).await;

    let error = refused.expect_err("a non-empty target is refused");
    assert!(error.contains("not empty"), "{error}");
    assert_eq!(busy.demo_thread().await["count"], 1);
    drop(busy);
    // Best effort: a server started above may still hold a connection; the cluster is
    // thrown away after the run anyway.
    let _ = sqlx::Postgres::force_drop_database(&postgres).await;
}

#[tokio::test]
#[ignore = "needs PostgreSQL (scripts/with-postgres)"]
async fn with_force_a_non_empty_target_is_replaced_by_the_source() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!("sqlite://{}/source.db", dir.path().display());
    let source = on(&sqlite).await;
    source.create_comment(&comment("de la source")).await;
    let expected = source.demo_thread().await;
    drop(source);
    let postgres = empty_postgres().await;
    let busy = on(&postgres).await;
    let token = format!("Bearer {}", busy.add_moderator("ancien", None).await);
    let old = busy.create_comment(&comment("ancien")).await;
    busy.moderate(
        old["id"].as_i64().expect("id"),
        "delete",
        &[("authorization", &token)],
    )
    .await;
    drop(busy);

    let report = migrate_with(&sqlite, &postgres, true)
        .await
        .expect("replaced");

    assert!(
        report.contains("replacing what the target held"),
        "{report}"
    );
    let copy = on(&postgres).await;
    assert_eq!(copy.demo_thread().await["comments"], expected["comments"]);
    assert!(
        copy.store
            .audit_log(None, 10)
            .await
            .expect("log")
            .is_empty(),
        "the old audit log is gone"
    );
    drop(copy);

    // And back into the (non-empty) SQLite file: its triggers are dropped, then made again.
    migrate_with(&postgres, &sqlite, true)
        .await
        .expect("replaced back");
    let pool = sqlx::SqlitePool::connect(&sqlite).await.expect("opens");
    sqlx::query("insert into audit_log (at, actor, action) values ('2026-01-01', 'test', 'probe')")
        .execute(&pool)
        .await
        .expect("inserts are allowed");
    let delete = sqlx::query("delete from audit_log").execute(&pool).await;
    assert!(
        delete.is_err_and(|e| e.to_string().contains("append-only")),
        "the trigger is back"
    );
    let _ = sqlx::Postgres::force_drop_database(&postgres).await;
}
