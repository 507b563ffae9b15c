//! Running a search: one page of threads, the total, the facet counts, and a
//! snippet per thread cut from its stored text.

use super::document::ThreadText;
use super::query::{self, SearchRequest};
use super::schema::Analysed;
use super::{Generation, SearchError, SearchIndex};
use crate::domain::SearchSort;
use crate::domain::limits::{
    SEARCH_SNIPPET_CANDIDATES, SEARCH_SNIPPET_MAX_CHARS, SEARCH_SNIPPET_SCAN_BYTES, SEARCH_SNIPPET_WINDOW_BYTES,
};
use crate::domain::search_results::Snippet;
use tantivy::collector::{Count, TopDocs};
use std::sync::Arc;
use tantivy::query::{AllQuery, Query};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use std::collections::BTreeSet;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

#[derive(Clone, Debug, PartialEq)]
pub struct FoundThread {
    pub id: i64,
    pub resolution: Option<Snippet>,
    pub snippet: Option<Snippet>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    /// The matching threads; 0 unless the request `counts`.
    pub total: u64,
    pub hits: Vec<FoundThread>,
    /// (facet path such as `/solution/geoserver`, threads), for every root.
    pub facets: Vec<(String, u64)>,
}

/// Characters of a stem that every word with that stem starts with (the
/// stemmers only change endings).
const SNIPPET_PROBE_CHARS: usize = 4;

impl SearchIndex {
    pub fn search(&self, r: &SearchRequest) -> Result<Found, SearchError> {
        let g = self.current();
        let searcher = g.reader.searcher();
        let query = query::build(&g.index, &g.fields, r);
        // The empty search's counts are kept per reader generation; others are collected.
        let kept = (r.counts && r.selects_everything()).then(|| everything_facets(&g, &searcher)).transpose()?;
        let facets = (r.counts && kept.is_none()).then(|| g.facet_tables.counter(&searcher)).transpose()?;
        // A search of words alone is counted from its terms' bitsets, without
        // walking its matches (`match_bits`); any other, by collecting them.
        let union = facets.as_ref().and_then(|counter| Some((counter, query::union_terms(&*query)?)));
        let from_bits = match union {
            Some((counter, terms)) => Some(counter.count_bits(g.match_bits.union(&searcher, &terms)?)?),
            None => None,
        };
        let (count, facets) = if from_bits.is_some() { (None, None) } else { (r.counts.then_some(Count), facets) };
        let top = || TopDocs::with_limit(r.limit.max(1)).and_offset(r.offset);
        let by_field = |field: &str| top().order_by_fast_field::<i64>(field.to_string(), Order::Desc);
        let (addresses, total, counts): (Vec<DocAddress>, Option<usize>, _) = match r.sort {
            SearchSort::Relevance => {
                // Two passes: counting alone scores nothing, and the best
                // threads alone may skip what cannot reach the page (block-max
                // WAND, see `query::build`). Together, every match was scored.
                let (n, c) = if count.is_some() { searcher.search(&query, &(count, facets))? } else { (None, None) };
                let docs = searcher.search(&query, &top().order_by_score())?;
                (docs.into_iter().map(|(_, a)| a).collect(), n, c)
            }
            SearchSort::Newest | SearchSort::Activity => {
                let field = if r.sort == SearchSort::Newest { "created" } else { "activity" };
                let (docs, n, c) = searcher.search(&query, &(by_field(field), count, facets))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n, c)
            }
        };
        let (total, facet_counts) = match (kept, from_bits) {
            (Some(kept), _) => (total.unwrap_or(0) as u64, kept.to_vec()),
            (None, Some((total, counted))) => (total, counted),
            (None, None) => (total.unwrap_or(0) as u64, counts.unwrap_or_default()),
        };
        let mut snippets = Snippets::new(&searcher, &*query, &g)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc.get_first(g.fields.thread_id).and_then(|v| v.as_u64()).unwrap_or(0) as i64;
            let resolution_text = doc.get_first(g.fields.resolution_text).and_then(|v| v.as_str());
            let posts: Vec<&str> =
                doc.get_all(g.fields.posts_text).filter_map(|v| v.as_str()).filter(|p| Some(*p) != resolution_text).collect();
            let resolution = resolution_text.map(|t| {
                let window = snippets.window(t);
                snippets.best(&snippets.resolution, window).unwrap_or_else(|| opening(t))
            });
            // The first candidate with a marked word: cutting a snippet
            // analyses its text under each analyzer, the search's main cost
            // after collecting.
            let best_post = snippets.candidates(&posts).into_iter().find_map(|p| {
                let window = snippets.window(p);
                snippets.best(&snippets.body, window)
            });
            let snippet = match (&resolution, best_post) {
                (_, Some(s)) => Some(s),
                // Nothing matched in the posts: the resolution says enough, or the opening post does.
                (Some(_), None) => None,
                (None, None) => posts.first().map(|p| opening(p)),
            };
            hits.push(FoundThread { id, resolution, snippet });
        }
        Ok(Found { total, hits, facets: facet_counts })
    }
}

/// The facet counts of every thread as `searcher` sees them: counted once
/// per reader generation (after each commit), then kept.
fn everything_facets(g: &Generation, searcher: &Searcher) -> Result<Arc<Vec<(String, u64)>>, SearchError> {
    let generation = searcher.generation().generation_id();
    let mut slot = g.everything_facets.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((at, counts)) = &*slot {
        if *at == generation {
            return Ok(counts.clone());
        }
    }
    let counts = Arc::new(searcher.search(&AllQuery, &g.facet_tables.counter(searcher)?)?);
    *slot = Some((generation, counts.clone()));
    Ok(counts)
}

