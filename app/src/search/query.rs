//! From a parsed search (tags already resolved by the forum) to a tantivy
//! query, built clause by clause: tantivy's own query parser would read
//! `EPSG:2154` as a field name.

use super::schema::{self, Analysed, Fields};
use crate::domain::{SearchSort, ThreadStatus};
use std::ops::Bound;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{Index, Term};

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
    /// Whether to count the facets of the matching threads (the search page
    /// shows them; similar threads do not need them).
    pub facets: bool,
}

/// Field groups and their weight: a word in the title or the resolution
/// says more about a thread than one in a reply.
const GROUP_BOOSTS: [(fn(&Fields) -> Analysed, f32); 4] =
    [(|f| f.title, 3.0), (|f| f.resolution, 2.0), (|f| f.tags, 2.0), (|f| f.body, 1.0)];

fn analyzer_of(index: &Index, name: &str) -> tantivy::tokenizer::TextAnalyzer {
    index.tokenizers().get(name).expect("analyzers are registered when the index is opened")
}

/// `text` in one field: a term, or a phrase when the analyzer splits it.
fn in_field(index: &Index, field: Field, analyzer: &str, text: &str) -> Option<Box<dyn Query>> {
    let terms: Vec<Term> = schema::terms(&mut analyzer_of(index, analyzer), text)
        .into_iter()
        .map(|t| Term::from_field_text(field, &t))
        .collect();
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(terms.into_iter().next()?, IndexRecordOption::WithFreqs))),
        _ => Some(Box::new(PhraseQuery::new(terms))),
    }
}

/// `text` anywhere in a thread, under each analyzer, weighted by field group.
pub(crate) fn text_query(index: &Index, f: &Fields, text: &str) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (group, boost) in GROUP_BOOSTS {
        let g = group(f);
        for (field, analyzer) in [(g.fr, schema::FR), (g.en, schema::EN), (g.id, schema::IDENT)] {
            if let Some(q) = in_field(index, field, analyzer, text) {
                clauses.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            }
        }
    }
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

fn facet(f: &Fields, path: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_facet(f.facets, &Facet::from(path)), IndexRecordOption::Basic))
}

/// A filter: it selects, it does not rank.
fn filter(q: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)))
}

fn any_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(queries.into_iter().map(|q| (Occur::Should, q)).collect()))
}

pub(crate) fn build(index: &Index, f: &Fields, r: &SearchRequest) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words: Vec<Box<dyn Query>> = r.words.iter().filter_map(|w| text_query(index, f, w)).collect();
    if !words.is_empty() {
        clauses.push((Occur::Must, any_of(words)));
    }
    for p in &r.phrases {
        if let Some(q) = text_query(index, f, p) {
            clauses.push((Occur::Must, q));
        }
    }
    for x in &r.excluded {
        if let Some(q) = text_query(index, f, x) {
            clauses.push((Occur::MustNot, q));
        }
    }
    for slug in &r.solutions {
        clauses.push(filter(facet(f, &format!("/solution/{slug}"))));
    }
    for slug in &r.standards {
        clauses.push(filter(facet(f, &format!("/standard/{slug}"))));
    }
    if !r.statuses.is_empty() {
        clauses.push(filter(any_of(r.statuses.iter().map(|s| facet(f, &format!("/status/{}", s.as_str()))).collect())));
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
