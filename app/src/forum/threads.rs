//! Threads and posts: starting, replying, editing, deleting, and the status
//! workflow with its resolution.

use super::{may_manage, may_write_in, notify};
use crate::domain::limits::TAGS_PER_KIND_MAX;
use crate::domain::{
    Body, FieldError, Parsed, ReplyInput, StatusChange, TagDetail, TagKind, ThreadEventKind, ThreadStatus, Title, Viewer,
};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db, now};

/// A new thread as typed in the form: tag slugs paired with their version or clause.
#[derive(Debug, Clone, Default)]
pub struct NewThreadInput {
    pub title: String,
    pub body: String,
    pub solutions: Vec<(String, String)>,
    pub standards: Vec<(String, String)>,
}

/// Resolves the chosen tags of one kind to their ids. Empty rows (no tag
/// chosen) are skipped; a tag chosen twice counts once.
async fn resolve_tags(
    db: &Db,
    kind: TagKind,
    rows: &[(String, String)],
    errors: &mut Vec<FieldError>,
) -> AppResult<Vec<(i64, TagDetail)>> {
    let (field, missing) = match kind {
        TagKind::Solution => ("solution", "Choisissez au moins une solution."),
        TagKind::Standard => ("standard", "Choisissez au moins une norme."),
    };
    let mut out: Vec<(i64, TagDetail)> = Vec::new();
    for (slug, detail) in rows.iter().filter(|(s, _)| !s.trim().is_empty()) {
        let detail_field = match kind {
            TagKind::Solution => "solution_version",
            TagKind::Standard => "standard_clause",
        };
        let detail = match TagDetail::parse(detail_field, detail) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        match store::tags::resolve(db, slug.trim()).await? {
            Some(tag) if tag.kind == kind => {
                if !out.iter().any(|(id, _)| *id == tag.id) {
                    out.push((tag.id, detail));
                }
            }
            _ => errors.push(FieldError::new(
                field,
                format!("{} inconnue : « {} ».", kind.label(), slug.trim()),
            )),
        }
    }
    if out.is_empty() && !errors.iter().any(|e| e.field == field) {
        errors.push(FieldError::new(field, missing));
    }
    if out.len() > TAGS_PER_KIND_MAX {
        errors.push(FieldError::new(field, format!("{TAGS_PER_KIND_MAX} tags de ce type au plus.")));
    }
    Ok(out)
}

