//! Counting the facets of the threads a search matches, from plain arrays
//! read once per index segment.
//!
//! tantivy's `FacetCollector` reads each matching document's facets from the
//! compressed facet column (a bit-packed read, a rank in an optional index
//! and a mapping per value): about 100 ns a document, most of a broad
//! search's time when `geoserver` matches 60 000 threads. A segment never
//! changes once written, so its documents' facets are read into a table once
//! and counted from there at a few nanoseconds a document. The tables cost
//! about 20 bytes a thread and are kept for the segments the live reader
//! uses, dropped with the segments a merge replaces.

use super::SearchError;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

/// The facet roots a search counts, in the order it shows them.
pub(crate) const FACET_ROOTS: [&str; 4] = ["/solution", "/standard", "/status", "/year"];

/// The facet values of every document of one segment.
pub(crate) struct SegmentFacets {
    /// Document `d`'s values are `values[starts[d]..starts[d + 1]]`.
    starts: Vec<u32>,
    /// Indexes into `paths`.
    values: Vec<u32>,
    /// Each value's facet path, such as `/solution/geoserver`.
    paths: Vec<String>,
}

impl SegmentFacets {
    fn read(segment: &SegmentReader) -> Result<SegmentFacets, SearchError> {
        let column = segment.facet_reader("facets")?;
        // Per facet ordinal of the segment: its index in `paths`, or none
        // when it is under no counted root.
        let mut value_of_ord = Vec::with_capacity(column.num_facets());
        let mut paths = Vec::new();
        let mut facet = Facet::root();
        for ord in 0..column.num_facets() as u64 {
            column.facet_from_ord(ord, &mut facet)?;
            let path = facet.to_string();
            let counted = FACET_ROOTS.iter().any(|root| path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')));
            value_of_ord.push(counted.then(|| paths.len() as u32));
            if counted {
                paths.push(path);
            }
        }
        let mut starts = Vec::with_capacity(segment.max_doc() as usize + 1);
        let mut values = Vec::new();
        starts.push(0);
        let mut of_doc = Vec::new();
        for doc in 0..segment.max_doc() {
            // Once each, as tantivy counts a document once per facet.
            of_doc.clear();
            of_doc.extend(column.facet_ords(doc).filter_map(|ord| value_of_ord.get(ord as usize).copied().flatten()));
            of_doc.sort_unstable();
            of_doc.dedup();
            values.extend_from_slice(&of_doc);
            starts.push(u32::try_from(values.len()).map_err(|_| SearchError::Invalid("too many facet values in a segment".into()))?);
        }
        Ok(SegmentFacets { starts, values, paths })
    }

    fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => &self.values[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The tables of the segments the index's readers have used, by segment.
#[derive(Default)]
pub(crate) struct FacetTables {
    segments: Mutex<HashMap<SegmentId, Arc<SegmentFacets>>>,
}

impl FacetTables {
    /// A collector counting the facets of `searcher`'s matching documents:
    /// reads the tables of segments not seen yet, and forgets those of
    /// segments `searcher` no longer has.
    pub fn counter(&self, searcher: &Searcher) -> Result<FacetCounter, SearchError> {
        let mut kept = self.segments.lock().unwrap_or_else(|e| e.into_inner());
        let mut segments = Vec::with_capacity(searcher.segment_readers().len());
        for reader in searcher.segment_readers() {
            let id = reader.segment_id();
            let table = match kept.get(&id) {
                Some(table) => table.clone(),
                None => Arc::new(SegmentFacets::read(reader)?),
            };
            segments.push((id, table));
        }
        *kept = segments.iter().cloned().collect();
        Ok(FacetCounter { segments: segments.into_iter().map(|(_, t)| t).collect() })
    }
}

/// Counts, per facet path, the matching documents that have it.
pub(crate) struct FacetCounter {
    /// By segment ordinal, as the searcher numbers its segments.
    segments: Vec<Arc<SegmentFacets>>,
}

pub(crate) struct SegmentCounter {
    table: Arc<SegmentFacets>,
    counts: Vec<u64>,
}

impl Collector for FacetCounter {
    type Fruit = Vec<(String, u64)>;
    type Child = SegmentCounter;

    fn for_segment(&self, ordinal: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let table = self.segments.get(ordinal as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no facet table for segment {ordinal}"))
        })?;
        let counts = vec![0; table.paths.len()];
        Ok(SegmentCounter { table, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    /// Each root's paths and their counts, in `FACET_ROOTS` order, then by path.
    fn merge_fruits(&self, fruits: Vec<Vec<(String, u64)>>) -> tantivy::Result<Vec<(String, u64)>> {
        let mut total: BTreeMap<String, u64> = BTreeMap::new();
        for (path, n) in fruits.into_iter().flatten() {
            *total.entry(path).or_default() += n;
        }
        let mut out = Vec::with_capacity(total.len());
        for root in FACET_ROOTS {
            let under = format!("{root}/");
            out.extend(total.range(under.clone()..).take_while(|(p, _)| p.starts_with(&under)).map(|(p, n)| (p.clone(), *n)));
        }
        Ok(out)
    }
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Vec<(String, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for &value in self.table.of(doc) {
            self.counts[value as usize] += 1;
        }
    }

    fn harvest(self) -> Vec<(String, u64)> {
        let SegmentCounter { table, counts } = self;
        counts.into_iter().zip(&table.paths).filter(|(n, _)| *n > 0).map(|(n, p)| (p.clone(), n)).collect()
    }
}
