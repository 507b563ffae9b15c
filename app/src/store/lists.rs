//! Pages of the lists of threads, read from `thread_facets` and
//! `facet_counts` (see `facets`): a page is one range of an index and a total
//! is a sum of a few counters, whatever the forum's size.

use super::summaries::{self, Order};
use super::{Db, SqlBuilder};
use crate::domain::views::ThreadSummary;
use crate::domain::{ListCursor, ListKey, ThreadStatus};

/// Which threads a list shows, and which page of it.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// The solution and the standard the threads carry (tag ids, synonyms
    /// followed); 0 for any.
    pub solution_id: i64,
    pub standard_id: i64,
    /// Empty: any status.
    pub statuses: Vec<ThreadStatus>,
    pub cursor: ListCursor,
    pub limit: i64,
}

/// One page, most recently active first, and whether more come before and after it.
#[derive(Debug, Clone, Default)]
pub struct ListPage {
    pub threads: Vec<ThreadSummary>,
    pub total: i64,
    pub more_before: bool,
    pub more_after: bool,
}

/// One page of threads: for each status asked (or for any), one range of an
/// index, the ranges merged, then their summaries; `limit + 1` of them, to
/// know whether more follow. Towards older threads, or newer ones for `Before`.
/// A single range is the page as it is: sorting it again cost SQLite a
/// temporary B-tree per list.
fn page_query(db: &Db, q: &ListQuery) -> SqlBuilder {
    let (cmp, order, key) = match q.cursor {
        ListCursor::First => ("", "DESC", None),
        ListCursor::After(k) => ("<", "DESC", Some(k)),
        ListCursor::Before(k) => (">", "ASC", Some(k)),
    };
    let statuses: Vec<Option<ThreadStatus>> =
        if q.statuses.is_empty() { vec![None] } else { q.statuses.iter().copied().map(Some).collect() };
    let push_range = |qb: &mut SqlBuilder, status: Option<ThreadStatus>| {
        qb.push("SELECT thread_id, last_activity_at FROM thread_facets WHERE solution_id = ");
        qb.push_bind(q.solution_id);
        qb.push(" AND standard_id = ");
        qb.push_bind(q.standard_id);
        if let Some(status) = status {
            qb.push(" AND status = ");
            qb.push_bind(status);
        }
        if let Some(ListKey { last_activity_at, thread_id }) = key {
            qb.push(&format!(" AND (last_activity_at, thread_id) {cmp} ("));
            qb.push_bind(last_activity_at);
            qb.push(", ");
            qb.push_bind(thread_id);
            qb.push(")");
        }
        qb.push(&format!(" ORDER BY last_activity_at {order}, thread_id {order} LIMIT "));
        qb.push_bind(q.limit + 1);
    };
    let mut qb = SqlBuilder::new(&summaries::select(db));
    qb.push("FROM (");
    if let [status] = statuses[..] {
        push_range(&mut qb, status);
    } else {
        qb.push("SELECT thread_id, last_activity_at FROM (");
        for (i, status) in statuses.iter().enumerate() {
            if i > 0 {
                qb.push(" UNION ALL ");
            }
            qb.push("SELECT * FROM (");
            push_range(&mut qb, *status);
            qb.push(&format!(") AS s{i}"));
        }
        qb.push(&format!(") AS ranges ORDER BY last_activity_at {order}, thread_id {order} LIMIT "));
        qb.push_bind(q.limit + 1);
    }
    qb.push(") AS page JOIN threads t ON t.id = page.thread_id JOIN users u ON u.id = t.author_id");
    qb
}

/// One page of a list, with its threads' tags and the list's total (two
/// queries whatever the forum's size), and whether pages come before and after it.
pub async fn list_page(db: &Db, q: &ListQuery) -> Result<ListPage, sqlx::Error> {
    // Read towards newer threads, the page is sorted that way to drop the
    // row past it, then turned the lists' way round.
    let backwards = matches!(q.cursor, ListCursor::Before(_));
    let order = if backwards { Order::ActivityAsc } else { Order::ActivityDesc };
    let mut threads = summaries::decode(page_query(db, q).query_scalar().fetch_one(db).await?, order)?;
    let more = threads.len() as i64 > q.limit;
    threads.truncate(q.limit as usize);
    if backwards {
        threads.reverse();
    }
    let (more_before, more_after) = match q.cursor {
        ListCursor::First => (false, more),
        ListCursor::After(_) => (true, more),
        ListCursor::Before(_) => (more, true),
    };
    Ok(ListPage { threads, total: total(db, q).await?, more_before, more_after })
}

/// How many threads the list holds: a sum of counters.
pub async fn total(db: &Db, q: &ListQuery) -> Result<i64, sqlx::Error> {
    let mut qb = SqlBuilder::new("SELECT CAST(COALESCE(SUM(threads), 0) AS BIGINT) FROM facet_counts WHERE solution_id = ");
    qb.push_bind(q.solution_id);
    qb.push(" AND standard_id = ");
    qb.push_bind(q.standard_id);
    if !q.statuses.is_empty() {
        qb.push(" AND status IN (").push_binds(q.statuses.iter().copied()).push(")");
    }
    qb.query_scalar().fetch_one(db).await
}

/// The first page of a list and its total.
pub async fn list(db: &Db, q: &ListQuery) -> Result<(Vec<ThreadSummary>, i64), sqlx::Error> {
    let page = list_page(db, q).await?;
    Ok((page.threads, page.total))
}

/// A member's latest threads by activity: one range of an index.
pub async fn by_author(db: &Db, author_id: i64, limit: i64) -> Result<Vec<ThreadSummary>, sqlx::Error> {
    let sql = format!(
        "{} FROM (SELECT id, last_activity_at FROM threads WHERE author_id = $1
                  ORDER BY last_activity_at DESC, id DESC LIMIT $2) AS page
         JOIN threads t ON t.id = page.id JOIN users u ON u.id = t.author_id",
        summaries::select(db)
    );
    summaries::decode(sqlx::query_scalar(&sql).bind(author_id).bind(limit).fetch_one(db).await?, Order::ActivityDesc)
}
