//! A signed-in reader's own data, on any device: "My comments" lists only theirs, the export
//! holds only their data, reply emails turn on and off per page, and "erase all" leaves
//! neither their text, their name nor their address in any table of either backend.

use parlons_shared::NewComment;
use parlons_tests::TestApp;
use parlons_tests::readers::{as_reader, post_as, sign_in};
use parlons_tests::scan::places_holding;
use parlons_tests::smtp::{MailServer, app_mailing_to};
use parlons_tests::{assert_error, comment};
use reqwest::{Method, StatusCode};

const ZOE: &str = "zoe.oubliable@example.fr";
const NAME: &str = "Zoé Oubliable";
const MARK: &str = "texte-zq81";
const OTHER: &str = "marc@example.fr";

/// Zoé and Marc signed in; Zoé posted twice (once as a reply to Marc) and voted for Marc.
struct Two {
    smtp: MailServer,
    app: TestApp,
    zoe: String,
    marc: String,
    marc_comment: i64,
}

async fn two_readers() -> Two {
    let smtp = MailServer::start().await;
    let app = app_mailing_to(smtp.port).await;
    let zoe = sign_in(&app, &smtp, ZOE, 1).await;
    let marc = sign_in(&app, &smtp, OTHER, 2).await;
    let posted: serde_json::Value = post_as(&app, &marc, &comment("Le texte de Marc"))
        .await
        .json()
        .await
        .expect("json");
    let marc_comment = posted["id"].as_i64().expect("id");
    let by_zoe = |text: String, parent: Option<i64>| NewComment {
        author: Some(NAME.into()),
        parent,
        notify: true,
        ..comment(&text)
    };
    for (text, parent) in [
        (format!("Premier {MARK}"), None),
        (format!("Réponse {MARK}"), Some(marc_comment)),
    ] {
        let response = post_as(&app, &zoe, &by_zoe(text, parent)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let voted = as_reader(
        &app,
        Method::POST,
        &format!("/api/v1/comments/{marc_comment}/vote"),
        &zoe,
    )
    .json(&serde_json::json!({ "voter": "0123456789abcdef0123", "value": 1 }))
    .send()
    .await
    .expect("answers");
    assert_eq!(voted.status(), StatusCode::OK);
    Two {
        smtp,
        app,
        zoe,
        marc,
        marc_comment,
    }
}

async fn get_json(app: &TestApp, path: &str, token: &str) -> serde_json::Value {
    let response = as_reader(app, Method::GET, path, token)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.json().await.expect("json")
}

#[tokio::test]
async fn my_comments_lists_only_the_readers_own_with_links() {
    let two = two_readers().await;

    let listed = get_json(&two.app, "/api/v1/readers/me/comments", &two.zoe).await;

    let comments = listed["comments"].as_array().expect("comments");
    assert_eq!(comments.len(), 2);
    for own in comments {
        assert!(
            own["html"].as_str().is_some_and(|html| html.contains(MARK)),
            "{own}"
        );
        assert_eq!(own["page"], "/");
        assert!(
            own["url"]
                .as_str()
                .is_some_and(|url| url.starts_with(&format!("{}/#parlons-", two.app.base_url))),
            "{own}"
        );
        assert_eq!(own["notify"], true);
    }
    let marcs = get_json(&two.app, "/api/v1/readers/me/comments", &two.marc).await;
    assert_eq!(marcs["comments"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn the_export_holds_the_readers_data_and_no_one_elses() {
    let two = two_readers().await;

    let response = as_reader(&two.app, Method::GET, "/api/v1/readers/me/export", &two.zoe)
        .send()
        .await
        .expect("answers");

    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .is_ok_and(|value| value.starts_with("attachment")),
    );
    let export: serde_json::Value = response.json().await.expect("json");
    assert_eq!(export["reader"]["email"], ZOE);
    assert_eq!(export["reader"]["name"], NAME);
    let texts: Vec<&str> = export["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .filter_map(|own| own["text"].as_str())
        .collect();
    assert_eq!(texts.len(), 2);
    assert!(texts.iter().all(|text| text.contains(MARK)), "{texts:?}");
    assert_eq!(
        export["votes"],
        serde_json::json!([{ "comment": two.marc_comment, "value": 1, "voted_at": export["votes"][0]["voted_at"] }])
    );
    let text = export.to_string();
    assert!(
        !text.contains("Le texte de Marc") && !text.contains(OTHER),
        "{text}"
    );
}

#[tokio::test]
async fn reply_emails_turn_off_and_on_for_one_pages_thread() {
    let two = two_readers().await;
    let set = |notify: bool| {
        as_reader(
            &two.app,
            Method::POST,
            "/api/v1/readers/me/replies",
            &two.zoe,
        )
        .json(&serde_json::json!({ "page": "/", "notify": notify }))
        .send()
    };

    let off: serde_json::Value = set(false)
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    let listed = get_json(&two.app, "/api/v1/readers/me/comments", &two.zoe).await;
    let on: serde_json::Value = set(true)
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");

    assert_eq!(off["comments"], 2);
    assert!(
        listed["comments"]
            .as_array()
            .expect("comments")
            .iter()
            .all(|own| own["notify"] == false)
    );
    assert_eq!(on["comments"], 2);
}

#[tokio::test]
async fn erasing_everything_leaves_nothing_of_the_reader_in_any_table() {
    let two = two_readers().await;
    assert!(
        !places_holding(&two.app, MARK).await.is_empty(),
        "the scan finds what is there"
    );

    let erased = as_reader(&two.app, Method::DELETE, "/api/v1/readers/me", &two.zoe)
        .send()
        .await
        .expect("answers");

    assert_eq!(erased.status(), StatusCode::NO_CONTENT);
    for needle in [MARK, NAME, ZOE] {
        assert_eq!(
            places_holding(&two.app, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
    let signed_out = as_reader(&two.app, Method::GET, "/api/v1/readers/me", &two.zoe)
        .send()
        .await
        .expect("answers");
    assert_error(signed_out, StatusCode::UNAUTHORIZED, "signed_out").await;
    let thread = two.app.demo_thread().await;
    assert_eq!(thread["count"], 1, "Marc's comment stays: {thread}");
    assert_eq!(
        thread["comments"][0]["upvotes"], 0,
        "her vote went with her"
    );
    let marcs = get_json(&two.app, "/api/v1/readers/me/comments", &two.marc).await;
    assert_eq!(marcs["comments"].as_array().map(Vec::len), Some(1));
    drop(two.smtp);
}

#[tokio::test]
async fn a_name_is_kept_for_the_readers_next_comments() {
    let two = two_readers().await;

    let renamed = as_reader(&two.app, Method::PATCH, "/api/v1/readers/me", &two.marc)
        .json(&serde_json::json!({ "name": "Marc D." }))
        .send()
        .await
        .expect("answers");
    let blank = as_reader(&two.app, Method::PATCH, "/api/v1/readers/me", &two.marc)
        .json(&serde_json::json!({ "name": "  " }))
        .send()
        .await
        .expect("answers");
    let posted: serde_json::Value = post_as(&two.app, &two.marc, &comment("Signé"))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(renamed.status(), StatusCode::OK);
    assert_error(blank, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(posted["author"], "Marc D.");
}
