//! Applying the change log to the index, and rebuilding it from scratch.

use super::document::{self, ThreadText};
use super::{Generation, Payload, SearchError, SearchIndex, schema};
use crate::domain::limits::{
    SEARCH_CHANGES_PER_COMMIT, SEARCH_LOAD_BATCH_THREADS, SEARCH_REBUILD_HEAP_BYTES, SEARCH_REBUILD_THREADS_MAX, SEARCH_WRITER_HEAP_BYTES,
};
use crate::store::search_source::Selection;
use crate::store::{self, Db};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// The only writer of the live index (one per process; tantivy's lock file
/// makes a second one fail). Owned by the server's indexer loop.
pub struct Indexer {
    index: SearchIndex,
    generation: Arc<Generation>,
    writer: IndexWriter<TantivyDocument>,
    last: i64,
}

fn writer(generation: &Generation) -> Result<IndexWriter<TantivyDocument>, SearchError> {
    Ok(generation.index.writer_with_num_threads(1, SEARCH_WRITER_HEAP_BYTES)?)
}

impl Indexer {
    /// Takes the writer of the live generation and reads, from its last
    /// commit's payload, how far the change log was applied.
    pub fn new(index: &SearchIndex) -> Result<Indexer, SearchError> {
        let generation = index.current();
        let writer = writer(&generation)?;
        let last = generation.last_change()?;
        Ok(Indexer { index: index.clone(), generation, writer, last })
    }

    /// The last change-log id the index holds.
    pub fn last_applied(&self) -> i64 {
        self.last
    }

    /// Switches to a generation a `reindex` made live, then applies every
    /// pending change, committing every `SEARCH_CHANGES_PER_COMMIT`. Returns
    /// how many changes were applied.
    pub async fn apply_pending(&mut self, db: &Db) -> Result<usize, SearchError> {
        if let Some(old) = self.index.follow_current()? {
            self.generation = self.index.current();
            self.writer = writer(&self.generation)?;
            self.last = self.generation.last_change()?;
            self.index.set_applied_change(self.last);
            let root = self.index.root().to_path_buf();
            drop(old);
            super::remove_other_generations(&root, &self.generation.name);
        }
        let mut total = 0;
        loop {
            let n = self.apply_batch(db, SEARCH_CHANGES_PER_COMMIT, true).await?;
            total += n;
            if (n as i64) < SEARCH_CHANGES_PER_COMMIT {
                return Ok(total);
            }
        }
    }

    /// Applies up to `limit` changes after the last applied one. With
    /// `commit`, commits them with the new position as payload and makes them
    /// searchable; without (tests of a crash), leaves them uncommitted.
    pub async fn apply_batch(&mut self, db: &Db, limit: i64, commit: bool) -> Result<usize, SearchError> {
        let rows = store::change_log::after(db, self.last, limit).await?;
        let Some(last) = rows.last().map(|r| r.position) else { return Ok(0) };
        let mut threads = BTreeSet::new();
        for row in &rows {
            // Followers are not in the index.
            if store::change_log::ChangeKind::parse(&row.kind) == Some(store::change_log::ChangeKind::FollowersChanged) {
                continue;
            }
            threads.extend(row.thread_id);
            if let Some(tag) = row.tag_id {
                threads.extend(store::search_source::threads_with_tag(db, tag).await?);
            }
        }
        let ids: Vec<i64> = threads.into_iter().collect();
        let f = self.generation.fields;
        for chunk in ids.chunks(SEARCH_LOAD_BATCH_THREADS) {
            // Whatever the change, each thread's document is replaced by its state now.
            for id in chunk {
                self.writer.delete_term(Term::from_field_u64(f.thread_id, *id as u64));
            }
            for t in document::load_batch(db, Selection::Ids(chunk)).await? {
                self.writer.add_document(document::to_document(&f, &t))?;
            }
        }
        if commit {
            let mut prepared = self.writer.prepare_commit()?;
            prepared.set_payload(&Payload::encode(last));
            prepared.commit()?;
            self.generation.reader.reload()?;
            self.last = last;
            self.index.set_applied_change(last);
            tracing::debug!(changes = rows.len(), last_change = last, "search index updated");
        }
        Ok(rows.len())
    }
}

/// What a rebuild made.
#[derive(Clone, Debug)]
pub struct Rebuilt {
    /// The new generation's directory name.
    pub name: String,
    pub threads: usize,
    /// Posts indexed (deleted ones are not).
    pub posts: usize,
}

/// The next range of threads of a rebuild, read: its last id and the threads.
async fn next_range(db: Db, after: i64) -> Result<Option<(i64, Vec<ThreadText>)>, sqlx::Error> {
    let Some(upto) = store::search_source::range_end(&db, after, SEARCH_LOAD_BATCH_THREADS as i64).await? else {
        return Ok(None);
    };
    Ok(Some((upto, document::load_batch(&db, Selection::Range { after, upto }).await?)))
}

/// Threads the rebuild's writer indexes with: one per core, within bounds.
fn rebuild_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, SEARCH_REBUILD_THREADS_MAX)
}

/// Builds a new generation under `root` from the database; `CURRENT` is left
/// to the caller. The position recorded is the last change before the
/// threads were read: later changes are applied again on top, which is
/// harmless. Threads are read in ranges of ids, the next range while the
/// current one is being indexed.
pub async fn rebuild(db: &Db, root: &Path) -> Result<Rebuilt, SearchError> {
    std::fs::create_dir_all(root)?;
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    let name = format!("g{millis}-{}", std::process::id());
    let dir = root.join(&name);
    std::fs::create_dir(&dir)?;
    let (schema, fields) = schema::schema();
    let index = Index::create_in_dir(&dir, schema)?;
    schema::register_analyzers(&index);
    let mut writer: IndexWriter<TantivyDocument> = index.writer_with_num_threads(rebuild_threads(), SEARCH_REBUILD_HEAP_BYTES)?;
    let last = store::change_log::last_id(db).await?;
    let (mut threads, mut posts) = (0, 0);
    let mut loading = tokio::spawn(next_range(db.clone(), 0));
    loop {
        let batch = loading.await.map_err(|e| SearchError::Invalid(format!("reading threads: {e}")))??;
        let Some((upto, texts)) = batch else { break };
        loading = tokio::spawn(next_range(db.clone(), upto));
        for t in &texts {
            writer.add_document(document::to_document(&fields, t))?;
            posts += t.posts.len();
        }
        threads += texts.len();
    }
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&Payload::encode(last));
    prepared.commit()?;
    writer.wait_merging_threads()?;
    Ok(Rebuilt { name, threads, posts })
}
