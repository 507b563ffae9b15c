//! A search's snippets: the passage of each thread that shows the searched
//! words, marked. Cutting one analyses a text again (words, folding, stems),
//! the search's main cost after collecting: a thread's posts are screened by
//! a quick fold first (`Snippets::best_post`), and the words fields'
//! passages are cut without analysing the words no searched term can be
//! (`cutter`).

use super::cutter::WordsCutter;
use super::fold::{fold, fold_char, fold_until_found};
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

    /// A thread's two snippets: its resolution's, and the best of its posts'
    /// (none when the resolution's says enough; the opening post's start
    /// when no post holds a searched word). `None` when `posts` are the
    /// first of the thread's only (`all_posts` false) and later ones may
    /// hold the best: the caller reads them all and asks again.
    pub(super) fn of_thread(&mut self, resolution_text: Option<&str>, posts: &[&str], all_posts: bool) -> Option<(Option<Snippet>, Option<Snippet>)> {
        let best_post = match self.best_post(posts, all_posts) {
            Post::Cut(s) => Some(s),
            Post::Unmarked => None,
            Post::Unread => return None,
        };
        let resolution = resolution_text.map(|t| {
            let window = self.window(t, false);
            best(&mut self.resolution, window).unwrap_or_else(|| opening(t))
        });
        let snippet = match (&resolution, best_post) {
            (_, Some(s)) => Some(s),
            // Nothing matched in the posts: the resolution says enough, or the opening post does.
            (Some(_), None) => None,
            (None, None) => posts.first().map(|p| opening(p)),
        };
        Some((resolution, snippet))
    }

    /// The passage of the first candidate with a marked word. The candidates
    /// are the posts holding the most probes, at most
    /// `SEARCH_SNIPPET_CANDIDATES`, the first first among equals, looking no
    /// further than `SEARCH_SNIPPET_SCAN_BYTES` into the thread. A post
    /// holding every probe comes before any other: it is cut as soon as it
    /// is found, and the posts after it are neither read, folded nor cut
    /// (cutting analyses a text under each analyzer, the search's main cost
    /// after collecting). `all_posts`: `posts` are all the thread's.
    fn best_post(&mut self, posts: &[&str], all_posts: bool) -> Post {
        if self.probes.is_empty() {
            // No searched word (an empty search, filters only): nothing to look for.
            return Post::Unmarked;
        }
        let (mut scanned, mut holding_all) = (0, 0);
        let mut holding_some: Vec<(usize, usize)> = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            if scanned >= SEARCH_SNIPPET_SCAN_BYTES || holding_all == SEARCH_SNIPPET_CANDIDATES {
                break;
            }
            scanned += post.len();
            let n = fold_until_found(post, &self.probes, &mut self.folded);
            if n == self.probes.len() {
                holding_all += 1;
                if let Some(s) = self.cut_post(post, true) {
                    return Post::Cut(s);
                }
            } else if n > 0 {
                holding_some.push((n, i));
            }
        }
        if !all_posts && scanned < SEARCH_SNIPPET_SCAN_BYTES && holding_all < SEARCH_SNIPPET_CANDIDATES {
            // Every post given was scanned, and the scan would go on.
            return Post::Unread;
        }
        // The posts holding every probe marked nothing: those holding most of them.
        holding_some.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let cut = holding_some.into_iter().take(SEARCH_SNIPPET_CANDIDATES - holding_all).find_map(|(_, i)| self.cut_post(posts[i], false));
        cut.map_or(Post::Unmarked, Post::Cut)
    }

    /// The best passage of `post`, if it marks a word (`just_folded`: as `window`).
    fn cut_post(&mut self, post: &str, just_folded: bool) -> Option<Snippet> {
        let window = self.window(post, just_folded);
        best(&mut self.body, window)
    }

    /// The part of `text` a snippet is cut from: all of it when short,
    /// otherwise `SEARCH_SNIPPET_WINDOW_BYTES` from a little before the first
    /// searched word (a log of 50 KB is not analysed whole for 220
    /// characters). `just_folded`: `text` is what `self.folded` holds folded.
    fn window<'t>(&mut self, text: &'t str, just_folded: bool) -> &'t str {
        if text.len() <= SEARCH_SNIPPET_WINDOW_BYTES {
            return text;
        }
        if !just_folded {
            fold(text, &mut self.folded);
        }
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

