//! Running a search: one page of threads, the total, the facet counts, and a
//! snippet per thread cut from its stored text.

use super::document::ThreadText;
use super::query::{self, SearchRequest};
use super::schema::Analysed;
use super::{Generation, SearchError, SearchIndex};
use crate::domain::SearchSort;
use crate::domain::limits::SEARCH_SNIPPET_MAX_CHARS;
use crate::domain::search_results::Snippet;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, Query};
use tantivy::schema::Value;
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

#[derive(Clone, Debug, PartialEq)]
pub struct FoundThread {
    pub id: i64,
    pub resolution: Option<Snippet>,
    pub snippet: Option<Snippet>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Found {
    pub total: u64,
    pub hits: Vec<FoundThread>,
    /// (facet path such as `/solution/geoserver`, threads), for every root.
    pub facets: Vec<(String, u64)>,
}

const FACET_ROOTS: [&str; 4] = ["/solution", "/standard", "/status", "/year"];

impl SearchIndex {
    pub fn search(&self, r: &SearchRequest) -> Result<Found, SearchError> {
        let g = self.current();
        let searcher = g.reader.searcher();
        let query = query::build(&g.index, &g.fields, r);
        let mut facets = FacetCollector::for_field("facets");
        for root in FACET_ROOTS {
            facets.add_facet(root);
        }
        let top = || TopDocs::with_limit(r.limit.max(1)).and_offset(r.offset);
        let by_field = |field: &str| top().order_by_fast_field::<i64>(field.to_string(), Order::Desc);
        let (addresses, total, counts): (Vec<DocAddress>, usize, _) = match r.sort {
            SearchSort::Relevance => {
                let (docs, n, c) = searcher.search(&query, &(top().order_by_score(), Count, facets))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n, c)
            }
            SearchSort::Newest | SearchSort::Activity => {
                let field = if r.sort == SearchSort::Newest { "created" } else { "activity" };
                let (docs, n, c) = searcher.search(&query, &(by_field(field), Count, facets))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n, c)
            }
        };
        let mut facet_counts = Vec::new();
        for root in FACET_ROOTS {
            for (facet, n) in counts.get(root) {
                facet_counts.push((facet.to_string(), n));
            }
        }
        let snippets = Snippets::new(&searcher, &*query, &g)?;
        let mut hits = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address)?;
            let id = doc.get_first(g.fields.thread_id).and_then(|v| v.as_u64()).unwrap_or(0) as i64;
            let resolution_text = doc.get_first(g.fields.resolution_text).and_then(|v| v.as_str().map(str::to_string));
            let posts: Vec<String> = doc
                .get_all(g.fields.posts_text)
                .filter_map(|v| v.as_str().map(str::to_string))
                .filter(|p| Some(p) != resolution_text.as_ref())
                .collect();
            let resolution = resolution_text.as_deref().map(|t| snippets.best(&snippets.resolution, t).unwrap_or_else(|| opening(t)));
            let best_post = posts.iter().filter_map(|p| snippets.best(&snippets.body, p)).max_by_key(|s| s.marks.len());
            let snippet = match (&resolution, best_post) {
                (_, Some(s)) => Some(s),
                // Nothing matched in the posts: the resolution says enough, or the opening post does.
                (Some(_), None) => None,
                (None, None) => posts.first().map(|p| opening(p)),
            };
            hits.push(FoundThread { id, resolution, snippet });
        }
        Ok(Found { total: total as u64, hits, facets: facet_counts })
    }
}

/// The snippet generators of one search, per field group.
struct Snippets {
    body: Vec<SnippetGenerator>,
    resolution: Vec<SnippetGenerator>,
}

impl Snippets {
    fn new(searcher: &Searcher, query: &dyn Query, g: &Generation) -> Result<Snippets, SearchError> {
        let make = |a: Analysed| -> Result<Vec<SnippetGenerator>, SearchError> {
            a.all()
                .into_iter()
                .map(|field| {
                    let mut s = SnippetGenerator::create(searcher, query, field)?;
                    s.set_max_num_chars(SEARCH_SNIPPET_MAX_CHARS);
                    Ok(s)
                })
                .collect()
        };
        Ok(Snippets { body: make(g.fields.body)?, resolution: make(g.fields.resolution)? })
    }

    /// The passage of `text` with the most highlighted words, under whichever analyzer found most.
    fn best(&self, generators: &[SnippetGenerator], text: &str) -> Option<Snippet> {
        generators
            .iter()
            .map(|g| g.snippet(text))
            .filter(|s| !s.highlighted().is_empty())
            .max_by_key(|s| s.highlighted().len())
            .map(|s| Snippet {
                text: s.fragment().to_string(),
                marks: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
            })
    }
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
