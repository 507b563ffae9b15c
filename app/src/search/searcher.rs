//! Running a search: one page of threads, the total, the facet counts, and a
//! thread's snippets cut from its stored text (`snippets`).

use super::document::ThreadText;
use super::facet_table::{Selection, bit};
use super::query::{self, SearchRequest};
use super::snippets::Snippets;
use super::{Generation, SearchError, SearchIndex};
use crate::domain::SearchSort;
use crate::domain::limits::{SEARCH_PAGES_MAX, SEARCH_RESULTS_PER_PAGE};
use crate::domain::search_results::Snippet;
use std::sync::Arc;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::AllQuery;
use tantivy::schema::document::{DeserializeError, DocumentDeserialize, DocumentDeserializer};
use tantivy::schema::{Field, OwnedValue, Value};
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

impl SearchIndex {
    pub fn search(&self, r: &SearchRequest) -> Result<Found, SearchError> {
        let g = self.current();
        let searcher = g.reader.searcher();
        let query = query::build(&g.index, &g.fields, r);
        // The empty search's counts are kept per reader generation; others are collected.
        let kept = (r.counts && r.selects_everything()).then(|| everything_facets(&g, &searcher)).transpose()?;
        let facets = (r.counts && kept.is_none()).then(|| g.facet_tables.counter(&searcher)).transpose()?;
        // What a search of words alone matches, when it is counted, and what
        // one of tags alone matches, are read from bitsets (`match_bits`),
        // not walked; their totals and facets are counted from those.
        let tags = query::tag_filters(&g.fields, r);
        let words = facets.as_ref().and_then(|_| query::union_terms(&*query));
        // A search of words alone also keeps what its terms hold, deleted
        // documents included: its facets are counted from a kept row (`facet_table::rows`).
        let (bits, held) = match (&words, &tags) {
            (Some(terms), _) => {
                let (held, live): (Vec<_>, Vec<_>) = g.match_bits.any_of(&searcher, terms)?.into_iter().map(|h| (h.held, h.live)).unzip();
                (Some(live), held)
            }
            (None, Some(groups)) => (Some(g.match_bits.all_of(&searcher, groups)?), Vec::new()),
            (None, None) => (None, Vec::new()),
        };
        let from_bits = match (&facets, &bits) {
            (Some(counter), Some(bits)) => {
                let alone = tags.as_deref().and_then(query::facet_alone);
                let selection = match (&words, &alone) {
                    (Some(terms), _) => Selection::Words(terms, &held),
                    (None, Some(path)) => Selection::Value(path),
                    (None, None) => Selection::Matches,
                };
                Some(counter.count_bits(bits, selection)?)
            }
            _ => None,
        };
        let (count, facets) = if from_bits.is_some() { (None, None) } else { (r.counts.then_some(Count), facets) };
        let top = || TopDocs::with_limit(r.limit.max(1)).and_offset(r.offset);
        let by_field = |field: &str| top().order_by_fast_field::<i64>(field.to_string(), Order::Desc);
        let (addresses, total, counts): (Vec<DocAddress>, Option<usize>, _) = match r.sort {
            // The best threads alone may skip what cannot reach the page
            // (block-max WAND, see `query::build`): only a union or an
            // intersection of terms, and a search of words alone is counted
            // from bitsets. What is counted by walking its matches (phrases,
            // filters beside words, exclusions) cannot be pruned: it is
            // ranked in the same walk, not walked a second time (a phrase
            // read every candidate's positions twice).
            SearchSort::Relevance if count.is_none() => {
                // One word: from its best threads kept per segment (`ranked`).
                let kept = match r.words.len() {
                    1 => g.ranked.page(&searcher, &*query, r.offset, r.limit.max(1))?,
                    _ => None,
                };
                let docs = match kept {
                    Some(docs) => docs,
                    None => searcher.search(&query, &top().order_by_score())?.into_iter().map(|(_, a)| a).collect(),
                };
                (docs, None, None)
            }
            SearchSort::Relevance => {
                let (docs, n, c) = searcher.search(&query, &(top().order_by_score(), count, facets))?;
                (docs.into_iter().map(|(_, a)| a).collect(), n, c)
            }
            SearchSort::Newest | SearchSort::Activity => {
                let field = if r.sort == SearchSort::Newest { "created" } else { "activity" };
                // Every thread, or those of some tags, as far as a reader may
                // page: a slice of every thread's kept order, the threads of
                // the tags picked out of it. Beyond, or when the tags' threads
                // are too rare in it, a walk.
                let kept_page = if r.offset + r.limit.max(1) > EVERYTHING_ORDERED {
                    None
                } else if r.selects_everything() {
                    page_of(&everything_by_date(&g, &searcher, field)?, None, r)
                } else if let (Some(_), Some(bits)) = (&tags, &bits) {
                    page_of(&everything_by_date(&g, &searcher, field)?, Some(bits), r)
                } else {
                    None
                };
                match kept_page {
                    // The empty search is counted by the index itself.
                    Some(page) => (page, (r.counts && r.selects_everything()).then(|| searcher.num_docs() as usize), None),
                    None => {
                        let (docs, n, c) = searcher.search(&query, &(by_field(field), count, facets))?;
                        (docs.into_iter().map(|(_, a)| a).collect(), n, c)
                    }
                }
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
            // Up to the opening post first: most threads' snippet is there,
            // and each post read is checked as UTF-8 and copied.
            let mut all_posts = false;
            let found = loop {
                let doc = StoredFields::read(&searcher, address, all_posts)?;
                let id = doc.all(g.fields.thread_id).find_map(|v| v.as_u64()).unwrap_or(0) as i64;
                let resolution_text = doc.all(g.fields.resolution_text).find_map(|v| v.as_str());
                let posts: Vec<&str> =
                    doc.all(g.fields.posts_text).filter_map(|v| v.as_str()).filter(|p| Some(*p) != resolution_text).collect();
                match snippets.of_thread(resolution_text, &posts, all_posts) {
                    Some((resolution, snippet)) => break FoundThread { id, resolution, snippet },
                    None => all_posts = true,
                }
            };
            hits.push(found);
        }
        Ok(Found { total, hits, facets: facet_counts })
    }
}

/// The facet counts of every thread as `searcher` sees them: counted once
/// per reader generation (after each commit), then kept.
fn everything_facets(g: &Generation, searcher: &Searcher) -> Result<Arc<Vec<(String, u64)>>, SearchError> {
    g.everything_facets.get(searcher.generation().generation_id(), || {
        Ok(Arc::new(searcher.search(&AllQuery, &g.facet_tables.counter(searcher)?)?))
    })
}

/// A stored thread's values, each read once: tantivy's `TantivyDocument`
/// reads each value, then copies it into its own buffer, and a hit's thread
/// holds every post (reading them was a third of the empty search on the
/// generated forum of 100 000 threads, whose recent threads are long).
struct StoredFields(Vec<(Field, OwnedValue)>);

impl StoredFields {
    /// The values of the thread at `address`: all of them when `all_posts`,
    /// or up to its opening post (the other values are stored before the
    /// posts, `document::to_document`).
    fn read(searcher: &Searcher, address: DocAddress, all_posts: bool) -> tantivy::Result<StoredFields> {
        Ok(if all_posts { searcher.doc::<UpTo<false>>(address)?.0 } else { searcher.doc::<UpTo<true>>(address)?.0 })
    }

