//! One webhook call: the event's JSON, POSTed with its signature.
//!
//! `X-Parlons-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
//! webhook's secret>`. Receivers recompute it, compare in constant time, and refuse old
//! timestamps (replays). `X-Parlons-Event` names the event, `X-Parlons-Delivery` the message
//! (the same on retries, so receivers can drop duplicates).

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;

use super::Failure;
use crate::store::notifications::{Message, Webhook};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The client of webhook calls; unless `private_targets`, it connects to public addresses
/// only, and through no proxy (which would connect on its behalf, wherever it is told).
pub fn client(private_targets: bool) -> reqwest::Client {
    let builder = reqwest::Client::builder()
        .timeout(TIMEOUT)
        // A receiver answers itself; following redirects would sign requests for others.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Parlons/", env!("CARGO_PKG_VERSION")));
    let builder = if private_targets {
        builder
    } else {
        builder
            .no_proxy()
            .dns_resolver(std::sync::Arc::new(super::targets::PublicOnly))
    };
    builder.build().unwrap_or_default()
}

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(format!("{timestamp}.{body}").as_bytes());
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}

pub async fn send(
    client: &reqwest::Client,
    hook: &Webhook,
    message: &Message,
) -> Result<(), Failure> {
    let timestamp = OffsetDateTime::now_utc().unix_timestamp();
    let response = client
        .post(&hook.url)
        .header("content-type", "application/json")
        .header("x-parlons-event", &message.event)
        .header("x-parlons-delivery", message.id.to_string())
        .header(
            "x-parlons-signature",
            signature(&hook.secret, timestamp, &message.body),
        )
        .body(message.body.clone())
        .send()
        .await
        .map_err(|error| Failure::Retry(format!("no answer: {error}")))?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        // Any other answer is tried again: a receiver being deployed answers 404 or 502 for a
        // while. After the last attempt the message stays on /admin as failed.
        Err(Failure::Retry(format!("HTTP {status}")))
    }
}

#[cfg(test)]
mod tests {
    use super::signature;

    #[test]
    fn the_signature_is_the_hmac_of_timestamp_dot_body() {
        // HMAC-SHA256("secret", "1700000000.{}"), computed with Python's hmac module.
        assert_eq!(
            signature("secret", 1_700_000_000, "{}"),
            "t=1700000000,v1=b8569b78799ff9e3cbff0fc2d63a33a2b57f3282abd07c37ae5e8e7d79a5f163"
        );
    }
}
