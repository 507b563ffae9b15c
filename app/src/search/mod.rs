//! [ssr] The search index: the only module that touches tantivy. A sibling of
//! `store`; pages and handlers reach it through `forum::search`.
//!
//! The index is derived data, rebuilt from the database at will. It lives in
//! `<data-dir>/search/<generation>/`; the file `CURRENT` names the live
//! generation. A rebuild (`jonction reindex`, or start-up finding the index
//! missing, unreadable or of another schema) writes a new generation beside
//! the live one and then replaces `CURRENT` atomically; a running server
//! notices within one indexer tick and switches to it.
//!
//! Every index commit carries a payload `{"schema":N,"last_change":ID}`: the
//! last change-log row it includes. After a crash the indexer reads the
//! payload of the last commit and applies the change log from there.

mod analyzers;
mod cutter;
mod document;
mod facet_table;
mod fold;
mod indexer;
mod match_bits;
mod per_generation;
mod per_segment;
mod query;
mod ranked;
mod schema;
mod searcher;
mod snippets;

pub use document::{ThreadText, plain_text};
pub use indexer::{Indexer, Rebuilt, rebuild};
pub use query::SearchRequest;
pub use searcher::{Found, FoundThread};

use per_generation::PerGeneration;
use schema::Fields;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use crate::domain::limits::SEARCH_QUERY_THREADS_MAX;
use std::sync::{Arc, OnceLock, RwLock};
use tantivy::{Executor, Index, IndexReader, ReloadPolicy};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("search index: database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("search index files: {0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Invalid(String),
}

impl From<SearchError> for crate::error::AppError {
    fn from(e: SearchError) -> Self {
        match e {
            SearchError::Db(e) => e.into(),
            other => crate::error::AppError::Internal(other.to_string()),
        }
    }
}

/// The directory of the index inside the data directory.
pub fn search_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("search")
}

const CURRENT: &str = "CURRENT";

/// One built index: a directory, its reader and its fields.
pub(crate) struct Generation {
    pub name: String,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// The facet counts of every thread (the empty search), counted once
    /// per reader generation: counting 100 000 threads' facets was the
    /// slowest search of all, and they only change with a commit.
    pub everything_facets: PerGeneration<Arc<Vec<(String, u64)>>>,
    /// Every thread by activity and by creation, as far as a reader may
    /// page, ordered once per reader generation: the empty search walked
    /// 100 000 threads for each page (`searcher.rs`).
    pub everything_by_activity: PerGeneration<Arc<Vec<tantivy::DocAddress>>>,
    pub everything_by_creation: PerGeneration<Arc<Vec<tantivy::DocAddress>>>,
    /// Each segment's facets, to count them for a search.
    pub facet_tables: facet_table::FacetTables,
    /// Each segment's common terms as bitsets, to count a search of words.
    pub match_bits: match_bits::MatchBits,
    /// Each common word's best threads, per segment (`ranked`).
    pub ranked: ranked::RankedLists,
}

/// What a commit records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Payload {
    pub schema: u32,
    pub last_change: i64,
}

impl Payload {
    pub fn encode(last_change: i64) -> String {
        serde_json::to_string(&Payload { schema: schema::SCHEMA_VERSION, last_change }).expect("a payload serialises")
    }
}

impl Generation {
    /// Opens a generation, refusing one written with another schema.
    fn open(root: &Path, name: &str) -> Result<(Generation, i64), SearchError> {
        let mut index = Index::open_in_dir(root.join(name))?;
        index.set_executor(search_executor());
        let (schema, fields) = schema::schema();
        if index.schema() != schema {
            return Err(SearchError::Invalid("its schema is not this version's".into()));
        }
        let payload: Payload = match index.load_metas()?.payload {
            Some(p) => serde_json::from_str(&p).map_err(|e| SearchError::Invalid(format!("commit payload unreadable: {e}")))?,
            None => return Err(SearchError::Invalid("no commit payload".into())),
        };
        if payload.schema != schema::SCHEMA_VERSION {
            return Err(SearchError::Invalid(format!("schema version {} instead of {}", payload.schema, schema::SCHEMA_VERSION)));
        }
        schema::register_analyzers(&index);
        // Reloaded by the indexer right after each commit: no delay, no file watcher.
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok((Generation { name: name.to_string(), index, reader, fields, everything_facets: Default::default(), everything_by_activity: Default::default(), everything_by_creation: Default::default(), facet_tables: Default::default(), match_bits: Default::default(), ranked: Default::default() }, payload.last_change))
    }

