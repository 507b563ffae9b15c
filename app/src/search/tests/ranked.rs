//! A word's best threads read from the lists kept per segment (`ranked`)
//! against walking its matches, on an index of several segments with deleted
//! documents, and again after commits have moved BM25's statistics.

use super::facets::segmented;
use crate::search::SearchRequest;
use crate::search::query;
use crate::search::ranked::{RankedLists, TermStats, drift};
use crate::testing::{reply, thread};
use tantivy::collector::TopDocs;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Score, Searcher};

fn word(w: &str) -> SearchRequest {
    SearchRequest { words: vec![w.to_string()], ..Default::default() }
}

const WORDS: [&str; 6] = ["geoserver", "couches", "catalogue", "qgis", "moissonnage", "introuvable"];

/// The walk's page, as (score, address).
fn walked(searcher: &Searcher, q: &dyn Query, offset: usize, limit: usize) -> Vec<(Score, DocAddress)> {
    searcher.search(q, &TopDocs::with_limit(limit).and_offset(offset).order_by_score()).unwrap()
}

/// `page` holds the walk's documents in its order; where two scores are
/// equal but for the floats' rounding, either order is the walk's.
fn assert_same_page(page: &[DocAddress], walk: &[(Score, DocAddress)], what: &str) {
    assert_eq!(page.len(), walk.len(), "{what}");
    for (i, (ours, (score, theirs))) in page.iter().zip(walk).enumerate() {
        let tied = |j: usize| walk.get(j).is_some_and(|(s, _)| (s - score).abs() <= 1e-5 * score.abs());
        assert!(ours == theirs || tied(i + 1) || (i > 0 && tied(i - 1)), "{what}: {i}: {ours:?} against {theirs:?} in {walk:?}");
    }
}

#[tokio::test]
async fn a_words_best_threads_from_the_kept_lists_are_those_a_walk_finds() {
    let mut c = segmented().await;
    // Four threads alike, in one segment: a list of two leaves out two that
    // score as much as its last, so it is refused for their pages.
    for _ in 0..4 {
        thread(&c.db, c.bruno, "Couches vides", "Couches, couches : toutes les couches sont vides.", &[]).await;
    }
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    // Two threads kept per word and segment, for any word, or eight: with
    // eight, a page that ends among the four alike takes more of the list.
    let (short, long) = (RankedLists::new(2, 1), RankedLists::new(8, 1));
    let (mut trusted, mut refused) = (0, 0);
    for round in 0..3 {
        let g = c.index.current();
        let searcher = g.reader.searcher();
        for w in WORDS {
            let q = query::build(&g.index, &g.fields, &word(w));
            for (offset, limit) in [(0, 1), (0, 2), (1, 1)] {
                let what = format!("round {round}, {w:?} {offset}+{limit}");
                let walk = walked(&searcher, &*q, offset, limit);
                match short.page(&searcher, &*q, offset, limit).unwrap() {
                    Some(page) => {
                        trusted += 1;
                        assert_same_page(&page, &walk, &what);
                    }
                    None => refused += 1,
                }
                // Refused only for a word no thread holds: no segment has a list.
                match long.page(&searcher, &*q, offset, limit).unwrap() {
                    Some(page) => assert_same_page(&page, &walk, &what),
                    None => assert!(w == "introuvable", "{what}: refused"),
                }
            }
            assert_eq!(short.page(&searcher, &*q, 2, 1).unwrap(), None, "{w:?}: a page beyond the lists is walked");
        }
        // A new thread and a reply: a segment more, a document deleted, and
        // every word's statistics moved; the lists made before stay in use.
        thread(&c.db, c.amelie, &format!("Couches GeoServer {round}"), "Les couches du catalogue GeoServer sont vides.", &[]).await;
        reply(&c.db, c.wms_layers, c.bruno, "Les couches GeoServer reviennent après un redémarrage.").await;
        c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    }
    assert!(trusted > 0 && refused > 0, "both ways taken: {trusted} trusted, {refused} refused");
}

