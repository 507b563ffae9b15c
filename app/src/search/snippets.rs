//! A search's snippets: the passage of each thread that shows the searched
//! words, marked. Cutting one analyses a text again (words, folding, stems),
//! the search's main cost after collecting: a thread's posts are screened by
//! a quick fold first (`Snippets::candidates`), and the words fields'
//! passages are cut without analysing the words no searched term can be
//! (`cutter`).

use super::cutter::WordsCutter;
use super::fold::{fold, fold_char};
use super::schema::Analysed;
use super::{Generation, SearchError};
use crate::domain::limits::{
    SEARCH_SNIPPET_CANDIDATES, SEARCH_SNIPPET_MAX_CHARS, SEARCH_SNIPPET_SCAN_BYTES, SEARCH_SNIPPET_WINDOW_BYTES,
};
use crate::domain::search_results::Snippet;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

/// Characters of a stem that every word with that stem starts with (the
/// stemmers only change endings).
const SNIPPET_PROBE_CHARS: usize = 4;

/// The passage cutters of one search, per field group, and what tells
/// cheaply which posts may hold a searched word: cutting a snippet analyses
/// a text once per searched field of its group, too slow for every post of a
/// long thread.
pub(super) struct Snippets {
    body: Vec<Cutter>,
    resolution: Vec<Cutter>,
    /// Lower-cased, accent-folded pieces of the searched terms: the start of
    /// each stem (a word shares it with its stems), each identifier whole. A
    /// post with none of them has no searched word.
    probes: Vec<String>,
    /// The post being looked at, folded (kept to reuse its memory).
    folded: String,
}

impl Snippets {
    pub(super) fn new(searcher: &Searcher, query: &dyn Query, g: &Generation) -> Result<Snippets, SearchError> {
        let mut searched = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            searched.insert(term.field());
        });
        // A field no term is searched in highlights nothing: no cutter
        // (each one analyses the whole text it is given).
        let make = |a: Analysed| -> Result<Vec<Cutter>, SearchError> {
            a.all().into_iter().filter(|field| searched.contains(field)).map(|field| cutter(searcher, query, a, field)).collect()
        };
        let body = g.fields.body;
        let mut probes = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            let value = term.value();
            let Some(text) = value.as_str() else { return };
            if term.field() == body.words {
                probes.insert(text.chars().take(SNIPPET_PROBE_CHARS).collect::<String>());
            } else if term.field() == body.id {
                let mut folded = String::new();
                fold(text, &mut folded);
                probes.insert(folded);
            }
        });
        Ok(Snippets { body: make(body)?, resolution: make(g.fields.resolution)?, probes: probes.into_iter().collect(), folded: String::new() })
    }

    /// Whether a thread's snippets may come from any of its posts: not when
    /// no word is searched in them (an empty search, filters only), when
    /// only the opening post's start is quoted.
    pub(super) fn looks_in_posts(&self) -> bool {
        !self.probes.is_empty()
    }

    /// A thread's two snippets: its resolution's, and the best of its posts'
    /// (none when the resolution's says enough; the opening post's start
    /// when no post holds a searched word).
    pub(super) fn of_thread(&mut self, resolution_text: Option<&str>, posts: &[&str]) -> (Option<Snippet>, Option<Snippet>) {
        let resolution = resolution_text.map(|t| {
            let window = self.window(t);
            best(&mut self.resolution, window).unwrap_or_else(|| opening(t))
        });
        // The first candidate with a marked word: cutting a snippet analyses
        // its text under each analyzer, the search's main cost after collecting.
        let best_post = self.candidates(posts).into_iter().find_map(|p| {
            let window = self.window(p);
            best(&mut self.body, window)
        });
        let snippet = match (&resolution, best_post) {
            (_, Some(s)) => Some(s),
            // Nothing matched in the posts: the resolution says enough, or the opening post does.
            (Some(_), None) => None,
            (None, None) => posts.first().map(|p| opening(p)),
        };
        (resolution, snippet)
    }

    /// The posts most likely to give the best snippet: those holding the most
    /// probes, at most `SEARCH_SNIPPET_CANDIDATES`, looking no further than
    /// `SEARCH_SNIPPET_SCAN_BYTES` into the thread. Once that many hold every
    /// probe, no later post can come before them: the scan stops there.
    fn candidates<'t>(&mut self, posts: &[&'t str]) -> Vec<&'t str> {
        if self.probes.is_empty() {
            // No searched word (an empty search, filters only): nothing to look for.
            return vec![];
        }
        let (mut scanned, mut holding_all) = (0, 0);
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            if scanned >= SEARCH_SNIPPET_SCAN_BYTES || holding_all == SEARCH_SNIPPET_CANDIDATES {
                break;
            }
            scanned += post.len();
            fold(post, &mut self.folded);
            let n = self.probes.iter().filter(|p| self.folded.contains(String::as_str(p))).count();
            if n > 0 {
                found.push((n, i));
            }
            holding_all += usize::from(n == self.probes.len());
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        found.into_iter().take(SEARCH_SNIPPET_CANDIDATES).map(|(_, i)| posts[i]).collect()
    }

    /// The part of `text` a snippet is cut from: all of it when short,
    /// otherwise `SEARCH_SNIPPET_WINDOW_BYTES` from a little before the first
    /// searched word (a log of 50 KB is not analysed whole for 220 characters).
    fn window<'t>(&mut self, text: &'t str) -> &'t str {
        if text.len() <= SEARCH_SNIPPET_WINDOW_BYTES {
            return text;
        }
        fold(text, &mut self.folded);
        let first = self.probes.iter().filter_map(|p| self.folded.find(p.as_str())).min().unwrap_or(0);
        // Back in `text` (folding changes lengths), then some context before.
        let (mut at, mut folded, mut one) = (text.len(), 0, String::new());
        for (i, c) in text.char_indices() {
            if folded >= first {
                at = i;
                break;
            }
            one.clear();
            fold_char(c, &mut one);
            folded += one.len();
        }
        let start = text[..at].char_indices().rev().nth(SEARCH_SNIPPET_MAX_CHARS).map_or(0, |(i, _)| i);
        let mut end = (start + SEARCH_SNIPPET_WINDOW_BYTES).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[start..end]
    }
}