    fn last_change(&self) -> Result<i64, SearchError> {
        let p = self.index.load_metas()?.payload.unwrap_or_default();
        serde_json::from_str::<Payload>(&p)
            .map(|p| p.last_change)
            .map_err(|e| SearchError::Invalid(format!("commit payload unreadable: {e}")))
    }
}

/// The threads a search collects the index's segments with, shared by every
/// generation: one per core (up to `SEARCH_QUERY_THREADS_MAX`), so that a
/// broad search on an idle server uses them all.
fn search_executor() -> Executor {
    static EXECUTOR: OnceLock<Executor> = OnceLock::new();
    EXECUTOR
        .get_or_init(|| {
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, SEARCH_QUERY_THREADS_MAX);
            if cores == 1 {
                return Executor::single_thread();
            }
            Executor::multi_thread(cores, "jonction-search-").unwrap_or_else(|e| {
                tracing::warn!(error = %e, "no threads for searches: each search reads the segments one by one");
                Executor::single_thread()
            })
        })
        .clone()
}

/// The live index, shared by searches and the indexer. Cheap to clone.
#[derive(Clone)]
pub struct SearchIndex {
    root: Arc<Path>,
    current: Arc<RwLock<Arc<Generation>>>,
    /// The last change-log row searches see (the page cache keys search pages on it).
    applied: Arc<AtomicI64>,
    /// When the indexer last finished a pass over the change log (unix
    /// seconds): what `/healthz` calls the index being live.
    passed_at: Arc<AtomicI64>,
}

fn read_current(root: &Path) -> Result<String, SearchError> {
    let name = std::fs::read_to_string(root.join(CURRENT))?.trim().to_string();
    // Only a directory name of our own making, never a path.
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(SearchError::Invalid(format!("{CURRENT} names no generation")));
    }
    Ok(name)
}

/// Points `CURRENT` at `name`: written beside and renamed, so a reader sees
/// the old name or the new one, never half of it.
pub(crate) fn set_current(root: &Path, name: &str) -> Result<(), SearchError> {
    let tmp = root.join(format!("{CURRENT}.tmp"));
    std::fs::write(&tmp, format!("{name}\n"))?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, root.join(CURRENT))?;
    std::fs::File::open(root)?.sync_all()?;
    Ok(())
}

impl SearchIndex {
    /// Opens the live index under `data_dir`, or rebuilds it from the database
    /// when it is missing, unreadable or of another schema (logged, not fatal).
    pub async fn open(db: &crate::store::Db, data_dir: &Path) -> Result<SearchIndex, SearchError> {
        let root = search_dir(data_dir);
        std::fs::create_dir_all(&root)?;
        let named = read_current(&root);
        let last_in_db = crate::store::change_log::last_id(db).await?;
        let opened = match &named {
            Ok(name) => Generation::open(&root, name).and_then(|(g, last)| {
                // An index ahead of the database belongs to another copy of it (a
                // restored backup): its position means nothing here.
                if last > last_in_db {
                    Err(SearchError::Invalid(format!("it has change {last}, the database only {last_in_db}")))
                } else {
                    Ok((g, last))
                }
            }),
            Err(e) => Err(SearchError::Invalid(e.to_string())),
        };
        let generation = match opened {
            Ok((g, last)) => (g, last),
            Err(e) => {
                let missing = matches!(&named, Err(SearchError::Io(io)) if io.kind() == std::io::ErrorKind::NotFound);
                if missing {
                    tracing::info!("no search index yet in {}: building it from the database", root.display());
                } else {
                    tracing::warn!(error = %e, "search index in {} unusable: rebuilding it from the database", root.display());
                }
                let started = std::time::Instant::now();
                let Rebuilt { name, threads, posts } = rebuild(db, &root).await?;
                set_current(&root, &name)?;
                tracing::info!(threads, posts, elapsed_ms = started.elapsed().as_millis() as u64, "search index built");
                // The unusable generation goes (nothing can write to what cannot be opened).
                if let Ok(old) = &named {
                    let _ = std::fs::remove_dir_all(root.join(old));
                }
                Generation::open(&root, &name)?
            }
        };
        let (generation, last) = generation;
        remove_other_generations(&root, &generation.name);
        Ok(SearchIndex {
            root: root.into(),
            current: Arc::new(RwLock::new(Arc::new(generation))),
            applied: Arc::new(AtomicI64::new(last)),
            passed_at: Arc::new(AtomicI64::new(crate::store::now())),
        })
    }

