use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{comment, spawn_app};
use reqwest::StatusCode;

#[tokio::test]
async fn posting_returns_201_with_the_comment_and_an_edit_token() {
    let app = spawn_app().await;
    let body = NewComment {
        author: Some("Marie".into()),
        website: Some("https://marie.example.fr".into()),
        email: Some("marie@example.fr".into()),
        ..comment("**Très** juste")
    };

    let response = app.post_comment(&body).await;

    assert_eq!(response.status(), StatusCode::CREATED);
    let created: serde_json::Value = response.json().await.expect("json");
    assert!(created["id"].as_i64().is_some_and(|id| id > 0));
    assert_eq!(created["parent"], serde_json::Value::Null);
    assert_eq!(created["author"], "Marie");
    assert_eq!(created["website"], "https://marie.example.fr/");
    assert_eq!(created["html"], "<p><strong>Très</strong> juste</p>\n");
    assert_eq!(created["status"], "published");
    assert_eq!(created["edited_at"], serde_json::Value::Null);
    assert!(
        created["created_at"]
            .as_str()
            .is_some_and(|at| at.ends_with('Z'))
    );
    assert_eq!(created["edit_token"].as_str().map(str::len), Some(64));
    assert!(created.get("email").is_none());
}

#[tokio::test]
async fn an_anonymous_reader_may_post_without_a_name() {
    let app = spawn_app().await;

    let created = app.create_comment(&comment("sans nom")).await;

    assert_eq!(created["author"], serde_json::Value::Null);
}

#[tokio::test]
async fn raw_html_and_scripts_are_stored_as_text() {
    let app = spawn_app().await;

    let created = app
        .create_comment(&comment(
            "<img src=x onerror=alert(1)> <script>alert(2)</script>",
        ))
        .await;

    let html = created["html"].as_str().expect("html");
    assert!(
        !html.contains("<img") && !html.contains("<script"),
        "{html}"
    );
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

#[tokio::test]
async fn a_reply_is_stored_under_its_parent() {
    let app = spawn_app().await;
    let parent = app.create_comment(&comment("question")).await;

    let reply = app
        .create_comment(&NewComment {
            parent: parent["id"].as_i64(),
            ..comment("réponse")
        })
        .await;

    assert_eq!(reply["parent"], parent["id"]);
}

#[tokio::test]
async fn on_a_pre_moderated_site_a_comment_waits_with_202_and_stays_out_of_the_thread() {
    let app = spawn_app().await;
    app.add_site("strict", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    let body = NewComment {
        site: "strict".into(),
        ..comment("à modérer")
    };

    let response = app.post_comment(&body).await;

    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let pending: serde_json::Value = response.json().await.expect("json");
    assert_eq!(pending["status"], "pending");
    assert!(pending["edit_token"].is_string());
    let thread: serde_json::Value = app
        .get_thread("site=strict&page=/")
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(thread["count"], 0);
    assert_eq!(thread["comments"], serde_json::json!([]));
}

#[tokio::test]
async fn an_acknowledged_comment_is_in_the_database_file() {
    let app = spawn_app().await;

    let created = app.create_comment(&comment("durable")).await;

    let stored = app
        .store
        .get_comment(created["id"].as_i64().expect("id"))
        .await
        .expect("stored");
    assert_eq!(stored.source, "durable");
}

#[tokio::test]
async fn posts_arriving_together_each_get_their_own_answer_and_only_good_ones_are_stored() {
    let app = spawn_app().await;
    let parent = app.create_comment(&comment("le premier")).await;
    let other_page = app
        .create_comment(&NewComment {
            page: "/ailleurs".into(),
            ..comment("sur une autre page")
        })
        .await;
    let reply_to = |parent: &serde_json::Value, n: usize| NewComment {
        parent: parent["id"].as_i64(),
        ..comment(&format!("réponse {n}"))
    };
    let bodies: Vec<NewComment> = (0..60)
        .map(|n| match n % 4 {
            0 => reply_to(&parent, n),
            1 => reply_to(&serde_json::json!({ "id": 999_999 }), n),
            2 => reply_to(&other_page, n),
            _ => comment(&format!("commentaire {n}")),
        })
        .collect();

    let statuses = futures_util::future::join_all(
        bodies
            .iter()
            .map(|body| async { app.post_comment(body).await.status() }),
    )
    .await;

    for (n, status) in statuses.iter().enumerate() {
        let expected = match n % 4 {
            1 => StatusCode::NOT_FOUND,
            2 => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::CREATED,
        };
        assert_eq!(*status, expected, "post {n}");
    }
    let thread = app.demo_thread().await;
    assert_eq!(thread["count"], 31);
    assert_eq!(thread["comments"].as_array().map(Vec::len), Some(31));
}

#[tokio::test]
async fn the_same_text_posted_again_within_the_window_is_409_and_stores_nothing() {
    let app =
        parlons_tests::spawn_app_with(|settings| settings.duplicate_window_minutes = 10).await;
    let first = app.post_comment(&comment("Bravo pour cet article")).await;
    assert_eq!(first.status(), reqwest::StatusCode::CREATED);

    let again = app
        .post_comment(&comment("  bravo   pour cet ARTICLE "))
        .await;

    parlons_tests::assert_error(again, reqwest::StatusCode::CONFLICT, "duplicate_comment").await;
    assert_eq!(app.demo_thread().await["count"], 1);
}

#[tokio::test]
async fn a_post_refused_for_another_reason_can_be_sent_again() {
    let app =
        parlons_tests::spawn_app_with(|settings| settings.duplicate_window_minutes = 10).await;
    let orphan = parlons_shared::NewComment {
        parent: Some(999_999),
        ..comment("Une réponse perdue")
    };
    assert_eq!(
        app.post_comment(&orphan).await.status(),
        reqwest::StatusCode::NOT_FOUND
    );

    let retried = app.post_comment(&comment("Une réponse perdue")).await;

    assert_eq!(retried.status(), reqwest::StatusCode::CREATED);
}
