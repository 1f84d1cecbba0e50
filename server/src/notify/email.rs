//! Emails over SMTP (lettre). Each outbox message of the email channel holds its text and,
//! for reply notices, the unsubscribe URL, which also goes in `List-Unsubscribe` (with
//! `List-Unsubscribe-Post`, RFC 8058: mail clients unsubscribe with one POST).

use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message as Email, Tokio1Executor};
use serde::{Deserialize, Serialize};

use super::Failure;
use crate::settings::{Settings, SmtpTls};
use crate::store::notifications::Message;

/// What the outbox keeps of an email.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Letter {
    pub text: String,
    pub unsubscribe: Option<String>,
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `None` when no SMTP server is set.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Self>> {
        let host = settings.smtp_host.trim();
        if host.is_empty() {
            return Ok(None);
        }
        let from: Mailbox = settings
            .mail_from
            .parse()
            .map_err(|error| anyhow::anyhow!("mail_from {:?}: {error}", settings.mail_from))?;
        let tls = match settings.smtp_tls {
            SmtpTls::None => Tls::None,
            SmtpTls::Starttls => Tls::Required(TlsParameters::new(host.to_owned())?),
            SmtpTls::Tls => Tls::Wrapper(TlsParameters::new(host.to_owned())?),
        };
        let mut transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.smtp_port)
            .tls(tls)
            .timeout(Some(std::time::Duration::from_secs(20)));
        if !settings.smtp_username.is_empty() {
            transport = transport.credentials(Credentials::new(
                settings.smtp_username.clone(),
                settings.smtp_password.clone(),
            ));
        }
        Ok(Some(Self {
            transport: transport.build(),
            from,
        }))
    }

    pub async fn send(&self, message: &Message) -> Result<(), Failure> {
        let letter: Letter = serde_json::from_str(&message.body)
            .map_err(|error| Failure::Final(format!("not an email: {error}")))?;
        let to: Mailbox = message.destination.parse().map_err(|error| {
            Failure::Final(format!("address {:?}: {error}", message.destination))
        })?;
        let mut builder = Email::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone().unwrap_or_default())
            .header(ContentType::TEXT_PLAIN);
        if let Some(url) = &letter.unsubscribe {
            builder = builder
                .raw_header(HeaderValue::new(
                    name("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    name("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_owned(),
                ));
        }
        let email = builder
            .body(letter.text)
            .map_err(|error| Failure::Final(format!("email: {error}")))?;
        self.transport
            .send(email)
            .await
            .map(|_| ())
            .map_err(|error| Failure::Retry(format!("SMTP: {error}")))
    }
}

fn name(text: &'static str) -> HeaderName {
    HeaderName::new_from_ascii_str(text)
}
