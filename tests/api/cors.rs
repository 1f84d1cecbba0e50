use parlons_server::domain::site::Moderation;
use parlons_tests::{assert_error, comment, spawn_app, vary_names};
use reqwest::{Method, StatusCode};

use super::observability::{sample, scrape};

const BLOG: &str = "https://blog.example.org";

async fn preflight(app: &parlons_tests::TestApp, origin: &str) -> reqwest::Response {
    app.client
        .request(Method::OPTIONS, app.url("/api/v1/comments"))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("answers")
}

#[tokio::test]
async fn a_preflight_from_an_allowed_origin_is_answered_for_that_origin() {
    let app = spawn_app().await;
    app.add_site("blog", &[BLOG], Moderation::Post).await;

    let response = preflight(&app, BLOG).await;

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], BLOG);
    let headers = response.headers()["access-control-allow-headers"]
        .to_str()
        .expect("text");
    assert!(headers.contains("content-type"));
}

#[tokio::test]
async fn a_preflight_from_an_unknown_origin_gets_no_cors_headers() {
    let app = spawn_app().await;

    let response = preflight(&app, "https://evil.example").await;

    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[tokio::test]
async fn posting_from_an_origin_the_site_does_not_allow_is_403_and_stores_nothing() {
    let app = spawn_app().await;
    app.add_site("blog", &[BLOG], Moderation::Post).await;

    let foreign = app
        .post_comment_from("https://evil.example", &comment("spam"))
        .await;
    let other_site = app.post_comment_from(BLOG, &comment("wrong site")).await;

    assert_error(foreign, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    assert_error(other_site, StatusCode::FORBIDDEN, "origin_not_allowed").await;
    assert_eq!(app.demo_thread().await["count"], 0);
}

#[tokio::test]
async fn posting_without_an_origin_is_403() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/api/v1/comments"))
        .json(&comment("no origin"))
        .send()
        .await
        .expect("answers");

    assert_error(response, StatusCode::FORBIDDEN, "origin_not_allowed").await;
}

#[tokio::test]
async fn the_retry_after_header_is_readable_by_the_widget() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/api/v1/threads?site=demo&page=/"))
        .header("origin", &app.base_url)
        .send()
        .await
        .expect("answers");

    let exposed = response.headers()["access-control-expose-headers"]
        .to_str()
        .expect("text");
    assert!(exposed.contains("retry-after"));
}

#[tokio::test]
async fn answers_with_or_without_an_origin_say_they_vary_with_it_so_caches_keep_them_apart() {
    let app = spawn_app().await;
    app.add_site("blog", &[BLOG], Moderation::Post).await;

    let preflight = preflight(&app, BLOG).await;
    let from_the_blog = app
        .client
        .get(app.url("/api/v1/threads?site=blog&page=/"))
        .header("origin", BLOG)
        .send()
        .await
        .expect("answers");
    let without_origin = app
        .client
        .get(app.url("/api/v1/threads?site=blog&page=/"))
        .send()
        .await
        .expect("answers");

    for response in [preflight, from_the_blog, without_origin] {
        let names = vary_names(&response);
        for name in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
        ] {
            assert_eq!(
                names.iter().filter(|listed| *listed == name).count(),
                1,
                "{name} once in {names:?}"
            );
        }
    }
}

#[tokio::test]
async fn preflights_from_many_unknown_origins_at_once_share_one_read_of_the_sites() {
    let app = spawn_app().await;
    let before = sample(&scrape(&app).await, "parlons_site_reloads").expect("the gauge");

    let origins: Vec<String> = (0..100)
        .map(|n| format!("https://unknown-{n}.example"))
        .collect();
    let started = std::time::Instant::now();

    let responses =
        futures_util::future::join_all(origins.iter().map(|origin| preflight(&app, origin))).await;

    let elapsed = started.elapsed();
    let after = sample(&scrape(&app).await, "parlons_site_reloads").expect("the gauge");
    assert!(
        responses
            .iter()
            .all(|response| response.status().is_success())
    );
    // A miss reads the table at most once per 250 ms, whoever asks; the periodic refresh
    // (every 2 s) may add one.
    let allowed = (elapsed.as_millis() / 250) as f64 + 2.0;
    assert!(
        after - before <= allowed,
        "{} reads of the sites table for 100 misses in {elapsed:?}",
        after - before
    );
}
