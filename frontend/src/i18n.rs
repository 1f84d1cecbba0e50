//! Every string a reader sees, one table per language. Adding a language is adding a table
//! and a line in [`strings`]; the struct makes a missing string a compile error.

use parlons_shared::ErrorCode;

use crate::api::Failure;

/// The strings of one language.
#[derive(Debug)]
pub struct Strings {
    /// "3 comments", with the language's plural rules.
    pub count: fn(u64) -> String,
    pub form_label: &'static str,
    pub reply_label: &'static str,
    pub name: &'static str,
    pub website: &'static str,
    pub email: &'static str,
    /// Why the email is asked for, and that it is never shown.
    pub email_hint: &'static str,
    /// The checkbox: email me when someone replies.
    pub notify: &'static str,
    pub optional: &'static str,
    pub text: &'static str,
    pub text_hint: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    /// The button that shows the text as it will look, and the preview's label.
    pub preview: &'static str,
    pub reply: &'static str,
    pub cancel: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub anonymous: &'static str,
    pub deleted: &'static str,
    pub pending: &'static str,
    pub edited: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub retry: &'static str,
    pub empty: &'static str,
    pub more: &'static str,
    /// Shows the replies of a very deep chain.
    pub continue_thread: &'static str,
    pub thread_label: &'static str,
    /// Said by screen readers when someone else's comment arrives.
    pub announce_new: fn(&str) -> String,
    /// The button that shows comments arrived while reading: "3 new comments".
    pub new_comments: fn(usize) -> String,
    pub announce_posted: &'static str,
    pub announce_pending: &'static str,
    pub announce_edited: &'static str,
    pub announce_deleted: &'static str,
    pub error_edit_window: &'static str,
    pub error_not_yours: &'static str,
    pub error_network: &'static str,
    /// "Too many comments in a short time: try again in N seconds."
    pub error_rate_limited: fn(u64) -> String,
    pub error_text_empty: &'static str,
    pub error_text_too_long: &'static str,
    pub error_author: &'static str,
    pub error_website: &'static str,
    pub error_email: &'static str,
    pub error_duplicate: &'static str,
    pub error_blocked: &'static str,
    pub error_automated: &'static str,
    pub error_parent: &'static str,
    pub error_origin: &'static str,
    pub error_site: &'static str,
    pub error_too_large: &'static str,
    pub error_other: &'static str,
}

/// The strings for a BCP 47 tag (`fr`, `fr-CA`, ...); English when the language is not known.
pub fn strings(lang: &str) -> &'static Strings {
    let primary = lang
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "fr" => &FR,
        _ => &EN,
    }
}

/// A sentence the reader can act on, for a failed request.
pub fn error_message(strings: &Strings, failure: &Failure) -> String {
    let Failure::Api {
        code,
        field,
        retry_after,
    } = failure
    else {
        return strings.error_network.to_owned();
    };
    let text = match (code, field.as_deref()) {
        (ErrorCode::RateLimited, _) => {
            return (strings.error_rate_limited)(retry_after.unwrap_or(60));
        }
        (ErrorCode::InvalidField, Some("text")) => strings.error_text_too_long,
        (ErrorCode::InvalidField, Some("author")) => strings.error_author,
        (ErrorCode::InvalidField, Some("website")) => strings.error_website,
        (ErrorCode::InvalidField, Some("email")) => strings.error_email,
        (ErrorCode::InvalidField | ErrorCode::ParentNotFound, Some("parent")) => {
            strings.error_parent
        }
        (ErrorCode::OriginNotAllowed, _) => strings.error_origin,
        (ErrorCode::SiteNotFound, _) => strings.error_site,
        (ErrorCode::EditWindowClosed, _) => strings.error_edit_window,
        (ErrorCode::InvalidEditToken | ErrorCode::CommentNotFound, _) => strings.error_not_yours,
        (ErrorCode::PayloadTooLarge, _) => strings.error_too_large,
        (ErrorCode::DuplicateComment, _) => strings.error_duplicate,
        (ErrorCode::Blocked, _) => strings.error_blocked,
        (ErrorCode::LooksAutomated | ErrorCode::ChallengeInvalid, _) => strings.error_automated,
        _ => strings.error_other,
    };
    text.to_owned()
}

