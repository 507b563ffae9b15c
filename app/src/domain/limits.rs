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
/// A tag's URL name (`/tags/{slug}`), ASCII only.
pub const TAG_SLUG_MAX_CHARS: usize = 40;
/// The words of a thread's title in its address (`/t/{id}-{slug}`): enough to
/// read the subject in a link, short enough for a mail or a chat message.
pub const TITLE_SLUG_MAX_CHARS: usize = 60;
/// Threads per page on the home page.
pub const THREADS_PER_PAGE: i64 = 25;
/// Threads of each group (open, resolved) listed on a tag page, the most
/// recently active; each group links to its whole list, page by page. A tag
/// page is an overview: at 25 a group, it cost twice the demo's on a forum of
/// 100 000 threads for rows few read (issue 10's target: 1.5×).
pub const TAG_PAGE_THREADS: i64 = 10;
/// Threads, replies and resolutions listed on a member's page, the latest of
/// each (an overview, bounded as the tag page is; search finds the rest).
pub const MEMBER_PAGE_ITEMS: i64 = 10;
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
/// How long a lease on background work lasts unless renewed (`--lease-seconds`):
/// its holder renews it every third of this; when the holder dies, another
/// server process takes the work over within this time.
pub const LEASE_SECONDS: u64 = 30;
/// `/healthz` says the search index is not live when the indexer has not
/// finished a pass over the change log for this long (it runs every
/// `SEARCH_POLL_MILLISECONDS`).
pub const SEARCH_STALE_SECONDS: i64 = 30;
/// A healthy `/healthz` answer is given again without probing the database
/// for this long, unless a write failed meanwhile: under a flood of probes
/// the database is probed once per period, and a failure the forum sees
/// itself (a full disk) shows at once.
pub const HEALTH_OK_REUSE_MILLISECONDS: u64 = 1_000;
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
/// SQLite's page cache per pooled connection, in KiB (`PRAGMA cache_size`):
/// SQLite's default of 2 MiB keeps little more than the indexes' upper pages of
/// a large forum, so every page of a list reread its rows from the kernel.
/// At most `DB_POOL_MAX_CONNECTIONS` × this, filled only as pages are read.
pub const DB_PAGE_CACHE_KIB: u32 = 16 * 1024;
/// Pooled connections per server process (`--db-max-connections`): on
/// SQLite readers run in parallel and one writer at a time; on PostgreSQL
/// every node has its own pool, so nodes × this stays under the server's
/// `max_connections` (100 by default).
pub const DB_POOL_MAX_CONNECTIONS: u32 = 8;
/// How long a request waits for a pooled connection before a 503 (`--db-acquire-timeout`).
pub const DB_ACQUIRE_TIMEOUT_SECONDS: u64 = 10;
/// PostgreSQL's `statement_timeout` for the forum's connections (`--db-statement-timeout`).
pub const DB_STATEMENT_TIMEOUT_SECONDS: u64 = 30;
/// Attempts of a transaction that PostgreSQL aborted for a serialisation
/// failure or a deadlock (`--db-retry-attempts`), the first included.
pub const DB_RETRY_ATTEMPTS: u32 = 5;
/// The wait before the second attempt; it doubles at each attempt, plus jitter.
pub const DB_RETRY_BACKOFF_MILLISECONDS: u64 = 10;
/// The oldest PostgreSQL accepted (`server_version_num`): 15.
pub const POSTGRES_MIN_VERSION: u32 = 150_000;
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
/// A common word's best threads kept per index segment (`search::ranked`):
/// the first pages of its results (here 12) are ranked from them, a page
/// beyond is walked. About 17 KiB a word and segment: a score and a thread
/// each, and for each of the word's terms (a dozen), the field's length id
/// and the term's occurrences in the thread.
pub const SEARCH_RANKED_KEPT: usize = 256;
/// Threads a word must match in a segment for the segment to keep its best:
/// fewer are scored one by one as cheaply.
pub const SEARCH_RANKED_MIN_MATCHES: u64 = 2_048;
/// Words whose best threads a segment keeps, at most (then it starts again):
/// only words matching `SEARCH_RANKED_MIN_MATCHES` of its threads have some.
pub const SEARCH_RANKED_WORDS_MAX: usize = 1_024;
/// Searches of words alone whose facet counts a segment keeps, at most (then
/// it starts again): only those matching too many of its threads to count
/// them one by one have some (`search::facet_table::rows`).
pub const SEARCH_FACET_WORD_ROWS_MAX: usize = 1_024;
/// Values listed per facet (the most frequent).
pub const SEARCH_FACET_VALUES_MAX: usize = 12;
/// Length of a snippet, in characters.
pub const SEARCH_SNIPPET_MAX_CHARS: usize = 220;
/// How far into a thread's posts a result's snippet is looked for, in bytes
/// of text (a thread of thousands of posts is not read whole for 220
/// characters): the index keeps that much of each thread's posts to quote.
/// Reading the stored text of a page's 20 threads is a search's main cost
/// after the query itself: at 256 KiB the empty search took 54 ms on the
/// benchmark's forum.
pub const SEARCH_SNIPPET_SCAN_BYTES: usize = 32 * 1024;
/// Posts of a result tried, one after the other, to cut its snippet (those
/// holding the most searched words first): the first with a marked word gives it.
pub const SEARCH_SNIPPET_CANDIDATES: usize = 3;
/// Bytes of a post analysed to cut its snippet, from a little before the
/// first searched word (the analyzers' cost grows with the text).
pub const SEARCH_SNIPPET_WINDOW_BYTES: usize = 4 * 1024;
/// Common terms (in more than a sixty-fourth of a segment's threads) whose
/// threads a segment keeps as a bitset, to count a search of words without
/// walking its matches (`search/match_bits.rs`): at most 12.5 KB each for a
/// segment of 100 000 threads, all forgotten when a 257th comes.
pub const SEARCH_KEPT_TERMS_PER_SEGMENT: usize = 256;
/// Changes the indexer applies per index commit.
pub const SEARCH_CHANGES_PER_COMMIT: i64 = 500;
/// How often the indexer looks for new changes, in milliseconds: a new post
/// is searchable within about this delay plus one commit.
pub const SEARCH_POLL_MILLISECONDS: u64 = 200;
/// Memory the indexer's writer may use before it writes a segment.
pub const SEARCH_WRITER_HEAP_BYTES: usize = 50_000_000;
/// Memory the cache of pages rendered for anonymous visitors holds at most,
/// by default (`serve --page-cache-bytes`; 0 turns the cache off).
pub const PAGE_CACHE_DEFAULT_BYTES: usize = 64 * 1024 * 1024;
/// A rendered page larger than this is not cached.
pub const PAGE_CACHE_PAGE_MAX_BYTES: usize = 2 * 1024 * 1024;
/// Change-log rows the page cache applies in one look; a larger batch (an
/// import from another process) empties the cache instead.
pub const PAGE_CACHE_CHANGES_PER_CHECK: i64 = 1_000;
/// Threads read from the database at once to index them (a rebuild's range
/// of ids, or a chunk of the threads the change log names).
pub const SEARCH_LOAD_BATCH_THREADS: usize = 1_000;
/// Memory a rebuild's writer may use in all, shared by its indexing threads.
pub const SEARCH_REBUILD_HEAP_BYTES: usize = 400_000_000;
/// Words whose stems each thread that analyses text (indexing or cutting
/// snippets) remembers, then it starts afresh: a few MB each.
pub const SEARCH_STEM_CACHE_WORDS: usize = 50_000;
/// Indexing threads of a rebuild at most (one per core up to this).
pub const SEARCH_REBUILD_THREADS_MAX: usize = 4;
/// Threads that read the index's segments for searches, at most (one per
/// core up to this; shared by all searches).
pub const SEARCH_QUERY_THREADS_MAX: usize = 4;

