//! From a parsed search (tags already resolved by the forum) to a tantivy
//! query, built clause by clause: tantivy's own query parser would read
//! `EPSG:2154` as a field name.

use super::analyzers::{IdentifierTokenizer, identifier_like};
use super::schema::{self, Analysed, Fields};
use crate::domain::{SearchSort, ThreadStatus};
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhraseQuery, Query, RangeQuery, TermQuery, Weight,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::{Index, Score, Term};

#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    /// Any of them may match; more matches rank higher.
    pub words: Vec<String>,
    /// Each must match, words in this order.
    pub phrases: Vec<String>,
    pub excluded: Vec<String>,
    /// Canonical slugs: each must be among the thread's tags.
    pub solutions: Vec<String>,
    pub standards: Vec<String>,
    /// Any of them.
    pub statuses: Vec<ThreadStatus>,
    /// Any of them; every word of a name must match.
    pub authors: Vec<String>,
    /// Started before / at or after, unix seconds.
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub sort: SearchSort,
    pub offset: usize,
    pub limit: usize,
    /// Whether to count the matching threads and their facets (the search
    /// page shows them; similar threads need only the best few).
    pub counts: bool,
}

impl SearchRequest {
    /// Whether the request selects every thread (no words, no filters): its
    /// facet counts are those of the whole index.
    pub(crate) fn selects_everything(&self) -> bool {
        self.words.is_empty() && !self.narrows()
    }

    /// Whether anything but its words selects threads: phrases, exclusions, filters.
    fn narrows(&self) -> bool {
        let SearchRequest { solutions, standards, statuses, .. } = self;
        !solutions.is_empty() || !standards.is_empty() || !statuses.is_empty() || self.narrows_beyond_tags()
    }

    /// Whether phrases, exclusions, authors or dates select threads: what
    /// selects besides words, tags and statuses.
    fn narrows_beyond_tags(&self) -> bool {
        let SearchRequest { phrases, excluded, authors, before, after, .. } = self;
        [phrases, excluded, authors].iter().any(|v| !v.is_empty()) || before.is_some() || after.is_some()
    }
}

/// Field groups and their weight: a word in the title or the resolution
/// says more about a thread than one in a reply.
const GROUP_BOOSTS: [(fn(&Fields) -> Analysed, f32); 4] =
    [(|f| f.title, 3.0), (|f| f.resolution, 2.0), (|f| f.tags, 2.0), (|f| f.body, 1.0)];

fn analyzer_of(index: &Index, name: &str) -> tantivy::tokenizer::TextAnalyzer {
    index.tokenizers().get(name).expect("analyzers are registered when the index is opened")
}

/// One term, or a phrase when there are several, `boost`ed.
fn term_or_phrase(mut terms: Vec<(usize, Term)>, boost: f32) -> Option<Box<dyn Query>> {
    Some(match terms.len() {
        0 => return None,
        1 => Box::new(WeightedTerm { term: terms.pop()?.1, boost }),
        _ => Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), boost)),
    })
}

/// One term of a search of words, with its field group's weight: scored as
/// tantivy's `BoostQuery` of a `TermQuery` scores, but its weight can be
/// read (`ranked` scores a kept document from its counts).
#[derive(Clone, Debug)]
pub(crate) struct WeightedTerm {
    pub term: Term,
    pub boost: Score,
}

impl Query for WeightedTerm {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let term = TermQuery::new(self.term.clone(), IndexRecordOption::WithFreqs);
        BoostQuery::new(Box::new(term), self.boost).weight(scoring)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        visitor(&self.term, false);
    }
}

