//! The emails' words, in the site's language (`parlons site update <id> --lang fr`). Plain
//! text: every mail client shows it, and nothing in it runs.

use super::email::Letter;
use crate::domain::site::Language;
use crate::store::CommentRecord;
use crate::store::notifications::{Channel, NewMessage};

fn author(lang: Language, record: &CommentRecord) -> &str {
    record.author.as_deref().unwrap_or(match lang {
        Language::En => "Someone",
        Language::Fr => "Quelqu'un",
    })
}

fn message(
    record: &CommentRecord,
    to: &str,
    event: &str,
    subject: String,
    letter: Letter,
) -> NewMessage {
    NewMessage {
        site: record.site.clone(),
        channel: Channel::Email,
        destination: to.to_owned(),
        event: event.to_owned(),
        subject: Some(subject),
        body: serde_json::to_string(&letter).unwrap_or_default(),
    }
}

/// To a moderator: a comment waits; `urls` approve and delete it.
pub fn pending(
    lang: Language,
    record: &CommentRecord,
    page_url: &str,
    to: &str,
    urls: &[String; 2],
    base: &str,
) -> NewMessage {
    let (who, page, source, site) = (
        author(lang, record),
        &record.page,
        &record.source,
        &record.site,
    );
    let (approve, delete) = (&urls[0], &urls[1]);
    let (text, subject) = match lang {
        Language::En => (
            format!(
                "{who} wrote on {page_url}:\n\n{source}\n\nApprove: {approve}\nDelete: {delete}\n\n\
                 These links work for 7 days. Every comment waiting: {base}/admin\n"
            ),
            format!("[{site}] A comment waits for approval on {page}"),
        ),
        Language::Fr => (
            format!(
                "{who} a écrit sur {page_url} :\n\n{source}\n\nApprouver : {approve}\n\
                 Supprimer : {delete}\n\nCes liens marchent 7 jours. Tous les commentaires en \
                 attente : {base}/admin\n"
            ),
            format!("[{site}] Un commentaire attend votre approbation sur {page}"),
        ),
    };
    message(
        record,
        to,
        "moderation.pending",
        subject,
        Letter {
            text,
            unsubscribe: None,
        },
    )
}

/// To the author of the comment replied to.
pub fn reply(
    lang: Language,
    record: &CommentRecord,
    page_url: &str,
    to: &str,
    unsubscribe: &str,
) -> NewMessage {
    let (who, source, id) = (author(lang, record), &record.source, record.id);
    let (text, subject) = match lang {
        Language::En => (
            format!(
                "{who} replied to your comment:\n\n{source}\n\nRead it and answer: \
                 {page_url}#parlons-{id}\n\nYou get this email because you asked to hear \
                 about replies. To stop: {unsubscribe}\n"
            ),
            format!("New reply to your comment on {page_url}"),
        ),
        Language::Fr => (
            format!(
                "{who} a répondu à votre commentaire :\n\n{source}\n\nLire et répondre : \
                 {page_url}#parlons-{id}\n\nVous recevez cet e-mail car vous avez demandé \
                 à être prévenu des réponses. Pour ne plus les recevoir : {unsubscribe}\n"
            ),
            format!("Nouvelle réponse à votre commentaire sur {page_url}"),
        ),
    };
    message(
        record,
        to,
        "comment.reply",
        subject,
        Letter {
            text,
            unsubscribe: Some(unsubscribe.to_owned()),
        },
    )
}

/// To a reader who asked for reply emails: the one email an unconfirmed address gets, with
/// the link that confirms it for the site.
pub fn confirmation(lang: Language, site: &str, to: &str, url: &str) -> NewMessage {
    let (text, subject) = match lang {
        Language::En => (
            format!(
                "Someone (you, we hope) gave this address on {site} to hear about replies.\n\n\
                 To confirm it, open this link within 7 days: {url}\n\n\
                 If it was not you, do nothing: no other email will come.\n"
            ),
            format!("[{site}] Confirm your email address"),
        ),
        Language::Fr => (
            format!(
                "Quelqu'un (vous, nous l'espérons) a donné cette adresse sur {site} pour être \
                 prévenu des réponses.\n\nPour la confirmer, ouvrez ce lien dans les 7 jours : \
                 {url}\n\nSi ce n'était pas vous, ne faites rien : aucun autre e-mail ne \
                 viendra.\n"
            ),
            format!("[{site}] Confirmez votre adresse e-mail"),
        ),
    };
    NewMessage {
        site: site.to_owned(),
        channel: Channel::Email,
        destination: to.to_owned(),
        event: "reader.confirm".to_owned(),
        subject: Some(subject),
        body: serde_json::to_string(&Letter {
            text,
            unsubscribe: None,
        })
        .unwrap_or_default(),
    }
}

/// To one of the site's authors: a comment gave their address; the link puts the author's
/// mark on it, if they wrote it.
pub fn author_claim(lang: Language, record: &CommentRecord, to: &str, url: &str) -> NewMessage {
    let (site, source) = (&record.site, &record.source);
    let (text, subject) = match lang {
        Language::En => (
            format!(
                "A comment on {site} gave this address, which the site counts among its authors:\n\n\
                 {source}\n\nIf you wrote it, open this link within 7 days to show it with the \
                 author's mark: {url}\n\nIf you did not, do nothing: it stays without the mark.\n"
            ),
            format!("[{site}] Is this comment yours?"),
        ),
        Language::Fr => (
            format!(
                "Un commentaire sur {site} a donné cette adresse, que le site compte parmi ses \
                 auteurs :\n\n{source}\n\nSi vous l'avez écrit, ouvrez ce lien dans les 7 jours \
                 pour qu'il porte la marque d'auteur : {url}\n\nSinon, ne faites rien : il reste \
                 sans marque.\n"
            ),
            format!("[{site}] Ce commentaire est-il le vôtre ?"),
        ),
    };
    message(
        record,
        to,
        "author.claim",
        subject,
        Letter {
            text,
            unsubscribe: None,
        },
    )
}

/// To a reader who asked to sign in: the link that signs them in on the page they were on.
pub fn signin(lang: Language, site: &str, to: &str, url: &str, minutes: i64) -> NewMessage {
    let (text, subject) = match lang {
        Language::En => (
            format!(
                "Someone (you, we hope) asked to sign in to comment on {site} with this address.\n\n\
                 To sign in, open this link within {minutes} minutes; it works once: {url}\n\n\
                 If it was not you, do nothing: nobody is signed in.\n"
            ),
            format!("[{site}] Your sign-in link"),
        ),
        Language::Fr => (
            format!(
                "Quelqu'un (vous, nous l'espérons) a demandé à se connecter avec cette adresse \
                 pour commenter sur {site}.\n\nPour vous connecter, ouvrez ce lien dans les \
                 {minutes} minutes ; il ne sert qu'une fois : {url}\n\nSi ce n'était pas vous, \
                 ne faites rien : personne n'est connecté.\n"
            ),
            format!("[{site}] Votre lien de connexion"),
        ),
    };
    NewMessage {
        site: site.to_owned(),
        channel: Channel::Email,
        destination: to.to_owned(),
        event: "reader.signin".to_owned(),
        subject: Some(subject),
        body: serde_json::to_string(&Letter {
            text,
            unsubscribe: None,
        })
        .unwrap_or_default(),
    }
}