// --- Notifications and mail ---------------------------------------------------------------
/// A link proving a new account's address stays valid this long.
pub const VERIFY_EMAIL_TTL_SECONDS: i64 = 48 * 3_600;
/// A password-reset link stays valid this long.
pub const RESET_PASSWORD_TTL_SECONDS: i64 = 3_600;
/// A link confirming a change of address stays valid this long.
pub const CHANGE_EMAIL_TTL_SECONDS: i64 = 24 * 3_600;
/// Account mails (verification, reset, "someone tried to sign up with your
/// address") sent to one address per hour at most; past it the forum answers
/// the same and sends nothing, so no one can use it to flood a mailbox.
pub const ACCOUNT_MAILS_PER_ADDRESS_PER_HOUR: i64 = 5;
/// An unsubscribe link in a mail works this long after the mail was written.
pub const UNSUBSCRIBE_TOKEN_TTL_SECONDS: i64 = 180 * 86_400;
/// Recipients handled per transaction when an event is expanded into mails:
/// short transactions, so posting never waits long behind a large fan-out.
pub const FANOUT_BATCH: usize = 200;
/// How long a worker holds an outbox event or a batch of mails it claimed;
/// past it another process may take the work over (so a crashed process's
/// mails leave within this delay after a restart). A send starts only while
/// the lease has `SMTP_TIMEOUT_SECONDS` and a margin left.
pub const MAIL_LEASE_SECONDS: i64 = 45;
/// Mails claimed at once by the delivery worker.
pub const MAIL_CLAIM_BATCH: i64 = 50;
/// Mails sent at the same time (SMTP connections in use); a wave of this
/// many is recorded in one transaction, so it is also the most a crash can
/// send twice.
pub const MAIL_SEND_CONCURRENCY: usize = 8;
/// One SMTP conversation gives up after this (connection, commands, data).
pub const SMTP_TIMEOUT_SECONDS: u64 = 20;
/// Delay before the first retry of a mail the server could not take; it
/// doubles at each attempt up to `MAIL_RETRY_MAX_DELAY_SECONDS`.
pub const MAIL_RETRY_FIRST_DELAY_SECONDS: i64 = 30;
pub const MAIL_RETRY_MAX_DELAY_SECONDS: i64 = 3_600;
/// A mail not delivered this long after it was written is given up (failed, with why).
pub const MAIL_GIVE_UP_AFTER_SECONDS: i64 = 48 * 3_600;
/// How often the mail workers look for new work when nothing woke them.
pub const MAIL_POLL_MILLISECONDS: u64 = 1_000;
/// How often the digest scheduler checks whether a day or a week has ended.
pub const DIGEST_CHECK_SECONDS: u64 = 300;
/// Threads listed per section of a digest (new, resolved); the rest is counted.
pub const DIGEST_THREADS_MAX: usize = 50;
/// Notifications per page at /notifications.
pub const NOTIFICATIONS_PER_PAGE: i64 = 50;
/// The header counts unread notifications up to this ("99+" past it).
pub const UNREAD_COUNT_MAX: i64 = 99;
/// Read notifications, delivered or failed mails and expanded outbox events are kept this long.
pub const NOTIFICATION_KEEP_DAYS: i64 = 180;
pub const MAIL_KEEP_DAYS: i64 = 30;
/// Mentioned members notified per post at most (`@Nom_Prénom`).
pub const MENTIONS_PER_POST_MAX: usize = 20;
/// Subscriptions one member may hold.
pub const SUBSCRIPTIONS_PER_MEMBER_MAX: i64 = 1_000;
/// Threads a digest period reads at most (new ones, and resolved ones).
pub const DIGEST_THREADS_READ_MAX: i64 = 2_000;
/// An imported reply whose client dropped `In-Reply-To` and `References`
/// joins the thread of the same subject on its list if that thread's latest
/// message is at most this old (or this much younger) when it was sent.
pub const IMPORT_SUBJECT_WINDOW_DAYS: i64 = 30;
pub const IMPORT_SUBJECT_WINDOW_SECONDS: i64 = IMPORT_SUBJECT_WINDOW_DAYS * 86_400;
/// Imported messages written per transaction: a running forum waits at most
/// one such transaction to write, and an interrupted import keeps every
/// transaction committed before.
pub const IMPORT_MESSAGES_PER_TRANSACTION: usize = 500;
/// A message larger than this in an archive (attachments included) is
/// skipped and reported; reading never holds more than one such message.
pub const IMPORT_MESSAGE_MAX_BYTES: usize = 20 * 1024 * 1024;
/// How often the import's progress line is redrawn on a terminal.
pub const IMPORT_PROGRESS_MILLISECONDS: u64 = 250;