    fn all(&self, field: Field) -> impl Iterator<Item = &OwnedValue> {
        self.0.iter().filter(move |(f, _)| *f == field).map(|(_, v)| v)
    }
}

/// A stored thread read to its end, or up to its opening post (`OPENING`).
struct UpTo<const OPENING: bool>(StoredFields);

impl<const OPENING: bool> DocumentDeserialize for UpTo<OPENING> {
    fn deserialize<'de, D: DocumentDeserializer<'de>>(mut fields: D) -> Result<Self, DeserializeError> {
        let posts = super::schema::fields().posts_text;
        let mut values = Vec::with_capacity(fields.size_hint());
        while let Some(value) = fields.next_field::<OwnedValue>()? {
            let opening = OPENING && value.0 == posts;
            values.push(value);
            if opening {
                break;
            }
        }
        Ok(UpTo(StoredFields(values)))
    }
}

/// How many threads of the empty search are kept in order: as far as a
/// reader may page.
const EVERYTHING_ORDERED: usize = (SEARCH_PAGES_MAX * SEARCH_RESULTS_PER_PAGE) as usize;

/// Every thread by `field` (`activity` or `created`), most recent first, as
/// far as a reader may page, as `searcher` sees them: ordered once per
/// reader generation (after each commit), then kept, as the empty search's
/// facets are. The pages of the empty search are slices of it, as `TopDocs`
/// with an offset would find them.
fn everything_by_date(g: &Generation, searcher: &Searcher, field: &str) -> Result<Arc<Vec<DocAddress>>, SearchError> {
    let kept = if field == "created" { &g.everything_by_creation } else { &g.everything_by_activity };
    kept.get(searcher.generation().generation_id(), || {
        let top = TopDocs::with_limit(EVERYTHING_ORDERED).order_by_fast_field::<i64>(field.to_string(), Order::Desc);
        Ok(Arc::new(searcher.search(&AllQuery, &top)?.into_iter().map(|(_, a)| a).collect()))
    })
}

/// The page `r` asks for of `ordered` (every thread's kept order), only the
/// threads `matched` holds (bitsets by segment ordinal) when given; `None`
/// when the order ends before the page does and more threads lie beyond it
/// (it holds every thread when shorter than `EVERYTHING_ORDERED`).
fn page_of(ordered: &[DocAddress], matched: Option<&Vec<Vec<u64>>>, r: &SearchRequest) -> Option<Vec<DocAddress>> {
    let holds = |a: &&DocAddress| matched.is_none_or(|m| m.get(a.segment_ord as usize).is_some_and(|bits| bit(bits, a.doc_id)));
    let limit = r.limit.max(1);
    let page: Vec<DocAddress> = ordered.iter().filter(holds).skip(r.offset).take(limit).copied().collect();
    (page.len() == limit || ordered.len() < EVERYTHING_ORDERED).then_some(page)
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
    use super::{EVERYTHING_ORDERED, SearchRequest, page_of};
    use crate::search::facet_table::{set_bit, words_for};
    use tantivy::DocAddress;

    /// A page of some threads is picked out of the kept order while it holds
    /// the page; past it, the search walks (`None`), unless the order is
    /// shorter than `EVERYTHING_ORDERED`, which means it holds every thread.
    #[test]
    fn a_page_past_the_kept_order_is_walked_unless_the_order_holds_every_thread() {
        let at = |doc: u32| DocAddress::new(0, doc);
        let full: Vec<DocAddress> = (0..EVERYTHING_ORDERED as u32).rev().map(at).collect();
        let mut bits = vec![0u64; words_for(EVERYTHING_ORDERED as u32)];
        for doc in [999, 500, 10] {
            set_bit(&mut bits, doc);
        }
        let matched = vec![bits];
        let r = |offset, limit| SearchRequest { offset, limit, ..Default::default() };
        assert_eq!(page_of(&full, Some(&matched), &r(0, 2)), Some(vec![at(999), at(500)]));
        assert_eq!(page_of(&full, Some(&matched), &r(2, 2)), None, "one thread of the page is known, the other may lie beyond");
        let every = &full[..EVERYTHING_ORDERED - 1];
        assert_eq!(page_of(every, Some(&matched), &r(1, 2)), Some(vec![at(500), at(10)]));
        assert_eq!(page_of(every, Some(&matched), &r(2, 2)), Some(vec![at(10)]), "the last page of every thread");
        assert_eq!(page_of(&full, None, &r(3, 2)), Some(vec![at(996), at(995)]));
    }
}
