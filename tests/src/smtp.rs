//! A real SMTP server for the tests: Python's aiosmtpd (PyPI, installed by `scripts/setup
//! --test` into `tests/.venv`), writing what it receives to a Maildir, which Python's
//! standard library reads back (MIME decoding included).

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// One received email.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub headers: std::collections::BTreeMap<String, String>,
}

pub struct MailServer {
    pub port: u16,
    child: Child,
    maildir: PathBuf,
    _dir: tempfile::TempDir,
}

fn python() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python")
}

const READ_MAILDIR: &str = "import email.policy, json, mailbox, sys\n\
box = mailbox.Maildir(sys.argv[1], factory=lambda f: __import__('email').message_from_binary_file(f, policy=email.policy.default), create=False)\n\
print(json.dumps([{'to': str(m['to']), 'subject': str(m['subject']), 'body': m.get_content(), \
'headers': {k: str(v) for k, v in m.items()}} for m in sorted(box, key=lambda m: m['date'] or '')]))";

impl MailServer {
    pub async fn start() -> Self {
        assert!(
            python().exists(),
            "no {}: run scripts/setup --test (it installs aiosmtpd)",
            python().display()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let dir = tempfile::tempdir().expect("a folder");
        let maildir = dir.path().join("maildir");
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        let server = Self {
            port,
            child,
            maildir,
            _dir: dir,
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        drop(server);
        panic!("aiosmtpd did not listen on port {port}");
    }

    /// Every email received so far.
    pub fn mails(&self) -> Vec<Mail> {
        if !self.maildir.exists() {
            return Vec::new();
        }
        let output = Command::new(python())
            .args(["-c", READ_MAILDIR])
            .arg(&self.maildir)
            .output()
            .expect("python reads the Maildir");
        serde_json::from_slice(&output.stdout).unwrap_or_default()
    }

    /// Waits (up to 15 s) until `count` emails arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Mail> {
        for _ in 0..150 {
            let mails = self.mails();
            if mails.len() >= count {
                return mails;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("{} emails arrived, not {count}", self.mails().len());
    }
}

/// A server of its own whose emails leave through the SMTP server on `port` (failed sends
/// are tried again after a second).
pub async fn app_mailing_to(port: u16) -> crate::TestApp {
    crate::spawn_app_with(move |settings| {
        settings.smtp_host = "127.0.0.1".into();
        settings.smtp_port = port;
        settings.smtp_tls = parlons_server::settings::SmtpTls::None;
        settings.mail_from = "Parlons <parlons@example.org>".into();
        settings.webhook_retry_secs = 1;
    })
    .await
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
