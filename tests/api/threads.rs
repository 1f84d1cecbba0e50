use parlons_server::domain::site::Moderation;
use parlons_tests::{assert_error, comment, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn an_unknown_page_is_an_empty_thread() {
    let app = spawn_app().await;

    let thread = app.demo_thread().await;

    assert_eq!(thread["site"], "demo");
    assert_eq!(thread["page"], "/");
    assert_eq!(thread["count"], 0);
    assert_eq!(thread["comments"], serde_json::json!([]));
    assert_eq!(thread["next"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_unknown_site_is_404() {
    let app = spawn_app().await;

    let response = app.get_thread("site=nope&page=/").await;

    assert_error(response, StatusCode::NOT_FOUND, "site_not_found").await;
}

#[tokio::test]
async fn a_thread_lists_comments_oldest_first_with_parents_by_id() {
    let app = spawn_app().await;
    let first = app.create_comment(&comment("Premier")).await;
    let reply = parlons_shared::NewComment {
        parent: first["id"].as_i64(),
        ..comment("Réponse")
    };
    app.create_comment(&reply).await;

    let thread = app.demo_thread().await;

    assert_eq!(thread["count"], 2);
    let comments = thread["comments"].as_array().expect("a list");
    assert_eq!(comments[0]["html"], "<p>Premier</p>\n");
    assert_eq!(comments[1]["parent"], first["id"]);
    for comment in comments {
        assert!(
            comment.get("edit_token").is_none(),
            "tokens are shown once, at creation"
        );
        assert!(comment.get("email").is_none(), "emails are never public");
    }
}

#[tokio::test]
async fn newest_first_is_available() {
    let app = spawn_app().await;
    for text in ["un", "deux", "trois"] {
        app.create_comment(&comment(text)).await;
    }

    let thread: serde_json::Value = app
        .get_thread("site=demo&page=/&sort=newest")
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(thread["comments"][0]["html"], "<p>trois</p>\n");
    assert_eq!(thread["comments"][2]["html"], "<p>un</p>\n");
}

#[tokio::test]
async fn a_long_thread_is_read_page_by_page_with_the_next_cursor() {
    let app = spawn_app().await;
    for n in 0..5 {
        app.create_comment(&comment(&format!("n{n}"))).await;
    }

    let first: serde_json::Value = app
        .get_thread("site=demo&page=/&limit=2")
        .await
        .json()
        .await
        .expect("json");
    let after = first["next"].as_str().expect("a cursor");
    let second: serde_json::Value = app
        .get_thread(&format!("site=demo&page=/&limit=2&after={after}"))
        .await
        .json()
        .await
        .expect("json");
    let after = second["next"].as_str().expect("a cursor");
    let last: serde_json::Value = app
        .get_thread(&format!("site=demo&page=/&limit=2&after={after}"))
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(first["comments"][0]["html"], "<p>n0</p>\n");
    assert_eq!(second["comments"][0]["html"], "<p>n2</p>\n");
    assert_eq!(last["comments"].as_array().map(Vec::len), Some(1));
    assert_eq!(last["next"], serde_json::Value::Null);
    assert_eq!(last["count"], 5);
}

#[tokio::test]
async fn threads_of_different_pages_and_sites_stay_apart() {
    let app = spawn_app().await;
    app.add_site("blog", &["https://blog.example.org"], Moderation::Post)
        .await;
    app.create_comment(&comment("sur la une")).await;
    let other_page = parlons_shared::NewComment {
        page: "/autre".into(),
        ..comment("ailleurs")
    };
    app.create_comment(&other_page).await;

    let thread = app.demo_thread().await;
    let blog: serde_json::Value = app
        .get_thread("site=blog&page=/")
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(thread["count"], 1);
    assert_eq!(blog["count"], 0);
}

#[tokio::test]
async fn a_page_key_is_read_without_its_fragment() {
    let app = spawn_app().await;
    app.create_comment(&comment("bonjour")).await;

    let thread: serde_json::Value = app
        .get_thread("site=demo&page=/%23parlons-1")
        .await
        .json()
        .await
        .expect("json");

    assert_eq!(thread["count"], 1);
    assert_eq!(thread["page"], "/");
}
