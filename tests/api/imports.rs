//! `parlons import`, run through the library against a real database,
//! with the threads then read over HTTP as readers see them. The sample files are in
//! `tests/fixtures/import/`, each with the awkward cases of its format.

use std::path::{Path, PathBuf};

use parlons_server::cli::import::{Import, run as import_run};
use parlons_server::domain::site::Moderation;
use parlons_server::import::Format;
use parlons_tests::{TestApp, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

use super::exports::export;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/import")
        .join(name)
}

pub(crate) fn args(format: Format, file: PathBuf, site: &str) -> Import {
    Import {
        format,
        file,
        site: site.into(),
        dry_run: false,
        map_urls: Vec::new(),
    }
}

/// What the command printed, or its error.
pub(crate) async fn import(app: &TestApp, args: Import) -> Result<String, String> {
    let mut out = Vec::new();
    import_run(args, app.store.as_ref(), &mut out)
        .await
        .map_err(|error| format!("{error:#}"))?;
    Ok(String::from_utf8(out).expect("utf-8"))
}

async fn thread(app: &TestApp, site: &str, page: &str) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/threads"))
        .query(&[("site", site), ("page", page)])
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a JSON thread")
}

/// `(author, parent's author, html)` of each comment of a thread.
fn shape(thread: &Value) -> Vec<(Value, Value, String)> {
    let comments = thread["comments"].as_array().expect("comments");
    let author_of = |id: &Value| {
        comments
            .iter()
            .find(|c| &c["id"] == id)
            .map_or(Value::Null, |c| c["author"].clone())
    };
    comments
        .iter()
        .map(|c| {
            (
                c["author"].clone(),
                author_of(&c["parent"]),
                c["html"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

pub(crate) async fn app_with_site(site: &str) -> TestApp {
    let app = spawn_app().await;
    app.add_site(site, &["https://journal.example"], Moderation::Post)
        .await;
    app
}

pub(crate) fn disqus(site: &str) -> Import {
    Import {
        map_urls: vec![(
            "http://old.journal.example".into(),
            "https://journal.example".into(),
        )],
        ..args(Format::Disqus, fixture("disqus.xml"), site)
    }
}

#[tokio::test]
async fn a_disqus_export_brings_threads_with_replies_under_their_parents_and_safe_html() {
    let app = app_with_site("journal").await;

    let report = import(&app, disqus("journal")).await.expect("imported");

    let greve = thread(&app, "journal", "/2026/11/greve").await;
    assert_eq!(greve["count"], 3, "{greve}");
    assert_eq!(
        shape(&greve),
        [
            (
                "Ana".into(),
                Value::Null,
                "<p>Très bon article, merci !</p>".into()
            ),
            (
                "Bruno".into(),
                "Ana".into(),
                "<p>D'accord totalement</p>".into()
            ),
            // Its parent was spam: it is attached to the spam's parent.
            (
                "Chloé".into(),
                "Bruno".into(),
                "<p>Ce n'est pas du spam, moi.</p>".into()
            ),
        ]
    );
    let article = thread(&app, "journal", "/article?id=42").await;
    let html: Vec<String> = shape(&article)
        .into_iter()
        .map(|(_, _, html)| html)
        .collect();
    assert_eq!(article["comments"][0]["status"], "deleted", "{article}");
    assert_eq!(html[1], "<p>日本語のコメント</p>");
    assert!(html[2].starts_with("<p>تعليق بالعربية "), "{}", html[2]);
    assert!(
        !html[2].contains("javascript")
            && !html[2].contains("onclick")
            && !html[2].contains("<img"),
        "{}",
        html[2]
    );
    let old = thread(&app, "journal", "/vieux-billet").await;
    assert_eq!(old["comments"][0]["created_at"], "2020-01-01T12:00:00Z");
    assert!(report.contains("threads: 3"), "{report}");
    assert!(
        report.contains(
            "comments: 7 (replies 3, waiting for moderation 0, deleted kept for their replies 1)"
        ),
        "{report}"
    );
    assert!(
        report.contains("replies attached higher up (their parent is left out or missing): 1"),
        "{report}"
    );
    for skipped in [
        "disqus:3: marked as spam",
        "disqus:5: deleted, and no reply to keep it for",
        "disqus:10: its thread is not in the file",
    ] {
        assert!(report.contains(skipped), "{skipped} in {report}");
    }
}

#[tokio::test]
async fn importing_the_same_file_twice_adds_nothing_the_second_time() {
    let app = app_with_site("journal").await;
    import(&app, disqus("journal")).await.expect("first import");

    let again = import(&app, disqus("journal"))
        .await
        .expect("second import");

    assert!(again.contains("already imported before: 7"), "{again}");
    assert!(again.contains("written: 0"), "{again}");
    assert_eq!(
        export(&app, "journal").await["comments"]
            .as_array()
            .map(Vec::len),
        Some(7)
    );
}

#[tokio::test]
async fn a_dry_run_prints_the_report_and_writes_nothing() {
    let app = app_with_site("journal").await;

    let report = import(
        &app,
        Import {
            dry_run: true,
            ..disqus("journal")
        },
    )
    .await
    .expect("dry run");

    assert!(
        report.starts_with("dry run: nothing was written"),
        "{report}"
    );
    assert!(report.contains("would write: 7"), "{report}");
    assert_eq!(
        export(&app, "journal").await["comments"],
        Value::Array(vec![])
    );
}

#[tokio::test]
async fn a_truncated_export_is_refused_naming_its_line_and_nothing_is_written() {
    let app = app_with_site("journal").await;

    let error = import(
        &app,
        args(Format::Disqus, fixture("disqus-truncated.xml"), "journal"),
    )
    .await
    .expect_err("refused");

    assert!(error.contains("disqus-truncated.xml: line "), "{error}");
    assert!(error.contains("truncated"), "{error}");
    assert_eq!(
        export(&app, "journal").await["comments"],
        Value::Array(vec![])
    );
}

#[tokio::test]
async fn importing_into_a_site_that_does_not_exist_is_refused() {
    let app = spawn_app().await;

    let error = import(&app, disqus("nowhere")).await.expect_err("refused");

    assert!(error.contains("parlons site add"), "{error}");
}

#[tokio::test]
async fn a_wordpress_export_keeps_paragraphs_and_pending_comments_and_leaves_out_pingbacks_spam_and_trash()
 {
    let app = app_with_site("blog").await;

    let report = import(
        &app,
        args(Format::Wordpress, fixture("wordpress.xml"), "blog"),
    )
    .await
    .expect("imported");

    let post = thread(&app, "blog", "/?p=12").await;
    assert_eq!(post["count"], 2, "{post}");
    let first = &post["comments"][0];
    assert_eq!(first["author"], "Zoë");
    assert_eq!(first["website"], "https://zoe.example/");
    assert_eq!(
        first["html"],
        "<p>Bonjour à tous</p>\n<p>Second paragraphe,<br>\nmême ligne suivante.</p>"
    );
    let reply = &post["comments"][1];
    assert_eq!(reply["parent"], first["id"]);
    assert_eq!(
        reply["website"],
        Value::Null,
        "a javascript: website is dropped"
    );
    assert_eq!(reply["html"], "<p>Merci <em>beaucoup</em> Zoë</p>");
    assert_eq!(
        reply["created_at"], "2026-11-10T11:00:00Z",
        "the local date when GMT is zero"
    );
    let russian = thread(
        &app,
        "blog",
        "/2026/11/29/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/",
    )
    .await;
    assert_eq!(russian["comments"][0]["html"], "<p>Привет, мир</p>");
    let stored = export(&app, "blog").await;
    let pending: Vec<&Value> = stored["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .filter(|c| c["status"] == "pending")
        .collect();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["author"], "Xavier");
    for skipped in [
        "wordpress:12/33: a pingback, not a comment",
        "wordpress:12/35: marked as spam",
        "wordpress:12/36: deleted, and no reply to keep it for",
    ] {
        assert!(report.contains(skipped), "{skipped} in {report}");
    }
}

#[tokio::test]
async fn a_wordpress_export_whose_posts_repeat_comment_ids_imports_every_comment_under_its_own_parent()
 {
    let app = app_with_site("blog").await;

    let report = import(
        &app,
        args(
            Format::Wordpress,
            fixture("wordpress-repeated-ids.xml"),
            "blog",
        ),
    )
    .await
    .expect("imported");

    for (page, first, reply) in [
        ("/premier/", "Sur le premier", "Réponse sur le premier"),
        ("/second/", "Sur le second", "Réponse sur le second"),
    ] {
        let post = thread(&app, "blog", page).await;
        assert_eq!(post["count"], 2, "{post}");
        assert_eq!(post["comments"][0]["html"], format!("<p>{first}</p>"));
        assert_eq!(post["comments"][1]["html"], format!("<p>{reply}</p>"));
        assert_eq!(post["comments"][1]["parent"], post["comments"][0]["id"]);
    }
    assert!(!report.contains("appears twice"), "{report}");
}

#[tokio::test]
async fn an_isso_database_brings_its_markdown_rendered_safely_and_a_deleted_parent_as_a_placeholder()
 {
    let app = app_with_site("blog").await;
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("comments.db");
    let url = format!("sqlite://{}?mode=rwc", database.display());
    let mut connection: sqlx::SqliteConnection = sqlx::Connection::connect(&url)
        .await
        .expect("a SQLite file");
    let schema = std::fs::read_to_string(fixture("isso.sql")).expect("the fixture");
    sqlx::raw_sql(&schema)
        .execute(&mut connection)
        .await
        .expect("Isso's tables");
    drop(connection);

    let report = import(&app, args(Format::Isso, database, "blog"))
        .await
        .expect("imported");

    let greve = thread(&app, "blog", "/2026/11/greve/").await;
    assert_eq!(greve["count"], 2, "{greve}");
    assert_eq!(
        greve["comments"][0]["html"],
        "<p>Du <strong>gras</strong> et un <a href=\"https://example.org\" rel=\"nofollow ugc noopener\">lien</a></p>\n"
    );
    assert_eq!(greve["comments"][0]["created_at"], "2025-11-29T08:00:00Z");
    assert_eq!(
        greve["comments"][1]["html"],
        "<p>Une réponse &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    );
    assert_eq!(greve["comments"][1]["edited_at"], "2025-11-29T10:00:00Z");
    let other = thread(&app, "blog", "/autre?page=2").await;
    assert_eq!(other["comments"][0]["status"], "deleted");
    assert_eq!(other["comments"][1]["html"], "<p>返信です</p>\n");
    assert!(
        report.contains(
            "comments: 5 (replies 2, waiting for moderation 1, deleted kept for their replies 1)"
        ),
        "{report}"
    );
}

#[tokio::test]
async fn a_file_that_is_not_an_isso_database_is_refused() {
    let app = app_with_site("blog").await;

    let error = import(&app, args(Format::Isso, fixture("disqus.xml"), "blog"))
        .await
        .expect_err("refused");

    assert!(error.contains("disqus.xml"), "{error}");
}

#[tokio::test]
async fn a_file_nested_300000_deep_is_refused_naming_its_line_and_nothing_is_written() {
    let app = app_with_site("journal").await;
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("deep.xml");
    std::fs::write(&file, "<rss>\n".repeat(300_000)).expect("written");

    let error = import(&app, args(Format::Disqus, file, "journal"))
        .await
        .expect_err("refused");

    assert!(error.contains("nested more than 100 deep"), "{error}");
    assert!(error.contains("deep.xml"), "{error}");
    assert_eq!(
        export(&app, "journal").await["comments"],
        serde_json::json!([])
    );
}
