//! `/admin`: sign-in, session cookie, throttling, CSRF, sign-out, actions from the page.

use parlons_server::domain::site::Moderation;
use parlons_shared::NewComment;
use parlons_tests::{TestApp, comment, spawn_app, spawn_app_with};
use reqwest::StatusCode;

const PASSWORD: &str = "correct horse battery";

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn sign_in(app: &TestApp, origin: &str, name: &str, password: &str) -> reqwest::Response {
    no_redirects()
        .post(app.url("/admin/sign-in"))
        .header("origin", origin)
        .form(&[("name", name), ("password", password)])
        .send()
        .await
        .expect("answers")
}

/// A form POST to `path` from `origin` with the session cookie, without following redirects.
async fn post_form(
    app: &TestApp,
    path: &str,
    origin: &str,
    session: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    no_redirects()
        .post(app.url(path))
        .header("origin", origin)
        .header("cookie", session)
        .form(form)
        .send()
        .await
        .expect("answers")
}

fn session_of(response: &reqwest::Response) -> String {
    let cookie = response.headers()["set-cookie"].to_str().expect("text");
    cookie.split(';').next().expect("pair").to_owned()
}

#[tokio::test]
async fn without_a_session_admin_shows_the_sign_in_form() {
    let app = spawn_app().await;

    let page = app
        .client
        .get(app.url("/admin"))
        .send()
        .await
        .expect("answers");

    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(csp.contains("frame-ancestors 'none'"));
    let html = page.text().await.expect("text");
    assert!(html.contains(r#"action="/admin/sign-in""#));
}

#[tokio::test]
async fn signing_in_sets_an_httponly_samesite_strict_cookie_with_an_expiry() {
    let app = spawn_app().await;
    app.add_moderator("amelie", Some(&["demo"])).await;

    let response = sign_in(&app, &app.base_url, "amelie", PASSWORD).await;

    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(cookie.starts_with("parlons_session="));
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(flag), "{flag} missing from {cookie}");
    }
    assert!(!cookie.contains("Secure"), "not over plain http");
    let page = app
        .client
        .get(app.url("/admin"))
        .header("cookie", session_of(&response))
        .send()
        .await
        .expect("answers");
    assert!(
        page.text()
            .await
            .expect("text")
            .contains("Signed in as amelie")
    );
}

#[tokio::test]
async fn over_tls_the_cookie_is_secure() {
    let app =
        parlons_tests::spawn_app_with(|s| s.public_url = "https://comments.example.org".into())
            .await;
    app.add_moderator("amelie", None).await;

    let response = sign_in(&app, "https://comments.example.org", "amelie", PASSWORD).await;

    let set = response.headers()["set-cookie"]
        .to_str()
        .expect("text")
        .to_owned();
    assert!(set.starts_with("__Host-parlons_session="), "{set}");
    assert!(
        set.contains("; Secure") && set.contains("; Path=/"),
        "{set}"
    );
    assert!(!set.contains("Domain"), "{set}");
    let secret = set
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, secret)| secret.to_owned())
        .expect("a secret");
    let page = |cookie: String| {
        no_redirects()
            .get(app.url("/admin"))
            .header("cookie", cookie)
            .send()
    };
    let with_the_prefix = page(format!("__Host-parlons_session={secret}"))
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    let without = page(format!("parlons_session={secret}"))
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    assert!(
        with_the_prefix.contains("Sign out"),
        "signed in with the prefixed cookie"
    );
    assert!(
        !without.contains("Sign out"),
        "a cookie without the prefix is not the session"
    );
}

#[tokio::test]
async fn a_wrong_password_or_unknown_name_is_401_and_logged() {
    let app = spawn_app().await;
    app.add_moderator("amelie", None).await;

    let wrong = sign_in(&app, &app.base_url, "amelie", "not the password").await;
    let unknown = sign_in(&app, &app.base_url, "nobody", PASSWORD).await;

    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(!wrong.headers().contains_key("set-cookie"));
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let log = app.store.audit_log(None, 10).await.expect("log");
    assert_eq!(
        log.iter().filter(|e| e.action == "sign_in_failed").count(),
        2
    );
}