/// `text` in a words field: its French stems, or its English stems. A word
/// whose two stems are the same counts twice, as when each language had its
/// own field: no word weighs more for having a different English stem.
fn in_words(index: &Index, field: Field, text: &str, boost: f32) -> Vec<Box<dyn Query>> {
    let (mut french, mut english) = (Vec::new(), Vec::new());
    let mut analyzer = analyzer_of(index, schema::WORDS);
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        let term = Term::from_field_text(field, &t.text);
        match french.last() {
            // The English stem, at the position of the French one just read.
            Some((p, _)) if *p == t.position => {
                english.pop();
                english.push((t.position, term));
            }
            _ => {
                french.push((t.position, term.clone()));
                english.push((t.position, term));
            }
        }
    }
    let first = french.first().map_or(0, |(p, _)| *p);
    let offsets = |terms: Vec<(usize, Term)>| terms.into_iter().map(|(p, t)| (p - first, t)).collect::<Vec<_>>();
    if french == english {
        term_or_phrase(offsets(french), 2.0 * boost).into_iter().collect()
    } else {
        term_or_phrase(offsets(french), boost).into_iter().chain(term_or_phrase(offsets(english), boost)).collect()
    }
}

/// `text` as identifiers, when each of its words looks like one: the field
/// holds only those, so the plain words of a phrase would be missing from it
/// and the phrase would match anywhere (`"cassée WFS pagination"` would be
/// `wfs`); such a phrase is found, in order, through the words field.
fn in_identifiers(index: &Index, field: Field, text: &str, boost: f32) -> Option<Box<dyn Query>> {
    let mut raw = TextAnalyzer::from(IdentifierTokenizer::default());
    let mut words = raw.token_stream(text);
    while words.advance() {
        if !identifier_like(&words.token().text) {
            return None;
        }
    }
    let mut analyzer = analyzer_of(index, schema::IDENT);
    let mut stream = analyzer.token_stream(text);
    let mut terms: Vec<(usize, Term)> = Vec::new();
    while stream.advance() {
        terms.push((terms.len(), Term::from_field_text(field, &stream.token().text)));
    }
    term_or_phrase(terms, boost)
}

/// `text` anywhere in a thread, under each analyzer, weighted by field group:
/// the alternatives, any of which matches.
fn text_alternatives(index: &Index, f: &Fields, text: &str) -> Vec<Box<dyn Query>> {
    let mut alternatives = Vec::new();
    for (group, boost) in GROUP_BOOSTS {
        let g = group(f);
        alternatives.extend(in_words(index, g.words, text, boost));
        alternatives.extend(in_identifiers(index, g.id, text, boost));
    }
    alternatives
}

/// `text` anywhere in a thread, as one query.
pub(crate) fn text_query(index: &Index, f: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let alternatives = text_alternatives(index, f, text);
    (!alternatives.is_empty()).then(|| any_of(alternatives))
}

/// The threads a request selects by their tags and status, as groups of
/// facet terms: a thread matches when it holds a term of each group.
fn tag_groups(f: &Fields, r: &SearchRequest) -> Vec<Vec<Term>> {
    let term = |path: String| Term::from_facet(f.facets, &Facet::from(path.as_str()));
    let mut groups: Vec<Vec<Term>> = r.solutions.iter().map(|slug| vec![term(format!("/solution/{slug}"))]).collect();
    groups.extend(r.standards.iter().map(|slug| vec![term(format!("/standard/{slug}"))]));
    if !r.statuses.is_empty() {
        groups.push(r.statuses.iter().map(|s| term(format!("/status/{}", s.as_str()))).collect());
    }
    groups
}

/// The groups of `tag_groups` when nothing else selects (no word, phrase,
/// exclusion, author or date) and there is one at least: what the request
/// matches is then read from bitsets (`match_bits`), without walking it.
pub(crate) fn tag_filters(f: &Fields, r: &SearchRequest) -> Option<Vec<Vec<Term>>> {
    let groups = tag_groups(f, r);
    (r.words.is_empty() && !r.narrows_beyond_tags() && !groups.is_empty()).then_some(groups)
}