static EN: Strings = Strings {
    count: |n| match n {
        0 => "No comments yet".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    },
    form_label: "Write a comment",
    reply_label: "Write a reply",
    name: "Name",
    website: "Website",
    email: "Email",
    email_hint: "Only to tell you of replies; never shown.",
    notify: "Email me when someone replies",
    optional: "(optional)",
    text: "Comment",
    text_hint: "Markdown works: *italic*, **bold**, [link](https://…), `code`, > quote.",
    submit: "Post comment",
    submitting: "Posting…",
    preview: "Preview",
    reply: "Reply",
    cancel: "Cancel",
    edit: "Edit",
    save: "Save",
    delete: "Delete",
    confirm_delete: "Delete for good",
    anonymous: "Anonymous",
    deleted: "This comment was deleted.",
    pending: "Awaiting moderation: only you can see it for now.",
    edited: "edited",
    loading: "Loading comments…",
    load_failed: "The comments could not be loaded.",
    retry: "Try again",
    empty: "Be the first to comment.",
    more: "Show more comments",
    continue_thread: "Continue this thread",
    thread_label: "Comments",
    announce_new: |author| format!("New comment from {author}."),
    new_comments: |n| match n {
        1 => "Show 1 new comment".to_owned(),
        n => format!("Show {n} new comments"),
    },
    announce_posted: "Your comment is published.",
    announce_pending: "Your comment was sent and awaits moderation.",
    announce_edited: "Your comment is updated.",
    announce_deleted: "Your comment is deleted.",
    error_edit_window: "The time to edit this comment has passed. You can still delete it.",
    error_not_yours: "This comment can no longer be changed from this browser.",
    error_network: "The comment server cannot be reached. Check your connection and try again; your text is kept.",
    error_rate_limited: |seconds| {
        format!(
            "You are posting too fast. Please try again in {seconds} second{}.",
            if seconds == 1 { "" } else { "s" }
        )
    },
    error_text_empty: "Write something before posting.",
    error_text_too_long: "Your comment is too long: keep it under 10,000 characters.",
    error_author: "Your name is too long: keep it under 100 characters.",
    error_website: "The website must be an address starting with http:// or https://.",
    error_email: "This email address does not look right (and is needed to hear of replies).",
    error_duplicate: "This comment was just posted: it is already in the thread.",
    error_blocked: "A moderator has blocked posting from your address or email on this site for a while.",
    error_automated: "Your comment looks automated. Reload the page and post again.",
    error_parent: "The comment you reply to no longer exists.",
    error_origin: "This page is not allowed to post comments. The site owner must add it to the comment server.",
    error_site: "This site is not known to the comment server.",
    error_too_large: "Your comment is too large to send.",
    error_other: "Your comment could not be posted. Please try again in a moment.",
};