#[tokio::test]
async fn sign_in_attempts_are_throttled_per_account() {
    let app = spawn_app().await;
    app.add_moderator("amelie", None).await;
    for _ in 0..5 {
        sign_in(&app, &app.base_url, "amelie", "guess").await;
    }

    let even_right = sign_in(&app, &app.base_url, "amelie", PASSWORD).await;

    assert_eq!(even_right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(even_right.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn every_spelling_of_an_account_counts_against_its_limit_whatever_the_address() {
    let app = spawn_app_with(|settings| {
        settings.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    app.add_moderator("amelie", None).await;
    let attempt = |n: u8, name: &'static str, password: &'static str| {
        no_redirects()
            .post(app.url("/admin/sign-in"))
            .header("origin", &app.base_url)
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .form(&[("name", name), ("password", password)])
            .send()
    };
    for (n, name) in [" amelie", "amelie ", "\tamelie", "AMELIE", " amelie "]
        .into_iter()
        .enumerate()
    {
        let wrong = attempt(n as u8 + 1, name, "guess").await.expect("answers");
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{name:?}");
    }

    let even_right = attempt(99, " amelie ", PASSWORD).await.expect("answers");

    assert_eq!(even_right.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_sign_in_or_an_action_posted_from_another_origin_is_refused() {
    let (app, id) = pending().await;
    let ok = sign_in(&app, &app.base_url, "amelie", PASSWORD).await;
    let session = session_of(&ok);

    let forged_sign_in = sign_in(&app, "https://evil.example", "amelie", PASSWORD).await;
    let forged_action = post_form(
        &app,
        &format!("/admin/comments/{id}/approve"),
        "https://evil.example",
        &session,
        &[],
    )
    .await;

    assert_eq!(forged_sign_in.status(), StatusCode::FORBIDDEN);
    assert_eq!(forged_action.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.store
            .get_comment(id)
            .await
            .expect("row")
            .status
            .as_str(),
        "pending"
    );
}

async fn pending() -> (TestApp, i64) {
    let app = spawn_app().await;
    app.add_site("journal", &[app.base_url.as_str()], Moderation::Pre)
        .await;
    app.add_moderator("amelie", Some(&["journal"])).await;
    let response = app
        .post_comment(&NewComment {
            site: "journal".into(),
            ..comment("à valider")
        })
        .await;
    let pending: serde_json::Value = response.json().await.expect("json");
    (app, pending["id"].as_i64().expect("id"))
}

#[tokio::test]
async fn the_page_lists_the_queue_and_its_form_approves() {
    let (app, id) = pending().await;
    let session = session_of(&sign_in(&app, &app.base_url, "amelie", PASSWORD).await);

    let page = app
        .client
        .get(app.url("/admin"))
        .header("cookie", &session)
        .send()
        .await
        .expect("answers");
    let html = page.text().await.expect("text");
    let form = [("site", "journal"), ("page", "")];
    let approve = post_form(
        &app,
        &format!("/admin/comments/{id}/approve"),
        &app.base_url,
        &session,
        &form,
    )
    .await;

    assert!(html.contains("Waiting for approval (1)"), "{html}");
    assert!(
        html.contains("<div class=\"body\" dir=\"auto\"><p>à valider</p>"),
        "{html}"
    );
    assert_eq!(approve.status(), StatusCode::SEE_OTHER);
    assert_eq!(approve.headers()["location"], "/admin?site=journal");
    assert_eq!(
        app.store
            .get_comment(id)
            .await
            .expect("row")
            .status
            .as_str(),
        "published"
    );
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let (app, _) = pending().await;
    let session = session_of(&sign_in(&app, &app.base_url, "amelie", PASSWORD).await);

    let out = post_form(&app, "/admin/sign-out", &app.base_url, &session, &[]).await;
    let after = app
        .client
        .get(app.url("/api/v1/moderation/queue"))
        .header("cookie", &session)
        .send()
        .await
        .expect("answers");

    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .expect("text")
            .contains("Max-Age=0")
    );
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}
