//! `GET /api/v1/threads?sort=newest|top`: conversations (a top-level comment and all its
//! replies) in the sort's order, paged by conversation, so a reply never comes without the
//! comment it answers.

use parlons_shared::NewComment;
use parlons_tests::{TestApp, comment, spawn_app};
use serde_json::Value;

/// Posts `text` (a reply to `parent` if given) and returns its id.
async fn post(app: &TestApp, text: &str, parent: Option<i64>) -> i64 {
    let body = NewComment {
        parent,
        ..comment(text)
    };
    app.create_comment(&body).await["id"].as_i64().expect("id")
}

async fn thread(app: &TestApp, query: &str) -> Value {
    let response = app.get_thread(&format!("site=demo&page=/&{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.expect("JSON")
}

/// The comments' texts, in the answer's order.
fn texts(thread: &Value) -> Vec<String> {
    thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| {
            let html = c["html"].as_str().expect("html");
            html.trim_start_matches("<p>")
                .trim_end_matches("</p>\n")
                .to_owned()
        })
        .collect()
}

/// Three conversations: A (with replies a1, a2 and a1's reply a11), B, then C (reply c1).
async fn three_conversations(app: &TestApp) -> [i64; 3] {
    let a = post(app, "A", None).await;
    let a1 = post(app, "a1", Some(a)).await;
    let b = post(app, "B", None).await;
    post(app, "a2", Some(a)).await;
    post(app, "a11", Some(a1)).await;
    let c = post(app, "C", None).await;
    post(app, "c1", Some(c)).await;
    [a, b, c]
}

#[tokio::test]
async fn newest_gives_the_newest_conversations_first_each_with_its_replies() {
    let app = spawn_app().await;
    three_conversations(&app).await;

    let thread = thread(&app, "sort=newest").await;

    assert_eq!(texts(&thread), ["C", "c1", "B", "A", "a1", "a2", "a11"]);
    assert_eq!(thread["next"], Value::Null);
}

#[tokio::test]
async fn newest_pages_by_conversation_with_the_next_cursor() {
    let app = spawn_app().await;
    three_conversations(&app).await;

    let first = thread(&app, "sort=newest&limit=2").await;
    let after = first["next"].as_str().expect("a next page").to_owned();
    let second = thread(&app, &format!("sort=newest&limit=2&after={after}")).await;

    assert_eq!(texts(&first), ["C", "c1", "B"]);
    assert_eq!(texts(&second), ["A", "a1", "a2", "a11"]);
    assert_eq!(second["next"], Value::Null);
    assert_eq!(first["count"], 7, "the count is the whole thread's");
}

#[tokio::test]
async fn top_gives_the_best_scored_conversations_first_ties_oldest_first() {
    let app = spawn_app().await;
    let [a, b, c] = three_conversations(&app).await;
    for (n, (id, value)) in [(c, 1), (c, 1), (b, 1), (a, 1), (a, -1)]
        .into_iter()
        .enumerate()
    {
        app.change_site("demo", |site| site.votes = parlons_shared::Votes::UpDown)
            .await;
        let voter = format!("voter-{n:016}");
        assert_eq!(app.vote(id, &voter, value).await.status(), 200);
    }

    let whole = thread(&app, "sort=top").await;
    let first = thread(&app, "sort=top&limit=1").await;
    let second = thread(
        &app,
        &format!(
            "sort=top&limit=1&after={}",
            first["next"].as_str().expect("next")
        ),
    )
    .await;
    let third = thread(
        &app,
        &format!(
            "sort=top&limit=1&after={}",
            second["next"].as_str().expect("next")
        ),
    )
    .await;

    // C: 2, B: 1, A: 1 - 1 = 0.
    assert_eq!(texts(&whole), ["C", "c1", "B", "A", "a1", "a2", "a11"]);
    assert_eq!(texts(&first), ["C", "c1"]);
    assert_eq!(texts(&second), ["B"]);
    assert_eq!(texts(&third), ["A", "a1", "a2", "a11"]);
    assert_eq!(third["next"], Value::Null);
}

#[tokio::test]
async fn a_bad_sort_is_refused() {
    let app = spawn_app().await;

    let response = app.get_thread("site=demo&page=/&sort=best").await;

    parlons_tests::assert_error(
        response,
        reqwest::StatusCode::BAD_REQUEST,
        "malformed_request",
    )
    .await;
}

#[tokio::test]
async fn newest_keeps_an_erased_comment_with_replies_as_a_place_and_leaves_out_an_erased_reply() {
    let app = spawn_app().await;
    let a = app.create_comment(&comment("A")).await;
    let a_id = a["id"].as_i64().expect("id");
    post(&app, "a1", Some(a_id)).await;
    let b = post(&app, "B", None).await;
    let b1 = app
        .create_comment(&NewComment {
            parent: Some(b),
            ..comment("b1")
        })
        .await;
    let token = |created: &Value| created["edit_token"].as_str().expect("token").to_owned();
    app.erase_comment(a_id, &token(&a)).await;
    app.erase_comment(b1["id"].as_i64().expect("id"), &token(&b1))
        .await;

    let thread = thread(&app, "sort=newest").await;

    let statuses: Vec<&str> = thread["comments"]
        .as_array()
        .expect("comments")
        .iter()
        .map(|c| c["status"].as_str().expect("status"))
        .collect();
    assert_eq!(texts(&thread), ["B", "", "a1"]);
    assert_eq!(statuses, ["published", "deleted", "published"]);
}

#[tokio::test]
async fn a_long_conversation_shows_its_first_replies_and_the_rest_come_on_asking() {
    let app = spawn_app().await;
    let root = post(&app, "R", None).await;
    let mut replies: Vec<i64> = Vec::new();
    for n in 0..25 {
        let parent = if n % 2 == 0 { root } else { replies[n - 1] };
        replies.push(post(&app, &format!("r{n}"), Some(parent)).await);
    }
    post(&app, "S", None).await;

    let page = thread(&app, "sort=newest&limit=2").await;
    let cut = page["more_replies"][0].clone();
    let rest = thread(
        &app,
        &format!(
            "replies_to={root}&after={}",
            cut["after"].as_str().expect("a cursor")
        ),
    )
    .await;

    let first_ten: Vec<String> = (0..10).map(|n| format!("r{n}")).collect();
    let texts_of_page = texts(&page);
    assert_eq!(texts_of_page[..2], ["S", "R"]);
    assert_eq!(texts_of_page[2..], first_ten[..]);
    assert_eq!(cut["conversation"], root);
    assert_eq!(cut["after"], replies[9].to_string());
    assert_eq!(page["more_replies"].as_array().map(Vec::len), Some(1));
    let the_other_fifteen: Vec<String> = (10..25).map(|n| format!("r{n}")).collect();
    assert_eq!(texts(&rest), the_other_fifteen);
    assert_eq!(rest["next"], Value::Null);
}

#[tokio::test]
async fn conversations_per_page_are_at_most_a_hundred_and_replies_name_a_real_id() {
    let app = spawn_app().await;

    let too_many = app.get_thread("site=demo&page=/&sort=top&limit=101").await;
    let no_such_id = app.get_thread("site=demo&page=/&replies_to=0").await;

    parlons_tests::assert_error(
        too_many,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    let body = parlons_tests::assert_error(
        no_such_id,
        reqwest::StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_field",
    )
    .await;
    assert_eq!(body["error"]["field"], "replies_to");
}
