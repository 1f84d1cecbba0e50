//! Validators and cache lifetimes: threads and counts answer `304` to a client that holds the
//! current answer; widget files built for this version are kept for a year.

use parlons_tests::{TestApp, assert_error, comment, spawn_app, vary_names};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};

async fn get(app: &TestApp, path: &str, etag: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(etag) = etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    request.send().await.expect("the server answers")
}

async fn gunzip(response: reqwest::Response) -> Vec<u8> {
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&response.bytes().await.expect("body")[..]),
        &mut unzipped,
    )
    .expect("gzip");
    unzipped
}

fn etag_of(response: &reqwest::Response) -> String {
    response.headers()[ETAG].to_str().expect("ascii").to_owned()
}

#[tokio::test]
async fn a_thread_not_changed_since_is_304_and_a_changed_one_is_sent_again() {
    let app = spawn_app().await;
    app.create_comment(&comment("premier")).await;
    let path = "/api/v1/threads?site=demo&page=/";
    let first = get(&app, path, None).await;
    let etag = etag_of(&first);

    let unchanged = get(&app, path, Some(&etag)).await;
    app.create_comment(&comment("second")).await;
    let changed = get(&app, path, Some(&etag)).await;

    assert_eq!(
        first.headers()[CACHE_CONTROL],
        "public, no-cache",
        "kept, but asked again each time"
    );
    assert_eq!(unchanged.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(etag_of(&unchanged), etag);
    assert!(unchanged.bytes().await.expect("body").is_empty());
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(etag_of(&changed), etag);
    let thread: serde_json::Value = changed.json().await.expect("json");
    assert_eq!(thread["count"], 2);
}

#[tokio::test]
async fn counts_by_get_match_counts_by_post_and_are_cacheable() {
    let app = spawn_app().await;
    app.create_comment(&comment("un")).await;

    let by_get = get(&app, "/api/v1/counts?site=demo&page=%2F&page=%2Fvide", None).await;
    let by_post = app
        .post_counts(&serde_json::json!({"site": "demo", "pages": ["/", "/vide"]}))
        .await;

    assert_eq!(by_get.status(), StatusCode::OK);
    assert!(
        by_get.headers()[CACHE_CONTROL]
            .to_str()
            .expect("ascii")
            .contains("max-age=")
    );
    let etag = etag_of(&by_get);
    let got: serde_json::Value = by_get.json().await.expect("json");
    let posted: serde_json::Value = by_post.json().await.expect("json");
    assert_eq!(got, serde_json::json!({"counts": {"/": 1, "/vide": 0}}));
    assert_eq!(got, posted);
    let again = get(
        &app,
        "/api/v1/counts?site=demo&page=%2F&page=%2Fvide",
        Some(&etag),
    )
    .await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn counts_by_get_refuse_a_bad_query_in_the_contract_body() {
    let app = spawn_app().await;

    let no_site = get(&app, "/api/v1/counts?page=%2F", None).await;
    let no_page = get(&app, "/api/v1/counts?site=demo", None).await;
    let stranger = get(&app, "/api/v1/counts?site=demo&page=%2F&pages=%2F", None).await;
    let unknown_site = get(&app, "/api/v1/counts?site=inconnu&page=%2F", None).await;
    let too_many = get(
        &app,
        &format!(
            "/api/v1/counts?site=demo{}",
            (0..201)
                .map(|n| format!("&page=%2F{n}"))
                .collect::<String>()
        ),
        None,
    )
    .await;

    assert_error(no_site, StatusCode::BAD_REQUEST, "malformed_request").await;
    let error = assert_error(no_page, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "pages");
    assert_error(stranger, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert_error(unknown_site, StatusCode::NOT_FOUND, "site_not_found").await;
    assert_error(too_many, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
}

#[tokio::test]
async fn widget_files_of_the_current_build_are_kept_a_year_and_others_five_minutes() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.widget_dir).expect("folder");
    std::fs::write(
        app.widget_dir.join("parlons-widget.js"),
        "export default 1;",
    )
    .expect("write");
    std::fs::write(app.widget_dir.join("version"), "abc123\n").expect("write");

    let current = get(&app, "/parlons-widget.js?v=abc123", None).await;
    let old = get(&app, "/parlons-widget.js?v=0ld", None).await;
    let unversioned = get(&app, "/parlons-widget.js", None).await;

    assert_eq!(
        current.headers()[CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(old.headers()[CACHE_CONTROL], "public, max-age=300");
    assert_eq!(unversioned.headers()[CACHE_CONTROL], "public, max-age=300");
}

#[tokio::test]
async fn a_widget_file_is_sent_precompressed_when_built_so() {
    let app = spawn_app().await;
    std::fs::create_dir_all(&app.widget_dir).expect("folder");
    let plain = "/* loader */".repeat(100);
    let brotli = b"precompressed brotli bytes".to_vec();
    std::fs::write(app.widget_dir.join("embed.js"), &plain).expect("write");
    std::fs::write(app.widget_dir.join("embed.js.br"), &brotli).expect("write");

    let response = app
        .client
        .get(app.url("/embed.js"))
        .header("accept-encoding", "br, gzip")
        .send()
        .await
        .expect("answers");

    assert_eq!(response.headers()["content-encoding"], "br");
    assert_eq!(
        response.bytes().await.expect("body").as_ref(),
        brotli.as_slice(),
        "the file written at build time, not compressed again"
    );
}

#[tokio::test]
async fn a_thread_is_sent_compressed_as_the_browser_asks_and_reads_the_same() {
    let app = spawn_app().await;
    for n in 0..20 {
        app.create_comment(&comment(&format!(
            "Commentaire numéro {n}, assez long pour compter."
        )))
        .await;
    }
    let path = "/api/v1/threads?site=demo&page=/";
    let plain = get(&app, path, None).await.bytes().await.expect("body");

    let zipped = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "gzip")
        .header("origin", &app.base_url)
        .send()
        .await
        .expect("the server answers");

    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let vary = vary_names(&zipped);
    assert!(
        vary.iter().any(|name| name == "accept-encoding"),
        "{vary:?}"
    );
    let etag = etag_of(&zipped);
    assert!(etag.ends_with("-gzip\""), "{etag}");
    assert_eq!(gunzip(zipped).await, plain);
    let revalidated = get(&app, path, Some(&etag)).await;
    assert_eq!(revalidated.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn an_answer_made_for_each_request_is_compressed_as_the_browser_asks() {
    let app = spawn_app().await;
    let path = "/api/v1/openapi.json";
    let plain = get(&app, path, None).await.bytes().await.expect("body");

    let zipped = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("the server answers");

    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(gunzip(zipped).await, plain);
}

#[tokio::test]
async fn a_client_that_accepts_no_coding_gets_plain_answers_that_say_they_vary_by_coding() {
    let app = spawn_app().await;
    for n in 0..20 {
        app.create_comment(&comment(&format!(
            "Commentaire numéro {n}, assez long pour compter."
        )))
        .await;
    }

    for path in ["/api/v1/openapi.json", "/api/v1/threads?site=demo&page=/"] {
        let response = app
            .client
            .get(app.url(path))
            .header("origin", &app.base_url)
            .send()
            .await
            .expect("the server answers");

        assert!(
            response.headers().get("content-encoding").is_none(),
            "{path}"
        );
        let naming_coding = vary_names(&response)
            .iter()
            .filter(|name| *name == "accept-encoding")
            .count();
        assert_eq!(naming_coding, 1, "{path}: Vary names the coding once");
        let body: serde_json::Value = response.json().await.expect("plain JSON");
        assert!(body.is_object(), "{path}");
    }
}