/// What a thread's posts gave its snippet.
#[derive(Debug, PartialEq)]
enum Post {
    /// The passage of the best post.
    Cut(Snippet),
    /// No post marks a searched word.
    Unmarked,
    /// None of the posts given, and the scan would have read further: the
    /// thread's other posts decide.
    Unread,
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
    // Copied as one slice: collected character by character, the openings
    // of a page of 20 hits cost 8 µs (a profile of the search of one tag).
    let end = text.char_indices().nth(SEARCH_SNIPPET_MAX_CHARS).map_or(text.len(), |(i, _)| i);
    let mut cut = String::with_capacity(end + '…'.len_utf8());
    cut.push_str(&text[..end]);
    if end < text.len() {
        cut.push('…');
    }
    Snippet { text: cut, marks: vec![] }
}

#[cfg(test)]
mod tests {
    use super::{Cutter, Post, Snippets, best, opening};
    use crate::domain::limits::{SEARCH_SNIPPET_CANDIDATES, SEARCH_SNIPPET_MAX_CHARS};
    use crate::search::cutter::WordsCutter;
    use crate::search::schema;
    use std::collections::BTreeMap;
    use tantivy::tokenizer::TokenStream;

    /// An opening is the text's first characters, whole ones (accents are two
    /// bytes), with an ellipsis only when something was left out.
    #[test]
    fn an_opening_keeps_whole_characters_up_to_the_limit() {
        let exact = "é".repeat(SEARCH_SNIPPET_MAX_CHARS);
        assert_eq!(opening(&exact).text, exact);
        let longer = format!("{exact}àb");
        assert_eq!(opening(&longer).text, format!("{exact}…"));
        assert_eq!(opening("Court.").text, "Court.");
        assert_eq!(opening("").text, "");
    }

    /// A thread's snippet is the passage of the first candidate that marks a
    /// word, the candidates being those a scan of every post (up to the byte
    /// budget) ranks first, though the scan stops at the first post that
    /// holds every probe and marks one.
    #[test]
    fn the_snippet_is_that_of_the_first_candidate_of_a_full_scan_that_marks_a_word() {
        let probes = vec!["geos".to_string(), "wfs".to_string()];
        let mut weights = BTreeMap::new();
        for word in ["geoserver", "wfs"] {
            let mut analyzer = schema::word_terms();
            let mut terms = analyzer.token_stream(word);
            while terms.advance() {
                weights.insert(terms.token().text.clone(), 0.5);
            }
        }
        let cutters = || vec![Cutter::Words(WordsCutter::new(weights.clone(), 220))];
        let mut snippets = Snippets { body: cutters(), resolution: vec![], probes: probes.clone(), folded: String::new() };
        // The snippet before the scan stopped early: every post scanned, the
        // candidates ranked, the first that marks a word.
        let full_scan = |posts: &[&str]| {
            let mut found: Vec<(usize, usize)> = posts
                .iter()
                .enumerate()
                .map(|(i, p)| (probes.iter().filter(|q| p.to_lowercase().contains(q.as_str())).count(), i))
                .filter(|(n, _)| *n > 0)
                .collect();
            found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            found.into_iter().take(SEARCH_SNIPPET_CANDIDATES).find_map(|(_, i)| best(&mut cutters(), posts[i]))
        };
        // `geospatial` and `wfsx` hold a probe but are no searched word.
        let threads: [&[&str]; 6] = [
            &["GeoServer et son WFS", "geoserver wfs", "rien"],
            &["GeoServer seul", "rien", "GeoServer et WFS", "WFS seul", "geoserver wfs", "GEOSERVER WFS", "geoserver wfs encore"],
            &["WFS", "rien", "geoserver", "geoserver wfs", "rien", "wfs"],
            &["geospatial wfsx", "geospatiale wfsy", "geospatiaux wfsz", "geoserver wfs"],
            &["geospatial wfsx", "rien", "wfs seul", "geoserver seul", "geospatial"],
            &["geospatial", "wfsx", "geoserver ici"],
        ];
        let (mut found, mut unread) = (0, 0);
        for posts in threads {
            let expected = full_scan(posts).map_or(Post::Unmarked, Post::Cut);
            found += usize::from(expected != Post::Unmarked);
            // The opening post alone: the snippet, or what says the others decide.
            match snippets.best_post(&posts[..1], false) {
                Post::Unread => unread += 1,
                opening => assert_eq!(opening, expected, "{posts:?}: from the opening post"),
            }
            assert_eq!(snippets.best_post(posts, true), expected, "{posts:?}");
        }
        assert_eq!(found, 5, "one thread's candidates mark nothing");
        assert_eq!(unread, 5, "the first thread's opening post gives its snippet");
    }
}