/// The snippet generators of one search, per field group, and what tells
/// cheaply which posts may hold a searched word: cutting a snippet analyses
/// a text three times, too slow for every post of a long thread.
struct Snippets {
    body: Vec<SnippetGenerator>,
    resolution: Vec<SnippetGenerator>,
    /// Lower-cased, accent-folded pieces of the searched terms: the start of
    /// each stem (a word shares it with its stems), each identifier whole. A
    /// post with none of them has no searched word.
    probes: Vec<String>,
    /// The post being looked at, folded (kept to reuse its memory).
    folded: String,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, g: &Generation) -> Result<Snippets, SearchError> {
        let mut searched = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            searched.insert(term.field());
        });
        // A field no term is searched in highlights nothing: no generator
        // (each one analyses the whole text it is given).
        let make = |a: Analysed| -> Result<Vec<SnippetGenerator>, SearchError> {
            a.all()
                .into_iter()
                .filter(|field| searched.contains(field))
                .map(|field| {
                    let mut s = SnippetGenerator::create(searcher, query, field)?;
                    s.set_max_num_chars(SEARCH_SNIPPET_MAX_CHARS);
                    Ok(s)
                })
                .collect()
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

    /// The posts most likely to give the best snippet: those holding the most
    /// probes, at most `SEARCH_SNIPPET_CANDIDATES`, looking no further than
    /// `SEARCH_SNIPPET_SCAN_BYTES` into the thread.
    fn candidates<'t>(&mut self, posts: &[&'t str]) -> Vec<&'t str> {
        if self.probes.is_empty() {
            // No searched word (an empty search, filters only): nothing to look for.
            return vec![];
        }
        let mut scanned = 0;
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (i, post) in posts.iter().enumerate() {
            if scanned >= SEARCH_SNIPPET_SCAN_BYTES {
                break;
            }
            scanned += post.len();
            fold(post, &mut self.folded);
            let n = self.probes.iter().filter(|p| self.folded.contains(String::as_str(p))).count();
            if n > 0 {
                found.push((n, i));
            }
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

    /// The passage of `text` with the most highlighted words, under whichever analyzer found most.
    fn best(&self, generators: &[SnippetGenerator], text: &str) -> Option<Snippet> {
        generators
            .iter()
            .map(|g| {
                let s = g.snippet(text);
                // A word's two stems may both be searched: one mark per word.
                let mut marks: Vec<(usize, usize)> = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                marks.dedup();
                Snippet { text: s.fragment().to_string(), marks }
            })
            .filter(|s| !s.marks.is_empty())
            .max_by_key(|s| s.marks.len())
    }
}

/// `text` lower-cased, with the accents of Latin letters folded, into `out`:
/// a quick approximation of what the analyzers do to words, enough to see
/// whether a post may hold a searched word.
fn fold(text: &str, out: &mut String) {
    out.clear();
    let mut rest = text;
    // Runs of ASCII are copied and lower-cased whole (most of a post), the
    // rest character by character.
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let at = out.len();
        out.push_str(&rest[..ascii]);
        out[at..].make_ascii_lowercase();
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            fold_char(c, out);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// One character of `fold`.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let folded = match c {
        'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' | 'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'î' | 'ï' | 'í' | 'ì' | 'Î' | 'Ï' | 'Í' | 'Ì' => 'i',
        'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => 'o',
        'ù' | 'û' | 'ü' | 'ú' | 'Ù' | 'Û' | 'Ü' | 'Ú' => 'u',
        'ç' | 'Ç' => 'c',
        'ÿ' | 'Ÿ' | 'ý' | 'Ý' => 'y',
        'ñ' | 'Ñ' => 'n',
        'œ' | 'Œ' => return out.push_str("oe"),
        'æ' | 'Æ' => return out.push_str("ae"),
        other => return out.extend(other.to_lowercase()),
    };
    out.push(folded);
}

/// The beginning of a text, when no word of the search is in it.
fn opening(text: &str) -> Snippet {
    let mut cut: String = text.chars().take(SEARCH_SNIPPET_MAX_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Snippet { text: cut, marks: vec![] }
}

/// Every stored document as a `ThreadText` (stored fields only; facets and
/// tag words are not stored, so they stay empty), by thread id.
pub(crate) fn documents(g: &Generation) -> Result<Vec<ThreadText>, SearchError> {
    let searcher = g.reader.searcher();
    let f = g.fields;
    let all = searcher.search(&AllQuery, &TopDocs::with_limit(1_000_000).order_by_fast_field::<i64>("created", Order::Asc))?;
    let mut out = Vec::new();
    for (_, address) in all {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str().map(str::to_string));
        let num = |field| doc.get_first(field).and_then(|v| v.as_i64()).unwrap_or(0);
        out.push(ThreadText {
            id: doc.get_first(f.thread_id).and_then(|v| v.as_u64()).unwrap_or(0) as i64,
            title: text(f.title_text).unwrap_or_default(),
            status: String::new(),
            author: String::new(),
            posts: doc.get_all(f.posts_text).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            resolution: text(f.resolution_text),
            facets: vec![],
            tag_words: vec![],
            created: num(f.created),
            activity: num(f.activity),
        });
    }
    out.sort_by_key(|t| t.id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folding_lowers_ascii_runs_and_folds_accents_between_them() {
        let mut out = String::from("ce qui restait");
        fold("Évolution du WFS : ÇA, Œuvre, «Straße» EPSG:2154", &mut out);
        assert_eq!(out, "evolution du wfs : ca, oeuvre, «straße» epsg:2154");
        fold("", &mut out);
        assert_eq!(out, "");
    }
}
