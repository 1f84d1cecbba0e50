//! Readers who sign in, as the widget does it: ask for a link, read it from the real SMTP
//! server's mailbox, trade its secret for a reader token, and call with `X-Reader-Token`.

use parlons_shared::NewComment;
use reqwest::{Response, StatusCode};

use crate::TestApp;
use crate::smtp::{Mail, MailServer};

/// `POST /api/v1/readers/email` for the demo site's page `/`, from its own origin.
pub async fn ask_link(app: &TestApp, email: &str) -> Response {
    app.client
        .post(app.url("/api/v1/readers/email"))
        .header("origin", &app.base_url)
        .json(&serde_json::json!({ "site": "demo", "email": email, "page": "/" }))
        .send()
        .await
        .expect("the server answers")
}

/// The secret of the sign-in link in a mail (after `#parlons-signin=`).
pub fn link_secret(mail: &Mail) -> String {
    let (_, rest) = mail
        .body
        .split_once("#parlons-signin=")
        .unwrap_or_else(|| panic!("no sign-in link in {:?}", mail.body));
    rest.chars().take_while(char::is_ascii_hexdigit).collect()
}

/// `POST /api/v1/readers/session` on `site` with a link's secret.
pub async fn open_session(app: &TestApp, site: &str, secret: &str) -> Response {
    app.client
        .post(app.url("/api/v1/readers/session"))
        .header("origin", &app.base_url)
        .json(&serde_json::json!({ "site": site, "token": secret }))
        .send()
        .await
        .expect("the server answers")
}

/// Asks for a link to `email`, waits for it (the mailbox then holds `nth` mails), and trades
/// it: the new reader token. Mails sent within a second may be read back in any order, so
/// each link to the address is tried: the used ones are refused.
pub async fn sign_in(app: &TestApp, smtp: &MailServer, email: &str, nth: usize) -> String {
    assert_eq!(ask_link(app, email).await.status(), StatusCode::ACCEPTED);
    for mail in smtp
        .wait_for(nth)
        .await
        .iter()
        .filter(|mail| mail.to == email)
    {
        let response = open_session(app, "demo", &link_secret(mail)).await;
        if response.status() == StatusCode::OK {
            let session: serde_json::Value = response.json().await.expect("json");
            return session["reader_token"]
                .as_str()
                .expect("a reader token")
                .to_owned();
        }
    }
    panic!("no link to {email} signed in");
}

/// A reader of the demo site signed in through the store, without a mail: their token.
pub async fn stored_reader(app: &TestApp, email: &str) -> String {
    use parlons_server::domain::token::{hash_email, hash_secret, new_secret};
    use parlons_server::store::accounts::NewSignin;

    let (secret, token) = (new_secret(), new_secret());
    let now = time::OffsetDateTime::now_utc();
    let signin = NewSignin {
        site: "demo",
        secret_hash: &hash_secret(&secret),
        email_hash: &hash_email(email),
        email,
        now,
        expires_at: now + time::Duration::minutes(5),
    };
    assert!(app.store.add_signin(&signin).await.expect("kept"));
    app.store
        .sign_in_by_email("demo", &hash_secret(&secret), &hash_secret(&token), now)
        .await
        .expect("signed in");
    token
}

/// A request as a signed-in reader's browser sends it, from the demo site's origin.
pub fn as_reader(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    token: &str,
) -> reqwest::RequestBuilder {
    app.client
        .request(method, app.url(path))
        .header("origin", &app.base_url)
        .header("x-reader-token", token)
}

/// Posts as the signed-in reader; the answer.
pub async fn post_as(app: &TestApp, token: &str, body: &NewComment) -> Response {
    as_reader(app, reqwest::Method::POST, "/api/v1/comments", token)
        .json(body)
        .send()
        .await
        .expect("the server answers")
}
