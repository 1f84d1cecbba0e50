//! The words of the pages behind email links, in the site's language (the language of the
//! email that carried the link), or the reader's (`Accept-Language`) when the link is bad.

use axum::http::{HeaderMap, header};
use parlons_shared::CommentStatus;

use crate::domain::site::Language;

/// One language's words; the functions fill in what varies.
pub struct Words {
    pub lang: &'static str,
    pub invalid_title: &'static str,
    pub invalid_body: &'static str,
    pub approve: &'static str,
    pub delete: &'static str,
    /// "Approve this comment?"
    pub confirm_title: fn(&str) -> String,
    pub someone: &'static str,
    pub on: &'static str,
    pub now: &'static str,
    /// After the status: the bracket and the colon, spaced as the language does.
    pub close: &'static str,
    /// "Approve as amelie"
    pub act_as: fn(&str, &str) -> String,
    pub done: &'static str,
    pub now_is: &'static str,
    pub pages_show_it: &'static str,
    pub already_done: &'static str,
    pub already_is: &'static str,
    pub already_after: &'static str,
    pub changed_title: &'static str,
    pub changed: &'static str,
    pub confirm_email_title: &'static str,
    /// "Confirm <address> for replies on <site>?"
    pub confirm_email: fn(&str, &str) -> String,
    pub confirm_email_button: &'static str,
    pub email_confirmed: &'static str,
    pub stop_title: &'static str,
    pub stop_before: &'static str,
    pub stop_middle: &'static str,
    pub stop_button: &'static str,
    pub stopped: fn(&str) -> String,
    pub claim_title: &'static str,
    /// "Show your comment on <site> as the author's?"
    pub claim_ask: fn(&str) -> String,
    pub claim_button: &'static str,
    pub claimed: &'static str,
    pub not_an_author: &'static str,
    pub status: fn(CommentStatus) -> &'static str,
}

pub fn words(lang: Language) -> &'static Words {
    match lang {
        Language::En => &EN,
        Language::Fr => &FR,
    }
}

/// The reader's language from `Accept-Language`: French when French comes first.
pub fn accepted(headers: &HeaderMap) -> Language {
    let first = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split([',', ';']).next())
        .unwrap_or_default();
    Language::from_tag(first.trim())
}

static EN: Words = Words {
    lang: "en",
    invalid_title: "This link no longer works",
    invalid_body: "It has expired, or it was changed on the way. Sign in at /admin to moderate.",
    approve: "Approve",
    delete: "Delete",
    confirm_title: |verb| format!("{verb} this comment?"),
    someone: "Someone",
    on: " on ",
    now: "now",
    close: "):",
    act_as: |verb, name| format!("{verb} as {name}"),
    done: "Done",
    now_is: "The comment is now ",
    pages_show_it: ", and open pages show it.",
    already_done: "Already done",
    already_is: "The comment is ",
    already_after: " already: someone acted first.",
    changed_title: "The comment changed",
    changed: "Its author edited it after this link showed it to you: nothing was done. Open the link again to read the new text.",
    confirm_email_title: "Confirm your address?",
    confirm_email: |email, site| format!("Confirm {email} to hear about replies on {site}?"),
    confirm_email_button: "Confirm",
    email_confirmed: "Your address is confirmed: replies to your comments will reach you.",
    stop_title: "Stop reply emails?",
    stop_before: "No more emails to ",
    stop_middle: " when someone replies to your comments on ",
    stop_button: "Stop them",
    stopped: |site| {
        format!("You will get no more reply emails from {site}. Your comments stay as they are.")
    },
    claim_title: "Is this comment yours?",
    claim_ask: |site| {
        format!(
            "This comment on {site} gave your address. If you wrote it, it will carry the mark of the site's authors:"
        )
    },
    claim_button: "Yes, I wrote it",
    claimed: "The comment now carries the author's mark, and open pages show it.",
    not_an_author: "This comment cannot carry the author's mark: it was deleted, or the site no longer counts this address among its authors. Nothing was done.",
    status: |status| status.as_str(),
};

static FR: Words = Words {
    lang: "fr",
    invalid_title: "Ce lien ne fonctionne plus",
    invalid_body: "Il a expiré, ou il a été modifié en route. Connectez-vous sur /admin pour modérer.",
    approve: "Approuver",
    delete: "Supprimer",
    confirm_title: |verb| format!("{verb} ce commentaire ?"),
    someone: "Quelqu’un",
    on: " sur ",
    now: "actuellement",
    close: ") :",
    act_as: |verb, name| format!("{verb} en tant que {name}"),
    done: "C’est fait",
    now_is: "Le commentaire est maintenant ",
    pages_show_it: ", et les pages ouvertes l’affichent.",
    already_done: "Déjà fait",
    already_is: "Le commentaire est déjà ",
    already_after: " : quelqu’un a agi avant vous.",
    changed_title: "Le commentaire a changé",
    changed: "Son auteur l’a modifié après que ce lien vous l’a montré : rien n’a été fait. Rouvrez le lien pour lire le nouveau texte.",
    confirm_email_title: "Confirmer votre adresse ?",
    confirm_email: |email, site| {
        format!("Confirmer {email} pour être prévenu des réponses sur {site} ?")
    },
    confirm_email_button: "Confirmer",
    email_confirmed: "Votre adresse est confirmée : les réponses à vos commentaires vous parviendront.",
    stop_title: "Ne plus recevoir les réponses par e-mail ?",
    stop_before: "Plus aucun e-mail à ",
    stop_middle: " quand quelqu’un répond à vos commentaires sur ",
    stop_button: "Ne plus les recevoir",
    stopped: |site| {
        format!(
            "Vous ne recevrez plus d’e-mails de réponse de {site}. Vos commentaires restent tels quels."
        )
    },
    claim_title: "Ce commentaire est-il le vôtre ?",
    claim_ask: |site| {
        format!(
            "Ce commentaire sur {site} a donné votre adresse. Si vous l’avez écrit, il portera la marque des auteurs du site :"
        )
    },
    claim_button: "Oui, je l’ai écrit",
    claimed: "Le commentaire porte maintenant la marque d’auteur, et les pages ouvertes l’affichent.",
    not_an_author: "Ce commentaire ne peut pas porter la marque d’auteur : il a été supprimé, ou le site ne compte plus cette adresse parmi ses auteurs. Rien n’a été fait.",
    status: |status| match status {
        CommentStatus::Published => "publié",
        CommentStatus::Pending => "en attente",
        CommentStatus::Deleted => "supprimé",
    },
};
