//! What a post or a change adds, in its own transaction, for notifications:
//! the outbox event (expanded later, off the request) and the author's
//! watch on the thread when they want one.

use crate::domain::{ThreadEventKind, Viewer};
use crate::error::{AppError, AppResult};
use crate::store::outbox::OutboxKind;
use crate::store::{self, Db, Tx};
use std::collections::HashMap;

/// Members who have not proven their address read but do not post.
pub(crate) fn require_verified(viewer: &Viewer) -> AppResult<()> {
    if viewer.verified {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "Confirmez d’abord votre adresse électronique : suivez le lien du courriel que nous vous avons envoyé (ou demandez-en un nouveau dans « Mon compte »). Rien n’a été publié ; votre texte est conservé."
                .into(),
        ))
    }
}

/// A message's HTML with its mentions linked, and the members it mentions.
pub(crate) async fn render_with_mentions(db: &Db, markdown: &str) -> AppResult<(String, Vec<i64>)> {
    let handles = super::markdown::mention_handles(markdown);
    let mentions: HashMap<String, i64> =
        if handles.is_empty() { HashMap::new() } else { super::mentions::resolve(db, &handles).await? };
    let mut ids: Vec<i64> = mentions.values().copied().collect();
    ids.sort_unstable();
    ids.dedup();
    Ok((super::markdown::to_safe_html_with_mentions(markdown, &mentions), ids))
}

/// A new post (opening or reply): its event, with the members it mentions,
/// and the author's watch on the thread (unless they turned that off, or
/// chose a level for the thread already).
pub(crate) async fn post_added(
    tx: &mut Tx<'_>,
    viewer: &Viewer,
    thread_id: i64,
    post_id: i64,
    opening: bool,
    mentioned: &[i64],
) -> AppResult<()> {
    let kind = if opening { OutboxKind::ThreadCreated } else { OutboxKind::ReplyCreated };
    let detail = mentioned.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    store::outbox::record(tx, kind, thread_id, Some(post_id), viewer.id, &detail).await?;
    if store::user_mail::auto_watch(tx, viewer.id).await? {
        store::subscriptions::watch_unless_set(tx, viewer.id, thread_id).await?;
    }
    Ok(())
}

/// A status change or a resolution: its event.
pub(crate) async fn status_changed(tx: &mut Tx<'_>, viewer: &Viewer, thread_id: i64, change: ThreadEventKind) -> AppResult<()> {
    let (kind, detail) = change.stored();
    store::outbox::record(tx, OutboxKind::StatusChanged, thread_id, None, viewer.id, &format!("{kind}:{detail}")).await?;
    Ok(())
}
