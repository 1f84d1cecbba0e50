//! `GET /api/v1/threads.html`: a site that opts in publishes each thread as plain HTML with
//! schema.org microdata; text stays text, and only published comments show.

use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

async fn crawlable(app: &TestApp) {
    app.change_site("demo", |site| site.crawlable = true).await;
}

async fn get_html(app: &TestApp, query: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/threads.html?{query}")))
        .send()
        .await
        .expect("answers")
}

#[tokio::test]
async fn a_site_that_did_not_opt_in_does_not_publish_its_threads_as_html() {
    let app = spawn_app().await;
    app.create_comment(&comment("Pas pour les robots")).await;

    let response = get_html(&app, "site=demo&page=/").await;

    assert_error(response, StatusCode::FORBIDDEN, "not_crawlable").await;
}

#[tokio::test]
async fn the_thread_is_html_with_comment_microdata_replies_nested_and_text_as_text() {
    let app = spawn_app().await;
    crawlable(&app).await;
    let parent = app
        .create_comment(&NewComment {
            author: Some("<script>Zoé</script>".into()),
            website: Some("https://zoe.example".into()),
            ..comment("**Bonjour** à tous")
        })
        .await;
    app.create_comment(&NewComment {
        parent: parent["id"].as_i64(),
        ..comment("Une réponse")
    })
    .await;

    let response = get_html(&app, "site=demo&page=/&lang=fr").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "text/html; charset=utf-8"
    );
    assert!(response.headers().contains_key("etag"));
    let html = response.text().await.expect("text");
    assert!(html.contains("<h2>2 commentaires</h2>"), "{html}");
    assert_eq!(
        html.matches(r#"itemtype="https://schema.org/Comment""#)
            .count(),
        2
    );
    assert!(
        html.contains("<strong>Bonjour</strong>"),
        "the rendered HTML: {html}"
    );
    assert!(
        html.contains("&lt;script&gt;Zoé&lt;/script&gt;"),
        "names are text: {html}"
    );
    assert!(!html.contains("<script>"), "{html}");
    let reply_at = html.find("Une réponse").expect("the reply");
    let parent_ends = html.rfind("</li></ol></li></ol>").expect("a nested list");
    assert!(
        reply_at < parent_ends,
        "the reply is inside its parent's item: {html}"
    );
}

#[tokio::test]
async fn pending_comments_stay_out_and_an_unchanged_thread_is_304() {
    let app = spawn_app().await;
    crawlable(&app).await;
    app.create_comment(&comment("Publié")).await;
    let links = "[a](https://a.example) [b](https://b.example) [c](https://c.example) en attente";
    assert_eq!(
        app.post_comment(&comment(links)).await.status(),
        StatusCode::ACCEPTED
    );

    let first = get_html(&app, "site=demo&page=/").await;
    let etag = first.headers()["etag"].clone();
    let html = first.text().await.expect("text");
    let again = app
        .client
        .get(app.url("/api/v1/threads.html?site=demo&page=/"))
        .header("if-none-match", etag)
        .send()
        .await
        .expect("answers");

    assert!(
        html.contains("<h2>1 comment</h2>") && !html.contains("en attente"),
        "{html}"
    );
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn bad_queries_get_the_contracts_errors() {
    let app = spawn_app().await;
    crawlable(&app).await;

    let unknown = get_html(&app, "site=nowhere&page=/").await;
    let no_page = get_html(&app, "site=demo").await;
    let bad_cursor = get_html(&app, "site=demo&page=/&after=abc").await;

    assert_error(unknown, StatusCode::NOT_FOUND, "site_not_found").await;
    assert_eq!(no_page.status(), StatusCode::BAD_REQUEST);
    assert_error(
        bad_cursor,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
}

#[tokio::test]
async fn the_html_opened_as_a_page_on_the_servers_origin_runs_nothing() {
    let app = spawn_app().await;
    crawlable(&app).await;
    app.create_comment(&comment("Lisible, inerte")).await;

    let response = get_html(&app, "site=demo&page=/").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; sandbox"
    );
}
