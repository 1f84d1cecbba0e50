//! A site's own OpenID provider, set by `parlons site update --oidc-*`: offered to the widget,
//! its secret kept out of every answer and log; its readers post where only they may, show in
//! `/admin` as signed in there, and can be blocked wherever they post from. (The sign-in
//! itself, against a real provider, is tests/browser/oidc.test.mjs.)

use parlons_server::cli::site::{SiteCommand, run};
use parlons_server::cli::site_provider::ProviderArgs;
use parlons_server::domain::token::{hash_secret, new_secret};
use parlons_tests::admin::{page, post, session};
use parlons_tests::readers::post_as;
use parlons_tests::scan::places_holding;
use parlons_tests::{TestApp, assert_error, comment, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

const SECRET: &str = "le-secret-du-client-0123456789";

/// `parlons site update demo` with these provider settings only: what it printed, or why not.
async fn set_provider(app: &TestApp, oidc: ProviderArgs) -> Result<String, String> {
    let command = SiteCommand::Update {
        id: "demo".into(),
        origins: vec![],
        add_origins: vec![],
        remove_origins: vec![],
        moderation: None,
        edit_window: None,
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
        oidc,
    };
    let mut out = Vec::new();
    let done = run(command, app.store.as_ref(), &mut out).await;
    app.sites.reload().await.expect("reload");
    done.map(|()| String::from_utf8(out).expect("utf-8"))
        .map_err(|error| error.to_string())
}

fn provider(issuer: &str) -> ProviderArgs {
    ProviderArgs {
        oidc_issuer: Some(issuer.into()),
        oidc_client_id: Some("parlons-demo".into()),
        oidc_client_secret: Some(format!("{SECRET}\n")),
        oidc_label: Some("Le Journal".into()),
        ..ProviderArgs::default()
    }
}

async fn options(app: &TestApp) -> Value {
    let answer = app
        .client
        .get(app.url("/api/v1/readers/options?site=demo"))
        .send()
        .await
        .expect("answers");
    assert_eq!(answer.status(), StatusCode::OK);
    answer.json().await.expect("json")
}

/// A reader of `demo` signed in at its provider as `subject`: their reader token.
async fn provider_reader(app: &TestApp, subject: &str) -> String {
    let token = new_secret();
    app.store
        .sign_in_by_subject(
            "demo",
            subject,
            Some("Zoé Martin"),
            &hash_secret(&token),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .expect("signed in");
    token
}

#[tokio::test]
async fn a_provider_set_by_the_command_line_is_offered_and_its_secret_is_never_shown() {
    let app = spawn_app().await;
    let before = options(&app).await;

    let said = set_provider(&app, provider("https://id.example.org/realms/blog"))
        .await
        .expect("set");
    let offered = options(&app).await;
    let relabelled = set_provider(
        &app,
        ProviderArgs {
            oidc_label: Some("Mon compte".into()),
            ..ProviderArgs::default()
        },
    )
    .await
    .expect("relabelled");
    let kept = app.store.provider("demo").await.expect("read");

    assert_eq!(before["provider"], Value::Null);
    assert_eq!(before["readers"], "anyone");
    assert!(said.contains("sign-in with Le Journal at https://id.example.org/realms/blog"));
    assert_eq!(offered["provider"]["label"], "Le Journal");
    assert_eq!(
        offered["provider"]["start"],
        app.url("/auth/oidc/start?site=demo")
    );
    assert!(
        relabelled.contains("sign-in with Mon compte"),
        "{relabelled}"
    );
    let kept = kept.expect("a provider");
    assert_eq!(kept.client_secret, SECRET, "the other settings are kept");
    assert_eq!(
        places_holding(&app, SECRET).await,
        ["site_provider.client_secret"],
        "not in the audit log, nor anywhere else"
    );
    assert!(!format!("{kept:?}").contains(SECRET));
}

#[tokio::test]
async fn removing_the_provider_leaves_email_sign_in_only() {
    let app = spawn_app().await;
    set_provider(&app, provider("https://id.example.org"))
        .await
        .expect("set");

    let removed = set_provider(
        &app,
        ProviderArgs {
            no_oidc: true,
            ..ProviderArgs::default()
        },
    )
    .await
    .expect("removed");

    assert!(removed.contains("no OpenID provider"), "{removed}");
    assert_eq!(options(&app).await["provider"], Value::Null);
}

#[tokio::test]
async fn bad_provider_settings_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let refused = [
        provider("http://id.example.org"),
        provider("https://id.example.org/?realm=blog"),
        ProviderArgs {
            oidc_client_id: Some("with space".into()),
            ..provider("https://id.example.org")
        },
        ProviderArgs {
            oidc_label: Some("   ".into()),
            ..provider("https://id.example.org")
        },
        ProviderArgs {
            oidc_client_secret: Some("\n".into()),
            ..provider("https://id.example.org")
        },
        ProviderArgs {
            oidc_client_secret: None,
            ..provider("https://id.example.org")
        },
    ];

    for args in refused {
        let error = set_provider(&app, args).await.expect_err("refused");
        assert!(
            error.contains("oidc") || error.contains("OpenID"),
            "{error}"
        );
    }

    assert_eq!(app.store.provider("demo").await.expect("read"), None);
}

#[tokio::test]
async fn a_providers_reader_posts_where_only_they_may_and_moderators_see_how_they_signed_in() {
    let app = parlons_tests::spawn_app_with(|_| {}).await;
    set_provider(&app, provider("https://id.example.org"))
        .await
        .expect("set");
    let mut site = app.store.list_sites().await.expect("sites").remove(0);
    site.readers = parlons_server::domain::reader::Readers::SignedIn;
    app.store.update_site(&site, None).await.expect("updated");
    app.sites.reload().await.expect("reload");
    let token = provider_reader(&app, "zoe-at-the-journal").await;
    let anonymous = app.post_comment(&comment("Sans compte")).await;

    let posted = post_as(&app, &token, &comment("Avec mon compte du journal")).await;
    let cookie = session(&app, "ines", None).await;
    let admin = page(&app, &cookie, "").await;

    assert_error(anonymous, StatusCode::FORBIDDEN, "sign_in_required").await;
    assert_eq!(posted.status(), StatusCode::CREATED);
    let posted: Value = posted.json().await.expect("json");
    assert_eq!(posted["author"], "Zoé Martin");
    assert_eq!(posted["confirmed"], true);
    let item = admin
        .split("<li class=\"item\"")
        .find(|item| item.contains("Avec mon compte du journal"))
        .expect("listed");
    assert!(item.contains("Signed in at the site"), "{item}");
    assert!(
        item.contains("value=\"reader\""),
        "the block form offers the reader"
    );
}

#[tokio::test]
async fn a_blocked_reader_cannot_post_whatever_network_they_use_and_others_still_can() {
    let app = spawn_app().await;
    let token = provider_reader(&app, "troll").await;
    let first = post_as(&app, &token, &comment("Premier message")).await;
    let first: Value = first.json().await.expect("json");
    let cookie = session(&app, "ines", None).await;

    let blocked = post(
        &app,
        &cookie,
        &format!("/admin/comments/{}/block", first["id"]),
        &[("kind", "reader"), ("days", "7")],
    )
    .await;
    let again = post_as(&app, &token, &comment("Encore moi")).await;
    let edit = app
        .client
        .patch(app.url(&format!("/api/v1/comments/{}", first["id"])))
        .header("origin", &app.base_url)
        .header("x-reader-token", &token)
        .json(&serde_json::json!({ "text": "Modifié" }))
        .send()
        .await
        .expect("answers");
    // The same network, without the reader's token: the block is the reader's, not the address's.
    let someone_else = app.post_comment(&comment("Quelqu'un d'autre")).await;

    assert_eq!(blocked.status(), StatusCode::SEE_OTHER);
    assert_error(again, StatusCode::FORBIDDEN, "blocked").await;
    assert_error(edit, StatusCode::FORBIDDEN, "blocked").await;
    assert_eq!(someone_else.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn starting_a_sign_in_names_what_is_wrong_and_keeps_nothing() {
    let app = spawn_app().await;
    let start = |query: &[(&str, &str)]| {
        let client = app.client.clone();
        let url =
            reqwest::Url::parse_with_params(&app.url("/auth/oidc/start"), query).expect("a URL");
        async move { client.get(url).send().await.expect("answers") }
    };
    let origin = app.base_url.clone();

    let no_site = start(&[("origin", &origin)]).await;
    let no_provider = start(&[("site", "demo"), ("origin", &origin)]).await;
    // A provider that does not answer (nothing listens on port 9 of this machine).
    set_provider(&app, provider("http://127.0.0.1:9"))
        .await
        .expect("set");
    let other_origin = start(&[("site", "demo"), ("origin", "https://elsewhere.example")]).await;
    let unreachable = start(&[("site", "demo"), ("origin", &origin)]).await;

    assert_eq!(no_site.status(), StatusCode::BAD_REQUEST);
    assert_eq!(no_provider.status(), StatusCode::NOT_FOUND);
    assert_eq!(other_origin.status(), StatusCode::FORBIDDEN);
    assert_eq!(unreachable.status(), StatusCode::BAD_GATEWAY);
    let page = unreachable.text().await.expect("a page");
    assert!(page.contains("could not be reached"), "{page}");
    let database = parlons_tests::scan::Database::of(&app).await;
    assert_eq!(database.count("provider_login").await, 0);
}
