use parlons_tests::{assert_error, comment, spawn_app_with};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn after_the_burst_a_post_is_429_with_retry_after_and_is_not_stored() {
    let app = spawn_app_with(|settings| {
        settings.posts_per_minute = 5;
        settings.posts_burst = 3;
    })
    .await;
    for n in 0..3 {
        app.create_comment(&comment(&format!("n{n}"))).await;
    }

    let response = app.post_comment(&comment("de trop")).await;

    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!(
        (1..=12).contains(&retry_after),
        "retry after {retry_after}s"
    );
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(app.demo_thread().await["count"], 3);
}

#[tokio::test]
async fn a_refused_input_does_not_use_up_the_posting_allowance() {
    let app = spawn_app_with(|settings| {
        settings.posts_per_minute = 1;
        settings.posts_burst = 1;
    })
    .await;
    for _ in 0..3 {
        let response = app.post_comment(&comment("")).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    let response = app.post_comment(&comment("enfin")).await;

    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn reads_have_their_own_looser_limit() {
    let app = spawn_app_with(|settings| {
        settings.reads_per_second = 1;
        settings.reads_burst = 5;
        settings.posts_per_minute = 1;
        settings.posts_burst = 1;
    })
    .await;
    for _ in 0..5 {
        assert_eq!(
            app.get_thread("site=demo&page=/").await.status(),
            StatusCode::OK
        );
    }

    let limited = app.get_thread("site=demo&page=/").await;
    let post = app
        .post_comment(&comment("les écritures ont leur propre limite"))
        .await;

    assert!(limited.headers().contains_key("retry-after"));
    assert_error(limited, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(post.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn every_read_route_takes_from_the_read_limit() {
    let app = spawn_app_with(|settings| {
        settings.reads_per_second = 1;
        settings.reads_burst = 1;
    })
    .await;
    let reads: [(&str, &str, Option<serde_json::Value>); 7] = [
        ("GET", "/api/v1/threads?site=demo&page=/", None),
        ("GET", "/api/v1/threads.html?site=demo&page=/", None),
        ("GET", "/api/v1/counts?site=demo&page=/", None),
        (
            "POST",
            "/api/v1/counts",
            Some(json!({"site": "demo", "pages": ["/"]})),
        ),
        ("GET", "/api/v1/events?site=demo&page=/", None),
        ("GET", "/api/v1/feeds/comments.atom?site=demo&page=/", None),
        ("GET", "/api/v1/challenge?site=demo", None),
    ];

    for (method, path, body) in reads {
        // One read a second, a burst of one: ten in a row cannot all pass.
        let mut refused = 0;
        for _ in 0..10 {
            let mut request = match method {
                "POST" => app.client.post(app.url(path)),
                _ => app.client.get(app.url(path)),
            };
            if let Some(body) = &body {
                request = request.header("origin", &app.base_url).json(body);
            }
            let answer = request.send().await.expect("answers");
            if answer.status() == StatusCode::TOO_MANY_REQUESTS {
                refused += 1;
            }
        }

        assert!(refused > 0, "{method} {path} was never refused");
    }
}

#[tokio::test]
async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    let app = spawn_app_with(|settings| {
        settings.posts_per_minute = 1;
        settings.posts_burst = 1;
    })
    .await;
    app.create_comment(&comment("un")).await;

    let spoofed = app
        .client
        .post(app.url("/api/v1/comments"))
        .header("origin", &app.base_url)
        .header("x-forwarded-for", "198.51.100.23")
        .json(&comment("deux"))
        .send()
        .await
        .expect("answers");

    assert_eq!(spoofed.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() {
    let app = spawn_app_with(|settings| {
        settings.posts_per_minute = 1;
        settings.posts_burst = 1;
        settings.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    let post_as = |client: &'static str| {
        app.client
            .post(app.url("/api/v1/comments"))
            .header("origin", &app.base_url)
            .header("x-forwarded-for", client)
            .json(&comment(client))
            .send()
    };

    let first = post_as("198.51.100.1").await.expect("answers");
    let second = post_as("198.51.100.2").await.expect("answers");
    let again = post_as("198.51.100.1").await.expect("answers");

    assert_eq!(first.status(), StatusCode::CREATED);
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(again.status(), StatusCode::TOO_MANY_REQUESTS);
}
