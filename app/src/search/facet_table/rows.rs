//! Kept rows: a segment's counts of every value among the documents of one
//! selection, deleted ones included, made once and kept with the segment.
//!
//! Counting a broad search's matches reads a word per 64 documents and per
//! value (`count_by_column`): about 80 µs when `geoserver` matches 62 113 of
//! 100 000 threads, and it grows with the forum. But what the search selects
//! never changes in a segment, only which of its documents are deleted. So
//! the counts of the documents it selects, deleted ones included, are kept;
//! a search then subtracts the documents of the selection that are deleted
//! since, read one by one (a segment has few: a merge purges them).

use super::{Column, SegmentFacets};
use crate::domain::limits::SEARCH_FACET_WORD_ROWS_MAX;
use crate::search::per_segment::Kept;
use std::sync::Arc;
use tantivy::{DocId, Term};

/// What a search's matches are, when a kept row may count them.
pub(crate) enum Selection<'a> {
    /// Anything: the matches are counted themselves.
    Matches,
    /// The live documents having this facet value (`solution:geoserver` alone).
    Value(&'a str),
    /// The live documents among `held` (by segment ordinal): those holding
    /// any of these terms, deleted ones included (a search of words alone,
    /// `match_bits::MatchBits::any_of`).
    Words(&'a [Term], &'a [Vec<u64>]),
}

/// One segment's kept rows.
#[derive(Default)]
pub(super) struct Rows {
    /// By value: counted the first time a search of that value alone asks
    /// (a facet's link). Every value of the segment may have its row.
    values: Kept<u32, Vec<u64>>,
    /// By the terms of a search of words alone, when it matches too many
    /// documents to count them one by one.
    words: Kept<Vec<Term>, Vec<u64>>,
}

impl SegmentFacets {
    /// The counts of `matched` (`matches` documents, those of segment
    /// `ordinal` that `selection` names) from a kept row; `None` when no row
    /// serves (then they are counted).
    pub(super) fn count_selected(&self, selection: &Selection, ordinal: usize, matched: &[u64], matches: usize) -> Option<Vec<u64>> {
        match selection {
            Selection::Matches => None,
            Selection::Value(path) => self.count_of_value(path, matched),
            Selection::Words(terms, held) => self.count_of_words(terms, held.get(ordinal)?, matched, matches),
        }
    }

    /// When `matched` holds the live documents having the value `path`: that
    /// value's row, less the documents it counts that are deleted. A row
    /// costs what one count by column does, once; a search of one facet alone
    /// then reads no column. `None` when the value is rare here (no bitset)
    /// or absent.
    fn count_of_value(&self, path: &str, matched: &[u64]) -> Option<Vec<u64>> {
        let value = self.paths.iter().position(|p| p == path)? as u32;
        let Column::Bits(having) = &self.columns[value as usize] else { return None };
        let row = self.rows.values.get_or_make(&value, usize::MAX, || Ok(Arc::new(self.count_by_column(having)))).ok()?;
        Some(self.less_deleted(&row, having, matched))
    }

    /// When `matched` holds the live documents among `held`, those holding
    /// any of `terms`: the row of those terms, less the documents it counts
    /// that are deleted. `None` when so few match that counting them one by
    /// one costs less.
    fn count_of_words(&self, terms: &[Term], held: &[u64], matched: &[u64], matches: usize) -> Option<Vec<u64>> {
        if self.cheaper_one_by_one(matches) {
            return None;
        }
        let row = self.rows.words.get_or_make(terms, SEARCH_FACET_WORD_ROWS_MAX, || Ok(Arc::new(self.count_by_column(held)))).ok()?;
        Some(self.less_deleted(&row, held, matched))
    }

    /// `row`, the counts of the documents of `all`, less those of the
    /// documents of `all` that `live` does not hold.
    fn less_deleted(&self, row: &[u64], all: &[u64], live: &[u64]) -> Vec<u64> {
        let mut counts = row.to_vec();
        for (i, (&has, &live)) in all.iter().zip(live).enumerate() {
            let mut deleted = has & !live;
            while deleted != 0 {
                let doc = (i * 64) as DocId + deleted.trailing_zeros();
                deleted &= deleted - 1;
                for &v in self.of(doc) {
                    counts[v as usize] = counts[v as usize].saturating_sub(1);
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::table;
    use super::super::{Column, words_for};
    use super::Selection;
    use tantivy::Term;
    use tantivy::schema::Field;

    /// Deletes `docs` from `live`.
    fn delete(live: &mut [u64], docs: &[usize]) {
        for &d in docs {
            live[d / 64] &= !(1 << (d % 64));
        }
    }

    /// A search of one value alone counts from that value's kept row, less
    /// its deleted documents: as counting the live ones by column does,
    /// before and after more are deleted.
    #[test]
    fn one_value_alone_is_counted_from_its_row_less_its_deleted_documents() {
        let t = table();
        let Column::Bits(having) = &t.columns[2] else { panic!("value 2 is in every third document: a bitset") };
        let mut live = having.clone();
        for deleted in [[].as_slice(), &[3, 999], &[0, 600, 601, 602, 603]] {
            delete(&mut live, deleted);
            assert_eq!(t.count_of_value("/solution/s2", &live), Some(t.count_by_column(&live)), "{deleted:?} deleted");
        }
        assert_eq!(t.rows.values.len(), 1, "one row kept");
        assert_eq!(t.count_of_value("/solution/s99", &live), None, "a rare value has no bitset");
        assert_eq!(t.count_of_value("/solution/nowhere", &live), None);
    }

    /// A search of words alone that matches many documents counts from the
    /// row of its terms, less the documents deleted since: as counting the
    /// live ones does, before and after more are deleted. Another search has
    /// its own row; one that matches few documents keeps none.
    #[test]
    fn words_alone_are_counted_from_their_row_less_the_deleted_documents() {
        let t = table();
        let terms = [Term::from_field_text(Field::from_field_id(1), "geoserv")];
        // The documents holding the terms: every odd one, and a few others.
        let mut held = vec![0u64; words_for(1_000)];
        for d in (1..1_000).step_by(2).chain([0, 10, 998]) {
            held[d / 64] |= 1 << (d % 64);
        }
        let mut live = held.clone();
        let count = |live: &[u64]| {
            let matches = live.iter().map(|w| w.count_ones() as usize).sum();
            t.count_selected(&Selection::Words(&terms, std::slice::from_ref(&held)), 0, live, matches)
        };
        for deleted in [[].as_slice(), &[1, 999], &[0, 10, 601, 603, 605]] {
            delete(&mut live, deleted);
            assert_eq!(count(&live), Some(t.count_each(&live)), "{deleted:?} deleted");
        }
        assert_eq!(t.rows.words.len(), 1, "one row kept for the terms");
        let other = [Term::from_field_text(Field::from_field_id(1), "wfs")];
        let few: Vec<u64> = (0..words_for(1_000)).map(|i| u64::from(i == 0)).collect();
        assert_eq!(t.count_selected(&Selection::Words(&other, std::slice::from_ref(&few)), 0, &few, 1), None, "one match: counted");
        assert_eq!(t.rows.words.len(), 1, "no row for a search of one match");
    }
}
