//! Statistics: `GET /api/v1/moderation/stats?site=S` and `/admin/stats` count comments per
//! day over 90 days, measure the queue's waits, count refused posts by spam layer, and rank
//! the most commented pages; only the site's moderators read them.

use parlons_shared::{CommentStatus, NewComment, STATS_DAYS};
use parlons_tests::{
    TestApp, admin, assert_error, comment, spawn_app, spawn_app_with, stored_comment,
};
use reqwest::StatusCode;
use time::{Duration, OffsetDateTime};

async fn stats(app: &TestApp, query: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .get(app.url(&format!("/api/v1/moderation/stats?{query}")));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    request.send().await.expect("answers")
}

async fn demo_stats(app: &TestApp, token: &str) -> serde_json::Value {
    let response = stats(app, "site=demo", Some(token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("JSON stats")
}

/// Writes comments beside the server, as an import would (each with its own token hash,
/// which tells the batch's rows apart).
async fn store_comments(app: &TestApp, records: &[parlons_server::store::NewCommentRecord]) {
    let mut records = records.to_vec();
    for (index, record) in records.iter_mut().enumerate() {
        record.edit_token_hash = format!("{index:064}");
    }
    for result in app.store.insert_comments(&records).await.expect("stored") {
        result.expect("each stored");
    }
}

fn day(at: OffsetDateTime) -> String {
    at.date().to_string()
}

#[tokio::test]
async fn the_stats_count_comments_per_day_and_rank_the_most_commented_pages() {
    let app = spawn_app().await;
    let now = OffsetDateTime::now_utc();
    let mut on_other_page = stored_comment("ailleurs", now - Duration::days(3));
    on_other_page.page = "/autre".into();
    store_comments(
        &app,
        &[
            stored_comment("il y a trois jours", now - Duration::days(3)),
            stored_comment("encore", now - Duration::days(3)),
            on_other_page,
            stored_comment("trop vieux", now - Duration::days(120)),
        ],
    )
    .await;
    app.create_comment(&comment("aujourd'hui")).await;
    let token = app.add_moderator("mod", Some(&["demo"])).await;

    let stats = demo_stats(&app, &token).await;

    let days = stats["days"].as_array().expect("days");
    assert_eq!(days.len(), STATS_DAYS);
    assert_eq!(days[STATS_DAYS - 1]["day"], day(now));
    assert_eq!(days[STATS_DAYS - 1]["comments"], 1);
    assert_eq!(days[STATS_DAYS - 4]["day"], day(now - Duration::days(3)));
    assert_eq!(days[STATS_DAYS - 4]["comments"], 3);
    let total: u64 = days
        .iter()
        .map(|d| d["comments"].as_u64().expect("a count"))
        .sum();
    assert_eq!(total, 4, "the 120-day-old comment is outside the period");
    assert_eq!(stats["top_pages"][0]["page"], "/");
    assert_eq!(stats["top_pages"][0]["comments"], 3);
    assert_eq!(stats["top_pages"][1]["page"], "/autre");
    assert_eq!(stats["top_pages"][1]["comments"], 1);
}

#[tokio::test]
async fn the_queue_wait_runs_from_posting_to_the_moderators_decision() {
    let app = spawn_app().await;
    let now = OffsetDateTime::now_utc();
    let mut waiting = Vec::new();
    for hours in [1, 3, 5] {
        let mut record = stored_comment("en attente", now - Duration::hours(hours));
        record.status = CommentStatus::Pending;
        waiting.push(record);
    }
    store_comments(&app, &waiting).await;
    let token = app.add_moderator("mod", None).await;
    let queue: serde_json::Value = app
        .queue("site=demo", &token)
        .await
        .json()
        .await
        .expect("json");
    let ids: Vec<i64> = queue["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["id"].as_i64().expect("an id"))
        .collect();
    let auth = format!("Bearer {token}");

    // The 1-hour and 3-hour ones are decided; the 5-hour one still waits.
    for (id, action) in [(ids[2], "approve"), (ids[1], "delete")] {
        let response = app.moderate(id, action, &[("authorization", &auth)]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let stats = demo_stats(&app, &token).await;

    let queue = &stats["queue"];
    assert_eq!(queue["decided"], 2);
    assert_eq!(queue["waiting"], 1);
    let near = |value: &serde_json::Value, secs: i64| {
        (value.as_i64().expect("seconds") - secs).abs() < 120
    };
    assert!(near(&queue["median_secs"], 3600), "{queue}");
    assert!(near(&queue["p90_secs"], 3 * 3600), "{queue}");
}

#[tokio::test]
async fn refused_posts_are_counted_by_the_layer_that_refused_them() {
    let app = spawn_app_with(|settings| settings.duplicate_window_minutes = 10).await;
    app.create_comment(&comment("Une seule fois.")).await;
    let again = app.post_comment(&comment("Une seule fois.")).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    for _ in 0..2 {
        let trapped = app
            .post_comment(&NewComment {
                trap: Some("https://spam.example".into()),
                ..comment("Achetez !")
            })
            .await;
        assert_eq!(trapped.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let too_long = app.post_comment(&comment(&"x".repeat(100_000))).await;
    assert!(too_long.status().is_client_error());
    let token = app.add_moderator("mod", None).await;

    let stats = demo_stats(&app, &token).await;

    let refused = |layer: &str| {
        stats["refusals"]
            .as_array()
            .expect("refusals")
            .iter()
            .find(|count| count["layer"] == layer)
            .map(|count| count["refused"].as_u64().expect("a count"))
    };
    assert_eq!(refused("duplicate"), Some(1));
    assert_eq!(refused("trap"), Some(2));
    assert_eq!(refused("challenge"), Some(0));
    assert_eq!(
        refused("rate_limit"),
        Some(0),
        "a malformed post is no spam refusal"
    );
    assert_eq!(stats["refusals"].as_array().expect("refusals").len(), 6);
}

#[tokio::test]
async fn only_the_sites_moderators_read_its_stats_and_bad_queries_are_refused() {
    let app = spawn_app().await;
    app.add_site(
        "ailleurs",
        &["https://ailleurs.example"],
        Default::default(),
    )
    .await;
    let other = app.add_moderator("autre", Some(&["ailleurs"])).await;
    let token = app.add_moderator("mod", None).await;

    assert_error(
        stats(&app, "site=demo", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_error(
        stats(&app, "site=demo", Some(&other)).await,
        StatusCode::FORBIDDEN,
        "not_a_moderator",
    )
    .await;
    assert_error(
        stats(&app, "site=nulle-part", Some(&token)).await,
        StatusCode::NOT_FOUND,
        "site_not_found",
    )
    .await;
    let malformed = stats(&app, "site=%20bad%20", Some(&token)).await;
    assert_eq!(malformed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let missing = stats(&app, "", Some(&token)).await;
    assert!(missing.status().is_client_error(), "{}", missing.status());
}

#[tokio::test]
async fn the_stats_page_draws_each_chart_with_its_table() {
    let app = spawn_app().await;
    app.create_comment(&comment("Bonjour")).await;
    let cookie = admin::session(&app, "mod", None).await;

    let page = app
        .client
        .get(app.url("/admin/stats?site=demo"))
        .header("cookie", &cookie)
        .send()
        .await
        .expect("answers");

    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("HTML");
    assert_eq!(html.matches("<svg").count(), 2, "{html}");
    assert!(html.contains(r#"role="img""#));
    assert!(html.contains("<table"));
    assert!(html.contains("Comments per day"));
    assert!(
        html.contains("<script src=") && !html.contains("<script>"),
        "no inline script"
    );
    assert!(
        admin::page(&app, &cookie, "")
            .await
            .contains("/admin/stats")
    );
}
