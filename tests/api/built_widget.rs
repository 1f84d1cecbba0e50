//! A server with no `widget_dir` serves the widget built into its binary (a debug build, as
//! here, reads the same files from `dist/` at request time: `scripts/build-widget` first).

use parlons_tests::spawn_app_with;
use reqwest::StatusCode;

const BUILD_FIRST: &str = "the widget is built (scripts/build-widget) before the tests";

#[tokio::test]
async fn without_a_widget_folder_the_built_widget_is_served_compressed_and_tagged() {
    // Arrange
    let app = spawn_app_with(|settings| settings.widget_dir = None).await;
    let version = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../dist/version"))
        .expect(BUILD_FIRST);

    // Act
    let loader = app
        .client
        .get(app.url("/embed.js"))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .expect("answers");
    let tag = loader.headers()["etag"].clone();
    let again = app
        .client
        .get(app.url("/embed.js"))
        .header("accept-encoding", "gzip, br")
        .header("if-none-match", tag.clone())
        .send()
        .await
        .expect("answers");
    let wasm = app
        .client
        .get(app.url(&format!("/parlons-widget_bg.wasm?v={}", version.trim())))
        .send()
        .await
        .expect("answers");
    let words = app
        .client
        .get(app.url("/i18n/fr.json"))
        .send()
        .await
        .expect("answers");
    let outside = app
        .client
        .get(app.url("/i18n/..%2Fversion"))
        .send()
        .await
        .expect("answers");

    // Assert
    assert_eq!(loader.status(), StatusCode::OK, "{BUILD_FIRST}");
    assert_eq!(loader.headers()["content-type"], "text/javascript");
    assert_eq!(loader.headers()["content-encoding"], "br");
    assert_eq!(loader.headers()["cache-control"], "public, max-age=300");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"], tag);
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    assert!(wasm.headers().get("content-encoding").is_none());
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable",
        "a URL naming the current build is kept a year"
    );
    assert_eq!(&wasm.bytes().await.expect("bytes")[..4], b"\0asm");
    assert_eq!(words.status(), StatusCode::OK);
    assert!(words.text().await.expect("text").contains("commentaire"));
    assert_eq!(outside.status(), StatusCode::NOT_FOUND);
}
