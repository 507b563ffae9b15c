//! Subscriptions and notifications: following (tag, pair, thread pages and
//! the settings page post here), the defaults, marking notifications read,
//! and the unsubscribe link of mails (which needs no sign-in).

use crate::extract::{FormPost, PathId, SignedIn, see_other};
use crate::render::page_with_echo;
use crate::state::AppState;
use app::domain::{FormEcho, SafeNext, SubscriptionChange};
use app::forum::{notifications, subscriptions};
use axum::extract::{Path, State};
use axum::response::Response;

#[tracing::instrument(skip_all)]
pub async fn change(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    let f = &form.fields;
    let back = SafeNext::parse(f.get("next"));
    let change = SubscriptionChange::parse(f.get("tag"), f.get("solution"), f.get("standard"), f.get("thread"), f.get("level"));
    match subscriptions::change(&state.db, &viewer, change).await {
        Ok(_) => see_other(back.as_str()),
        Err(e) => form.refuse(&state, back.as_str(), "/subscriptions", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn defaults(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    let f = &form.fields;
    let on = |name: &str| f.get(name) == "1";
    match subscriptions::set_defaults(&state.db, &viewer, on("auto_watch"), on("email_notifications")).await {
        Ok(()) => see_other("/settings/notifications?saved=1"),
        Err(e) => form.refuse(&state, "/settings/notifications", "/settings/notifications", e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn resume_mail(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    match subscriptions::resume_mail(&state.db, &viewer).await {
        Ok(()) => see_other("/settings/notifications?saved=1"),
        Err(e) => form.refuse(&state, "/settings/notifications", "/settings/notifications/resume", e).await,
    }
}

#[tracing::instrument(skip_all, fields(notification = id))]
pub async fn mark_read(State(state): State<AppState>, SignedIn(viewer): SignedIn, PathId(id): PathId, form: FormPost) -> Response {
    match notifications::mark_read(&state.db, &viewer, id).await {
        Ok(()) => see_other(SafeNext::parse(form.fields.get("next")).as_str()),
        Err(e) => form.refuse(&state, "/notifications", &format!("/notifications/{id}/read"), e).await,
    }
}

#[tracing::instrument(skip_all)]
pub async fn mark_all_read(State(state): State<AppState>, SignedIn(viewer): SignedIn, form: FormPost) -> Response {
    match notifications::mark_all_read(&state.db, &viewer).await {
        Ok(()) => see_other("/notifications"),
        Err(e) => form.refuse(&state, "/notifications", "/notifications/read-all", e).await,
    }
}

/// The unsubscribe link's POST: from the confirmation page's button, or from
/// a mail client's one-click (RFC 8058: `List-Unsubscribe=One-Click`, no
/// cookie, no Origin; the signed token is the authority). Answers with the
/// page, saying what was stopped.
#[tracing::instrument(skip_all)]
pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>, form: FormPost) -> Response {
    let page = format!("/unsubscribe/{}", token.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect::<String>());
    match subscriptions::unsubscribe(&state.db, &state.mail, &token).await {
        Ok(what) => {
            let echo = FormEcho { action: page.clone(), values: vec![("done".into(), what)], errors: vec![], preview_html: None };
            page_with_echo(&state, &form.parts, &page, echo, http::StatusCode::OK).await
        }
        Err(e) => form.refuse(&state, &page, &page, e).await,
    }
}
