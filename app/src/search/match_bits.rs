//! What a search of words alone, or of tags alone, matches, as one bitset per
//! segment, without walking its matches.
//!
//! A search of words alone is a union of terms (`query::union_terms`): the
//! threads it matches are those holding any of its terms, less the deleted
//! ones. A search of tags and statuses alone (`query::tag_filters`) is an
//! intersection of such unions, of facet terms.
//! Collecting them for the total and the facets went through every match,
//! about a fifth of the search when `geoserver` matched 62 113 of 100 000
//! threads. A segment's postings never change once written (only its
//! deletions do, each with its opstamp), so a term common enough that one bit
//! a thread is smaller than its list (more than a sixty-fourth of the
//! segment) is read once into a bitset and kept; a rarer term's few postings
//! are read each time. The union then costs a word per 64 threads and per
//! common term, however many threads match. The bitsets are kept for the
//! segments the live reader uses and dropped with those a merge replaces.

use super::SearchError;
use super::facet_table::{set_bit, words_for};
use super::per_segment::{Kept, PerSegment};
use crate::domain::limits::SEARCH_KEPT_TERMS_PER_SEGMENT;
use std::sync::{Arc, Mutex};
use tantivy::index::InvertedIndexReader;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, SegmentReader, TERMINATED, Term};

#[derive(Default)]
pub(crate) struct MatchBits {
    segments: PerSegment<SegmentBits>,
}

/// One segment's kept bitsets.
#[derive(Default)]
struct SegmentBits {
    /// The documents holding each common term, deleted ones included.
    terms: Kept<Term, [u64]>,
    /// The live documents, as of a delete opstamp.
    alive: Mutex<Option<(u64, Arc<[u64]>)>>,
}

impl MatchBits {
    /// By segment ordinal of `searcher`, its live documents that hold a term
    /// of each of `groups` (any of them when there is one group), one bit each.
    pub fn all_of(&self, searcher: &Searcher, groups: &[Vec<Term>]) -> Result<Vec<Vec<u64>>, SearchError> {
        let segments = self.segments.of(searcher, |_| Ok(SegmentBits::default()))?;
        searcher.segment_readers().iter().zip(segments).map(|(reader, bits)| bits.all_of(reader, groups)).collect()
    }

    /// By segment ordinal of `searcher`: the documents holding any of
    /// `terms`, deleted ones included (they never change in a segment), and
    /// the live ones among them (`all_of` of one group).
    pub fn any_of(&self, searcher: &Searcher, terms: &[Term]) -> Result<Vec<Held>, SearchError> {
        let segments = self.segments.of(searcher, |_| Ok(SegmentBits::default()))?;
        let held = |(reader, bits): (&SegmentReader, Arc<SegmentBits>)| {
            let words = words_for(reader.max_doc());
            let held = bits.any(reader, terms, words)?;
            let mut live = held.clone();
            bits.keep_alive(reader, &mut live);
            Ok(Held { held, live })
        };
        searcher.segment_readers().iter().zip(segments).map(held).collect()
    }
}

/// What a union of terms matches in one segment (`MatchBits::any_of`).
pub(crate) struct Held {
    /// The documents holding any of the terms, deleted ones included.
    pub held: Vec<u64>,
    /// The live ones among them.
    pub live: Vec<u64>,
}

impl SegmentBits {
    fn all_of(&self, reader: &SegmentReader, groups: &[Vec<Term>]) -> Result<Vec<u64>, SearchError> {
        let words = words_for(reader.max_doc());
        let mut out: Option<Vec<u64>> = None;
        for terms in groups {
            let any = self.any(reader, terms, words)?;
            match out.as_mut() {
                None => out = Some(any),
                Some(out) => and_into(out, &any),
            }
        }
        let mut out = out.unwrap_or_else(|| vec![0u64; words]);
        self.keep_alive(reader, &mut out);
        Ok(out)
    }

    /// Clears the bits of `docs`' deleted documents.
    fn keep_alive(&self, reader: &SegmentReader, docs: &mut [u64]) {
        if let Some(alive) = self.alive(reader, docs.len()) {
            and_into(docs, &alive);
        }
    }

    /// The documents, deleted ones included, that hold any of `terms`.
    fn any(&self, reader: &SegmentReader, terms: &[Term], words: usize) -> Result<Vec<u64>, SearchError> {
        let mut out = vec![0u64; words];
        for term in terms {
            let inverted = reader.inverted_index(term.field())?;
            if inverted.doc_freq(term)? as usize > words {
                for (o, t) in out.iter_mut().zip(self.common(&inverted, term, words)?.iter()) {
                    *o |= t;
                }
            } else {
                set_postings(&inverted, term, &mut out)?;
            }
        }
        Ok(out)
    }

    /// A common term's bitset: kept, or read now and kept (all forgotten
    /// when the segment keeps `SEARCH_KEPT_TERMS_PER_SEGMENT` already).
    fn common(&self, inverted: &InvertedIndexReader, term: &Term, words: usize) -> Result<Arc<[u64]>, SearchError> {
        self.terms.get_or_make(term, SEARCH_KEPT_TERMS_PER_SEGMENT, || {
            let mut bits = vec![0u64; words];
            set_postings(inverted, term, &mut bits)?;
            Ok(bits.into())
        })
    }

    /// The live documents, when the segment has deleted ones.
    fn alive(&self, reader: &SegmentReader, words: usize) -> Option<Arc<[u64]>> {
        let (alive, opstamp) = (reader.alive_bitset()?, reader.delete_opstamp().unwrap_or(0));
        let mut slot = self.alive.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, bits)) = slot.as_ref().filter(|(at, _)| *at == opstamp) {
            return Some(bits.clone());
        }
        let mut bits = vec![0u64; words];
        for doc in alive.iter_alive() {
            set_bit(&mut bits, doc);
        }
        let bits: Arc<[u64]> = bits.into();
        *slot = Some((opstamp, bits.clone()));
        Some(bits)
    }
}

/// Sets the bit of every document holding `term`.
fn set_postings(inverted: &InvertedIndexReader, term: &Term, bits: &mut [u64]) -> Result<(), SearchError> {
    if let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? {
        let mut doc = postings.doc();
        while doc != TERMINATED {
            set_bit(bits, doc);
            doc = postings.advance();
        }
    }
    Ok(())
}

/// `out &= other`, word by word.
fn and_into(out: &mut [u64], other: &[u64]) {
    out.iter_mut().zip(other).for_each(|(o, a)| *o &= a);
}