/// Starts a thread: its opening post and its tags are saved in one transaction.
pub async fn create_thread(db: &Db, viewer: &Viewer, input: &NewThreadInput) -> AppResult<i64> {
    notify::require_verified(viewer)?;
    let mut errors = Vec::new();
    // Every problem is reported, not just the first.
    let title = Title::parse(&input.title).map_err(|e| errors.push(e)).ok();
    let body = Body::parse("body", &input.body).map_err(|e| errors.push(e)).ok();
    let solutions = resolve_tags(db, TagKind::Solution, &input.solutions, &mut errors).await?;
    let standards = resolve_tags(db, TagKind::Standard, &input.standards, &mut errors).await?;
    let (Some(title), Some(body), true) = (title, body, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let (html, mentioned) = notify::render_with_mentions(db, body.as_str()).await?;
    let at = now();
    let id = store::transaction!(db, |tx| {
        let id = store::threads::insert(tx, title.as_str(), viewer.id, at).await?;
        let post = store::posts::insert(tx, id, viewer.id, None, true, body.as_str(), &html, at).await?;
        for (tag_id, detail) in solutions.iter().chain(standards.iter()) {
            store::threads::add_tag(tx, id, *tag_id, detail.as_str()).await?;
        }
        notify::post_added(tx, viewer, id, post, true, &mentioned).await?;
        Ok(id)
    })?;
    tracing::info!(thread = id, author = viewer.id, "thread started");
    Ok(id)
}

pub use super::lists::list_threads;
pub use super::thread_page::{post_href, thread_page};

pub(super) fn thread_not_found() -> AppError {
    AppError::NotFound("Ce fil n’existe pas.".into())
}

fn post_not_found() -> AppError {
    AppError::NotFound("Ce message n’existe pas.".into())
}

/// Adds a reply, optionally answering an earlier post of the same thread.
pub async fn reply(db: &Db, viewer: &Viewer, thread_id: i64, input: Parsed<ReplyInput>) -> AppResult<i64> {
    notify::require_verified(viewer)?;
    // Rendered once, outside the transaction, which may run more than once.
    let (html, mentioned) = match &input {
        Ok(i) => notify::render_with_mentions(db, i.body.as_str()).await?,
        Err(_) => (String::new(), Vec::new()),
    };
    let at = now();
    store::transaction!(db, |tx| {
        let thread = store::threads::lock(tx, thread_id).await?.ok_or_else(thread_not_found)?;
        if !may_write_in(Some(viewer), thread.locked) {
            return Err(AppError::Forbidden("Ce fil est verrouillé : on ne peut plus y répondre.".into()));
        }
        let ReplyInput { body, parent: parent_id } = input.as_ref().map_err(|e| AppError::Invalid(e.clone()))?;
        if let Some(parent) = *parent_id
            && store::posts::thread_of(tx, parent).await? != Some(thread_id)
        {
            return Err(AppError::invalid(FieldError::new(
                "parent_id",
                "Le message auquel vous répondez n’appartient pas à ce fil.",
            )));
        }
        let id = store::posts::insert(tx, thread_id, viewer.id, *parent_id, false, body.as_str(), &html, at).await?;
        store::threads::touch_for_reply(tx, thread_id, at).await?;
        notify::post_added(tx, viewer, thread_id, id, false, &mentioned).await?;
        Ok(id)
    })
}

/// Whether `viewer` may change the post: it exists, is not deleted, is theirs
/// (or they moderate), and its thread is not locked (unless they moderate).
fn check_editable(viewer: &Viewer, author_id: i64, deleted: bool, thread_locked: bool) -> AppResult<()> {
    if deleted {
        return Err(AppError::NotFound("Ce message a été supprimé.".into()));
    }
    if !may_manage(viewer, author_id) {
        return Err(AppError::Forbidden("Vous ne pouvez modifier ou supprimer que vos propres messages.".into()));
    }
    if !may_write_in(Some(viewer), thread_locked) {
        return Err(AppError::Forbidden("Ce fil est verrouillé : ses messages ne peuvent plus être modifiés.".into()));
    }
    Ok(())
}

/// The post as its author may edit it (for the edit form).
pub async fn post_for_edit(db: &Db, viewer: &Viewer, post_id: i64) -> AppResult<(i64, String)> {
    let post = store::posts::get(db, post_id).await?.ok_or_else(post_not_found)?;
    let thread = store::threads::get(db, post.thread_id).await?.ok_or_else(thread_not_found)?;
    check_editable(viewer, post.author_id, post.deleted_at.is_some(), thread.summary.locked)?;
    Ok((post.thread_id, post.body_md))
}

/// In a transaction: locks the post's thread, then checks that `viewer` may
/// change the post as it is now. Returns the thread and the post.
async fn lock_editable(
    tx: &mut store::Tx<'_>,
    viewer: &Viewer,
    post_id: i64,
) -> AppResult<(store::threads::LockedThread, store::posts::PostState)> {
    let thread_id = store::posts::thread_of(tx, post_id).await?.ok_or_else(post_not_found)?;
    let thread = store::threads::lock(tx, thread_id).await?.ok_or_else(thread_not_found)?;
    let post = store::posts::state(tx, post_id).await?.ok_or_else(post_not_found)?;
    check_editable(viewer, post.author_id, post.deleted_at.is_some(), thread.locked)?;
    Ok((thread, post))
}

/// Replaces a post's text; the post then shows "modifié". Returns the thread id.
pub async fn edit_post(db: &Db, viewer: &Viewer, post_id: i64, body: Parsed<Body>) -> AppResult<i64> {
    // Mentions added by an edit are linked but notify no one (only new posts do).
    let html = match &body {
        Ok(b) => notify::render_with_mentions(db, b.as_str()).await?.0,
        Err(_) => String::new(),
    };
    store::transaction!(db, |tx| {
        let (_, post) = lock_editable(tx, viewer, post_id).await?;
        let body = body.as_ref().map_err(|e| AppError::Invalid(e.clone()))?;
        store::posts::update_body(tx, post_id, body.as_str(), &html, now()).await?;
        Ok(post.thread_id)
    })
}

/// Soft-deletes a post. The resolution of a thread cannot be deleted while it
/// is the resolution. Returns the thread id.
pub async fn delete_post(db: &Db, viewer: &Viewer, post_id: i64) -> AppResult<i64> {
    store::transaction!(db, |tx| {
        let (thread, post) = lock_editable(tx, viewer, post_id).await?;
        if thread.resolution_post_id == Some(post_id) && thread.status == ThreadStatus::Resolved {
            return Err(AppError::Conflict(FieldError::new(
                "",
                "Ce message est la résolution du fil : changez d’abord le statut du fil pour pouvoir le supprimer.",
            )));
        }
        store::posts::soft_delete(tx, post_id, now()).await?;
        Ok(post.thread_id)
    })
}

/// Moves a thread through its workflow. Only its author or a moderator may.
/// "Resolved" is reached through `mark_resolution`; "duplicate" needs the
/// number of the thread it duplicates.
pub async fn change_status(db: &Db, viewer: &Viewer, thread_id: i64, change: Parsed<StatusChange>) -> AppResult<()> {
    let at = now();
    store::transaction!(db, |tx| {
        let thread = store::threads::lock(tx, thread_id).await?.ok_or_else(thread_not_found)?;
        if !may_manage(viewer, thread.author_id) {
            return Err(AppError::Forbidden("Seuls l’auteur du fil et les modérateurs peuvent changer son statut.".into()));
        }
        let change = change.as_ref().map_err(|e| AppError::Invalid(e.clone()))?;
        let status = change.status();
        let duplicate_of = match *change {
            StatusChange::DuplicateOf(n) if n == thread_id || !store::threads::exists(db, n).await? => {
                return Err(AppError::invalid(FieldError::new(
                    "duplicate_of",
                    format!("Le fil n° {n} n’existe pas ou est ce fil-ci."),
                )));
            }
            StatusChange::DuplicateOf(n) => Some(n),
            StatusChange::To(_) => None,
        };
        store::threads::set_status(tx, thread_id, status, duplicate_of, None, at).await?;
        let event = match duplicate_of {
            Some(of) => ThreadEventKind::Duplicate { of },
            None => ThreadEventKind::Status(status),
        };
        store::threads::add_event(tx, thread_id, viewer.id, event, at).await?;
        notify::status_changed(tx, viewer, thread_id, event).await?;
        Ok(())
    })
}

/// Marks the reply that resolved the thread; the thread becomes "resolved".
pub async fn mark_resolution(db: &Db, viewer: &Viewer, thread_id: i64, post_id: Parsed<i64>) -> AppResult<()> {
    let at = now();
    store::transaction!(db, |tx| {
        let thread = store::threads::lock(tx, thread_id).await?.ok_or_else(thread_not_found)?;
        if !may_manage(viewer, thread.author_id) {
            return Err(AppError::Forbidden(
                "Seuls l’auteur du fil et les modérateurs peuvent marquer la résolution.".into(),
            ));
        }
        let post_id = *post_id.as_ref().map_err(|e| AppError::Invalid(e.clone()))?;
        let post = store::posts::state(tx, post_id).await?.ok_or_else(post_not_found)?;
        if post.thread_id != thread_id || post.is_opening || post.deleted_at.is_some() {
            return Err(AppError::invalid(FieldError::new(
                "post_id",
                "Seule une réponse de ce fil, non supprimée, peut en être la résolution.",
            )));
        }
        store::threads::set_status(tx, thread_id, ThreadStatus::Resolved, None, Some(post_id), at).await?;
        store::threads::add_event(tx, thread_id, viewer.id, ThreadEventKind::Resolution { post_id }, at).await?;
        notify::status_changed(tx, viewer, thread_id, ThreadEventKind::Resolution { post_id }).await?;
        Ok(())
    })
}

/// Locks or unlocks a thread: moderators only.
pub async fn set_locked(db: &Db, viewer: &Viewer, thread_id: i64, locked: bool) -> AppResult<()> {
    if !viewer.role.can_moderate() {
        return Err(AppError::Forbidden("Seuls les modérateurs peuvent verrouiller un fil.".into()));
    }
    let at = now();
    store::transaction!(db, |tx| {
        store::threads::lock(tx, thread_id).await?.ok_or_else(thread_not_found)?;
        store::threads::set_locked(tx, thread_id, locked).await?;
        let event = if locked { ThreadEventKind::Lock } else { ThreadEventKind::Unlock };
        store::threads::add_event(tx, thread_id, viewer.id, event, at).await?;
        Ok(())
    })
}
