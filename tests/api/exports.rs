//! `parlons export`: a site's comments taken out whole, and brought back by `parlons import
//! --format parlons` into another database with nothing lost.

use parlons_server::cli::export::{Export, run as export_run};
use parlons_server::import::Format;
use parlons_tests::TestApp;
use reqwest::StatusCode;
use serde_json::Value;

use super::imports::{app_with_site, args, disqus, import};

pub(crate) async fn export(app: &TestApp, site: &str) -> Value {
    let mut out = Vec::new();
    let args = Export {
        site: site.into(),
        output: None,
    };
    export_run(args, app.store.as_ref(), &mut out)
        .await
        .expect("the export runs");
    serde_json::from_slice(&out).expect("the export is JSON")
}

/// The export's comments with ids replaced by their position, so two databases compare.
fn canonical(export: &Value) -> Vec<Value> {
    let comments = export["comments"].as_array().expect("comments");
    let position = |id: &Value| comments.iter().position(|c| &c["id"] == id);
    comments
        .iter()
        .map(|comment| {
            let mut comment = comment.clone();
            let parent = position(&comment["parent"]);
            comment["parent"] = serde_json::json!(parent);
            comment["id"] = Value::Null;
            // A comment posted on the source gets its provenance as import key (below).
            if comment["import_key"]
                .as_str()
                .is_some_and(|key| key.starts_with("parlons:"))
            {
                comment["import_key"] = Value::Null;
            }
            comment
        })
        .collect()
}

#[tokio::test]
async fn an_export_imported_into_an_empty_site_gives_back_every_comment_and_tokens_keep_working() {
    let source = app_with_site("journal").await;
    import(&source, disqus("journal")).await.expect("imported");
    let posted: Value = source
        .post_comment_from(
            "https://journal.example",
            &parlons_shared::NewComment {
                site: "journal".into(),
                page: "/2026/11/greve".into(),
                text: "Posté ici, *en Markdown*".into(),
                author: Some("Hugo".into()),
                ..Default::default()
            },
        )
        .await
        .json()
        .await
        .expect("the created comment");
    let before = export(&source, "journal").await;
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("journal.json");
    std::fs::write(&file, serde_json::to_vec(&before).expect("json")).expect("written");
    let target = app_with_site("copy").await;

    let report = import(&target, args(Format::Parlons, file, "copy"))
        .await
        .expect("imported");

    let after = export(&target, "copy").await;
    assert!(report.contains("written: 8"), "{report}");
    assert_eq!(canonical(&after), canonical(&before));
    assert_eq!(
        after["comments"][7]["import_key"],
        format!("parlons:journal:{}", posted["id"])
    );
    let copied_id = after["comments"][7]["id"].as_i64().expect("an id");
    let token = posted["edit_token"].as_str().expect("a token");
    let edited = target.edit_comment(copied_id, token, "Corrigé").await;
    assert_eq!(edited.status(), StatusCode::OK);
}
