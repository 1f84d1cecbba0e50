//! The page the sign-in popup ends on: it says how the sign-in went, in the site's language,
//! and `done.js` hands the outcome to the widget that opened it (`postMessage`, to the page
//! origin the sign-in started from, never `*`), then closes the popup.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{DOCTYPE, html};

use crate::domain::site::Language;

/// Scripts from this server only (`done.js`); nothing else loads.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; \
                       frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// The popup's script: reads the outcome the page carries and posts it to the opener.
pub const DONE_JS: &str = r#"const main = document.querySelector("main[data-origin]");
if (main && window.opener) {
  window.opener.postMessage(JSON.parse(main.dataset.message), main.dataset.origin);
  setTimeout(() => window.close(), 100);
}
"#;

/// Why a sign-in at the provider ended without one: each has its status, its code for the
/// widget, and its sentence for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    BadRequest,
    NotThisBrowser,
    Expired,
    WrongSite,
    WrongOrigin,
    NoProvider,
    Denied,
    TokenRefused,
    Unreachable,
    Busy,
}

impl Refusal {
    pub fn status(self) -> StatusCode {
        match self {
            Self::BadRequest | Self::WrongSite => StatusCode::BAD_REQUEST,
            Self::NotThisBrowser | Self::WrongOrigin => StatusCode::FORBIDDEN,
            Self::Expired => StatusCode::GONE,
            Self::NoProvider => StatusCode::NOT_FOUND,
            Self::Denied | Self::TokenRefused => StatusCode::UNAUTHORIZED,
            Self::Unreachable => StatusCode::BAD_GATEWAY,
            Self::Busy => StatusCode::TOO_MANY_REQUESTS,
        }
    }

    /// What the widget is told (`{"parlons": "signin", "error": code}`).
    pub fn code(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::NotThisBrowser => "not_this_browser",
            Self::Expired => "login_expired",
            Self::WrongSite => "wrong_site",
            Self::WrongOrigin => "forbidden_origin",
            Self::NoProvider => "not_found",
            Self::Denied => "denied",
            Self::TokenRefused => "token_refused",
            Self::Unreachable => "provider_unreachable",
            Self::Busy => "rate_limited",
        }
    }

    fn sentence(self, lang: Language) -> &'static str {
        let fr = lang == Language::Fr;
        match self {
            Self::BadRequest if fr => "Cette adresse de connexion est incomplète.",
            Self::BadRequest => "This sign-in address is incomplete.",
            Self::NotThisBrowser if fr => {
                "Cette connexion n’a pas été commencée dans ce navigateur. Recommencez depuis la page."
            }
            Self::NotThisBrowser => {
                "This sign-in was not started in this browser. Start again from the page."
            }
            Self::Expired if fr => {
                "Cette connexion a déjà servi, ou a pris plus de dix minutes. Recommencez depuis la page."
            }
            Self::Expired => {
                "This sign-in was used already, or took more than ten minutes. Start again from the page."
            }
            Self::WrongSite if fr => {
                "Cette connexion a été commencée pour un autre site. Recommencez depuis la page."
            }
            Self::WrongSite => {
                "This sign-in was started for another site. Start again from the page."
            }
            Self::WrongOrigin if fr => "Cette page ne peut pas connecter ses lecteurs à ce site.",
            Self::WrongOrigin => "This page may not sign readers in to this site.",
            Self::NoProvider if fr => "Ce site ne propose pas de connexion par un fournisseur.",
            Self::NoProvider => "This site offers no sign-in with a provider.",
            Self::Denied if fr => "Le fournisseur ne vous a pas connecté·e.",
            Self::Denied => "The provider did not sign you in.",
            Self::TokenRefused if fr => {
                "La réponse du fournisseur n’a pas pu être vérifiée : vous n’êtes pas connecté·e."
            }
            Self::TokenRefused => {
                "The provider’s answer could not be verified, so you are not signed in."
            }
            Self::Unreachable if fr => {
                "Le fournisseur de connexion ne répond pas. Réessayez dans un instant."
            }
            Self::Unreachable => {
                "The sign-in provider could not be reached. Try again in a moment."
            }
            Self::Busy if fr => "Trop de connexions à la fois : réessayez dans quelques minutes.",
            Self::Busy => "Too many sign-ins at once: try again in a few minutes.",
        }
    }
}

/// The page for a sign-in that succeeded: `message` goes to `origin`'s widget by the script
/// at `done_js`.
pub fn signed_in(
    lang: Language,
    done_js: &str,
    origin: &str,
    message: &serde_json::Value,
) -> Response {
    let sentence = match lang {
        Language::Fr => {
            "Vous êtes connecté·e. Cette fenêtre se ferme d’elle-même ; sinon, fermez-la et revenez à la page."
        }
        Language::En => {
            "You are signed in. This window closes by itself; if it does not, close it and go back to the page."
        }
    };
    page(
        StatusCode::OK,
        lang,
        sentence,
        Some((done_js, origin, message)),
    )
}

/// The page for a refused sign-in; the widget of `origin`, when known, is told why.
pub fn refused(refusal: Refusal, lang: Language, done_js: &str, origin: Option<&str>) -> Response {
    let message = serde_json::json!({ "parlons": "signin", "error": refusal.code() });
    page(
        refusal.status(),
        lang,
        refusal.sentence(lang),
        origin.map(|origin| (done_js, origin, &message)),
    )
}

fn page(
    status: StatusCode,
    lang: Language,
    sentence: &str,
    outcome: Option<(&str, &str, &serde_json::Value)>,
) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Parlons" }
                style { "body{font:1.1rem/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}" }
            }
            body {
                @if let Some((done_js, origin, message)) = outcome {
                    main data-origin=(origin) data-message=(message.to_string()) { p role="status" { (sentence) } }
                    script src=(done_js) {}
                } @else {
                    main { p role="status" { (sentence) } }
                }
            }
        }
    };
    let mut response = (status, axum::response::Html(markup.into_string())).into_response();
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    response
}
