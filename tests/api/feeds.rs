//! `GET /api/v1/feeds/comments.atom`: the latest published comments as Atom, for readers.

use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use quick_xml::Reader;
use quick_xml::events::Event;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};

async fn feed(app: &TestApp, query: &str) -> reqwest::Response {
    app.client
        .get(app.url(&format!("/api/v1/feeds/comments.atom?{query}")))
        .send()
        .await
        .expect("answers")
}

/// The text of every `<name>` element, in order; panics if the XML is not well-formed.
fn texts(xml: &str, name: &str) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let (mut inside, mut found) = (false, Vec::new());
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => {
                inside = start.name().as_ref() == name.as_bytes();
                if inside {
                    found.push(String::new());
                }
            }
            Event::Text(text) if inside => {
                if let Some(last) = found.last_mut() {
                    last.push_str(&text.xml_content().expect("utf-8"));
                }
            }
            Event::GeneralRef(reference) if inside => {
                let entity = reference.decode().expect("utf-8").into_owned();
                let resolved =
                    quick_xml::escape::resolve_predefined_entity(&entity).expect("known entity");
                if let Some(last) = found.last_mut() {
                    last.push_str(resolved);
                }
            }
            Event::End(_) => inside = false,
            Event::Eof => return found,
            _ => {}
        }
    }
}

#[tokio::test]
async fn a_site_feed_lists_its_latest_published_comments_newest_first_linking_to_each() {
    let app = spawn_app().await;
    let first = app.create_comment(&comment("Premier **avis**")).await;
    let mut elsewhere = comment("Sur une autre page");
    elsewhere.page = "/autre".into();
    app.create_comment(&elsewhere).await;
    let erased = app.create_comment(&comment("Effacé")).await;
    app.erase_comment(
        erased["id"].as_i64().expect("id"),
        erased["edit_token"].as_str().expect("token"),
    )
    .await;

    let response = feed(&app, "site=demo").await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.expect("text");
    let contents = texts(&xml, "content");
    assert_eq!(
        contents,
        [
            "<p>Sur une autre page</p>\n",
            "<p>Premier <strong>avis</strong></p>\n"
        ]
    );
    let ids = texts(&xml, "id");
    assert!(
        ids[0].ends_with("/api/v1/feeds/comments.atom?site=demo"),
        "{ids:?}"
    );
    assert!(
        ids[2].ends_with(&format!("/#parlons-{}", first["id"])),
        "{ids:?}"
    );
    assert!(!xml.contains("<strong>"), "HTML is escaped in the XML");
}

#[tokio::test]
async fn a_page_feed_has_that_page_only_and_answers_304_when_unchanged() {
    let app = spawn_app().await;
    app.create_comment(&comment("Ici")).await;
    let mut elsewhere = comment("Ailleurs");
    elsewhere.page = "/autre".into();
    app.create_comment(&elsewhere).await;

    let response = feed(&app, "site=demo&page=/autre").await;
    let etag = response.headers()[ETAG].clone();
    let xml = response.text().await.expect("text");
    let again = app
        .client
        .get(app.url("/api/v1/feeds/comments.atom?site=demo&page=/autre"))
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("answers");

    assert_eq!(texts(&xml, "content"), ["<p>Ailleurs</p>\n"]);
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn a_feed_of_an_unknown_site_is_404_and_without_a_site_400() {
    let app = spawn_app().await;

    assert_error(
        feed(&app, "site=nowhere").await,
        StatusCode::NOT_FOUND,
        "site_not_found",
    )
    .await;
    assert_error(
        feed(&app, "page=/").await,
        StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
}