/// Beside listed segments, those with few matches are scored one by one, and
/// rank as a walk does; with no listed segment, the search walks as before.
#[tokio::test]
async fn segments_with_few_matches_are_scored_one_by_one_and_without_lists_the_search_walks() {
    let c = segmented().await;
    let g = c.index.current();
    let searcher = g.reader.searcher();
    let (some, none) = (RankedLists::new(20, 3), RankedLists::new(20, u64::MAX));
    let mut mixed = 0;
    for w in WORDS {
        let q = query::build(&g.index, &g.fields, &word(w));
        let terms = query::union_terms(&*q).unwrap();
        let matches = |s: &tantivy::SegmentReader| terms.iter().map(|t| s.inverted_index(t.field()).unwrap().doc_freq(t).unwrap()).sum::<u32>();
        let listed = searcher.segment_readers().iter().filter(|s| matches(s) >= 3).count();
        match some.page(&searcher, &*q, 0, 5).unwrap() {
            Some(page) => assert_same_page(&page, &walked(&searcher, &*q, 0, 5), w),
            None => assert_eq!(listed, 0, "{w:?}: refused with {listed} listed segments"),
        }
        mixed += usize::from(listed > 0 && listed < searcher.segment_readers().len());
        assert_eq!(none.page(&searcher, &*q, 0, 5).unwrap(), None, "{w:?}: no list, walked");
    }
    assert!(mixed > 0, "a word with listed segments and others");
    let two = SearchRequest { words: vec!["couches".into(), "qgis".into()], phrases: vec!["couches wms".into()], ..Default::default() };
    assert_eq!(some.page(&searcher, &*query::build(&g.index, &g.fields, &two), 0, 5).unwrap(), None, "not a union of terms");
}

/// After commits, no document scores more than `drift` times what it scored
/// before: what a list may have left out stays under its ceiling.
#[tokio::test]
async fn no_score_rises_by_more_than_the_drift_of_the_statistics() {
    let mut c = segmented().await;
    let before = c.index.current().reader.searcher();
    for n in 0..4 {
        let long = "couches ".repeat(40 * (n + 1));
        thread(&c.db, c.bruno, "Une question", &format!("{long} catalogue"), &[]).await;
        c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    }
    let g = c.index.current();
    let after = g.reader.searcher();
    let mut compared = 0;
    for w in ["couches", "catalogue", "geoserver"] {
        let q = query::build(&g.index, &g.fields, &word(w));
        let terms = query::union_terms(&*q).unwrap();
        let stats = |s: &Searcher| terms.iter().map(|t| TermStats::of(s, t).unwrap()).collect::<Vec<_>>();
        let factor = drift(&stats(&before), &stats(&after));
        let scores = |s: &Searcher| {
            let weight = q.weight(EnableScoring::enabled_from_searcher(s)).unwrap();
            let mut by_doc = std::collections::HashMap::new();
            for segment in s.segment_readers() {
                weight
                    .for_each(segment, &mut |doc, score| {
                        by_doc.insert((segment.segment_id(), doc), score);
                    })
                    .unwrap();
            }
            by_doc
        };
        let (then, now) = (scores(&before), scores(&after));
        for (doc, score) in &then {
            let raised = now[doc];
            assert!(raised <= score * factor, "{w:?} {doc:?}: {score} became {raised}, over ×{factor}");
            compared += 1;
        }
        assert!(then.iter().any(|(doc, score)| now[doc] != *score), "{w:?}: the statistics moved");
    }
    assert!(compared > 3, "{compared}");
}

/// A long thread ranked below two short ones rises above them once longer
/// threads raise the average length: the list that left it out is refused,
/// and the walk finds it.
#[tokio::test]
async fn a_list_is_refused_once_the_statistics_may_have_lifted_a_thread_it_left_out() {
    let mut c = segmented().await;
    let long = format!("{} {}", "tuiles ".repeat(8), "rapport ".repeat(592));
    let mut short = Vec::new();
    for _ in 0..2 {
        short.push(thread(&c.db, c.amelie, "Question", "tuiles cassées", &[]).await.0);
    }
    let report = thread(&c.db, c.amelie, "Question", &long, &[]).await.0;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    let lists = RankedLists::new(2, 1);
    let top_two = |c: &super::corpus::Corpus| {
        let g = c.index.current();
        let searcher = g.reader.searcher();
        let q = query::build(&g.index, &g.fields, &word("tuiles"));
        let ids = c.index.search(&SearchRequest { limit: 2, ..word("tuiles") }).unwrap().hits.iter().map(|h| h.id).collect::<Vec<_>>();
        (lists.page(&searcher, &*q, 0, 2).unwrap(), walked(&searcher, &*q, 0, 2), ids)
    };
    let (page, walk, ids) = top_two(&c);
    assert_same_page(&page.expect("the list is trusted while the statistics stay"), &walk, "before");
    assert_eq!(ids.iter().filter(|id| short.contains(id)).count(), 2, "the short threads first: {ids:?}");
    for _ in 0..4 {
        thread(&c.db, c.bruno, "Autre chose", &"mot ".repeat(3_000), &[]).await;
        c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    }
    let (page, _, ids) = top_two(&c);
    assert!(ids.contains(&report), "the long thread now among the first two: {ids:?}");
    assert_eq!(page, None, "the list left the long thread out: refused");
}
