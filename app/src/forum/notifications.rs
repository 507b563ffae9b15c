//! The in-app notifications: the list at /notifications, the unread count in
//! the header, marking read.

use crate::domain::limits::{NOTIFICATIONS_PER_PAGE, UNREAD_COUNT_MAX};
use crate::domain::notify_views::{NotificationItem, NotificationsPage};
use crate::domain::views::{permalink, thread_href};
use crate::domain::{PageNumber, ThreadEventKind, Viewer};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db};

pub async fn page(db: &Db, viewer: &Viewer, page: PageNumber) -> AppResult<NotificationsPage> {
    let (rows, total) = store::notifications::page(db, viewer.id, NOTIFICATIONS_PER_PAGE, page.offset(NOTIFICATIONS_PER_PAGE)).await?;
    let pages = ((total + NOTIFICATIONS_PER_PAGE - 1) / NOTIFICATIONS_PER_PAGE).max(1);
    if page.get() > pages {
        return Err(AppError::NotFound(format!("Cette liste n’a que {pages} page(s).")));
    }
    let items = rows
        .into_iter()
        .map(|r| {
            let actor = r.actor_name.clone().unwrap_or_else(|| "Quelqu’un".into());
            let action = match (r.kind.as_str(), r.reason.as_str()) {
                (_, "mention") => "vous a mentionné dans".to_string(),
                ("thread_created", _) => "a ouvert".to_string(),
                ("reply_created", _) => "a répondu dans".to_string(),
                _ => match r.detail.split_once(':').and_then(|(k, d)| ThreadEventKind::from_stored(k, d)) {
                    Some(ThreadEventKind::Resolution { .. }) => "a marqué la résolution de".to_string(),
                    Some(ThreadEventKind::Status(s)) => format!("a passé au statut « {} » le fil", s.label()),
                    Some(ThreadEventKind::Duplicate { of }) => format!("a marqué comme doublon du fil n° {of} le fil"),
                    _ => "a modifié".to_string(),
                },
            };
            NotificationItem {
                id: r.id,
                text: format!("{actor} {action}"),
                // A post's permanent address finds its page however long the thread grew.
                href: r.post_id.map_or_else(|| thread_href(r.thread_id, &r.thread_title), permalink),
                thread_title: r.thread_title,
                created_at: r.created_at,
                unread: r.read_at.is_none(),
            }
        })
        .collect();
    let unread = unread(db, viewer).await?;
    Ok(NotificationsPage { items, unread, page: page.get(), pages })
}

/// Unread notifications, up to `UNREAD_COUNT_MAX` (+1, to say "99+").
pub async fn unread(db: &Db, viewer: &Viewer) -> AppResult<i64> {
    Ok(store::notifications::unread_count(db, viewer.id, UNREAD_COUNT_MAX + 1).await?)
}

pub async fn mark_read(db: &Db, viewer: &Viewer, id: i64) -> AppResult<()> {
    if store::notifications::mark_read(db, viewer.id, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound("Cette notification n’existe pas.".into()))
    }
}

pub async fn mark_all_read(db: &Db, viewer: &Viewer) -> AppResult<()> {
    store::notifications::mark_all_read(db, viewer.id).await?;
    Ok(())
}
