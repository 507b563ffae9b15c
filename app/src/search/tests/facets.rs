//! The search's own facet counting (`facet_table`) against tantivy's
//! `FacetCollector`, and the total and facets of a search of words counted
//! from bitsets (`match_bits`) against collecting its matches, on an index of
//! several segments with deleted documents.

use super::corpus::Corpus;
use crate::search::SearchRequest;
use crate::search::facet_table::{FACET_ROOTS, Selection};
use crate::search::query;
use crate::testing::reply;
use tantivy::collector::{Count, FacetCollector};

/// The facet counts of `words` (all threads when empty), once by each counter.
fn both_counts(c: &Corpus, words: &str) -> (Vec<(String, u64)>, Vec<(String, u64)>) {
    let g = c.index.current();
    let searcher = g.reader.searcher();
    let r = SearchRequest { words: words.split_whitespace().map(str::to_string).collect(), ..Default::default() };
    let q = query::build(&g.index, &g.fields, &r);
    let ours = searcher.search(&*q, &g.facet_tables.counter(&searcher).unwrap()).unwrap();
    let mut collector = FacetCollector::for_field("facets");
    for root in FACET_ROOTS {
        collector.add_facet(root);
    }
    let counts = searcher.search(&*q, &collector).unwrap();
    let theirs = FACET_ROOTS.iter().flat_map(|root| counts.get(*root).map(|(f, n)| (f.to_string(), n)).collect::<Vec<_>>()).collect();
    (ours, theirs)
}

/// The corpus with two replies, each committed apart: several segments, and
/// the replaced documents deleted in the older ones.
pub(super) async fn segmented() -> Corpus {
    let mut c = Corpus::new().await;
    // Each batch is a commit, so a segment; a reply replaces its thread's
    // document, leaving the old one deleted in an older segment.
    for (thread, text) in [(c.wms_layers, "Toujours rien côté QGIS."), (c.wfs_paging, "Même doublons en 2.25.")] {
        reply(&c.db, thread, c.amelie, text).await;
        c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    }
    {
        let g = c.index.current();
        let searcher = g.reader.searcher();
        assert!(searcher.segment_readers().len() > 1, "several segments");
        assert!(searcher.segment_readers().iter().any(|s| s.num_deleted_docs() > 0), "a deleted document");
    }
    c
}

#[tokio::test]
async fn facet_counts_agree_with_tantivys_collector_over_segments_and_deleted_documents() {
    let c = segmented().await;
    for words in ["", "geoserver", "couches", "catalogue moissonnage", "introuvable"] {
        let (ours, theirs) = both_counts(&c, words);
        assert_eq!(ours, theirs, "{words:?}");
        assert_eq!(ours.is_empty(), words == "introuvable", "{words:?}: {ours:?}");
    }
    // Read again from the tables kept for these segments.
    assert_eq!(both_counts(&c, "geoserver").0, both_counts(&c, "geoserver").1);
}

#[tokio::test]
async fn a_search_of_words_counted_from_bitsets_agrees_with_collecting_its_matches() {
    let c = segmented().await;
    let g = c.index.current();
    let searcher = g.reader.searcher();
    // `qgis` is only in a reply, `couches` also in the deleted copy of its thread.
    for words in ["geoserver", "couches", "qgis", "catalogue moissonnage", "wms lambert", "introuvable"] {
        let r = SearchRequest { words: words.split_whitespace().map(str::to_string).collect(), ..Default::default() };
        let q = query::build(&g.index, &g.fields, &r);
        let terms = query::union_terms(&*q).unwrap_or_else(|| panic!("{words:?} is a union of terms"));
        let counter = g.facet_tables.counter(&searcher).unwrap();
        let (collected, facets) = searcher.search(&*q, &(Count, g.facet_tables.counter(&searcher).unwrap())).unwrap();
        // Twice: the second time from the bitsets kept for these segments.
        for _ in 0..2 {
            let (held, live): (Vec<_>, Vec<_>) = g.match_bits.any_of(&searcher, &terms).unwrap().into_iter().map(|h| (h.held, h.live)).unzip();
            assert_eq!(live, g.match_bits.all_of(&searcher, std::slice::from_ref(&terms)).unwrap(), "{words:?}");
            for selection in [Selection::Matches, Selection::Words(&terms, &held)] {
                let from_bits = counter.count_bits(&live, selection).unwrap();
                assert_eq!(from_bits, (collected as u64, facets.clone()), "{words:?}");
            }
        }
        assert_eq!(collected == 0, words == "introuvable", "{words:?}");
        assert_eq!(c.index.search(&SearchRequest { counts: true, ..r }).unwrap().total, collected as u64, "{words:?}");
    }
}

#[tokio::test]
async fn one_facet_alone_counted_from_its_row_agrees_with_collecting_its_matches() {
    use crate::domain::ThreadStatus;
    let c = segmented().await;
    let g = c.index.current();
    let searcher = g.reader.searcher();
    let searches = [
        SearchRequest { solutions: vec!["geoserver".into()], ..Default::default() },
        SearchRequest { standards: vec!["wms".into()], ..Default::default() },
        SearchRequest { statuses: vec![ThreadStatus::Open], ..Default::default() },
    ];
    for r in searches {
        let groups = query::tag_filters(&g.fields, &r).expect("tags alone");
        let alone = query::facet_alone(&groups).expect("one value alone");
        let q = query::build(&g.index, &g.fields, &r);
        let (collected, facets) = searcher.search(&*q, &(Count, g.facet_tables.counter(&searcher).unwrap())).unwrap();
        assert!(collected > 0, "{alone}");
        let counter = g.facet_tables.counter(&searcher).unwrap();
        // Twice: the second time from the row kept for each segment.
        for _ in 0..2 {
            let from_row = counter.count_bits(&g.match_bits.all_of(&searcher, &groups).unwrap(), Selection::Value(&alone)).unwrap();
            assert_eq!(from_row, (collected as u64, facets.clone()), "{alone}");
        }
    }
    let two = SearchRequest { solutions: vec!["geoserver".into()], standards: vec!["wms".into()], ..Default::default() };
    assert_eq!(query::facet_alone(&query::tag_filters(&g.fields, &two).unwrap()), None, "two values");
}

#[tokio::test]
async fn only_words_alone_each_one_term_are_counted_as_a_union_of_terms() {
    let c = Corpus::new().await;
    let g = c.index.current();
    let is_union = |r: SearchRequest| query::union_terms(&*query::build(&g.index, &g.fields, &r)).is_some();
    let words = |w: &str| SearchRequest { words: vec![w.to_string()], ..Default::default() };
    assert!(is_union(words("geoserver")));
    // A word the analyzers cut in two is a phrase; filters and phrases narrow.
    assert!(!is_union(words("EPSG:2154")));
    assert!(!is_union(SearchRequest { solutions: vec!["geoserver".into()], ..words("couches") }));
    assert!(!is_union(SearchRequest { phrases: vec!["couches wms".into()], ..words("couches") }));
    assert!(!is_union(SearchRequest { excluded: vec!["qgis".into()], ..words("couches") }));
    assert!(!is_union(SearchRequest::default()));
}