static FR: Strings = Strings {
    count: |n| match n {
        0 => "Aucun commentaire pour l’instant".to_owned(),
        1 => "1 commentaire".to_owned(),
        n => format!("{n} commentaires"),
    },
    form_label: "Écrire un commentaire",
    reply_label: "Écrire une réponse",
    name: "Nom",
    website: "Site web",
    email: "E-mail",
    email_hint: "Seulement pour vous prévenir des réponses ; jamais affiché.",
    notify: "Me prévenir par e-mail des réponses",
    optional: "(facultatif)",
    text: "Commentaire",
    text_hint: "Markdown accepté : *italique*, **gras**, [lien](https://…), `code`, > citation.",
    submit: "Publier",
    submitting: "Publication…",
    preview: "Aperçu",
    reply: "Répondre",
    cancel: "Annuler",
    edit: "Modifier",
    save: "Enregistrer",
    delete: "Supprimer",
    confirm_delete: "Supprimer définitivement",
    anonymous: "Anonyme",
    deleted: "Ce commentaire a été supprimé.",
    pending: "En attente de modération : vous seul le voyez pour l’instant.",
    edited: "modifié",
    loading: "Chargement des commentaires…",
    load_failed: "Les commentaires n’ont pas pu être chargés.",
    retry: "Réessayer",
    empty: "Soyez le premier à commenter.",
    more: "Afficher plus de commentaires",
    continue_thread: "Voir la suite de la discussion",
    thread_label: "Commentaires",
    announce_new: |author| format!("Nouveau commentaire de {author}."),
    new_comments: |n| match n {
        1 => "Afficher 1 nouveau commentaire".to_owned(),
        n => format!("Afficher {n} nouveaux commentaires"),
    },
    announce_posted: "Votre commentaire est publié.",
    announce_pending: "Votre commentaire est envoyé et attend la modération.",
    announce_edited: "Votre commentaire est modifié.",
    announce_deleted: "Votre commentaire est supprimé.",
    error_edit_window: "Le délai pour modifier ce commentaire est passé. Vous pouvez encore le supprimer.",
    error_not_yours: "Ce commentaire ne peut plus être modifié depuis ce navigateur.",
    error_network: "Le serveur de commentaires est injoignable. Vérifiez votre connexion puis réessayez ; votre texte est conservé.",
    error_rate_limited: |seconds| {
        format!(
            "Vous publiez trop vite. Réessayez dans {seconds} seconde{}.",
            if seconds > 1 { "s" } else { "" }
        )
    },
    error_text_empty: "Écrivez quelque chose avant de publier.",
    error_text_too_long: "Votre commentaire est trop long : 10 000 caractères au plus.",
    error_author: "Votre nom est trop long : 100 caractères au plus.",
    error_website: "Le site web doit être une adresse commençant par http:// ou https://.",
    error_email: "Cette adresse e-mail semble incorrecte (elle est nécessaire pour être prévenu des réponses).",
    error_duplicate: "Ce commentaire vient d'être publié : il est déjà dans la discussion.",
    error_blocked: "Un modérateur a bloqué pour un temps les publications de votre adresse ou de votre e-mail sur ce site.",
    error_automated: "Votre commentaire semble automatisé. Rechargez la page et publiez à nouveau.",
    error_parent: "Le commentaire auquel vous répondez n’existe plus.",
    error_origin: "Cette page n’est pas autorisée à publier des commentaires. Le propriétaire du site doit l’ajouter au serveur de commentaires.",
    error_site: "Ce site est inconnu du serveur de commentaires.",
    error_too_large: "Votre commentaire est trop volumineux pour être envoyé.",
    error_other: "Votre commentaire n’a pas pu être publié. Réessayez dans un instant.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_chosen_from_the_primary_subtag() {
        assert_eq!((strings("fr-FR").count)(2), "2 commentaires");
        assert_eq!((strings("FR").count)(1), "1 commentaire");
        assert_eq!((strings("en-GB").count)(2), "2 comments");
        assert_eq!((strings("").count)(2), "2 comments");
    }

    #[test]
    fn a_429_tells_when_to_retry_in_the_readers_language() {
        let failure = Failure::Api {
            code: ErrorCode::RateLimited,
            field: None,
            retry_after: Some(12),
        };
        assert_eq!(
            error_message(&FR, &failure),
            "Vous publiez trop vite. Réessayez dans 12 secondes."
        );
        assert_eq!(
            error_message(&EN, &failure),
            "You are posting too fast. Please try again in 12 seconds."
        );
    }

    #[test]
    fn a_refused_field_is_explained_and_a_network_failure_keeps_the_text() {
        let website = Failure::Api {
            code: ErrorCode::InvalidField,
            field: Some("website".into()),
            retry_after: None,
        };
        assert!(error_message(&FR, &website).contains("http://"));
        assert!(error_message(&FR, &Failure::Network).contains("conservé"));
    }
}
