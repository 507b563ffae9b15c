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
/// Threads per page on the home page and tag pages.
pub const THREADS_PER_PAGE: i64 = 25;
/// A request body larger than this is refused before any handler runs.
pub const REQUEST_BODY_MAX_BYTES: usize = 256 * 1024;
/// How long a session stays valid after sign-in.
pub const SESSION_DAYS: i64 = 30;
/// Failed password sign-ins allowed per e-mail within `LOGIN_FAILURE_WINDOW_SECONDS`.
pub const LOGIN_FAILURES_MAX: i64 = 10;
pub const LOGIN_FAILURE_WINDOW_SECONDS: i64 = 15 * 60;
/// How long a write waits for another writer's lock before giving up (503).
pub const DB_BUSY_TIMEOUT_SECONDS: u64 = 5;
/// Pooled SQLite connections (readers run in parallel; one writer at a time).
pub const DB_POOL_MAX_CONNECTIONS: u32 = 8;
/// Problems `PRAGMA quick_check` lists before the start-up refusal is written.
pub const QUICK_CHECK_MAX_ERRORS: u32 = 10;
/// Size of the row the health check writes, once a write has failed, to see
/// whether space came back: about a long message with its HTML.
pub const STORAGE_PROBE_BYTES: i64 = 16 * 1024;
