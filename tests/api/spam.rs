//! Spam defenses: the challenge (minimum time, proof of work, used once), the hidden field,
//! link-heavy comments held, and per-site settings. Blocks are in `blocks.rs`.

use parlons_server::domain::spam::proof_holds;
use parlons_shared::{Challenge, NewComment};
use parlons_tests::{TestApp, assert_error, comment, spawn_app, spawn_app_with};
use reqwest::StatusCode;

async fn challenge(app: &TestApp, site: &str) -> Challenge {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/challenge?site={site}")))
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    response.json().await.expect("a challenge")
}

fn with_challenge(text: &str, token: &str) -> NewComment {
    NewComment {
        challenge: Some(token.to_owned()),
        ..comment(text)
    }
}

async fn stored(app: &TestApp) -> u64 {
    app.demo_thread().await["count"].as_u64().expect("a count")
}

/// A `422` with `code` naming `field`, and nothing stored.
async fn assert_refused_naming(
    app: &TestApp,
    response: reqwest::Response,
    code: &str,
    field: &str,
) {
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, code).await;
    assert_eq!(body["error"]["field"], field);
    assert_eq!(stored(app).await, 0);
}

#[tokio::test]
async fn a_site_with_a_minimum_time_refuses_a_post_without_a_challenge_and_stores_nothing() {
    let app = spawn_app_with(|settings| settings.min_post_seconds = 2).await;

    let response = app.post_comment(&comment("Sans défi")).await;

    assert_refused_naming(&app, response, "challenge_required", "challenge").await;
}

#[tokio::test]
async fn a_post_sooner_than_the_minimum_is_told_to_wait_then_accepted_once() {
    // A minimum long enough that the early post is early even on a busy machine; the test
    // then waits as long as the answer says, not a fixed time.
    let app = spawn_app_with(|settings| settings.min_post_seconds = 4).await;
    let given = challenge(&app, "demo").await;
    assert_eq!((given.min_seconds, given.pow_bits), (4, 0));

    let early = app
        .post_comment(&with_challenge("Trop tôt", &given.token))
        .await;
    let wait: u64 = early.headers()["retry-after"]
        .to_str()
        .expect("a header of digits")
        .parse()
        .expect("whole seconds");
    assert!((1..=4).contains(&wait), "retry-after {wait}");
    assert_error(early, StatusCode::TOO_MANY_REQUESTS, "too_fast").await;
    tokio::time::sleep(std::time::Duration::from_millis(wait * 1000 + 100)).await;
    let in_time = app
        .post_comment(&with_challenge("À temps", &given.token))
        .await;
    let again = app
        .post_comment(&with_challenge("Encore", &given.token))
        .await;

    assert_eq!(in_time.status(), StatusCode::CREATED);
    assert_error(again, StatusCode::UNPROCESSABLE_ENTITY, "challenge_invalid").await;
    assert_eq!(stored(&app).await, 1);
}

#[tokio::test]
async fn a_challenge_used_on_one_node_is_refused_on_another() {
    let a = spawn_app().await;
    let url = a.database_url.clone();
    let b = spawn_app_with(|settings| settings.database_url = url).await;
    let given = challenge(&a, "demo").await;

    let first = a.post_comment(&with_challenge("Sur A", &given.token)).await;
    let replayed = b
        .post_comment(&with_challenge("Rejoué sur B", &given.token))
        .await;

    assert_eq!(first.status(), StatusCode::CREATED);
    let body = assert_error(
        replayed,
        StatusCode::UNPROCESSABLE_ENTITY,
        "challenge_invalid",
    )
    .await;
    let message = body["error"]["message"].as_str().expect("a message");
    assert!(
        message.starts_with("This challenge was used already."),
        "{message}"
    );
    assert_eq!(stored(&b).await, 1, "the replay stored nothing");
}

