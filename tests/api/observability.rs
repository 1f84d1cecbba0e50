//! `/healthz`, `/metrics` and request ids: what operators watch.

use parlons_tests::{TestApp, assert_error, comment, spawn_app, spawn_app_with};
use reqwest::StatusCode;

pub(crate) async fn scrape(app: &TestApp) -> String {
    let response = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    response.text().await.expect("text")
}

/// The value of the sample whose name and labels are `series`.
pub(crate) fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.parse().ok())
}

#[tokio::test]
async fn health_names_the_database_as_ok() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("answers");

    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(
        body,
        serde_json::json!({"status": "ok", "database": "ok", "live": "ok"})
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status_and_posts_by_outcome() {
    let app = spawn_app().await;
    app.demo_thread().await;
    app.create_comment(&comment("Bonjour")).await;
    app.post_comment(&comment("   ")).await;
    app.get_thread("site=demo&page=/a-page-key-never-a-label")
        .await;

    let metrics = scrape(&app).await;

    let requests = |labels: &str| {
        sample(
            &metrics,
            &format!("parlons_http_requests_total{{{labels}}}"),
        )
    };
    assert_eq!(
        requests(r#"route="/api/v1/threads",method="GET",status="200""#),
        Some(2.0),
        "{metrics}"
    );
    assert_eq!(
        requests(r#"route="/api/v1/comments",method="POST",status="201""#),
        Some(1.0)
    );
    assert_eq!(
        requests(r#"route="/api/v1/comments",method="POST",status="422""#),
        Some(1.0)
    );
    let posts = |outcome: &str| {
        sample(
            &metrics,
            &format!("parlons_comment_posts_total{{outcome=\"{outcome}\"}}"),
        )
    };
    assert_eq!(posts("accepted"), Some(1.0));
    assert_eq!(posts("invalid_field"), Some(1.0));
    assert_eq!(
        sample(
            &metrics,
            r#"parlons_http_request_duration_seconds_count{route="/api/v1/threads"}"#
        ),
        Some(2.0)
    );
    assert!(!metrics.contains("a-page-key-never-a-label"));
    assert_eq!(sample(&metrics, "parlons_comments_queued"), Some(0.0));
}

#[tokio::test]
async fn metrics_count_the_open_live_streams() {
    let app = spawn_app().await;
    let _first = app.events("site=demo&page=/").await;
    let _second = app.events("site=demo&page=/other").await;

    let metrics = scrape(&app).await;

    assert_eq!(
        sample(&metrics, "parlons_live_subscribers"),
        Some(2.0),
        "{metrics}"
    );
}

#[tokio::test]
async fn with_a_metrics_token_only_a_scraper_presenting_it_is_answered() {
    let app = spawn_app_with(|settings| settings.metrics_token = "s3cret-scraper".into()).await;

    let without = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("answers");
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("guess")
        .send()
        .await
        .expect("answers");
    let right = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("s3cret-scraper")
        .send()
        .await
        .expect("answers");

    assert_error(without, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_error(wrong, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(right.status(), StatusCode::OK);
}

#[tokio::test]
async fn without_a_token_metrics_answer_a_local_scraper_but_not_a_client_a_proxy_relayed() {
    let app = spawn_app().await;
    let behind_a_trusted_proxy = spawn_app_with(|settings| {
        settings.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    let relayed = |app: &TestApp| {
        app.client
            .get(app.url("/metrics"))
            .header("x-forwarded-for", "203.0.113.9")
            .send()
    };

    let local = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("answers");
    let through_a_proxy_on_this_host = relayed(&app).await.expect("answers");
    let resolved_elsewhere = relayed(&behind_a_trusted_proxy).await.expect("answers");

    assert_eq!(local.status(), StatusCode::OK);
    assert_error(
        through_a_proxy_on_this_host,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    assert_error(resolved_elsewhere, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_keeps_the_one_a_proxy_sent() {
    let app = spawn_app().await;

    let made = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("answers");
    let again = app
        .client
        .get(app.url("/nowhere"))
        .send()
        .await
        .expect("answers");
    let kept = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "from-the-proxy-42")
        .send()
        .await
        .expect("answers");

    let id = |response: &reqwest::Response| {
        response
            .headers()
            .get("x-request-id")
            .and_then(|id| id.to_str().ok())
            .map(str::to_owned)
    };
    let (first, second) = (id(&made).expect("an id"), id(&again).expect("an id"));
    assert_ne!(first, second);
    assert_eq!(id(&kept).as_deref(), Some("from-the-proxy-42"));
}
