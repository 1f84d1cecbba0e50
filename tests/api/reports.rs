//! Readers' reports: once per reader and comment; reports from the site's threshold of
//! distinct networks send a published comment back to waiting, live; moderators list
//! reported comments and dismiss the reports (audited), or approve, which answers them.

use std::time::Duration;

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, assert_error, comment, spawn_app, spawn_app_with};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(5);

/// A server that takes each request's address from `X-Forwarded-For`, so reports can come
/// from distinct networks.
async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|settings| settings.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")])
        .await
}

/// A report of comment `id` from `network` (an IPv4 address), as reader `voter`.
async fn report_from(app: &TestApp, id: i64, network: &str, body: Value) -> Response {
    app.client
        .post(app.url(&format!("/api/v1/comments/{id}/report")))
        .header("origin", &app.base_url)
        .header("x-forwarded-for", network)
        .json(&body)
        .send()
        .await
        .expect("the server answers")
}

fn by(voter: &str, reason: &str) -> Value {
    json!({ "voter": format!("{voter}-0123456789abcdef"), "reason": reason })
}

async fn reports_list(app: &TestApp, token: &str, query: &str) -> Response {
    app.client
        .get(app.url(&format!("/api/v1/moderation/reports?{query}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("the server answers")
}

fn id_of(created: &Value) -> i64 {
    created["id"].as_i64().expect("an id")
}

#[tokio::test]
async fn a_readers_report_counts_once_and_moderators_see_its_reason_and_note() {
    let app = behind_a_proxy().await;
    let id = id_of(&app.create_comment(&comment("douteux")).await);
    let token = app.add_moderator("mod", None).await;
    let mut body = by("ada", "spam");
    body["note"] = json!("  Un lien vers un casino.  ");

    let first = report_from(&app, id, "198.51.100.1", body.clone()).await;
    let again = report_from(&app, id, "198.51.100.1", by("ada", "abuse")).await;
    let listed: Value = reports_list(&app, &token, "site=demo")
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(first.status(), StatusCode::NO_CONTENT);
    assert_eq!(again.status(), StatusCode::NO_CONTENT);
    let reported = &listed["comments"][0];
    assert_eq!(reported["id"], id);
    assert_eq!(reported["reports"], 1);
    assert_eq!(reported["reasons"], json!({ "spam": 1 }));
    assert_eq!(reported["notes"], json!(["Un lien vers un casino."]));
    assert_eq!(reported["status"], "published", "one report hides nothing");
}

#[tokio::test]
async fn three_distinct_networks_send_a_comment_back_to_waiting_and_it_leaves_open_pages() {
    let app = behind_a_proxy().await;
    let id = id_of(&app.create_comment(&comment("injurieux")).await);
    let mut reader = app.events("site=demo&page=/").await;
    reader.next_named("count", WAIT).await;

    for (n, voter) in ["ada", "bob", "cyd"].iter().enumerate() {
        let network = format!("198.51.100.{}", n + 1);
        let answer = report_from(&app, id, &network, by(voter, "abuse")).await;
        assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    }

    assert_eq!(reader.next_named("delete", WAIT).await["id"], id);
    assert_eq!(app.demo_thread().await["count"], 0);
    let stored = app.store.get_comment(id).await.expect("kept");
    assert_eq!(stored.status.as_str(), "pending");
    let log = app.store.audit_log(None, 5).await.expect("the audit log");
    assert_eq!(
        (log[0].actor.as_str(), log[0].action.as_str()),
        ("readers", "reported")
    );
}

#[tokio::test]
async fn made_up_ids_from_one_network_are_one_reporter() {
    let app = behind_a_proxy().await;
    let id = id_of(&app.create_comment(&comment("visé")).await);

    for voter in ["ada", "bob", "cyd", "dan"] {
        report_from(&app, id, "198.51.100.9", by(voter, "spam")).await;
    }

    assert_eq!(app.demo_thread().await["count"], 1, "still published");
}

#[tokio::test]
async fn a_sites_threshold_decides_and_zero_never_hides() {
    let app = behind_a_proxy().await;
    app.add_site("vif", &[app.base_url.as_str()], Moderation::Post)
        .await;
    app.change_site("vif", |site| site.report_threshold = Some(1))
        .await;
    app.change_site("demo", |site| site.report_threshold = Some(0))
        .await;
    let on_vif = id_of(
        &app.create_comment(&NewComment {
            site: "vif".into(),
            ..comment("un")
        })
        .await,
    );
    let on_demo = id_of(&app.create_comment(&comment("deux")).await);

    report_from(&app, on_vif, "198.51.100.1", by("ada", "off_topic")).await;
    for n in 1..=4 {
        let network = format!("198.51.100.{n}");
        report_from(&app, on_demo, &network, by(&format!("r{n}"), "spam")).await;
    }

    let vif = app.store.get_comment(on_vif).await.expect("kept");
    let demo = app.store.get_comment(on_demo).await.expect("kept");
    assert_eq!(vif.status.as_str(), "pending");
    assert_eq!(demo.status.as_str(), "published");
}

#[tokio::test]
async fn a_moderator_dismisses_the_reports_or_approves_which_answers_them() {
    let app = behind_a_proxy().await;
    let kept = id_of(&app.create_comment(&comment("correct")).await);
    let held = id_of(&app.create_comment(&comment("contesté")).await);
    let token = app.add_moderator("mod", None).await;
    let header = format!("Bearer {token}");
    report_from(&app, kept, "198.51.100.1", by("ada", "other")).await;
    for (n, voter) in ["ada", "bob", "cyd"].iter().enumerate() {
        let network = format!("198.51.100.{}", n + 1);
        report_from(&app, held, &network, by(voter, "abuse")).await;
    }

    let dismissed = app
        .moderate(kept, "dismiss", &[("authorization", &header)])
        .await;
    let approved = app
        .moderate(held, "approve", &[("authorization", &header)])
        .await;
    let listed: Value = reports_list(&app, &token, "")
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(dismissed.status(), StatusCode::OK);
    assert_eq!(approved.status(), StatusCode::OK);
    assert_eq!(listed["comments"], json!([]));
    assert_eq!(app.demo_thread().await["count"], 2);
    let log = app.store.audit_log(None, 10).await.expect("the audit log");
    let actions: Vec<(&str, &str)> = log
        .iter()
        .map(|entry| (entry.actor.as_str(), entry.action.as_str()))
        .collect();
    assert!(actions.contains(&("mod", "dismiss_reports")), "{actions:?}");
    assert!(actions.contains(&("mod", "approve")), "{actions:?}");
}

#[tokio::test]
async fn bad_reports_are_refused_and_store_nothing() {
    let app = behind_a_proxy().await;
    app.add_site("revue", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let id = id_of(&app.create_comment(&comment("visé")).await);
    let waiting: Value = app
        .post_comment(&NewComment {
            site: "revue".into(),
            ..comment("en attente")
        })
        .await
        .json()
        .await
        .expect("json");
    let token = app.add_moderator("mod", None).await;
    let mut long_note = by("ada", "spam");
    long_note["note"] = json!("x".repeat(501));

    let bad_voter = report_from(
        &app,
        id,
        "198.51.100.1",
        json!({ "voter": "court", "reason": "spam" }),
    )
    .await;
    let bad_reason = report_from(&app, id, "198.51.100.1", by("ada", "ennui")).await;
    let too_long = report_from(&app, id, "198.51.100.1", long_note).await;
    let unknown = report_from(&app, id + 100, "198.51.100.1", by("ada", "spam")).await;
    let pending = report_from(&app, id_of(&waiting), "198.51.100.1", by("ada", "spam")).await;
    let elsewhere = app
        .client
        .post(app.url(&format!("/api/v1/comments/{id}/report")))
        .header("origin", "https://ailleurs.example")
        .json(&by("ada", "spam"))
        .send()
        .await
        .expect("answers");

    assert_error(bad_voter, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    let reason = assert_error(
        bad_reason,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    assert_eq!(reason["error"]["field"], "reason");
    let note = assert_error(too_long, StatusCode::UNPROCESSABLE_ENTITY, "invalid_field").await;
    assert_eq!(note["error"]["field"], "note");
    assert_error(unknown, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_error(pending, StatusCode::NOT_FOUND, "comment_not_found").await;
    assert_error(elsewhere, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    let listed: Value = reports_list(&app, &token, "")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(listed["comments"], json!([]));
}

#[tokio::test]
async fn only_moderators_of_the_site_list_reports_and_an_address_reports_a_few_an_hour() {
    let app = spawn_app().await;
    app.add_site("autre", &[app.base_url.as_str()], Moderation::Post)
        .await;
    let other = app.add_moderator("ailleurs", Some(&["autre"])).await;
    let ids: Vec<i64> = {
        let mut ids = Vec::new();
        for n in 0..6 {
            ids.push(id_of(&app.create_comment(&comment(&format!("c{n}"))).await));
        }
        ids
    };

    let anonymous = app
        .client
        .get(app.url("/api/v1/moderation/reports"))
        .send()
        .await
        .expect("answers");
    let elsewhere = reports_list(&app, &other, "site=demo").await;
    let mut answers = Vec::new();
    for id in &ids {
        answers.push(
            report_from(&app, *id, "127.0.0.1", by("ada", "spam"))
                .await
                .status(),
        );
    }

    assert_error(anonymous, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(elsewhere, StatusCode::FORBIDDEN, "not_a_moderator").await;
    assert_eq!(answers[..5], [StatusCode::NO_CONTENT; 5]);
    assert_eq!(answers[5], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn admin_lists_reported_comments_with_their_notes_and_dismisses_them() {
    let app = behind_a_proxy().await;
    let id = id_of(&app.create_comment(&comment("signalé")).await);
    let mut body = by("ada", "off_topic");
    body["note"] = json!("<b>hors sujet</b>");
    report_from(&app, id, "198.51.100.1", body).await;
    let cookie = parlons_tests::admin::session(&app, "ana", None).await;

    let shown = parlons_tests::admin::page(&app, &cookie, "").await;
    let dismissed = parlons_tests::admin::post(
        &app,
        &cookie,
        &format!("/admin/comments/{id}/dismiss"),
        &[("site", ""), ("page", "")],
    )
    .await;
    let after = parlons_tests::admin::page(&app, &cookie, "").await;

    assert!(shown.contains("Reported by readers (1)"), "{shown}");
    assert!(
        shown.contains("<strong>1 report</strong> · off topic 1"),
        "{shown}"
    );
    assert!(
        shown.contains("&lt;b&gt;hors sujet&lt;/b&gt;"),
        "a note is text: {shown}"
    );
    assert!(shown.contains(">Dismiss reports</button>"), "{shown}");
    assert_eq!(dismissed.status(), StatusCode::SEE_OTHER);
    assert!(after.contains("Reported by readers (0)"), "{after}");
}
