//! The OpenAPI document at `/api/v1/openapi.json`: generated from the routes themselves, it
//! names every call of the contract, and every call it names is served.

use std::collections::BTreeSet;

use parlons_tests::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The contract (docs/api.md and ../shared/DESIGN.md), method and path.
const CONTRACT: [(&str, &str); 34] = [
    ("POST", "/api/v1/preview"),
    ("GET", "/api/v1/threads"),
    ("GET", "/api/v1/threads.html"),
    ("GET", "/api/v1/challenge"),
    ("POST", "/api/v1/comments"),
    ("GET", "/api/v1/comments/{id}"),
    ("PATCH", "/api/v1/comments/{id}"),
    ("DELETE", "/api/v1/comments/{id}"),
    ("POST", "/api/v1/comments/{id}/vote"),
    ("GET", "/api/v1/counts"),
    ("POST", "/api/v1/counts"),
    ("GET", "/api/v1/events"),
    ("GET", "/api/v1/feeds/comments.atom"),
    ("GET", "/api/v1/moderation/queue"),
    ("POST", "/api/v1/moderation/comments/{id}/{action}"),
    ("POST", "/api/v1/moderation/comments/{id}/reply"),
    ("POST", "/api/v1/moderation/threads/close"),
    ("POST", "/api/v1/moderation/threads/open"),
    ("POST", "/api/v1/comments/{id}/report"),
    ("GET", "/api/v1/moderation/reports"),
    ("GET", "/api/v1/moderation/stats"),
    ("POST", "/api/v1/readers/email"),
    ("POST", "/api/v1/readers/session"),
    ("DELETE", "/api/v1/readers/session"),
    ("DELETE", "/api/v1/readers/sessions"),
    ("GET", "/api/v1/readers/me"),
    ("PATCH", "/api/v1/readers/me"),
    ("DELETE", "/api/v1/readers/me"),
    ("GET", "/api/v1/readers/me/comments"),
    ("GET", "/api/v1/readers/me/export"),
    ("POST", "/api/v1/readers/me/replies"),
    ("GET", "/api/v1/readers/options"),
    ("GET", "/healthz"),
    ("GET", "/metrics"),
];

async fn document(app: &parlons_tests::TestApp) -> Value {
    let response = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON")
}

fn operations(document: &Value) -> BTreeSet<(String, String)> {
    document["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .expect("a path item")
                .keys()
                .map(|method| (method.to_uppercase(), path.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn the_document_names_every_call_of_the_contract_and_nothing_else() {
    let app = spawn_app().await;

    let document = document(&app).await;

    assert!(
        document["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );
    let expected: BTreeSet<(String, String)> = CONTRACT
        .iter()
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    assert_eq!(operations(&document), expected);
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    for name in [
        "Comment",
        "NewComment",
        "Thread",
        "ErrorBody",
        "ErrorCode",
        "Counts",
    ] {
        assert!(schemas.contains_key(name), "{name} is described");
    }
}

#[tokio::test]
async fn every_documented_call_is_served_and_answers_bad_input_with_a_documented_status() {
    let app = spawn_app().await;
    let document = document(&app).await;

    for (method, path) in operations(&document) {
        let url = app.url(
            &path
                .replace("{id}", "999999")
                .replace("{action}", "approve"),
        );
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let response = app
            .client
            .request(method.clone(), url)
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("answers");

        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        assert!(
            !matches!(
                body["error"]["code"].as_str(),
                Some("not_found" | "method_not_allowed")
            ),
            "{method} {path} is not routed: {body}"
        );
        let documented = &document["paths"][&path][method.as_str().to_lowercase()]["responses"];
        assert!(
            documented.get(status.as_str()).is_some(),
            "{method} {path} answered {status}, which the document does not list"
        );
    }
}

#[tokio::test]
async fn every_call_that_takes_a_body_refuses_an_oversized_one_with_a_documented_413() {
    let app = spawn_app().await;
    let document = document(&app).await;
    let oversized = format!("{{\"text\":\"{}\"}}", "a".repeat(70 * 1024));
    // Moderators' and readers' calls check their credentials first: with them, the body
    // is refused.
    let token = app.add_moderator("mod", None).await;
    let reader = parlons_tests::readers::stored_reader(&app, "lea@example.fr").await;

    let mut checked = 0;
    for (method, path) in operations(&document) {
        let operation = &document["paths"][&path][method.to_lowercase()];
        if operation.get("requestBody").is_none() {
            continue;
        }
        let url = app.url(&path.replace("{id}", "1"));
        let method = Method::from_bytes(method.as_bytes()).expect("a method");
        let response = app
            .client
            .request(method.clone(), url)
            .header("content-type", "application/json")
            .bearer_auth(&token)
            .header("x-reader-token", &reader)
            .body(oversized.clone())
            .send()
            .await
            .expect("answers");

        assert_eq!(
            response.status(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "{method} {path}"
        );
        assert!(
            operation["responses"].get("413").is_some(),
            "{method} {path} answers 413, which the document does not list"
        );
        checked += 1;
    }
    assert_eq!(
        checked, 13,
        "preview, post, edit, vote, report, counts, a moderator's reply, closing and opening \
         threads, asking for a sign-in link, opening a session, renaming and reply emails take a body"
    );
}

#[tokio::test]
async fn the_docs_page_shows_each_call_for_people() {
    let app = spawn_app().await;

    let page = app
        .client
        .get(app.url("/api/v1/docs"))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("HTML");

    for (method, path) in CONTRACT {
        assert!(
            page.contains(&format!("{method} {path}")),
            "{method} {path} on the page"
        );
    }
}
