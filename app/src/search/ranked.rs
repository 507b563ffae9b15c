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
use super::query::{WeightedTerm, weighted_union};
use crate::domain::limits::{SEARCH_RANKED_KEPT, SEARCH_RANKED_MIN_MATCHES, SEARCH_RANKED_WORDS_MAX};
use std::cell::OnceCell;
use std::sync::Arc;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::query::{Bm25Weight, EnableScoring, Query, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, Term};

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
    /// What BM25 reads of each of `best` for each term, in `best`'s order
    /// then the terms': the id of the field's length, and how many times the
    /// term occurs (0: not at all). A segment's documents never change, so a
    /// kept document is scored with the statistics of now from these alone,
    /// without reading its postings.
    lengths: Vec<u8>,
    occurrences: Vec<u32>,
}

impl RankedList {
    /// What a document of the segment past the list's first `taken` may
    /// score now, when scores have risen by at most `drift`; none when the
    /// first `taken` are every match.
    fn ceiling(&self, taken: usize, drift: Score) -> Option<Score> {
        self.best.get(taken).map(|(score, _)| *score).or(self.rest).map(|score| score * drift)
    }

    /// The score now of `best[i]`, summed term by term as the union sums them.
    fn score_now(&self, i: usize, weights: &[Bm25Weight]) -> Score {
        let at = i * weights.len()..(i + 1) * weights.len();
        let mut score = 0.0;
        for ((weight, &length), &occurrences) in weights.iter().zip(&self.lengths[at.clone()]).zip(&self.occurrences[at]) {
            if occurrences > 0 {
                score += weight.score(length, occurrences);
            }
        }
        score
    }
}

/// What BM25 weighs a term with, besides the document's own counts.
#[derive(Clone, Copy, Debug)]
pub(super) struct TermStats {
    idf: Score,
    average_length: Score,
}

impl TermStats {
    /// As tantivy's `Bm25Weight::for_terms` computes them for one term
    /// (`Now` reads them with the rest of a search's counts).
    #[cfg(test)]
    pub(super) fn of(searcher: &Searcher, term: &Term) -> Result<TermStats, SearchError> {
        let with_term = searcher.doc_freq(term)?;
        Ok(TermStats::from_counts(with_term, documents(searcher), tokens(searcher, term.field())?))
    }

    /// From the documents holding the term, all the documents, and the
    /// tokens of the term's field.
    fn from_counts(with_term: u64, docs: u64, tokens: u64) -> TermStats {
        let with_term = with_term.min(docs);
        let x = ((docs - with_term) as Score + 0.5) / (with_term as Score + 0.5);
        TermStats { idf: (1.0 + x).ln(), average_length: tokens as Score / docs.max(1) as Score }
    }
}

/// The documents of every segment, deleted ones included, as BM25 counts them.
fn documents(searcher: &Searcher) -> u64 {
    searcher.segment_readers().iter().map(|s| u64::from(s.max_doc())).sum()
}

