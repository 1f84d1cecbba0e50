//! `POST /api/v1/preview`: the server renders the text as it would store it, and keeps nothing.

use parlons_tests::{TestApp, assert_error, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

async fn preview(app: &TestApp, body: serde_json::Value) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/preview"))
        .json(&body)
        .send()
        .await
        .expect("answers")
}

#[tokio::test]
async fn the_preview_is_the_html_a_post_would_store_and_nothing_is_stored() {
    let app = spawn_app().await;
    let text = "**Gras** et <script>alert(1)</script> [lien](https://example.org)";

    let response = preview(&app, json!({ "text": text })).await;

    assert_eq!(response.status(), StatusCode::OK);
    let html = response.json::<serde_json::Value>().await.expect("JSON")["html"]
        .as_str()
        .expect("html")
        .to_owned();
    let posted = app.create_comment(&parlons_tests::comment(text)).await;
    assert_eq!(
        html, posted["html"],
        "what the preview shows is what is stored"
    );
    assert!(
        html.contains("<strong>Gras</strong>") && html.contains("&lt;script&gt;"),
        "{html}"
    );
    assert_eq!(
        app.demo_thread().await["count"],
        1,
        "only the post was stored"
    );
}

#[tokio::test]
async fn an_empty_or_malformed_preview_gets_the_contracts_errors() {
    let app = spawn_app().await;

    let empty = preview(&app, json!({ "text": "   " })).await;
    let too_long = preview(&app, json!({ "text": "a".repeat(10_001) })).await;
    let not_json = app
        .client
        .post(app.url("/api/v1/preview"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .expect("answers");

    let body = assert_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body["error"]["field"], "text");
    assert_error(too_long, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_error(
        not_json,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
}

#[tokio::test]
async fn previews_have_a_limit_of_their_own_that_leaves_reads_alone() {
    let app = spawn_app().await;
    for _ in 0..10 {
        let allowed = preview(&app, json!({ "text": "Brouillon" })).await;
        assert_eq!(allowed.status(), StatusCode::OK);
    }

    let eleventh = preview(&app, json!({ "text": "Brouillon" })).await;
    let read = app.get_thread("site=demo&page=/").await;

    let body = assert_error(eleventh, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert!(body["error"]["message"].is_string());
    assert_eq!(read.status(), StatusCode::OK, "reads have their own bucket");
}

#[tokio::test]
async fn the_most_nested_text_a_reader_can_send_previews_flattened_not_refused() {
    let app = spawn_app().await;
    let quotes = ">".repeat(10_000);

    let response = preview(&app, json!({ "text": quotes })).await;

    assert_eq!(response.status(), StatusCode::OK);
    let html = response.json::<serde_json::Value>().await.expect("JSON")["html"]
        .as_str()
        .expect("html")
        .to_owned();
    assert_eq!(
        html.matches("<blockquote>").count(),
        16,
        "flattened past 16 levels"
    );
}
