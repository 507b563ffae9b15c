//! The pages anonymous visitors read, kept in memory once rendered: most
//! readers are not signed in, and their pages are the same for all of them.
//!
//! Freshness comes from the change log (`app::store::change_log`), which every
//! change writes in its own transaction, whichever process made it (this
//! server, `jonction import-mbox`, another node): before a page is served from
//! here or rendered for here, the cache applies the rows logged since it last
//! looked (one query shared by the requests that arrive meanwhile, see
//! `coalesce`), removing the pages each row touches. A page is stored only if
//! no change was applied while it was being rendered, so a render that read
//! the database before a change can never be kept after it. A local POST
//! needs nothing more: its commit is in the log before its redirect is
//! followed, and that GET reads the log first. On PostgreSQL a committed row
//! may be held back from readers while an older write transaction is still
//! open (`change_log`); the cache applies it as soon as it is committed all
//! the same (`early`), and moves its watermark past it only once it is handed out.
//!
//! Bounded by bytes (`--page-cache-bytes`); when full, the oldest page not
//! read since the eviction hand last passed goes (second chance).

mod middleware;
mod page;
pub mod scripts;
mod spliced;

pub use middleware::{answer_early, serve};
pub use page::{Encoding, Shows, brotli, gzip};

use crate::coalesce::Coalesced;
use app::domain::limits::{PAGE_CACHE_CHANGES_PER_CHECK, PAGE_CACHE_PAGE_MAX_BYTES};
use app::search::SearchIndex;
use app::store::change_log::{self, ChangeKind, ChangeRow};
use app::store::change_probe::{ChangeProbe, Mark};
use app::store::Db;
use page::Page;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Cached pages are revalidated by browsers on every use (with their ETag:
/// a 304 costs no rendering), since they change whenever the forum does.
pub const CACHE_CONTROL: &str = "no-cache";

pub struct PageCache {
    db: Db,
    probe: ChangeProbe,
    search: SearchIndex,
    max_bytes: usize,
    store: Mutex<Store>,
    check: Coalesced<Option<u64>>,
    next_id: AtomicU64,
}

#[derive(Default)]
struct Store {
    /// The position read on from: every row up to it is applied; `None` before the first look.
    watermark: Option<i64>,
    /// Rows after the watermark already applied, as (position, id): committed
    /// but held back when read (PostgreSQL), not applied again when handed out.
    early: BTreeSet<(i64, i64)>,
    /// Counts the looks that applied a change: a page rendered since an
    /// earlier count may predate that change, and is not kept.
    applied: u64,
    /// The database's mark when the log was last read: while it holds,
    /// nothing was committed since, and the log need not be read again.
    mark: Option<Mark>,
    pages: HashMap<String, Arc<Page>>,
    /// Addresses in insertion order for eviction; an entry whose id no longer
    /// matches the page under its address is skipped.
    order: VecDeque<(String, u64)>,
    bytes: usize,
}

/// Which pages a batch of changes touches.
#[derive(Debug, Default, PartialEq)]
struct Touched {
    threads: BTreeSet<i64>,
    lists: bool,
    everything: bool,
}

fn touched_by<'a>(rows: impl IntoIterator<Item = &'a ChangeRow>) -> Touched {
    let mut t = Touched::default();
    for row in rows {
        let thread = |t: &mut Touched| t.threads.extend(row.thread_id);
        match ChangeKind::parse(&row.kind) {
            // A post's text shows on its thread's pages only (search pages follow the index).
            Some(ChangeKind::PostEdited) => thread(&mut t),
            Some(
                ChangeKind::ThreadCreated
                | ChangeKind::ThreadImported
                | ChangeKind::PostCreated
                | ChangeKind::PostDeleted
                | ChangeKind::StatusChanged
                | ChangeKind::LockChanged,
            ) => {
                thread(&mut t);
                t.lists = true;
            }
            // A new tag is a new choice in the list filters.
            Some(ChangeKind::TagCreated) => t.lists = true,
            // The number of followers: on a thread's pages, or on a tag's or a pair's list.
            Some(ChangeKind::FollowersChanged) => match row.thread_id {
                Some(id) => {
                    t.threads.insert(id);
                }
                None => t.lists = true,
            },
            // Tag names and members' names show on nearly every page; unknown
            // kinds (a newer node's) are treated as the widest.
            Some(ChangeKind::TagMerged | ChangeKind::TagRenamed | ChangeKind::MemberChanged) | None => t.everything = true,
        }
    }
    t
}

