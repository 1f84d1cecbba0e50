//! `parlons site ...`, run through the library against a real database.

use parlons_server::cli::site::{SiteCommand, run};
use parlons_tests::{comment, spawn_app};
use reqwest::StatusCode;

/// What a command printed, and whether it succeeded.
struct Output {
    ok: bool,
    text: String,
}

async fn site(app: &parlons_tests::TestApp, command: SiteCommand) -> Output {
    let mut out = Vec::new();
    let result = run(command, app.store.as_ref(), &mut out).await;
    app.sites.reload().await.expect("reload");
    Output {
        ok: result.is_ok(),
        text: String::from_utf8(out).expect("utf-8"),
    }
}

fn add(id: &str, origins: &[&str]) -> SiteCommand {
    SiteCommand::Add {
        id: id.into(),
        origins: origins.iter().map(|o| o.to_string()).collect(),
        moderation: "post".into(),
    }
}

#[tokio::test]
async fn a_site_added_with_an_origin_accepts_posts_from_it() {
    let app = spawn_app().await;

    let output = site(&app, add("blog", &["https://Blog.example.org/"])).await;

    assert!(output.ok);
    assert!(
        output.text.contains("origins=https://blog.example.org"),
        "{}",
        output.text
    );
    let body = parlons_shared::NewComment {
        site: "blog".into(),
        ..comment("salut")
    };
    let response = app
        .post_comment_from("https://blog.example.org", &body)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn adding_a_site_twice_or_with_a_bad_origin_fails() {
    let app = spawn_app().await;
    site(&app, add("blog", &["https://blog.example.org"])).await;

    let twice = site(&app, add("blog", &["https://blog.example.org"])).await;
    let bad = site(&app, add("other", &["not an origin"])).await;

    assert!(!twice.ok);
    assert!(!bad.ok);
}

#[tokio::test]
async fn sites_are_listed_updated_and_removed() {
    let app = spawn_app().await;
    site(&app, add("blog", &["https://a.example"])).await;

    let updated = site(
        &app,
        SiteCommand::Update {
            id: "blog".into(),
            origins: vec![],
            add_origins: vec!["https://b.example".into()],
            remove_origins: vec!["https://a.example".into()],
            moderation: Some("pre".into()),
            edit_window: None,
            min_post_seconds: None,
            pow_bits: None,
            max_links: None,
            posts_per_minute: None,
            duplicate_window: None,
            crawlable: None,
            lang: None,
            votes: Some("up_down".into()),
            gravatar: Some(true),
            close_after_days: Some("30".into()),
            report_threshold: Some("5".into()),
            readers: Some("confirmed".into()),
            oidc: Default::default(),
        },
    )
    .await;
    let listed = site(&app, SiteCommand::List).await;
    let removed = site(&app, SiteCommand::Remove { id: "blog".into() }).await;
    let after = site(&app, SiteCommand::List).await;

    assert!(updated.ok);
    assert!(
        listed
            .text
            .contains("blog\tmoderation=pre\torigins=https://b.example"),
        "{}",
        listed.text
    );
    assert!(listed.text.contains("\tvotes=up_down"), "{}", listed.text);
    assert!(listed.text.contains("\tgravatar=true"), "{}", listed.text);
    assert!(
        listed.text.contains("\treaders=confirmed"),
        "{}",
        listed.text
    );
    assert!(
        listed.text.contains("\tclose_after_days=30"),
        "{}",
        listed.text
    );
    assert!(removed.ok);
    assert!(!after.text.contains("blog"), "{}", after.text);
    let thread = app.get_thread("site=blog&page=/").await;
    assert_eq!(thread.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_sites_own_edit_window_overrides_the_servers() {
    let app = spawn_app().await;
    let update = SiteCommand::Update {
        id: "demo".into(),
        origins: vec![],
        add_origins: vec![],
        remove_origins: vec![],
        moderation: Some("trusted".into()),
        edit_window: Some("0".into()),
        min_post_seconds: None,
        pow_bits: None,
        max_links: None,
        posts_per_minute: None,
        duplicate_window: None,
        crawlable: None,
        lang: None,
        votes: None,
        gravatar: None,
        close_after_days: None,
        report_threshold: None,
        readers: None,
        oidc: Default::default(),
    };
    let output = site(&app, update).await;
    let body = parlons_shared::NewComment {
        email: Some("x@example.org".into()),
        ..comment("bonjour")
    };

    let response = app.post_comment(&body).await;

    assert!(
        output.text.contains("moderation=trusted"),
        "{}",
        output.text
    );
    assert!(output.text.contains("edit_window=0min"), "{}", output.text);
    // Unknown author on a trusted site: pending, and no time to edit.
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let pending: serde_json::Value = response.json().await.expect("json");
    assert_eq!(pending["created_at"], pending["edit_until"]);
}

#[tokio::test]
async fn a_sites_new_settings_reach_its_threads_kept_in_the_cache() {
    let app = spawn_app().await;
    app.create_comment(&comment("Lu avant")).await;
    assert_eq!(app.demo_thread().await["votes"], "up", "kept in the cache");

    app.change_site("demo", |site| {
        site.votes = parlons_server::domain::site::Votes::UpDown;
    })
    .await;

    // The change log carries the change to the node within a second; the cache keeps a
    // thread 30 s, so only the change can have dropped it.
    let mut votes = serde_json::Value::Null;
    for _ in 0..50 {
        votes = app.demo_thread().await["votes"].clone();
        if votes == "up_down" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(votes, "up_down");
}
