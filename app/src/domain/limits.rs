//! Every size limit in one place, so the forms, the error messages and the
//! README say the same numbers.

pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_CHARS: usize = 50_000;
pub const TAG_DETAIL_MAX_CHARS: usize = 100;
pub const TAGS_PER_KIND_MAX: usize = 3;
pub const DISPLAY_NAME_MAX_CHARS: usize = 80;
pub const ORGANISATION_MAX_CHARS: usize = 120;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 256;
pub const TAG_NAME_MAX_CHARS: usize = 120;
pub const TAG_DESCRIPTION_MAX_CHARS: usize = 2_000;
/// A tag's link, in bytes (ASCII in practice).
pub const TAG_URL_MAX_CHARS: usize = 500;
/// Threads per page on the home page.
pub const THREADS_PER_PAGE: i64 = 25;
/// Threads of each group (open, resolved) listed on a tag page.
pub const TAG_PAGE_THREADS: i64 = 25;
/// Threads, replies and resolutions listed on a member's page.
pub const MEMBER_PAGE_ITEMS: i64 = 25;
/// Members listed on the administration page (the newest).
pub const ADMIN_MEMBERS_MAX: i64 = 500;
/// Posts on one page of a thread; a longer thread has more pages (any
/// length: a page is one range of an index).
pub const POSTS_PER_PAGE: i64 = 50;
/// Workflow events shown in a thread's history at most.
pub const THREAD_EVENTS_MAX: i64 = 200;
/// A request body larger than this is refused before any handler runs.
pub const REQUEST_BODY_MAX_BYTES: usize = 256 * 1024;
/// How long a session stays valid after sign-in.
pub const SESSION_DAYS: i64 = 30;
pub const SESSION_SECONDS: i64 = SESSION_DAYS * 86_400;
/// A ProConnect sign-in must come back from the provider within this time.
pub const PROCONNECT_LOGIN_TTL_SECONDS: i64 = 10 * 60;
/// A ProConnect identity waits this long for the password that links it to
/// an existing local account.
pub const PROCONNECT_LINK_TTL_SECONDS: i64 = 15 * 60;
/// How often the housekeeping task runs.
pub const MAINTENANCE_INTERVAL_SECONDS: u64 = 3_600;
/// Failed password sign-ins allowed per e-mail within `LOGIN_FAILURE_WINDOW_SECONDS`.
pub const LOGIN_FAILURES_MAX: i64 = 10;
pub const LOGIN_FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// The highest page number a list accepts in its address (`?page=`); past
/// it, or past the list's last page, the answer is 404.
pub const LIST_PAGE_MAX: i64 = 10_000;
/// A path to return to after signing in (`next`), in characters.
pub const NEXT_PATH_MAX_CHARS: usize = 2_000;
/// The longest path segment looked up among static files (a file name's
/// limit on Linux); a longer one is a 404, not a file-system error.
pub const PATH_SEGMENT_MAX_BYTES: usize = 255;
/// How long browsers must keep to HTTPS once they saw it (`Strict-Transport-Security`), in seconds.
pub const HSTS_MAX_AGE_SECONDS: u64 = 365 * 86_400;
/// How long a write waits for another writer's lock before giving up (503).
pub const DB_BUSY_TIMEOUT_SECONDS: u64 = 5;
/// Pooled SQLite connections (readers run in parallel; one writer at a time).
pub const DB_POOL_MAX_CONNECTIONS: u32 = 8;
/// Problems `PRAGMA quick_check` lists before the start-up refusal is written.
pub const QUICK_CHECK_MAX_ERRORS: u32 = 10;
/// Size of the row the health check writes, once a write has failed, to see
/// whether space came back: about a long message with its HTML.
pub const STORAGE_PROBE_BYTES: i64 = 16 * 1024;
/// A search query, in characters; the rest is ignored (and the page says so).
pub const SEARCH_QUERY_MAX_CHARS: usize = 500;
/// Words, phrases and filters of one search; the rest is ignored.
pub const SEARCH_TERMS_MAX: usize = 24;
/// Existing threads shown as similar while a new one is written.
pub const SIMILAR_THREADS_MAX: usize = 5;
/// How long the page waits after the last keystroke before it looks for similar threads.
pub const SIMILAR_DEBOUNCE_MILLISECONDS: u64 = 400;
/// Threads per page of search results.
pub const SEARCH_RESULTS_PER_PAGE: i64 = 20;
/// Result pages one can reach: past 50 × 20 results, narrow the search.
pub const SEARCH_PAGES_MAX: i64 = 50;
/// Values listed per facet (the most frequent).
pub const SEARCH_FACET_VALUES_MAX: usize = 12;
/// Length of a snippet, in characters.
pub const SEARCH_SNIPPET_MAX_CHARS: usize = 220;
/// Changes the indexer applies per index commit.
pub const SEARCH_CHANGES_PER_COMMIT: i64 = 500;
/// How often the indexer looks for new changes, in milliseconds: a new post
/// is searchable within about this delay plus one commit.
pub const SEARCH_POLL_MILLISECONDS: u64 = 200;
/// Memory the index writer may use before it writes a segment.
pub const SEARCH_WRITER_HEAP_BYTES: usize = 50_000_000;
/// Memory the cache of pages rendered for anonymous visitors holds at most,
/// by default (`serve --page-cache-bytes`; 0 turns the cache off).
pub const PAGE_CACHE_DEFAULT_BYTES: usize = 64 * 1024 * 1024;
/// A rendered page larger than this is not cached.
pub const PAGE_CACHE_PAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Change-log rows the page cache applies in one look; a larger batch (an
/// import from another process) empties the cache instead.
pub const PAGE_CACHE_CHANGES_PER_CHECK: i64 = 1_000;