impl Touched {
    fn hits(&self, page: &Page) -> bool {
        self.everything
            || match page.shows {
                Shows::Thread(id) => self.threads.contains(&id),
                Shows::Lists => self.lists,
            }
    }
}

impl PageCache {
    /// `max_bytes` 0: nothing is cached.
    pub fn new(db: Db, search: SearchIndex, max_bytes: usize) -> PageCache {
        PageCache {
            probe: ChangeProbe::new(&db),
            db,
            search,
            max_bytes,
            store: Mutex::new(Store::default()),
            check: Coalesced::default(),
            next_id: AtomicU64::new(1),
        }
    }

    pub fn enabled(&self) -> bool {
        self.max_bytes > 0
    }

    fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Applies the changes committed since the last look (a look started
    /// after this call: see `coalesce`) and returns the count of looks that
    /// applied a change (`Store::applied`); `None` when the log could not be
    /// read (then nothing may be served from here).
    pub async fn catch_up(&self) -> Option<u64> {
        if !self.enabled() {
            return None;
        }
        self.check.run(|| self.look()).await
    }

    async fn look(&self) -> Option<u64> {
        // Taken before the log is read: whatever commits after it changes it.
        let mark = self.probe.mark();
        let from = {
            let store = self.store();
            if let (Some(_), Some(now), Some(then)) = (store.watermark, &mark, &store.mark) {
                if now == then {
                    return Some(store.applied);
                }
            }
            store.watermark
        };
        let unreadable = |e: sqlx::Error| tracing::warn!(error = %e, "page cache: change log unreadable");
        let Some(from) = from else {
            let last = change_log::last_id(&self.db).await.map_err(unreadable).ok()?;
            let mut store = self.store();
            store.watermark = Some(last);
            store.mark = mark;
            return Some(store.applied);
        };
        let rows = change_log::committed_after(&self.db, from, PAGE_CACHE_CHANGES_PER_CHECK).await.map_err(unreadable).ok()?;
        if rows.len() as i64 >= PAGE_CACHE_CHANGES_PER_CHECK {
            // A large batch from elsewhere (an import): start afresh from the log's end.
            let end = change_log::last_id(&self.db).await.map_err(unreadable).ok()?;
            let mut store = self.store();
            store.pages.clear();
            store.order.clear();
            store.bytes = 0;
            store.early.clear();
            store.watermark = Some(end);
            store.applied += 1;
            store.mark = mark;
            return Some(store.applied);
        }
        let mut store = self.store();
        // Held rows come last (positions grow): the watermark stops before the first.
        if let Some(last) = rows.iter().take_while(|r| !r.held).last() {
            store.watermark = Some(last.row.position);
        }
        let fresh: Vec<&ChangeRow> = rows.iter().filter(|r| !store.early.contains(&(r.row.position, r.row.id))).map(|r| &r.row).collect();
        for held in rows.iter().filter(|r| r.held) {
            store.early.insert((held.row.position, held.row.id));
        }
        let watermark = store.watermark.unwrap_or(from);
        store.early.retain(|&(position, _)| position > watermark);
        store.mark = mark;
        if fresh.is_empty() {
            return Some(store.applied);
        }
        let touched = touched_by(fresh);
        let mut freed = 0;
        store.pages.retain(|_, page| {
            let keep = !touched.hits(page);
            if !keep {
                freed += page.counted();
            }
            keep
        });
        store.bytes -= freed;
        store.applied += 1;
        Some(store.applied)
    }

    /// The page cached under `key`, if it is still what the forum shows.
    fn get(&self, key: &str) -> Option<Arc<Page>> {
        let page = self.store().pages.get(key).cloned()?;
        if page.index_version.is_some_and(|v| v != self.search.applied_change()) {
            return None;
        }
        page.referenced.store(true, Ordering::Relaxed);
        Some(page)
    }

    /// Keeps a page rendered when `catch_up` had said `applied`, unless a
    /// change was applied since (the render may predate it). The page is
    /// handed back when not kept.
    fn admit(&self, key: String, page: Page, applied: u64) -> Result<Arc<Page>, Page> {
        let weight = page.weight() + key.len();
        if weight > PAGE_CACHE_PAGE_MAX_BYTES || weight > self.max_bytes {
            return Err(page);
        }
        let mut store = self.store();
        if store.applied != applied {
            return Err(page);
        }
        let page = Arc::new(page);
        if let Some(old) = store.pages.insert(key.clone(), page.clone()) {
            store.bytes -= old.counted();
        }
        store.bytes += page.count();
        store.order.push_back((key, page.id));
        self.evict(&mut store);
        Ok(page)
    }

    /// `page` holds more (a compressed form, a member's region): count it,
    /// if it is still the page under `key`.
    fn grew(&self, page: &Page, key: &str) {
        let mut store = self.store();
        if store.pages.get(key).is_some_and(|p| p.id == page.id) {
            let was = page.counted();
            store.bytes += page.count() - was;
            self.evict(&mut store);
        }
    }

    fn evict(&self, store: &mut Store) {
        while store.bytes > self.max_bytes {
            let Some((key, id)) = store.order.pop_front() else { break };
            let Some(page) = store.pages.get(&key).filter(|p| p.id == id).cloned() else { continue };
            if page.referenced.swap(false, Ordering::Relaxed) {
                store.order.push_back((key, id));
                continue;
            }
            store.pages.remove(&key);
            store.bytes -= page.counted();
        }
        // Addresses of pages removed by changes pile up in `order`: drop them now and then.
        if store.order.len() > 2 * store.pages.len() + 64 {
            let Store { pages, order, .. } = store;
            order.retain(|(key, id)| pages.get(key).is_some_and(|p| p.id == *id));
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn new_page(
        &self,
        shows: Shows,
        index_version: Option<i64>,
        content_type: http::HeaderValue,
        policy: http::HeaderValue,
        fixed: &http::HeaderMap,
        body: bytes::Bytes,
        regions: Vec<spliced::Placed>,
    ) -> Page {
        Page::new(self.next_id.fetch_add(1, Ordering::Relaxed), shows, index_version, content_type, policy, fixed, body, regions)
    }

    /// Pages held and their bytes (for tests and logs).
    pub fn usage(&self) -> (usize, usize) {
        let store = self.store();
        (store.pages.len(), store.bytes)
    }
}

/// Whether a signed-in member's page at `uri` is the cached anonymous one
/// with its regions rendered for them (`spliced`): the pages whose every
/// per-reader part is a region. Not the sign-in forms (not a member's), nor
/// a thread's page whose reply box starts from its address (`?reply_to=N`,
/// `?quote=N`: its region is rendered with the box empty).
pub fn spliceable(uri: &http::Uri) -> bool {
    let starts_reply = |query: &str| {
        url::form_urlencoded::parse(query.as_bytes()).any(|(key, _)| key == "reply_to" || key == "quote")
    };
    match cacheable(uri.path()) {
        Some((Shows::Lists, _)) => !matches!(uri.path(), "/login" | "/signup"),
        Some((Shows::Thread(_), _)) => !uri.query().is_some_and(starts_reply),
        None => false,
    }
}

/// What the page at `path` shows, if it is one the cache keeps for anonymous
/// visitors (pages that read a cookie, forms for members, administration and
/// sign-in flows are not), and whether it comes from the search index.
pub fn cacheable(path: &str) -> Option<(Shows, bool)> {
    let one_segment = |rest: &str| !rest.is_empty() && !rest.contains('/');
    match path {
        "/" | "/map" | "/login" | "/signup" => Some((Shows::Lists, false)),
        "/search" => Some((Shows::Lists, true)),
        _ => {
            if let Some(rest) = path.strip_prefix("/t/") {
                let id = app::domain::post_input::parse_id(&rest[..rest.bytes().take_while(u8::is_ascii_digit).count()])?;
                return one_segment(rest).then_some((Shows::Thread(id), false));
            }
            let rest = path.strip_prefix("/tags/").or_else(|| path.strip_prefix("/u/"))?;
            one_segment(rest).then_some((Shows::Lists, false))
        }
    }
}

#[cfg(test)]
mod tests;