    /// The indexer finished a pass: the index holds every change it could read.
    pub fn record_pass(&self) {
        self.passed_at.store(crate::store::now(), Ordering::Relaxed);
    }

    /// Tests: as if the indexer had last finished a pass `seconds` ago.
    #[doc(hidden)]
    pub fn pretend_last_pass(&self, seconds: i64) {
        self.passed_at.store(crate::store::now() - seconds, Ordering::Relaxed);
    }

    /// Seconds since the indexer last finished a pass (or the index was opened).
    pub fn seconds_since_pass(&self) -> i64 {
        crate::store::now() - self.passed_at.load(Ordering::Relaxed)
    }

    pub(crate) fn current(&self) -> Arc<Generation> {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The last change-log row that searches see.
    pub fn applied_change(&self) -> i64 {
        self.applied.load(Ordering::Acquire)
    }

    /// Called once the reader sees the index up to `change`.
    pub(crate) fn set_applied_change(&self, change: i64) {
        self.applied.store(change, Ordering::Release);
    }

    /// If `CURRENT` names another generation (a `reindex` finished), opens it
    /// and makes it live; returns the generation it replaced.
    pub(crate) fn follow_current(&self) -> Result<Option<Arc<Generation>>, SearchError> {
        let name = read_current(&self.root)?;
        if name == self.current().name {
            return Ok(None);
        }
        let (generation, _) = Generation::open(&self.root, &name)?;
        tracing::info!(generation = %name, "search index rebuilt by reindex: switching to it");
        let mut slot = self.current.write().unwrap_or_else(|e| e.into_inner());
        Ok(Some(std::mem::replace(&mut *slot, Arc::new(generation))))
    }

    /// Every thread as the index holds it (for tests and checks), in id order.
    pub fn documents(&self) -> Result<Vec<ThreadText>, SearchError> {
        searcher::documents(&self.current())
    }
}

/// Removes generations other than `keep` that nobody writes to (a writer
/// holds tantivy's lock file: a reindex in progress is left alone).
pub(crate) fn remove_other_generations(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !path.is_dir() || name == keep {
            continue;
        }
        let idle = match Index::open_in_dir(&path) {
            Ok(index) => index.writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000).is_ok(),
            // Half-written and abandoned, or not an index: nothing to keep.
            Err(_) => entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t.elapsed().is_ok_and(|d| d.as_secs() > 3600)),
        };
        if idle {
            match std::fs::remove_dir_all(&path) {
                Ok(()) => tracing::info!(generation = %name, "old search index removed"),
                Err(e) => tracing::warn!(error = %e, generation = %name, "old search index could not be removed"),
            }
        }
    }
}

/// `jonction reindex`: a new generation built from the database, made live,
/// and the old one removed unless a running server still writes to it (it
/// removes it itself once it has switched).
pub async fn reindex(db: &crate::store::Db, data_dir: &Path) -> Result<Rebuilt, SearchError> {
    let root = search_dir(data_dir);
    let rebuilt = rebuild(db, &root).await?;
    set_current(&root, &rebuilt.name)?;
    remove_other_generations(&root, &rebuilt.name);
    Ok(rebuilt)
}

#[cfg(test)]
mod tests;
