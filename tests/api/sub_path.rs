//! Served under a sub-path behind a proxy (`public_url = https://example.org/comments/`, the
//! proxy stripping `/comments`): every URL the server makes starts with `/comments/`.

use parlons_server::cli::moderator::{ModeratorCommand, run as moderator_cli};
use parlons_server::domain::site::Moderation;
use parlons_server::settings::{Settings, SmtpTls};
use parlons_server::startup::App;
use parlons_shared::NewComment;
use parlons_tests::smtp::MailServer;
use parlons_tests::{TestApp, comment, spawn_app_with};
use reqwest::StatusCode;

const PUBLIC: &str = "https://example.org/comments/";
const ORIGIN: &str = "https://example.org";
const PASSWORD: &str = "correct horse battery";

async fn app_under_comments() -> TestApp {
    spawn_app_with(|settings| settings.public_url = PUBLIC.into()).await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn sign_in(app: &TestApp) -> reqwest::Response {
    no_redirects()
        .post(app.url("/admin/sign-in"))
        .header("origin", ORIGIN)
        .form(&[("name", "amelie"), ("password", PASSWORD)])
        .send()
        .await
        .expect("answers")
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers()[name].to_str().expect("text").to_owned()
}

async fn text(app: &TestApp, path: &str) -> String {
    let response = app.client.get(app.url(path)).send().await.expect("answers");
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.expect("text")
}

#[tokio::test]
async fn the_sign_in_page_posts_and_loads_its_files_under_the_sub_path() {
    let app = app_under_comments().await;

    let page = text(&app, "/admin").await;

    assert!(
        page.contains(r#"action="/comments/admin/sign-in""#),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/comments/admin/admin.css""#),
        "{page}"
    );
    assert!(page.contains(r#"src="/comments/admin/admin.js""#), "{page}");
}

#[tokio::test]
async fn signing_in_and_out_redirect_under_the_sub_path_with_a_cookie_kept_to_it() {
    let app = app_under_comments().await;
    app.add_moderator("amelie", None).await;

    let signed_in = sign_in(&app).await;

    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
    assert_eq!(header(&signed_in, "location"), "/comments/admin");
    let cookie = header(&signed_in, "set-cookie");
    assert!(
        cookie.starts_with("__Secure-parlons_session=")
            && cookie.contains("; Path=/comments;")
            && cookie.ends_with("; Secure"),
        "{cookie}"
    );
    let session = cookie.split(';').next().expect("pair").to_owned();
    let dashboard = no_redirects()
        .get(app.url("/admin"))
        .header("cookie", &session)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("HTML");
    for made in [
        r#"href="/comments/admin/deliveries""#,
        r#"action="/comments/admin/sign-out""#,
        r#"action="/comments/admin""#,
    ] {
        assert!(dashboard.contains(made), "{made} in {dashboard}");
    }
    let signed_out = no_redirects()
        .post(app.url("/admin/sign-out"))
        .header("origin", ORIGIN)
        .header("cookie", &session)
        .send()
        .await
        .expect("answers");
    assert_eq!(header(&signed_out, "location"), "/comments/admin");
    let forgotten = header(&signed_out, "set-cookie");
    assert!(
        forgotten.contains("Path=/comments;") && forgotten.contains("Max-Age=0"),
        "{forgotten}"
    );
}

#[tokio::test]
async fn an_action_from_the_page_comes_back_to_the_list_under_the_sub_path() {
    let app = app_under_comments().await;
    app.add_site("journal", &[ORIGIN], Moderation::Pre).await;
    app.add_moderator("amelie", None).await;
    let waiting: serde_json::Value = app
        .post_comment_from(
            ORIGIN,
            &NewComment {
                site: "journal".into(),
                ..comment("À valider")
            },
        )
        .await
        .json()
        .await
        .expect("JSON");
    let session = header(&sign_in(&app).await, "set-cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_owned();

    let approved = no_redirects()
        .post(app.url(&format!("/admin/comments/{}/approve", waiting["id"])))
        .header("origin", ORIGIN)
        .header("cookie", &session)
        .form(&[("site", "journal"), ("page", "")])
        .send()
        .await
        .expect("answers");

    assert_eq!(approved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        header(&approved, "location"),
        "/comments/admin?site=journal"
    );
}

#[tokio::test]
async fn the_demo_page_loads_the_widget_from_the_sub_path() {
    let app = app_under_comments().await;

    let page = text(&app, "/").await;

    assert!(page.contains(r#"src="/comments/embed.js""#), "{page}");
    assert!(
        page.contains(r#"rel="canonical" href="/comments/""#),
        "{page}"
    );
}

#[tokio::test]
async fn the_feed_and_the_api_description_give_the_public_address_with_its_path() {
    let app = app_under_comments().await;

    let feed = text(&app, "/api/v1/feeds/comments.atom?site=demo").await;
    let document: serde_json::Value =
        serde_json::from_str(&text(&app, "/api/v1/openapi.json").await).expect("JSON");

    assert!(
        feed.contains("https://example.org/comments/api/v1/feeds/comments.atom?site=demo"),
        "{feed}"
    );
    assert_eq!(
        document["servers"][0]["url"],
        "https://example.org/comments"
    );
}

#[tokio::test]
async fn the_links_in_emails_lead_under_the_sub_path() {
    let smtp = MailServer::start().await;
    let port = smtp.port;
    let app = spawn_app_with(move |settings| {
        settings.public_url = PUBLIC.into();
        settings.smtp_host = "127.0.0.1".into();
        settings.smtp_port = port;
        settings.smtp_tls = SmtpTls::None;
        settings.mail_from = "Parlons <parlons@example.org>".into();
    })
    .await;
    app.add_site("journal", &[ORIGIN], Moderation::Pre).await;
    app.add_moderator("ana", Some(&["journal"])).await;
    let command = ModeratorCommand::Email {
        name: "ana".into(),
        address: Some("ana@example.org".into()),
    };
    moderator_cli(
        command,
        app.store.as_ref(),
        &mut std::io::empty(),
        &mut Vec::new(),
    )
    .await
    .expect("set");

    app.post_comment_from(
        ORIGIN,
        &NewComment {
            site: "journal".into(),
            ..comment("À valider")
        },
    )
    .await;

    let mail = smtp.wait_for(1).await.remove(0);
    assert!(
        mail.body
            .contains("Approve: https://example.org/comments/email/moderate/"),
        "{}",
        mail.body
    );
}

#[tokio::test]
async fn a_public_url_that_is_not_an_address_stops_the_start_saying_why() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let settings = Settings {
        database_url: format!("sqlite://{}/parlons.db", dir.path().display()),
        public_url: "comments.example.org".into(),
        ..Settings::default()
    };

    let built = App::build(settings, "127.0.0.1:8080".parse().expect("addr")).await;

    let error = built.err().expect("refused").to_string();
    assert!(
        error.contains("public_url `comments.example.org`"),
        "{error}"
    );
}
