//! Counting the facets of the threads a search matches, from plain arrays
//! read once per index segment.
//!
//! tantivy's `FacetCollector` reads each matching document's facets from the
//! compressed facet column (a bit-packed read, a rank in an optional index
//! and a mapping per value): about 100 ns a document, most of a broad
//! search's time when `geoserver` matches 60 000 threads. A segment never
//! changes once written, so its facets are read once, both ways:
//! - each document's values (about 20 bytes a thread), to count a few
//!   matches one by one;
//! - each value's documents, as a bitset when it has many (one bit a thread:
//!   at most 12.5 KB a value for 100 000 threads), to count many matches at
//!   once: a broad search then reads a word per 64 threads and per value,
//!   however many threads it matches.
//!
//! The tables are kept for the segments the live reader uses and dropped with
//! the segments a merge replaces.

use super::SearchError;
use super::per_segment::PerSegment;
use rows::Rows;
use rustc_hash::FxHashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

mod rows;

pub(crate) use rows::Selection;

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
    /// Each value's documents, by index into `paths`.
    columns: Vec<Column>,
    /// What counting every column against a set of matches costs, in words
    /// read: beyond it, counting the matches one by one costs more.
    columns_cost: usize,
    /// Counts of every value among the documents having one value, or
    /// holding one search's words, deleted ones included (`rows`).
    rows: Rows,
}

/// The documents that have one facet value: whichever is cheaper to count
/// against a bitset of matches.
enum Column {
    Bits(Vec<u64>),
    Docs(Vec<u32>),
}

impl Column {
    /// Each value's column from its documents, and their cost together.
    fn each(docs_of: Vec<Vec<u32>>, max_doc: u32) -> (Vec<Column>, usize) {
        let words = words_for(max_doc);
        let columns: Vec<Column> = docs_of
            .into_iter()
            .map(|docs| {
                if docs.len() <= words {
                    return Column::Docs(docs);
                }
                let mut bits = vec![0u64; words];
                for d in docs {
                    bits[d as usize / 64] |= 1 << (d % 64);
                }
                Column::Bits(bits)
            })
            .collect();
        let cost = columns.iter().map(Column::cost).sum();
        (columns, cost)
    }

    fn cost(&self) -> usize {
        match self {
            Column::Bits(words) => words.len(),
            Column::Docs(docs) => docs.len(),
        }
    }

    /// How many of these documents `matched` holds.
    fn count_in(&self, matched: &[u64]) -> u64 {
        match self {
            Column::Bits(words) => words.iter().zip(matched).map(|(a, b)| u64::from((a & b).count_ones())).sum(),
            Column::Docs(docs) => docs.iter().filter(|&&d| bit(matched, d)).count() as u64,
        }
    }
}

pub(crate) fn words_for(max_doc: u32) -> usize {
    (max_doc as usize).div_ceil(64)
}

pub(crate) fn bit(words: &[u64], doc: DocId) -> bool {
    words.get(doc as usize / 64).is_some_and(|w| w & (1 << (doc % 64)) != 0)
}

