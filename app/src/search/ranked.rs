//! The best threads of a search for one word, read from a short list kept per
//! index segment instead of walking the word's postings.
//!
//! Block-max WAND still walks a common word's postings: ranking `geoserver`
//! on 100 000 threads took 575 µs, in proportion to its 60 000 matches
//! (issue 10). A segment never changes once written, so for a word that
//! matches many of its threads the segment keeps, the first time the word is
//! searched, its `SEARCH_RANKED_KEPT` best threads and the score that every
//! other one stays under, both with the statistics of that time. A search
//! then scores the first of them again, as many as its page holds, exactly,
//! with the statistics of now.
//!
//! BM25's statistics move with every commit: a term's idf, a field's average
//! length. They can raise a score by at most a factor that follows from how
//! they moved (`drift`), so a list is trusted only when what it left out,
//! raised by that factor, stays under the page's last score; otherwise more
//! of it is scored. When a list runs out, for a page beyond the lists, and on
//! a forum too small for any, the search walks as before: the results are
//! the same either way (`tests::ranked`).

use super::SearchError;
use super::per_segment::{Kept, PerSegment};
use super::query::union_terms;
use crate::domain::limits::{SEARCH_RANKED_KEPT, SEARCH_RANKED_MIN_MATCHES, SEARCH_RANKED_WORDS_MAX};
use std::sync::Arc;
use tantivy::query::{BooleanQuery, EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

/// The lists of the segments the index's readers have used.
pub(crate) struct RankedLists {
    segments: PerSegment<SegmentLists>,
    /// Threads a list keeps.
    kept: usize,
    /// Matches a segment needs for a list: fewer are scored one by one.
    min_matches: u64,
}

impl Default for RankedLists {
    fn default() -> Self {
        RankedLists::new(SEARCH_RANKED_KEPT, SEARCH_RANKED_MIN_MATCHES)
    }
}

/// One segment's lists, by the terms of their word (one per field searched).
type SegmentLists = Kept<Vec<Term>, RankedList>;

struct RankedList {
    /// The best live documents when the list was made, best first, with
    /// their scores then.
    best: Vec<(Score, DocId)>,
    /// What every other document of the segment scored at most, then; none
    /// when `best` holds every match.
    rest: Option<Score>,
    /// The statistics the list was ranked with, one per term.
    stats: Vec<TermStats>,
}

impl RankedList {
    /// What a document of the segment past the list's first `taken` may
    /// score now, when scores have risen by at most `drift`; none when the
    /// first `taken` are every match.
    fn ceiling(&self, taken: usize, drift: Score) -> Option<Score> {
        self.best.get(taken).map(|(score, _)| *score).or(self.rest).map(|score| score * drift)
    }
}

/// What BM25 weighs a term with, besides the document's own counts.
#[derive(Clone, Copy, Debug)]
pub(super) struct TermStats {
    idf: Score,
    average_length: Score,
}

impl TermStats {
    /// As tantivy's `Bm25Weight::for_terms` computes them for one term.
    pub(super) fn of(searcher: &Searcher, term: &Term) -> Result<TermStats, SearchError> {
        let docs: u64 = searcher.segment_readers().iter().map(|s| u64::from(s.max_doc())).sum();
        let mut tokens = 0u64;
        for segment in searcher.segment_readers() {
            tokens += segment.inverted_index(term.field())?.total_num_tokens();
        }
        let with_term = searcher.doc_freq(term)?.min(docs);
        let x = ((docs - with_term) as Score + 0.5) / (with_term as Score + 0.5);
        Ok(TermStats { idf: (1.0 + x).ln(), average_length: tokens as Score / docs.max(1) as Score })
    }
}

/// How much higher than when the list was ranked any document's score can be
/// now. A term's score is idf × f(tf, length / average length), f falling as
/// the ratio grows: it rises with the idf, and with the average length by at
/// most that average's own rise. A sum of such terms rises by at most the
/// largest factor of its terms. A margin covers the floats' rounding.
pub(super) fn drift(then: &[TermStats], now: &[TermStats]) -> Score {
    let factor = then
        .iter()
        .zip(now)
        .map(|(then, now)| (now.idf / then.idf) * (now.average_length / then.average_length).max(1.0))
        .fold(1.0, Score::max);
    if factor.is_finite() { factor * 1.001 } else { Score::INFINITY }
}

impl RankedLists {
    pub(crate) fn new(kept: usize, min_matches: u64) -> RankedLists {
        RankedLists { segments: PerSegment::default(), kept, min_matches }
    }

    /// The documents `offset..offset + limit` of `query` by relevance, when it
    /// is a union of terms (one word's, in each field it is searched in) and
    /// the lists can tell them; `None` when a walk must.
    pub(crate) fn page(&self, searcher: &Searcher, query: &dyn Query, offset: usize, limit: usize) -> Result<Option<Vec<DocAddress>>, SearchError> {
        let (Some(terms), Some(union)) = (union_terms(query), query.downcast_ref::<BooleanQuery>()) else { return Ok(None) };
        let wanted = offset + limit;
        if wanted > self.kept {
            return Ok(None);
        }
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        // One weight per term, in `terms`' order, to score a list's documents
        // term by term: seeking in the union's scorer cost more than ranking.
        let weights = union.clauses().iter().map(|(_, clause)| clause.weight(scoring)).collect::<tantivy::Result<Vec<_>>>()?;
        let now = terms.iter().map(|t| TermStats::of(searcher, t)).collect::<Result<Vec<_>, _>>()?;
        // Which segments have lists: none on a small forum, walked as before.
        let mut has_list = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let mut matches = 0u64;
            for term in &terms {
                matches += u64::from(segment.inverted_index(term.field())?.doc_freq(term)?);
            }
            has_list.push(matches >= self.min_matches);
        }
        if !has_list.contains(&true) {
            return Ok(None);
        }
        let whole = query.weight(scoring)?;
        let lists = self.segments.of(searcher, |_| Ok(SegmentLists::default()))?;
        // The segments with few matches, every match scored; the others'
        // lists, with how much their scores may have risen since.
        let mut walked: Vec<(Score, DocAddress)> = Vec::new();
        let mut listed: Vec<(u32, &SegmentReader, Arc<RankedList>, Score)> = Vec::new();
        for (ord, ((segment, lists), has_list)) in searcher.segment_readers().iter().zip(&lists).zip(has_list).enumerate() {
            let ord = ord as u32;
            if !has_list {
                every_match(&*whole, segment, &mut |doc, score| walked.push((score, DocAddress::new(ord, doc))))?;
            } else {
                let list = lists.get_or_make(terms.as_slice(), SEARCH_RANKED_WORDS_MAX, || Ok(Arc::new(self.make(&*whole, segment, now.clone())?)))?;
                let drift = drift(&list.stats, &now);
                listed.push((ord, segment, list, drift));
            }
        }
        // Each list's first `wanted` scored again; more of those whose
        // ceiling reaches the page's last score, until none does.
        let mut taken = vec![wanted; listed.len()];
        loop {
            let mut scored = walked.clone();
            for ((ord, segment, list, _), &taken) in listed.iter().zip(&taken) {
                let mut docs: Vec<DocId> = list.best.iter().take(taken).map(|(_, d)| *d).collect();
                docs.retain(|&d| segment.alive_bitset().is_none_or(|a| a.is_alive(d)));
                docs.sort_unstable();
                let scores = scores_of(&weights, segment, &docs)?;
                scored.extend(docs.iter().zip(scores).map(|(&doc, score)| (score, DocAddress::new(*ord, doc))));
            }
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            // A document past what was scored must stay under the page's last score.
            let last = scored.get(wanted - 1).map_or(Score::NEG_INFINITY, |(score, _)| *score);
            let mut settled = true;
            for ((_, _, list, drift), taken) in listed.iter().zip(taken.iter_mut()) {
                match list.ceiling(*taken, *drift) {
                    Some(ceiling) if ceiling >= last => {
                        if *taken >= list.best.len() {
                            return Ok(None);
                        }
                        *taken = (*taken * 2).min(list.best.len());
                        settled = false;
                    }
                    _ => {}
                }
            }
            if settled {
                return Ok(Some(scored.into_iter().skip(offset).take(limit).map(|(_, a)| a).collect()));
            }
        }
    }

    /// A segment's list for `weight`'s word: every match scored once, the
    /// best `kept` of the live ones kept.
    fn make(&self, weight: &dyn Weight, segment: &SegmentReader, stats: Vec<TermStats>) -> Result<RankedList, SearchError> {
        let mut best: Vec<(Score, DocId)> = Vec::new();
        every_match(weight, segment, &mut |doc, score| best.push((score, doc)))?;
        let better = |a: &(Score, DocId), b: &(Score, DocId)| b.0.total_cmp(&a.0);
        let mut rest = None;
        if best.len() > self.kept {
            // The `kept` best before the place `kept`, the best of the others at it.
            best.select_nth_unstable_by(self.kept, better);
            rest = Some(best[self.kept].0);
            best.truncate(self.kept);
        }
        best.sort_unstable_by(better);
        Ok(RankedList { best, rest, stats })
    }
}

/// Every live match of `weight` in `segment`, with its score.
fn every_match(weight: &dyn Weight, segment: &SegmentReader, found: &mut dyn FnMut(DocId, Score)) -> Result<(), SearchError> {
    let alive = segment.alive_bitset();
    weight.for_each(segment, &mut |doc, score| {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            found(doc, score);
        }
    })?;
    Ok(())
}

/// The scores of `docs` (ascending), summed term by term as the union sums them.
fn scores_of(weights: &[Box<dyn Weight>], segment: &SegmentReader, docs: &[DocId]) -> Result<Vec<Score>, SearchError> {
    let mut scores = vec![0.0; docs.len()];
    for weight in weights {
        let mut scorer = weight.scorer(segment, 1.0)?;
        for (doc, score) in docs.iter().zip(scores.iter_mut()) {
            if scorer.doc() < *doc {
                scorer.seek(*doc);
            }
            if scorer.doc() == TERMINATED {
                break;
            }
            if scorer.doc() == *doc {
                *score += scorer.score();
            }
        }
    }
    Ok(scores)
}
