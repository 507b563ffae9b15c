//! Reading a thread: one page of its posts, with its resolution on every
//! page, and where each post is (its permalink).

use super::threads::thread_not_found;
use crate::domain::rights::{PostFacts, ThreadFacts};
use crate::domain::views::{Author, PostView, ThreadEvent, ThreadPage, page_of};
use crate::domain::{PageNumber, ThreadEventKind, ThreadStatus, Viewer};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db};

/// Everything a page of a thread shows, in a fixed number of queries
/// (the thread, a page of its posts with its resolution, its events) whatever the
/// thread's length. A page past the last one is not found.
pub async fn thread_page(db: &Db, viewer: Option<&Viewer>, thread_id: i64, page: PageNumber) -> AppResult<ThreadPage> {
    let thread = store::threads::get(db, thread_id).await?.ok_or_else(thread_not_found)?;
    // Positions run from 1 (the opening post) to 1 + every reply ever written.
    let pages = page_of(thread.summary.reply_count + 1);
    if page.get() > pages {
        return Err(AppError::NotFound(format!("Ce fil n’a que {pages} page(s).")));
    }
    let resolution_id = match (thread.summary.status, thread.resolution_post_id) {
        (ThreadStatus::Resolved, Some(id)) => Some(id),
        _ => None,
    };
    // The page's posts, and the resolution wherever it is in the thread.
    let rows = store::posts::page_of_thread(db, thread_id, page.get(), resolution_id).await?;
    let events = store::threads::events(db, thread_id)
        .await?
        .into_iter()
        .map(|e| match ThreadEventKind::from_stored(&e.kind, &e.detail) {
            Some(kind) => Ok(ThreadEvent { actor_name: e.actor_name, kind, created_at: e.created_at }),
            None => Err(AppError::Internal(format!("unknown thread event {:?} in thread {thread_id}", e.kind))),
        })
        .collect::<AppResult<Vec<_>>>()?;
    let facts = ThreadFacts {
        author_id: thread.summary.author_id,
        locked: thread.summary.locked,
        resolution_post_id: thread.resolution_post_id,
    };
    let view = |p: store::posts::PostRow| {
        let deleted = p.deleted_at.is_some();
        let post = PostFacts { id: p.id, author_id: p.author_id, is_opening: p.is_opening, deleted };
        PostView {
            id: p.id,
            author: Author { id: p.author_id, name: p.author_name, organisation: p.author_organisation },
            is_opening: p.is_opening,
            body_html: p.body_html,
            body_md: p.body_md,
            created_at: p.created_at,
            edited_at: p.edited_at,
            deleted,
            parent: p.parent_id.map(|id| (id, p.parent_author_name.unwrap_or_default())),
            rights: facts.post_rights(viewer, &post),
        }
    };
    // The resolution shows at the top of every page, wherever it was written.
    let resolution = resolution_id.and_then(|id| rows.iter().find(|p| p.id == id)).map(|row| view(row.clone()));
    let posts: Vec<PostView> = rows.into_iter().filter(|p| page_of(p.seq) == page.get()).map(view).collect();
    Ok(ThreadPage {
        author_organisation: thread.author_organisation,
        duplicate_of: thread.duplicate_of.zip(thread.duplicate_title),
        page: page.get(),
        pages,
        resolution,
        posts,
        events,
        rights: facts.rights(viewer),
        facts,
        source_list: thread.source_list,
        summary: thread.summary,
    })
}

/// The address of a post: the page of its thread that shows it, at the
/// post. What a reply, an edit or a deletion leads back to, and what `/p/{id}`
/// (links in mails and search results) redirects to.
pub async fn post_href(db: &Db, post_id: i64) -> AppResult<String> {
    let (thread_id, title, seq) =
        store::posts::location(db, post_id).await?.ok_or_else(|| AppError::NotFound("Ce message n’existe pas.".into()))?;
    Ok(crate::domain::views::post_href(thread_id, &title, seq, post_id))
}
