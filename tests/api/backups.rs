//! `parlons backup`: a consistent copy of the live database while the server serves, which
//! a server started on it serves as it was.

use parlons_server::cli::backup::{Backup, run};
use parlons_tests::{TestApp, comment, spawn_app, spawn_app_with};
use sqlx::Connection;

async fn backup(app: &TestApp, file: std::path::PathBuf) -> Result<String, String> {
    let mut out = Vec::new();
    run(Backup { file }, app.store.as_ref(), &mut out)
        .await
        .map_err(|error| format!("{error:#}"))?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

#[tokio::test]
async fn a_backup_taken_while_comments_are_posted_is_whole_and_serves_the_threads() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("backup.db");
    if !app.database_url.starts_with("sqlite") {
        let error = backup(&app, file).await.expect_err("PostgreSQL is refused");
        assert!(error.contains("pg_dump"), "{error}");
        return;
    }
    for n in 0..20 {
        app.create_comment(&comment(&format!("avant {n}"))).await;
    }
    let writer = {
        let (client, url) = (app.client.clone(), app.url("/api/v1/comments"));
        tokio::spawn(async move {
            for n in 0..50 {
                let _ = client
                    .post(&url)
                    .json(&comment(&format!("pendant {n}")))
                    .send()
                    .await;
            }
        })
    };

    let said = backup(&app, file.clone()).await.expect("backed up");
    writer.await.expect("the writer ends");

    assert!(said.starts_with("backed up to "), "{said}");
    let url = format!("sqlite://{}", file.display());
    let mut copy = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("the copy opens");
    let (check,): (String,) = sqlx::query_as("pragma integrity_check")
        .fetch_one(&mut copy)
        .await
        .expect("checked");
    assert_eq!(check, "ok");
    let (stored,): (i64,) = sqlx::query_as("select count(*) from comment")
        .fetch_one(&mut copy)
        .await
        .expect("counted");
    assert!((20..=70).contains(&stored), "{stored} comments in the copy");
    drop(copy);
    let restored = spawn_app_with(move |settings| settings.database_url = url).await;
    let thread = restored.demo_thread().await;
    assert_eq!(thread["count"], stored, "{thread}");
    assert_eq!(thread["comments"][0]["html"], "<p>avant 0</p>\n");
}

#[tokio::test]
async fn a_backup_never_replaces_an_existing_file() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("precious.db");
    std::fs::write(&file, "keep me").expect("written");

    let error = backup(&app, file.clone()).await.expect_err("refused");

    assert!(error.contains("never replaces"), "{error}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep me");
}

#[cfg(unix)]
#[tokio::test]
async fn a_backup_and_an_export_are_readable_by_their_owner_alone() {
    use parlons_server::cli::export::{Export, run as export};
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &std::path::Path| {
        std::fs::metadata(path)
            .expect("written")
            .permissions()
            .mode()
            & 0o777
    };
    let app = spawn_app().await;
    app.create_comment(&comment("avec une adresse")).await;
    let dir = tempfile::tempdir().expect("a folder");
    let exported = dir.path().join("demo.json");
    let copy = dir.path().join("backup.db");

    export(
        Export {
            site: "demo".into(),
            output: Some(exported.clone()),
        },
        app.store.as_ref(),
        &mut Vec::new(),
    )
    .await
    .expect("exported");
    let backed_up = backup(&app, copy.clone()).await;

    assert_eq!(mode(&exported), 0o600);
    if app.database_url.starts_with("sqlite") {
        backed_up.expect("backed up");
        assert_eq!(mode(&copy), 0o600);
    } else {
        backed_up.expect_err("PostgreSQL is backed up with pg_dump");
        assert!(!copy.exists(), "a refused backup leaves no file");
    }
}
