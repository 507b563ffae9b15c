//! The lists of threads: the home page with its filters.

use crate::domain::limits::THREADS_PER_PAGE;
use crate::domain::views::{ThreadFilter, ThreadList};
use crate::domain::{ListCursor, TagKind, ThreadStatus};
use crate::error::{AppError, AppResult};
use crate::store::{self, Db};

/// A page of the latest threads, filtered by tag slugs and status. An
/// unknown tag slug gives an empty list (the page says which filter matched
/// nothing); so do two tags of one kind (the form offers one of each).
pub async fn list_threads(db: &Db, filter: &ThreadFilter) -> AppResult<ThreadList> {
    let (mut solution_id, mut standard_id) = (0, 0);
    for slug in [&filter.solution, &filter.standard].into_iter().flatten().filter(|s| !s.is_empty()) {
        let Some(tag) = store::tags::resolve(db, slug).await? else { return Ok(ThreadList::empty()) };
        let slot = match tag.kind {
            TagKind::Solution => &mut solution_id,
            TagKind::Standard => &mut standard_id,
        };
        if *slot != 0 && *slot != tag.id {
            return Ok(ThreadList::empty());
        }
        *slot = tag.id;
    }
    let statuses = match filter.status.as_deref() {
        None | Some("") => vec![],
        Some("unsettled") => ThreadStatus::UNSETTLED.to_vec(),
        Some(s) => ThreadStatus::parse(s).into_iter().collect(),
    };
    let not_found = || AppError::NotFound("Cette page de la liste n’existe pas.".into());
    // Without a cursor only the first page can be named: the others are
    // reached from the one before or after them.
    if filter.cursor == ListCursor::First && filter.page.get() != 1 {
        return Err(not_found());
    }
    let q = store::lists::ListQuery { solution_id, standard_id, statuses, cursor: filter.cursor, limit: THREADS_PER_PAGE };
    let found = store::lists::list_page(db, &q).await?;
    if found.threads.is_empty() && filter.cursor != ListCursor::First {
        return Err(not_found());
    }
    let pages = ((found.total + THREADS_PER_PAGE - 1) / THREADS_PER_PAGE).max(1);
    // The number only labels the page; a page reached going back with nothing
    // before it is the first, whatever the address said.
    let page = if found.more_before { filter.page.get().clamp(2, pages.max(2)) } else { 1 };
    let prev = found.more_before.then(|| match found.threads.first() {
        Some(t) if page > 2 => ListCursor::Before(key_of(t)),
        _ => ListCursor::First,
    });
    let next = found.more_after.then(|| found.threads.last().map(|t| ListCursor::After(key_of(t)))).flatten();
    Ok(ThreadList { threads: found.threads, total: found.total, page, pages, prev, next })
}

fn key_of(t: &crate::domain::views::ThreadSummary) -> crate::domain::ListKey {
    crate::domain::ListKey { last_activity_at: t.last_activity_at, thread_id: t.id }
}