/// Sets `doc`'s bit; whether `words` has room for it.
pub(crate) fn set_bit(words: &mut [u64], doc: DocId) -> bool {
    words.get_mut(doc as usize / 64).map(|w| *w |= 1 << (doc % 64)).is_some()
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
        // Both ways at once: each document's values, each value's documents.
        let mut docs_of: Vec<Vec<u32>> = vec![Vec::new(); paths.len()];
        for doc in 0..segment.max_doc() {
            // Once each, as tantivy counts a document once per facet.
            of_doc.clear();
            of_doc.extend(column.facet_ords(doc).filter_map(|ord| value_of_ord.get(ord as usize).copied().flatten()));
            of_doc.sort_unstable();
            of_doc.dedup();
            for &value in &of_doc {
                docs_of[value as usize].push(doc);
            }
            values.extend_from_slice(&of_doc);
            starts.push(u32::try_from(values.len()).map_err(|_| SearchError::Invalid("too many facet values in a segment".into()))?);
        }
        let (columns, columns_cost) = Column::each(docs_of, segment.max_doc());
        Ok(SegmentFacets { starts, values, paths, columns, columns_cost, rows: Rows::default() })
    }

    fn of(&self, doc: DocId) -> &[u32] {
        let doc = doc as usize;
        match (self.starts.get(doc), self.starts.get(doc + 1)) {
            (Some(&from), Some(&to)) => &self.values[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The tables of the segments the index's readers have used.
#[derive(Default)]
pub(crate) struct FacetTables {
    segments: PerSegment<SegmentFacets>,
}

impl FacetTables {
    /// A collector counting the facets of `searcher`'s matching documents,
    /// from each segment's table (read the first time the segment is seen).
    pub fn counter(&self, searcher: &Searcher) -> Result<FacetCounter, SearchError> {
        Ok(FacetCounter { segments: self.segments.of(searcher, SegmentFacets::read)? })
    }
}

/// Counts, per facet path, the matching documents that have it.
pub(crate) struct FacetCounter {
    /// By segment ordinal, as the searcher numbers its segments.
    segments: Vec<Arc<SegmentFacets>>,
}

pub(crate) struct SegmentCounter {
    table: Arc<SegmentFacets>,
    /// The matching documents, one bit each.
    matched: Vec<u64>,
    matches: usize,
}

impl FacetCounter {
    /// The total and the facets of matches already gathered, one bitset per
    /// segment by ordinal (`match_bits`), as the collector would count them.
    /// `selection`: what the matches are, when a kept row may count them.
    pub fn count_bits(&self, matched: &[Vec<u64>], selection: Selection) -> Result<(u64, Vec<(String, u64)>), SearchError> {
        let mut total = 0;
        let mut counts = Vec::with_capacity(matched.len());
        for (ordinal, (table, matched)) in self.segments.iter().zip(matched).enumerate() {
            let matches = matched.iter().map(|w| w.count_ones() as usize).sum();
            total += matches as u64;
            counts.push(table.count_selected(&selection, ordinal, matched, matches).unwrap_or_else(|| table.count(matched, matches)));
        }
        Ok((total, merged(self.segments.iter().zip(&counts).flat_map(|(table, counts)| table.named(counts)))))
    }
}

impl Collector for FacetCounter {
    type Fruit = Vec<(String, u64)>;
    type Child = SegmentCounter;

    fn for_segment(&self, ordinal: SegmentOrdinal, segment: &SegmentReader) -> tantivy::Result<SegmentCounter> {
        let table = self.segments.get(ordinal as usize).cloned().ok_or_else(|| {
            tantivy::TantivyError::InternalError(format!("no facet table for segment {ordinal}"))
        })?;
        let matched = vec![0; words_for(segment.max_doc())];
        Ok(SegmentCounter { table, matched, matches: 0 })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(String, u64)>>) -> tantivy::Result<Vec<(String, u64)>> {
        Ok(merged(fruits.iter().flatten().map(|(path, n)| (path.as_str(), *n))))
    }
}

/// The segments' counts summed by path: each root's paths, in `FACET_ROOTS`
/// order, then by path. The paths are borrowed until then, and copied once.
/// Hashed with FxHash: the paths are the index's own (tags, statuses,
/// years), a hundred a segment, and SipHash was most of a large forum's
/// merge of four segments.
fn merged<'a>(counts: impl Iterator<Item = (&'a str, u64)>) -> Vec<(String, u64)> {
    let mut total: FxHashMap<&str, u64> = FxHashMap::default();
    for (path, n) in counts {
        *total.entry(path).or_default() += n;
    }
    let root_of = |path: &str| FACET_ROOTS.iter().position(|root| path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/')));
    let mut out: Vec<(usize, &str, u64)> = total.into_iter().filter_map(|(path, n)| Some((root_of(path)?, path, n))).collect();
    out.sort_unstable();
    out.into_iter().map(|(_, path, n)| (path.to_string(), n)).collect()
}

impl SegmentCollector for SegmentCounter {
    type Fruit = Vec<(String, u64)>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if set_bit(&mut self.matched, doc) {
            self.matches += 1;
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for &doc in docs {
            self.collect(doc, 0.0);
        }
    }

    fn harvest(self) -> Vec<(String, u64)> {
        let counts = self.table.count(&self.matched, self.matches);
        self.table.named(&counts).map(|(path, n)| (path.to_string(), n)).collect()
    }
}

impl SegmentFacets {
    /// Per value, how many of the `matches` documents of `matched` have it:
    /// one by one while they are few, column by column beyond.
    fn count(&self, matched: &[u64], matches: usize) -> Vec<u64> {
        if self.cheaper_one_by_one(matches) { self.count_each(matched) } else { self.count_by_column(matched) }
    }

    /// Whether `matches` documents cost less counted one by one than by column.
    fn cheaper_one_by_one(&self, matches: usize) -> bool {
        let values_per_doc = self.values.len().div_ceil(self.starts.len().max(1)).max(1);
        matches * values_per_doc <= self.columns_cost
    }

    /// Per value, how many `matched` documents have it, read document by document.
    fn count_each(&self, matched: &[u64]) -> Vec<u64> {
        let mut counts = vec![0u64; self.paths.len()];
        for (i, &word) in matched.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let doc = (i * 64) as DocId + rest.trailing_zeros();
                rest &= rest - 1;
                for &value in self.of(doc) {
                    counts[value as usize] += 1;
                }
            }
        }
        counts
    }

    /// The same, read value by value.
    fn count_by_column(&self, matched: &[u64]) -> Vec<u64> {
        self.columns.iter().map(|c| c.count_in(matched)).collect()
    }

    /// Counts by value as (path, count), those above zero.
    fn named<'a>(&'a self, counts: &'a [u64]) -> impl Iterator<Item = (&'a str, u64)> + 'a {
        counts.iter().zip(&self.paths).filter(|(n, _)| **n > 0).map(|(n, p)| (p.as_str(), *n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 000 documents; document `d` has value `v` when `d` is a multiple of
    /// `v + 1`: value 0 is in every document (a bitset), value 99 in ten (a list).
    pub(super) fn table() -> SegmentFacets {
        let (paths, max_doc) = (100u32, 1_000u32);
        let (mut starts, mut values) = (vec![0u32], Vec::new());
        let mut docs_of = vec![Vec::new(); paths as usize];
        for d in 0..max_doc {
            for v in (0..paths).filter(|v| d % (v + 1) == 0) {
                values.push(v);
                docs_of[v as usize].push(d);
            }
            starts.push(values.len() as u32);
        }
        let (columns, columns_cost) = Column::each(docs_of, max_doc);
        let paths = (0..paths).map(|v| format!("/solution/s{v}")).collect();
        SegmentFacets { starts, values, paths, columns, columns_cost, rows: Rows::default() }
    }

    #[test]
    fn counting_by_document_and_by_column_agree_with_a_plain_count() {
        let t = table();
        assert!(matches!(t.columns[0], Column::Bits(_)) && matches!(t.columns[99], Column::Docs(_)));
        for step in [1u32, 3, 7, 250, 999] {
            let mut matched = vec![0u64; words_for(1_000)];
            let chosen: Vec<u32> = (0..1_000).filter(|d| d % step == 1 % step).collect();
            chosen.iter().for_each(|&d| matched[d as usize / 64] |= 1 << (d % 64));
            let plain: Vec<u64> =
                (0..100u32).map(|v| chosen.iter().filter(|&&d| d % (v + 1) == 0).count() as u64).collect();
            assert_eq!(t.count_each(&matched), plain, "step {step}");
            assert_eq!(t.count_by_column(&matched), plain, "step {step}");
        }
    }
}
