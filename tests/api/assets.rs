use parlons_tests::spawn_app;
use reqwest::StatusCode;

#[tokio::test]
async fn the_demo_article_is_served_at_the_root_in_french_with_the_embed_tag() {
    let app = spawn_app().await;

    let response = app.client.get(app.url("/")).send().await.expect("answers");

    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.expect("text");
    assert!(page.contains(r#"<html lang="fr">"#));
    assert!(page.contains(r#"<script src="/embed.js" data-site="demo""#));
    assert!(page.contains("Voronkov"));
}

#[tokio::test]
async fn a_widget_file_not_built_yet_is_a_404_in_the_contract_body() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/parlons-widget_bg.wasm"))
        .send()
        .await
        .expect("answers");

    parlons_tests::assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn widget_files_are_served_to_any_origin_typed_cacheable_and_compressed() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.widget_dir).expect("folder");
    std::fs::write(
        app.widget_dir.join("parlons-widget_bg.wasm"),
        vec![0u8; 4096],
    )
    .expect("write");
    std::fs::write(app.widget_dir.join("embed.js"), "/* loader */".repeat(100)).expect("write");

    let wasm = app
        .client
        .get(app.url("/parlons-widget_bg.wasm"))
        .header("origin", "https://any-site.example")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("answers");
    let embed = app
        .client
        .get(app.url("/embed.js"))
        .send()
        .await
        .expect("answers");

    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert_eq!(
        wasm.headers()["access-control-allow-origin"],
        "https://any-site.example"
    );
    assert_eq!(wasm.headers()["content-encoding"], "gzip");
    assert!(
        wasm.headers()["cache-control"]
            .to_str()
            .expect("text")
            .contains("max-age")
    );
    assert!(
        embed.headers()["content-type"]
            .to_str()
            .expect("text")
            .contains("javascript")
    );
}

#[tokio::test]
async fn the_pages_the_server_renders_carry_a_strict_policy_and_every_answer_nosniff() {
    let app = spawn_app().await;

    for path in ["/", "/api/v1/docs", "/admin"] {
        let response = app.client.get(app.url(path)).send().await.expect("answers");
        let headers = response.headers();
        let policy = headers["content-security-policy"].to_str().expect("ascii");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(policy.contains("default-src 'none'"), "{path}: {policy}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert!(headers.contains_key("referrer-policy"), "{path}");
    }
    let api = app
        .client
        .get(app.url("/api/v1/threads?site=demo&page=/"))
        .send()
        .await
        .expect("answers");
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn a_language_file_is_served_compressed_and_kept_a_year_under_the_current_version() {
    let app = spawn_app().await;
    let words = app.widget_dir.join("i18n");
    std::fs::create_dir_all(&words).expect("folder");
    std::fs::write(
        words.join("fr.json"),
        r#"{"count":{"other":"{n} commentaires"}}"#,
    )
    .expect("write");
    std::fs::write(words.join("fr.json.gz"), b"precompressed").expect("write");
    std::fs::write(app.widget_dir.join("version"), "abc123\n").expect("write");

    let current = app
        .client
        .get(app.url("/i18n/fr.json?v=abc123"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("answers");
    let unknown = app
        .client
        .get(app.url("/i18n/xx.json?v=abc123"))
        .send()
        .await
        .expect("answers");

    assert_eq!(current.status(), StatusCode::OK);
    assert_eq!(current.headers()["content-type"], "application/json");
    assert_eq!(current.headers()["content-encoding"], "gzip");
    assert!(
        current.headers()["cache-control"]
            .to_str()
            .expect("text")
            .contains("immutable")
    );
    assert_eq!(
        current.bytes().await.expect("body").as_ref(),
        b"precompressed"
    );
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}