/// The tokens of `field` in every segment, as BM25 counts them.
fn tokens(searcher: &Searcher, field: Field) -> Result<u64, SearchError> {
    let mut tokens = 0u64;
    for segment in searcher.segment_readers() {
        tokens += segment.inverted_index(field)?.total_num_tokens();
    }
    Ok(tokens)
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

/// A word's terms as a searcher sees them: how many documents of each
/// segment hold each term (read once: they make both the statistics and
/// which segments have lists), and each term's statistics and weight.
struct Now {
    /// By segment ordinal, then term.
    holding: Vec<Vec<u64>>,
    stats: Vec<TermStats>,
    /// Tantivy's `TermWeight` of each term, with its boost.
    weights: Vec<Bm25Weight>,
}

impl Now {
    fn of(searcher: &Searcher, terms: &[&WeightedTerm]) -> Result<Now, SearchError> {
        let mut holding = Vec::with_capacity(searcher.segment_readers().len());
        for segment in searcher.segment_readers() {
            let mut counts = Vec::with_capacity(terms.len());
            for t in terms {
                counts.push(u64::from(segment.inverted_index(t.term.field())?.doc_freq(&t.term)?));
            }
            holding.push(counts);
        }
        let docs = documents(searcher);
        let (mut stats, mut weights) = (Vec::with_capacity(terms.len()), Vec::with_capacity(terms.len()));
        for (i, t) in terms.iter().enumerate() {
            let with_term: u64 = holding.iter().map(|counts| counts[i]).sum();
            let tokens = tokens(searcher, t.term.field())?;
            stats.push(TermStats::from_counts(with_term, docs, tokens));
            // What `Bm25Weight::for_terms` makes of one term, boosted as `BoostWeight` passes it down.
            let average = tokens as Score / docs as Score;
            weights.push(Bm25Weight::for_one_term_without_explain(with_term, docs, average).boost_by(t.boost));
        }
        Ok(Now { holding, stats, weights })
    }
}

impl RankedLists {
    pub(crate) fn new(kept: usize, min_matches: u64) -> RankedLists {
        RankedLists { segments: PerSegment::default(), kept, min_matches }
    }

    /// The documents `offset..offset + limit` of `query` by relevance, when it
    /// is a union of terms (one word's, in each field it is searched in) and
    /// the lists can tell them; `None` when a walk must.
    pub(crate) fn page(&self, searcher: &Searcher, query: &dyn Query, offset: usize, limit: usize) -> Result<Option<Vec<DocAddress>>, SearchError> {
        let Some(terms) = weighted_union(query) else { return Ok(None) };
        let wanted = offset + limit;
        if wanted > self.kept {
            return Ok(None);
        }
        let now = Now::of(searcher, &terms)?;
        // Which segments have lists: none on a small forum, walked as before.
        let has_list: Vec<bool> = now.holding.iter().map(|counts| counts.iter().sum::<u64>() >= self.min_matches).collect();
        if !has_list.contains(&true) {
            return Ok(None);
        }
        let key: Vec<Term> = terms.iter().map(|t| t.term.clone()).collect();
        // The whole query's weight walks segments without lists and makes lists.
        // Made when first needed: a page from lists made before needs none.
        let kept_whole: OnceCell<Box<dyn Weight>> = OnceCell::new();
        let whole = || -> Result<&dyn Weight, SearchError> {
            if let Some(weight) = kept_whole.get() {
                return Ok(&**weight);
            }
            let weight: Box<dyn Weight> = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
            Ok(&**kept_whole.get_or_init(|| weight))
        };
        let lists = self.segments.of(searcher, |_| Ok(SegmentLists::default()))?;
        // The segments with few matches, every match scored; the others'
        // lists, with how much their scores may have risen since.
        let mut walked: Vec<(Score, DocAddress)> = Vec::new();
        let mut listed: Vec<(u32, &SegmentReader, Arc<RankedList>, Score)> = Vec::new();
        for (ord, ((segment, lists), has_list)) in searcher.segment_readers().iter().zip(&lists).zip(has_list).enumerate() {
            let ord = ord as u32;
            if !has_list {
                every_match(whole()?, segment, &mut |doc, score| walked.push((score, DocAddress::new(ord, doc))))?;
            } else {
                let make = || Ok(Arc::new(self.make(whole()?, segment, &key, now.stats.clone())?));
                let list = lists.get_or_make(key.as_slice(), SEARCH_RANKED_WORDS_MAX, make)?;
                let drift = drift(&list.stats, &now.stats);
                listed.push((ord, segment, list, drift));
            }
        }
        // Each list's first `wanted` scored again; more of those whose
        // ceiling reaches the page's last score, until none does.
        let mut taken = vec![wanted; listed.len()];
        loop {
            let mut scored = walked.clone();
            for ((ord, segment, list, _), &taken) in listed.iter().zip(&taken) {
                for (i, &(_, doc)) in list.best.iter().enumerate().take(taken) {
                    if segment.alive_bitset().is_none_or(|a| a.is_alive(doc)) {
                        scored.push((list.score_now(i, &now.weights), DocAddress::new(*ord, doc)));
                    }
                }
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

    /// A segment's list for `weight`'s word (`terms`): every match scored
    /// once, the best `kept` of the live ones kept with their counts.
    fn make(&self, weight: &dyn Weight, segment: &SegmentReader, terms: &[Term], stats: Vec<TermStats>) -> Result<RankedList, SearchError> {
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
        // Each term's postings read once, in document order, as its scorer reads them.
        let mut in_order: Vec<(DocId, usize)> = best.iter().enumerate().map(|(i, &(_, doc))| (doc, i)).collect();
        in_order.sort_unstable();
        let (mut lengths, mut occurrences) = (vec![0u8; best.len() * terms.len()], vec![0u32; best.len() * terms.len()]);
        for (t, term) in terms.iter().enumerate() {
            let Some(mut postings) = segment.inverted_index(term.field())?.read_postings(term, IndexRecordOption::WithFreqs)? else { continue };
            // As tantivy's `TermWeight` reads lengths: a field without them has one length.
            let norms = segment.fieldnorms_readers().get_field(term.field())?.unwrap_or_else(|| FieldNormReader::constant(segment.max_doc(), 1));
            for &(doc, i) in &in_order {
                if postings.doc() < doc {
                    postings.seek(doc);
                }
                if postings.doc() == doc {
                    lengths[i * terms.len() + t] = norms.fieldnorm_id(doc);
                    occurrences[i * terms.len() + t] = postings.term_freq();
                }
            }
        }
        Ok(RankedList { best, rest, stats, lengths, occurrences })
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

