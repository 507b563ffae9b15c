//! A search of words alone is one flat union of terms, the shape tantivy
//! collects with block-max WAND (skipping postings that cannot reach the
//! page); it finds and scores the threads as the nested query did.

use super::corpus::Corpus;
use crate::search::SearchRequest;
use crate::search::query;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query};

#[tokio::test]
async fn words_alone_are_a_flat_union_of_terms_ranked_as_the_nested_query() {
    let c = Corpus::new().await;
    let g = c.index.current();
    let searcher = g.reader.searcher();
    for words in ["geoserver", "pagination wfs", "moissonnage csw proxy", "keywords ckan harvested"] {
        let r = SearchRequest { words: words.split_whitespace().map(str::to_string).collect(), ..Default::default() };
        let flat = query::build(&g.index, &g.fields, &r);
        let union = flat.downcast_ref::<BooleanQuery>().expect("a boolean query");
        // tantivy's condition for block-max WAND: every clause optional, and
        // each one term (boosted by its field group, a term scorer's weight).
        for (occur, clause) in union.clauses() {
            assert_eq!(*occur, Occur::Should, "{words:?}");
            assert!((**clause).downcast_ref::<query::WeightedTerm>().is_some(), "{words:?}: {clause:?}");
        }
        // The query of before: the union of each word's query, required.
        let each_word: Vec<(Occur, Box<dyn Query>)> =
            r.words.iter().map(|w| (Occur::Should, query::text_query(&g.index, &g.fields, w).unwrap())).collect();
        let nested = BooleanQuery::new(vec![(Occur::Must, Box::new(BooleanQuery::new(each_word)) as Box<dyn Query>)]);
        let top = TopDocs::with_limit(3).order_by_score();
        // Alone, `TopDocs` prunes; beside `Count`, it scores every match.
        let pruned = searcher.search(&*flat, &top).unwrap();
        let (exhaustive, matches) = searcher.search(&nested, &(top, Count)).unwrap();
        assert!(matches > 0, "{words:?} finds threads");
        assert_eq!(searcher.search(&*flat, &Count).unwrap(), matches, "{words:?}");
        let docs = |found: &[(f32, tantivy::DocAddress)]| found.iter().map(|(_, d)| *d).collect::<Vec<_>>();
        assert_eq!(docs(&pruned), docs(&exhaustive), "{words:?}");
        for ((a, _), (b, _)) in pruned.iter().zip(&exhaustive) {
            assert!((a - b).abs() <= 1e-5 * b.abs(), "{words:?}: {a} against {b}");
        }
    }
}

/// Counted or not, a search finds the same threads in the same order: alone,
/// `TopDocs` ranks in its own walk (pruned for words alone); beside the
/// counts it ranks in theirs (phrases, exclusions, filters).
#[tokio::test]
async fn a_search_finds_the_same_threads_whether_it_counts_or_not() {
    use crate::domain::SearchSort;
    let c = Corpus::new().await;
    let words = || vec!["pagination".to_string(), "wfs".to_string(), "couches".to_string()];
    let searches = [
        SearchRequest { words: words(), ..Default::default() },
        SearchRequest { words: words(), phrases: vec!["pagination WFS".into()], ..Default::default() },
        SearchRequest { words: words(), excluded: vec!["ckan".into()], ..Default::default() },
        SearchRequest { words: words(), solutions: vec!["geoserver".into()], ..Default::default() },
        SearchRequest::default(),
    ];
    for search in searches {
        for sort in [SearchSort::Relevance, SearchSort::Newest] {
            let counted = SearchRequest { sort, limit: 3, counts: true, ..search.clone() };
            let with = c.index.search(&counted).unwrap();
            let without = c.index.search(&SearchRequest { counts: false, ..counted.clone() }).unwrap();
            assert!(with.total > 0 && !with.facets.is_empty(), "{counted:?}: counted");
            assert!(!with.hits.is_empty(), "{counted:?}: found");
            assert_eq!((without.total, without.facets.len()), (0, 0), "{counted:?}: nothing counted");
            let ids = |found: &crate::search::Found| found.hits.iter().map(|h| h.id).collect::<Vec<_>>();
            assert_eq!(ids(&without), ids(&with), "{counted:?}");
        }
    }
}
