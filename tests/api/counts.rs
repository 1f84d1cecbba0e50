use parlons_shared::NewComment;
use parlons_tests::{assert_error, comment, spawn_app};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn counts_cover_every_asked_page_published_comments_only() {
    let app = spawn_app().await;
    app.create_comment(&comment("un")).await;
    app.create_comment(&comment("deux")).await;
    app.create_comment(&NewComment {
        page: "/b".into(),
        ..comment("trois")
    })
    .await;

    let response = app
        .post_counts(&json!({"site": "demo", "pages": ["/", "/b", "/vide"]}))
        .await;

    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body, json!({"counts": {"/": 2, "/b": 1, "/vide": 0}}));
}

#[tokio::test]
async fn counts_for_an_unknown_site_are_404() {
    let app = spawn_app().await;

    let response = app
        .post_counts(&json!({"site": "inconnu", "pages": ["/"]}))
        .await;

    assert_error(response, StatusCode::NOT_FOUND, "site_not_found").await;
}

#[tokio::test]
async fn too_many_or_too_long_pages_are_422() {
    let app = spawn_app().await;
    let many: Vec<String> = (0..201).map(|n| format!("/{n}")).collect();

    let too_many = app
        .post_counts(&json!({"site": "demo", "pages": many}))
        .await;
    let too_long = app
        .post_counts(&json!({"site": "demo", "pages": ["/".repeat(1001)]}))
        .await;

    let error = assert_error(too_many, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "pages");
    let error = assert_error(too_long, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "pages");
}

#[tokio::test]
async fn a_counts_body_without_pages_is_422() {
    let app = spawn_app().await;

    let response = app.post_counts(&json!({"site": "demo"})).await;

    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "pages");
}

#[tokio::test]
async fn counts_asked_again_follow_new_and_erased_comments() {
    let app = spawn_app().await;
    let body = json!({"site": "demo", "pages": ["/"]});
    let before: serde_json::Value = app.post_counts(&body).await.json().await.expect("json");
    let created = app.create_comment(&comment("un")).await;

    let after_post: serde_json::Value = app.post_counts(&body).await.json().await.expect("json");
    let id = created["id"].as_i64().expect("id");
    let token = created["edit_token"].as_str().expect("token");
    assert_eq!(
        app.erase_comment(id, token).await.status(),
        StatusCode::NO_CONTENT
    );
    let after_erase: serde_json::Value = app.post_counts(&body).await.json().await.expect("json");

    assert_eq!(before["counts"]["/"], 0);
    assert_eq!(after_post["counts"]["/"], 1);
    assert_eq!(after_erase["counts"]["/"], 0);
}

#[tokio::test]
async fn a_counts_body_answered_before_is_judged_again_under_another_media_type() {
    let app = spawn_app().await;
    let body = r#"{"site": "demo", "pages": ["/"]}"#;
    let send = |content_type: &'static str| {
        app.client
            .post(app.url("/api/v1/counts"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let first = send("application/json").await.expect("an answer");
    assert_eq!(first.status(), StatusCode::OK);

    let as_text = send("text/plain").await.expect("an answer");
    let with_charset = send("application/json; charset=utf-8")
        .await
        .expect("an answer");

    assert_error(
        as_text,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    assert_eq!(with_charset.status(), StatusCode::OK);
    let counts: serde_json::Value = with_charset.json().await.expect("json");
    assert_eq!(counts, json!({"counts": {"/": 0}}));
}