/// The passage of `text` with the most highlighted words, under whichever analyzer found most.
fn best(cutters: &mut [Cutter], text: &str) -> Option<Snippet> {
    cutters.iter_mut().map(|c| c.snippet(text)).filter(|s| !s.marks.is_empty()).max_by_key(|s| s.marks.len())
}

/// What cuts the passages of one field.
enum Cutter {
    Words(WordsCutter),
    Other(SnippetGenerator),
}

impl Cutter {
    fn snippet(&mut self, text: &str) -> Snippet {
        match self {
            Cutter::Words(c) => c.snippet(text),
            Cutter::Other(g) => {
                let s = g.snippet(text);
                // Two terms of one word may both be searched: one mark per word.
                let mut marks: Vec<(usize, usize)> = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                marks.dedup();
                Snippet { text: s.fragment().to_string(), marks }
            }
        }
    }
}

/// The passage cutter of one field: each searched term weighs as in
/// tantivy's `SnippetGenerator::create` (the rarer, the more); the words
/// field is cut by `WordsCutter`, the same passages at a fraction of the cost.
fn cutter(searcher: &Searcher, query: &dyn Query, group: Analysed, field: Field) -> Result<Cutter, SearchError> {
    let mut terms = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term.clone());
        }
    });
    let mut weights = BTreeMap::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_string) else { continue };
        let threads = searcher.doc_freq(&term)?;
        if threads > 0 {
            weights.insert(text, 1.0 / (1.0 + threads as f32));
        }
    }
    Ok(if field == group.words {
        Cutter::Words(WordsCutter::new(weights, SEARCH_SNIPPET_MAX_CHARS))
    } else {
        Cutter::Other(SnippetGenerator::new(weights, searcher.index().tokenizer_for_field(field)?, field, SEARCH_SNIPPET_MAX_CHARS))
    })
}

/// The beginning of a text, when no word of the search is in it.
fn opening(text: &str) -> Snippet {
    let mut cut: String = text.chars().take(SEARCH_SNIPPET_MAX_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Snippet { text: cut, marks: vec![] }
}

#[cfg(test)]
mod tests {
    use super::Snippets;
    use crate::domain::limits::SEARCH_SNIPPET_CANDIDATES;

    /// The candidates are those a scan of every post (up to the byte
    /// budget) would rank first, though the scan stops early.
    #[test]
    fn the_candidates_are_those_a_full_scan_ranks_first() {
        let probes = vec!["geos".to_string(), "wfs".to_string()];
        let mut snippets = Snippets { body: vec![], resolution: vec![], probes: probes.clone(), folded: String::new() };
        let full_scan = |posts: &[&str]| -> Vec<usize> {
            let mut found: Vec<(usize, usize)> = posts
                .iter()
                .enumerate()
                .map(|(i, p)| (probes.iter().filter(|q| p.to_lowercase().contains(q.as_str())).count(), i))
                .filter(|(n, _)| *n > 0)
                .collect();
            found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            found.into_iter().take(SEARCH_SNIPPET_CANDIDATES).map(|(_, i)| i).collect()
        };
        let threads: [&[&str]; 3] = [
            &["GeoServer seul", "rien", "GeoServer et WFS", "WFS seul", "geoserver wfs", "GEOSERVER WFS", "geoserver wfs encore"],
            &["WFS", "rien", "geoserver", "geoserver wfs", "rien", "wfs"],
            &["geoserver wfs", "GeoServer, WFS", "wfs geoserver", "geoserver wfs plus tard"],
        ];
        for posts in threads {
            // Every text of a thread differs: a candidate is found by its text.
            let index_of = |p: &str| posts.iter().position(|q| *q == p).unwrap();
            let got: Vec<usize> = snippets.candidates(posts).into_iter().map(index_of).collect();
            assert_eq!(got, full_scan(posts), "{posts:?}");
        }
    }
}
