//! A site's moderators on its `/admin/sites/{site}` page: the list, a button that takes one
//! off the site, and invitations: an owner makes a link (once, for a week) by which a new
//! moderator picks a name and password and moderates the site (or owns it). Audited.

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::pages::layout;
use super::sites::{owned_site, page};
use super::words::{Lang, Words};
use crate::domain::moderator::{Scope, hash_password, parse_name};
use crate::domain::site::Site;
use crate::domain::token::{hash_secret, new_secret};
use crate::error::ApiError;
use crate::http::AppState;
use crate::http::auth::ModeratorAuth;
use crate::http::extract::ApiPath;
use crate::store::members::{INVITATION_DAYS, Invitation};
use crate::store::{AuditEntry, StoreError};

pub(super) async fn section(
    state: &AppState,
    w: &Words,
    root: &str,
    moderator: &ModeratorAuth,
    site: &Site,
) -> Result<Markup, ApiError> {
    let people: Vec<_> = state
        .store
        .list_moderators()
        .await?
        .into_iter()
        .filter(|person| person.may_moderate(&site.id))
        .collect();
    Ok(html! {
        section aria-labelledby="people-title" {
            h2 id="people-title" { (w.t("moderators")) }
            ul class="people" {
                @for person in &people {
                    li {
                        bdi { strong { (person.name) } }
                        @if person.scope == Scope::AllSites { " " span class="badge" { (w.t("all_sites")) } }
                        @else if person.may_manage(&site.id) { " " span class="badge" { (w.t("owner")) } }
                        @if person.scope != Scope::AllSites && person.name != moderator.0.name {
                            form method="post" action={ (root) "/admin/sites/" (site.id) "/moderators/" (person.name) "/remove" } {
                                button type="submit" class="delete" aria-label=(w.f("remove_moderator", &[("name", &person.name)])) { (w.t("remove")) }
                            }
                        }
                    }
                }
            }
            form method="post" action={ (root) "/admin/sites/" (site.id) "/invite" } class="inline" {
                input id="invite-owner" name="owner" type="checkbox" value="true";
                label for="invite-owner" { (w.t("as_owner")) }
                button type="submit" { (w.t("make_invitation")) }
            }
        }
    })
}

/// `POST /admin/sites/{site}/moderators/{name}/remove`.
pub(super) async fn remove(
    State(state): State<AppState>,
    moderator: ModeratorAuth,
    ApiPath((site, name)): ApiPath<(String, String)>,
) -> Result<Redirect, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    if name == moderator.0.name {
        return Err(crate::domain::InvalidField::new(
            "name",
            "An owner does not take themselves off a site; another owner can.",
        )
        .into());
    }
    let entry = AuditEntry {
        at: OffsetDateTime::now_utc(),
        actor: moderator.0.name.clone(),
        action: "moderator_removed".to_owned(),
        site: Some(site.id.clone()),
        comment: None,
        before: Some(serde_json::json!({ "moderator": name }).to_string()),
        after: None,
    };
    match state.store.remove_from_site(&name, &site.id, &entry).await {
        Err(StoreError::NotFound) => return Err(ApiError::NotFound),
        other => other?,
    }
    Ok(Redirect::to(
        &state.public.path(&format!("/admin/sites/{}", site.id)),
    ))
}

#[derive(Deserialize)]
pub(super) struct Invite {
    owner: Option<String>,
}

/// `POST /admin/sites/{site}/invite`: the page again, with the link shown once.
pub(super) async fn invite(
    State(state): State<AppState>,
    Lang(w): Lang,
    moderator: ModeratorAuth,
    ApiPath(site): ApiPath<String>,
    Form(form): Form<Invite>,
) -> Result<Response, ApiError> {
    let site = owned_site(&state, &moderator, &site).await?;
    let secret = new_secret();
    let now = OffsetDateTime::now_utc();
    let invitation = Invitation {
        site: site.id.clone(),
        owner: form.owner.is_some(),
        created_by: moderator.0.name.clone(),
        expires_at: now + Duration::days(INVITATION_DAYS),
    };
    state
        .store
        .invite(&hash_secret(&secret), &invitation, now)
        .await?;
    let link = state.public.url(&format!("/admin/join/{secret}"));
    let shown_once = html! {
        div class="notice" role="status" {
            p { (w.f(if invitation.owner { "invitation_owner" } else { "invitation_moderator" }, &[("days", &INVITATION_DAYS)])) }
            p { code class="secret" { (link) } }
        }
    };
    page(&state, w, &moderator, &site, None, Some(shown_once)).await
}

/// `GET /admin/join/{secret}`: the form to pick a name and password.
pub(super) async fn show_join(
    State(state): State<AppState>,
    Lang(w): Lang,
    ApiPath(secret): ApiPath<String>,
) -> Result<Response, ApiError> {
    let invitation = invitation(&state, &secret).await?;
    Ok(join_page(&state, w, &secret, &invitation, None))
}

#[derive(Deserialize)]
pub(super) struct Joining {
    name: String,
    password: String,
}

/// `POST /admin/join/{secret}`: the new moderator, then the sign-in page.
pub(super) async fn join(
    State(state): State<AppState>,
    Lang(w): Lang,
    ApiPath(secret): ApiPath<String>,
    Form(form): Form<Joining>,
) -> Result<Response, ApiError> {
    let invitation = invitation(&state, &secret).await?;
    let refused = |key: &str| Ok(join_page(&state, w, &secret, &invitation, Some(key)));

    let Ok(name) = parse_name(form.name.trim()) else {
        return refused("bad_name");
    };
    let password = form.password;
    let hashed = state
        .guards
        .passwords
        .run(move || hash_password(&password))
        .await?;
    let Ok(password_hash) = hashed else {
        return refused("short_password");
    };
    let now = OffsetDateTime::now_utc();
    match state
        .store
        .join(&hash_secret(&secret), &name, &password_hash, now)
        .await
    {
        Err(StoreError::Conflict(_)) => refused("name_taken"),
        Err(StoreError::NotFound) => Err(ApiError::NotFound),
        Err(other) => Err(other.into()),
        Ok(_) => Ok(Redirect::to(&state.public.path("/admin")).into_response()),
    }
}

async fn invitation(state: &AppState, secret: &str) -> Result<Invitation, ApiError> {
    match state
        .store
        .invitation(&hash_secret(secret), OffsetDateTime::now_utc())
        .await
    {
        Err(StoreError::NotFound) => Err(ApiError::NotFound),
        other => Ok(other?),
    }
}

/// The join form; with an error (a key of the words), answered `422`.
fn join_page(
    state: &AppState,
    w: &Words,
    secret: &str,
    invitation: &Invitation,
    error: Option<&str>,
) -> Response {
    let root = state.public.path("");
    let invited = if invitation.owner {
        "invited_owner"
    } else {
        "invited_moderator"
    };
    let page = layout(
        &root,
        w,
        w.t("join"),
        html! {
            main class="narrow" {
                h1 { (invitation.site) }
                p { (w.f(invited, &[("name", &invitation.created_by), ("site", &invitation.site)])) }
                form method="post" action={ (root) "/admin/join/" (secret) } class="sign-in" {
                    @if let Some(error) = error { p class="error" role="alert" { (w.t(error)) } }
                    label for="name" { (w.t("your_name")) }
                    input id="name" name="name" autocomplete="username" required autofocus;
                    label for="password" { (w.t("new_password")) }
                    input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required;
                    button type="submit" { (w.t("join")) }
                }
            }
        },
    );
    let status = match error {
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
        None => StatusCode::OK,
    };
    (status, Html(page.into_string())).into_response()
}
