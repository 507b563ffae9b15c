//! What the search keeps per index segment, computed once: a segment's
//! documents never change once written, so what is read from them holds
//! until a merge replaces the segment.

use super::SearchError;
use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

/// One `T` per segment the live reader uses, dropped with the segments a
/// merge replaces.
pub(crate) struct PerSegment<T> {
    kept: Mutex<HashMap<SegmentId, Arc<T>>>,
}

impl<T> Default for PerSegment<T> {
    fn default() -> Self {
        PerSegment { kept: Mutex::default() }
    }
}

impl<T> PerSegment<T> {
    /// The value of each of `searcher`'s segments, by segment ordinal: kept,
    /// or made now by `make` and kept. Those of segments `searcher` no
    /// longer has are forgotten.
    pub fn of(&self, searcher: &Searcher, make: impl Fn(&SegmentReader) -> Result<T, SearchError>) -> Result<Vec<Arc<T>>, SearchError> {
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let id = reader.segment_id();
            let value = match kept.get(&id) {
                Some(value) => value.clone(),
                None => Arc::new(make(reader)?),
            };
            segments.push((id, value));
        }
        *kept = segments.iter().cloned().collect();
        Ok(segments.into_iter().map(|(_, value)| value).collect())
    }
}

/// Values one segment keeps by key (a term's bitset, a word's best threads,
/// a facet value's row), made the first time they are asked for, at most
/// `max` of them: beyond, all are forgotten and made again as asked.
pub(crate) struct Kept<K, V: ?Sized> {
    kept: Mutex<HashMap<K, Arc<V>>>,
}

impl<K, V: ?Sized> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { kept: Mutex::default() }
    }
}

impl<K: Hash + Eq, V: ?Sized> Kept<K, V> {
    /// The value of `key`: kept, or made by `make` and kept. It is made
    /// outside the lock: another search of the segment need not wait.
    pub fn get_or_make<Q>(&self, key: &Q, max: usize, make: impl FnOnce() -> Result<Arc<V>, SearchError>) -> Result<Arc<V>, SearchError>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        if let Some(value) = self.lock().get(key) {
            return Ok(value.clone());
        }
        let value = make()?;
        let mut kept = self.lock();
        if kept.len() >= max {
            kept.clear();
        }
        kept.insert(key.to_owned(), value.clone());
        Ok(value)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Arc<V>>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
