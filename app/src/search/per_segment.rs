//! What the search keeps per index segment, computed once: a segment's
//! documents never change once written, so what is read from them holds
//! until a merge replaces the segment.

use super::SearchError;
use std::collections::HashMap;
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
