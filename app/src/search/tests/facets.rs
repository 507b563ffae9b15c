//! The search's own facet counting (`facet_table`) against tantivy's
//! `FacetCollector`, on an index of several segments with deleted documents.

use super::corpus::Corpus;
use crate::search::SearchRequest;
use crate::search::facet_table::FACET_ROOTS;
use crate::search::query;
use crate::testing::reply;
use tantivy::collector::FacetCollector;

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

#[tokio::test]
async fn facet_counts_agree_with_tantivys_collector_over_segments_and_deleted_documents() {
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
    for words in ["", "geoserver", "couches", "catalogue moissonnage", "introuvable"] {
        let (ours, theirs) = both_counts(&c, words);
        assert_eq!(ours, theirs, "{words:?}");
        assert_eq!(ours.is_empty(), words == "introuvable", "{words:?}: {ours:?}");
    }
    // Read again from the tables kept for these segments.
    assert_eq!(both_counts(&c, "geoserver").0, both_counts(&c, "geoserver").1);
}