#[tokio::test]
async fn a_challenge_refused_for_another_reason_can_be_sent_again() {
    let app = spawn_app_with(|settings| settings.min_post_seconds = 0).await;
    let given = challenge(&app, "demo").await;
    let orphan = NewComment {
        parent: Some(999_999),
        ..with_challenge("Réponse perdue", &given.token)
    };

    let refused = app.post_comment(&orphan).await;
    let accepted = app
        .post_comment(&with_challenge("Réponse", &given.token))
        .await;

    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
    assert_eq!(accepted.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn forged_and_other_sites_challenges_are_invalid() {
    let app = spawn_app().await;
    app.add_site(
        "other",
        &[&app.base_url],
        parlons_server::domain::site::Moderation::Post,
    )
    .await;
    let for_other = challenge(&app, "other").await;
    let mut forged = challenge(&app, "demo").await.token;
    forged.replace_range(..1, "9");

    for token in [for_other.token.as_str(), forged.as_str(), "not.a.challenge"] {
        let response = app.post_comment(&with_challenge("Faux", token)).await;
        assert_error(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "challenge_invalid",
        )
        .await;
    }
    assert_eq!(stored(&app).await, 0);
}

#[tokio::test]
async fn a_site_asking_a_proof_of_work_accepts_only_a_solved_challenge() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.spam.pow_bits = Some(10))
        .await;
    let given = challenge(&app, "demo").await;
    assert_eq!(given.pow_bits, 10);
    let solution = (0u64..)
        .map(|n| n.to_string())
        .find(|n| proof_holds(&given.token, n, 10))
        .expect("a solution");
    let wrong = (0u64..)
        .map(|n| n.to_string())
        .find(|n| !proof_holds(&given.token, n, 10))
        .expect("a wrong one");

    let unsolved = app
        .post_comment(&with_challenge("Sans preuve", &given.token))
        .await;
    let wrongly = NewComment {
        solution: Some(wrong),
        ..with_challenge("Mauvaise preuve", &given.token)
    };
    let wrongly = app.post_comment(&wrongly).await;
    let solved = NewComment {
        solution: Some(solution),
        ..with_challenge("Preuve", &given.token)
    };
    let solved = app.post_comment(&solved).await;

    assert_error(
        unsolved,
        StatusCode::UNPROCESSABLE_ENTITY,
        "challenge_invalid",
    )
    .await;
    assert_error(
        wrongly,
        StatusCode::UNPROCESSABLE_ENTITY,
        "challenge_invalid",
    )
    .await;
    assert_eq!(solved.status(), StatusCode::CREATED);
    assert_eq!(stored(&app).await, 1);
}

#[tokio::test]
async fn a_filled_hidden_field_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let bot = NewComment {
        trap: Some("https://spam.example".into()),
        ..comment("Achetez maintenant")
    };

    let response = app.post_comment(&bot).await;

    assert_refused_naming(&app, response, "looks_automated", "trap").await;
}

#[tokio::test]
async fn a_link_heavy_comment_waits_even_on_a_post_site_unless_the_site_allows_more() {
    let app = spawn_app().await;
    let links = "[a](https://a.example) [b](https://b.example) [c](https://c.example)";

    let held = app.post_comment(&comment(links)).await;
    app.change_site("demo", |site| site.spam.max_links = Some(5))
        .await;
    let allowed = app.post_comment(&comment(&format!("{links} encore"))).await;

    assert_eq!(held.status(), StatusCode::ACCEPTED);
    assert_eq!(allowed.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_challenge_for_an_unknown_site_is_not_found() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/api/v1/challenge?site=nowhere"))
        .send()
        .await
        .expect("answers");
    let malformed = app
        .client
        .get(app.url("/api/v1/challenge"))
        .send()
        .await
        .expect("answers");

    assert_error(response, StatusCode::NOT_FOUND, "site_not_found").await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_site_with_its_own_posting_rate_refuses_past_it_while_others_keep_the_servers() {
    let app = spawn_app().await;
    app.add_site(
        "other",
        &[&app.base_url],
        parlons_server::domain::site::Moderation::Post,
    )
    .await;
    app.change_site("demo", |site| site.spam.posts_per_minute = Some(1))
        .await;

    let first = app.post_comment(&comment("Un")).await;
    let second = app.post_comment(&comment("Deux")).await;
    let elsewhere = app
        .post_comment(&NewComment {
            site: "other".into(),
            ..comment("Ailleurs, sans limite")
        })
        .await;

    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(second.headers().contains_key("retry-after"));
    assert_error(second, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
    assert_eq!(elsewhere.status(), StatusCode::CREATED);
    assert_eq!(stored(&app).await, 1);
}

#[tokio::test]
async fn a_site_with_its_own_duplicate_window_refuses_the_same_text_again() {
    let app = spawn_app().await;
    app.change_site("demo", |site| site.spam.duplicate_window_minutes = Some(5))
        .await;

    let first = app.post_comment(&comment("Bravo !")).await;
    let again = app.post_comment(&comment("bravo  !")).await;

    assert_eq!(first.status(), StatusCode::CREATED);
    assert_error(again, StatusCode::CONFLICT, "duplicate_comment").await;
}