/// The facet path of `tag_filters`' groups when they are one value alone
/// (`solution:geoserver`, a facet's link): its matches are then the live
/// threads having it, counted from that value's kept row (`facet_table`).
pub(crate) fn facet_alone(groups: &[Vec<Term>]) -> Option<String> {
    match groups {
        [group] => match group.as_slice() {
            [term] => term.value().as_facet().map(|f| f.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// A filter: it selects, it does not rank.
fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

/// The terms of a query `build` made of words alone, when each of its
/// alternatives is one term (no phrase): the threads it matches are those
/// holding any of them (`match_bits` counts them so).
pub(crate) fn union_terms(query: &dyn Query) -> Option<Vec<Term>> {
    Some(weighted_union(query)?.into_iter().map(|w| w.term.clone()).collect())
}

/// `union_terms` with each term's weight, in the union's order.
pub(crate) fn weighted_union(query: &dyn Query) -> Option<Vec<&WeightedTerm>> {
    let union = query.downcast_ref::<BooleanQuery>()?;
    let mut terms = Vec::with_capacity(union.clauses().len());
    for (occur, clause) in union.clauses() {
        match (occur, (**clause).downcast_ref::<WeightedTerm>()) {
            (Occur::Should, Some(term)) => terms.push(term),
            _ => return None,
        }
    }
    (!terms.is_empty()).then_some(terms)
}

pub(crate) fn build(index: &Index, f: &Fields, r: &SearchRequest) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Every word's alternatives in one flat union, which scores as the nested
    // one would (a sum): when the words are the whole search, tantivy finds
    // the best threads of a flat union of terms by block-max WAND, skipping
    // the blocks of postings that cannot reach the page.
    let words: Vec<Box<dyn Query>> = r.words.iter().flat_map(|w| text_alternatives(index, f, w)).collect();
    if !words.is_empty() {
        if !r.narrows() {
            return any_of(words);
        }
        clauses.push((Occur::Must, any_of(words)));
    }
    for p in &r.phrases {
        if let Some(q) = text_query(index, f, p) {
            clauses.push((Occur::Must, q));
        }
    }
    for x in &r.excluded {
        if let Some(q) = text_query(index, f, x) {
            // Twice, as one union: a phrase alone as an exclusion trips a
            // debug assertion of tantivy 0.27's phrase scorer (tantivy issue
            // 2811), which a union of two seeks safely. Exclusions are not
            // scored, so the copy changes no result.
            let twice: Box<dyn Query> = Box::new(BooleanQuery::new(vec![(Occur::Should, q.box_clone()), (Occur::Should, q)]));
            clauses.push((Occur::MustNot, twice));
        }
    }
    for group in tag_groups(f, r) {
        let mut terms: Vec<Box<dyn Query>> =
            group.into_iter().map(|t| Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>).collect();
        clauses.push(filter(if terms.len() == 1 { terms.remove(0) } else { any_of(terms) }));
    }
    if !r.authors.is_empty() {
        let mut names = Vec::new();
        for a in &r.authors {
            let terms = schema::terms(&mut analyzer_of(index, schema::NAME), a);
            let all: Vec<(Occur, Box<dyn Query>)> = terms
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(Term::from_field_text(f.author, t), IndexRecordOption::Basic));
                    (Occur::Must, q)
                })
                .collect();
            if !all.is_empty() {
                names.push(Box::new(BooleanQuery::new(all)) as Box<dyn Query>);
            }
        }
        if !names.is_empty() {
            clauses.push(filter(any_of(names)));
        }
    }
    if r.before.is_some() || r.after.is_some() {
        let lower = r.after.map_or(Bound::Unbounded, |t| Bound::Included(Term::from_field_i64(f.created, t)));
        let upper = r.before.map_or(Bound::Unbounded, |t| Bound::Excluded(Term::from_field_i64(f.created, t)));
        clauses.push(filter(Box::new(RangeQuery::new(lower, upper))));
    }
    if !clauses.iter().any(|(o, _)| *o == Occur::Must) {
        // Nothing to match (an empty search, or only exclusions): every thread.
        clauses.push((Occur::Must, Box::new(AllQuery)));
    }
    Box::new(BooleanQuery::new(clauses))
}
