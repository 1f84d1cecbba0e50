//! Every bad input gets the contract's error body and a fitting status, and stores nothing.

use parlons_shared::NewComment;
use parlons_shared::limits::{MAX_PAGE_CHARS, MAX_TEXT_CHARS};
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;

async fn assert_nothing_stored(app: &TestApp) {
    let thread = app.demo_thread().await;
    assert_eq!(
        thread["comments"],
        serde_json::json!([]),
        "a refused request stored something"
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;

    let response = app
        .post_raw("application/json", r#"{"site": "demo", "text": "#)
        .await;

    assert_error(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415() {
    let app = spawn_app().await;

    let response = app
        .post_raw("text/plain", r#"{"site":"demo","page":"/","text":"hi"}"#)
        .await;

    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_body_over_64_kib_is_413() {
    let app = spawn_app().await;
    let body = serde_json::to_string(&comment(&"a".repeat(70 * 1024))).expect("json");

    let response = app.post_raw("application/json", body).await;

    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn each_field_that_breaks_a_limit_is_422_naming_the_field() {
    let app = spawn_app().await;
    let cases = [
        ("text", comment("")),
        ("text", comment("   \n ")),
        ("text", comment(&"x".repeat(MAX_TEXT_CHARS + 1))),
        (
            "author",
            NewComment {
                author: Some("a".repeat(101)),
                ..comment("hi")
            },
        ),
        (
            "website",
            NewComment {
                website: Some("javascript:alert(1)".into()),
                ..comment("hi")
            },
        ),
        (
            "website",
            NewComment {
                website: Some("ftp://example.org".into()),
                ..comment("hi")
            },
        ),
        (
            "website",
            NewComment {
                website: Some("pas une adresse".into()),
                ..comment("hi")
            },
        ),
        (
            "page",
            NewComment {
                page: "/".repeat(MAX_PAGE_CHARS + 1),
                ..comment("hi")
            },
        ),
        (
            "page",
            NewComment {
                page: "".into(),
                ..comment("hi")
            },
        ),
        (
            "email",
            NewComment {
                email: Some("no-at-sign".into()),
                ..comment("hi")
            },
        ),
        (
            "site",
            NewComment {
                site: "Not A Site!".into(),
                ..comment("hi")
            },
        ),
    ];
    for (field, body) in cases {
        let response = app.post_comment(&body).await;

        let code = if field == "page" {
            "invalid_page"
        } else {
            "invalid_field"
        };
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
        assert_eq!(error["error"]["field"], field, "{body:?}");
    }
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_missing_or_mistyped_field_is_422_naming_the_field() {
    let app = spawn_app().await;

    let missing = app
        .post_raw("application/json", r#"{"site":"demo","page":"/"}"#)
        .await;
    let mistyped = app
        .post_raw("application/json", r#"{"site":"demo","page":"/","text":5}"#)
        .await;

    let error = assert_error(missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "text");
    let error = assert_error(mistyped, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "text");
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn an_unknown_parent_is_404() {
    let app = spawn_app().await;

    let response = app
        .post_comment(&NewComment {
            parent: Some(999),
            ..comment("orphelin")
        })
        .await;

    let error = assert_error(response, StatusCode::NOT_FOUND, "parent_not_found").await;
    assert_eq!(error["error"]["field"], "parent");
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn a_parent_on_another_page_is_422() {
    let app = spawn_app().await;
    let elsewhere = app
        .create_comment(&NewComment {
            page: "/autre".into(),
            ..comment("ailleurs")
        })
        .await;

    let response = app
        .post_comment(&NewComment {
            parent: elsewhere["id"].as_i64(),
            ..comment("ici")
        })
        .await;

    let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "parent");
    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn an_unknown_site_is_404() {
    let app = spawn_app().await;

    let response = app
        .post_comment(&NewComment {
            site: "inconnu".into(),
            ..comment("hi")
        })
        .await;

    assert_error(response, StatusCode::NOT_FOUND, "site_not_found").await;
}

#[tokio::test]
async fn a_thread_query_without_a_site_is_400_and_a_bad_limit_is_422() {
    let app = spawn_app().await;

    let no_site = app.get_thread("page=/").await;
    let bad_limit = app.get_thread("site=demo&page=/&limit=0").await;
    let bad_sort = app.get_thread("site=demo&page=/&sort=sideways").await;
    let bad_cursor = app.get_thread("site=demo&page=/&after=abc").await;

    assert_error(no_site, StatusCode::BAD_REQUEST, "malformed_request").await;
    let error = assert_error(bad_limit, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(error["error"]["field"], "limit");
    assert_error(bad_sort, StatusCode::BAD_REQUEST, "malformed_request").await;
    let error = assert_error(
        bad_cursor,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    assert_eq!(error["error"]["field"], "after");
}

#[tokio::test]
async fn an_unknown_path_is_404_and_a_wrong_method_is_405_in_the_same_body() {
    let app = spawn_app().await;

    let unknown = app
        .client
        .get(app.url("/api/v1/nothing"))
        .send()
        .await
        .expect("answers");
    let wrong_method = app
        .client
        .put(app.url("/api/v1/comments"))
        .send()
        .await
        .expect("answers");

    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
    assert_error(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn a_counts_body_over_64_kib_is_413() {
    let app = spawn_app().await;
    let pages: Vec<String> = (0..200)
        .map(|n| format!("/{n}/{}", "a".repeat(400)))
        .collect();
    let body = serde_json::json!({ "site": "demo", "pages": pages }).to_string();

    let response = app
        .client
        .post(app.url("/api/v1/counts"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers");

    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
}

#[tokio::test]
async fn control_characters_in_a_comment_or_a_page_key_are_422_and_line_breaks_are_not() {
    let app = spawn_app().await;

    let nul_text = app.post_comment(&comment("avant\0après")).await;
    let mut nul_page = comment("Bonjour");
    nul_page.page = "/a\0b".into();
    let nul_page = app.post_comment(&nul_page).await;
    let thread = app.get_thread("site=demo&page=/a%00b").await;
    let queue = app
        .client
        .get(app.url("/api/v1/moderation/queue?site=d%00mo"))
        .bearer_auth(app.add_moderator("ana", None).await)
        .send()
        .await
        .expect("answers");
    let lines = app
        .post_comment(&comment("une ligne\r\n\tpuis une autre"))
        .await;

    let body = assert_error(nul_text, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(body["error"]["field"], "text");
    let body = assert_error(nul_page, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
    assert_eq!(body["error"]["field"], "page");
    assert_error(thread, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
    assert_error(queue, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(lines.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_page_key_that_is_not_a_path_is_422_invalid_page_everywhere() {
    let app = spawn_app().await;

    for key in ["article-12", "@evil.example/login", "//evil.example/x"] {
        let mut post = comment("Bonjour");
        post.page = key.into();
        let posted = app.post_comment(&post).await;
        let read = app
            .client
            .get(app.url("/api/v1/threads"))
            .query(&[("site", "demo"), ("page", key)])
            .send()
            .await
            .expect("answers");

        let body = assert_error(posted, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
        assert_eq!(body["error"]["field"], "page", "{key}");
        assert_error(read, StatusCode::UNPROCESSABLE_ENTITY, "invalid_page").await;
    }
    assert_nothing_stored(&app).await;
}
