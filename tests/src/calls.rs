//! One helper per contract call, on the test server: posting, reading threads, voting,
//! editing, moderating, live events; and the checks every answer shares.

use parlons_shared::NewComment;
use reqwest::{Response, StatusCode};

use crate::{EventStream, TestApp};

impl TestApp {
    /// `POST /api/v1/moderation/comments/{id}/{action}` with extra headers.
    pub async fn moderate(&self, id: i64, action: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = self
            .client
            .post(self.url(&format!("/api/v1/moderation/comments/{id}/{action}")));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.send().await.expect("the server answers")
    }

    /// `GET /api/v1/moderation/queue?{query}` with a bearer token.
    pub async fn queue(&self, query: &str, token: &str) -> Response {
        self.client
            .get(self.url(&format!("/api/v1/moderation/queue?{query}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("the server answers")
    }

    /// `POST /api/v1/comments` from the server's own origin.
    pub async fn post_comment(&self, body: &NewComment) -> Response {
        self.post_comment_from(&self.base_url, body).await
    }

    pub async fn post_comment_from(&self, origin: &str, body: &NewComment) -> Response {
        self.client
            .post(self.url("/api/v1/comments"))
            .header("origin", origin)
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// Posts and returns the created comment as JSON; fails the test unless it is 201.
    pub async fn create_comment(&self, body: &NewComment) -> serde_json::Value {
        let response = self.post_comment(body).await;
        assert_eq!(response.status(), StatusCode::CREATED, "posting {body:?}");
        response.json().await.expect("a JSON comment")
    }

    /// `POST /api/v1/comments` with a raw body and content type.
    pub async fn post_raw(&self, content_type: &str, body: impl Into<reqwest::Body>) -> Response {
        self.client
            .post(self.url("/api/v1/comments"))
            .header("origin", &self.base_url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// `GET /api/v1/threads?{query}`.
    pub async fn get_thread(&self, query: &str) -> Response {
        self.client
            .get(self.url(&format!("/api/v1/threads?{query}")))
            .send()
            .await
            .expect("the server answers")
    }

    /// The thread of page `/` of `demo`, as JSON.
    pub async fn demo_thread(&self) -> serde_json::Value {
        let response = self.get_thread("site=demo&page=/").await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.expect("a JSON thread")
    }

    /// `POST /api/v1/comments/{id}/vote` from the server's own origin.
    pub async fn vote(&self, id: i64, voter: &str, value: i8) -> Response {
        self.client
            .post(self.url(&format!("/api/v1/comments/{id}/vote")))
            .header("origin", &self.base_url)
            .json(&serde_json::json!({ "voter": voter, "value": value }))
            .send()
            .await
            .expect("the server answers")
    }

    /// `POST /api/v1/counts`.
    pub async fn post_counts(&self, body: &serde_json::Value) -> Response {
        self.client
            .post(self.url("/api/v1/counts"))
            .json(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// `PATCH /api/v1/comments/{id}` with an edit token.
    pub async fn edit_comment(&self, id: i64, token: &str, text: &str) -> Response {
        self.client
            .patch(self.url(&format!("/api/v1/comments/{id}")))
            .header("x-edit-token", token)
            .json(&serde_json::json!({ "text": text }))
            .send()
            .await
            .expect("the server answers")
    }

    /// `DELETE /api/v1/comments/{id}` with an edit token.
    pub async fn erase_comment(&self, id: i64, token: &str) -> Response {
        self.client
            .delete(self.url(&format!("/api/v1/comments/{id}")))
            .header("x-edit-token", token)
            .send()
            .await
            .expect("the server answers")
    }

    /// Opens `GET /api/v1/events?{query}`.
    pub async fn events(&self, query: &str) -> EventStream {
        self.events_after(query, None).await
    }

    /// Opens `GET /api/v1/events?{query}` as a browser reconnecting after event `last_id`.
    pub async fn events_after(&self, query: &str, last_id: Option<i64>) -> EventStream {
        let mut request = self
            .client
            .get(self.url(&format!("/api/v1/events?{query}")));
        if let Some(id) = last_id {
            request = request.header("last-event-id", id.to_string());
        }
        let response = request.send().await.expect("the server answers");
        assert_eq!(response.status(), StatusCode::OK);
        EventStream::new(response)
    }
}

/// Asserts the contract's error body and returns it.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> serde_json::Value {
    assert_eq!(response.status(), status);
    let body: serde_json::Value = response.json().await.expect("a JSON error body");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.len() > 10),
        "{body}"
    );
    body
}

/// The header names an answer's `Vary` lists (all its `Vary` headers), trimmed and lowercased.
pub fn vary_names(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect()
}
