//! Every operator of the query syntax, its errors, synonyms and facet counts.

use super::corpus::Corpus;
use crate::domain::search_results::SearchPage;
use crate::testing::{reply, resolve};

fn ids(p: &SearchPage) -> Vec<i64> {
    let mut v: Vec<i64> = p.hits.iter().map(|h| h.thread.id).collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort();
    v
}

fn count(p: &SearchPage, key: &str) -> Option<u64> {
    p.facets.iter().flat_map(|g| &g.values).find(|v| v.key == key).map(|v| v.count)
}

#[tokio::test]
async fn filters_narrow_and_accept_slugs_names_and_synonyms() {
    let c = Corpus::new().await;
    assert_eq!(ids(&c.page("solution:geoserver").await), sorted(vec![c.wms_layers, c.wfs_paging]));
    assert_eq!(ids(&c.page("solution:GeoServer standard:wfs").await), vec![c.wfs_paging]);
    assert_eq!(ids(&c.page("standard:\"Web Map Service\"").await), sorted(vec![c.wms_layers, c.lambert]));
    // The merged tag's slug and name stand for the tag it was merged into.
    let geonetwork = sorted(vec![c.harvest_csw, c.old_tag_thread]);
    assert_eq!(ids(&c.page("solution:gn-ancien").await), geonetwork);
    assert_eq!(ids(&c.page("solution:\"Ancien GeoNetwork\"").await), geonetwork);
    assert_eq!(ids(&c.page("solution:geonetwork").await), geonetwork);
    // And free text finds a thread by its tag's synonym.
    assert!(c.ids("gn-ancien").contains(&c.old_tag_thread));
    assert_eq!(ids(&c.page("status:resolved").await), vec![c.harvest_csw]);
    assert_eq!(ids(&c.page("is:resolved moissonnage").await), vec![c.harvest_csw]);
    assert_eq!(ids(&c.page("is:open couches").await), vec![c.wms_layers]);
    assert_eq!(ids(&c.page("author:amelie").await), sorted(vec![c.harvest_csw, c.ckan_harvesting, c.lambert]));
    assert_eq!(ids(&c.page("author:\"Bruno Lefèvre\" geoserver").await), sorted(vec![c.wms_layers, c.wfs_paging]));
    assert_eq!(ids(&c.page("\"pagination WFS cassée\"").await), vec![c.wfs_paging]);
    assert!(c.page("\"cassée WFS pagination\"").await.hits.is_empty(), "a phrase keeps its order");
    assert_eq!(ids(&c.page("geoserver -pagination").await), vec![c.wms_layers]);
    assert_eq!(ids(&c.page("geoserver -\"startIndex renvoie\"").await), vec![c.wms_layers]);
}

#[tokio::test]
async fn dates_filter_by_day_started_and_facet_by_year() {
    let c = Corpus::new().await;
    // 2025-03-10 and 2026-02-01 at noon, Paris time; the rest stays today.
    sqlx::query("UPDATE threads SET created_at = 1741604400 WHERE id = $1").bind(c.ckan_harvesting).execute(&c.db).await.unwrap();
    sqlx::query("UPDATE threads SET created_at = 1769943600 WHERE id = $1").bind(c.wfs_paging).execute(&c.db).await.unwrap();
    // Written behind the change log's back: a rebuild picks it up.
    crate::search::reindex(&c.db, &c.dir).await.unwrap();
    let mut c = c;
    c.index = crate::search::SearchIndex::open(&c.db, &c.dir).await.unwrap();
    assert_eq!(ids(&c.page("before:2025-03-11").await), vec![c.ckan_harvesting]);
    assert_eq!(ids(&c.page("before:2025-03-10").await), Vec::<i64>::new());
    assert_eq!(ids(&c.page("after:2026-01-01 before:2026-02-02").await), vec![c.wfs_paging]);
    let all = c.page("").await;
    assert_eq!(count(&all, "year:2025"), Some(1));
    assert_eq!(count(&all, "year:2026").unwrap() + 1, all.total, "every other thread in 2026");
    let year = all.facets.iter().find(|g| g.name == "year").unwrap().values.iter().find(|v| v.key == "year:2025").unwrap();
    assert_eq!(year.href, "/search?q=after%3A2025-01-01%20before%3A2026-01-01");
}

#[tokio::test]
async fn errors_are_reported_in_french_with_best_effort_results() {
    let c = Corpus::new().await;
    let p = c.page("status:fini couches").await;
    assert_eq!(ids(&p), vec![c.wms_layers]);
    assert!(p.messages[0].starts_with("Statut inconnu"), "{:?}", p.messages);
    let p = c.page("solution:inexistante couches").await;
    assert_eq!(ids(&p), vec![c.wms_layers]);
    assert_eq!(p.messages, vec!["Solution inconnue : « inexistante » ; ce filtre est ignoré.".to_string()]);
    for q in ["before:demain", "\"non fermé", "-solution:qgis", "author:", &"x ".repeat(400)] {
        let p = c.page(q).await;
        assert!(!p.messages.is_empty(), "{q:?} should be reported");
    }
}

#[tokio::test]
async fn an_empty_query_lists_recent_threads_with_facet_counts() {
    let c = Corpus::new().await;
    let p = c.page("").await;
    assert_eq!(p.total, 6);
    assert_eq!(p.hits.len(), 6);
    assert!(p.hits.windows(2).all(|w| w[0].thread.last_activity_at >= w[1].thread.last_activity_at), "most recently active first");
    assert_eq!(count(&p, "solution:geoserver"), Some(2));
    assert_eq!(count(&p, "solution:geonetwork"), Some(2), "merged tag's threads counted under its target");
    assert_eq!(count(&p, "solution:gn-ancien"), None);
    assert_eq!(count(&p, "standard:wms"), Some(2));
    assert_eq!(count(&p, "status:resolved"), Some(1));
    assert_eq!(count(&p, "status:open"), Some(5));
    // Facet counts follow the search.
    let p = c.page("solution:geoserver").await;
    assert_eq!(count(&p, "standard:wfs"), Some(1));
    assert_eq!(count(&p, "solution:qgis"), Some(1));
    assert_eq!(count(&p, "status:resolved"), None);
    let wfs = p.facets.iter().flat_map(|g| &g.values).find(|v| v.key == "standard:wfs").unwrap();
    assert_eq!(wfs.href, "/search?q=solution%3Ageoserver%20standard%3Awfs");
    assert_eq!(p.active.len(), 1);
    assert_eq!(p.active[0].label, "Solution : GeoServer");
    assert_eq!(p.active[0].remove_href, "/search?q=");
}

#[tokio::test]
async fn the_empty_search_counts_facets_again_after_each_commit() {
    let mut c = Corpus::new().await;
    let p = c.page("").await;
    assert_eq!((count(&p, "status:resolved"), count(&p, "status:open")), (Some(1), Some(5)));
    // Kept counts would still say one resolved thread.
    let fix = reply(&c.db, c.wfs_paging, c.amelie, "Corrigé en 2.24.1.").await;
    resolve(&c.db, c.wfs_paging, fix).await;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    let p = c.page("").await;
    assert_eq!((count(&p, "status:resolved"), count(&p, "status:open")), (Some(2), Some(4)));
}

/// What `r` finds, once checked equal (threads, order, total, facets,
/// snippets) to what a search walking its matches finds: the same with a
/// date filter that no thread fails.
fn as_walked(c: &Corpus, r: crate::search::SearchRequest) -> crate::search::Found {
    let walked = crate::search::SearchRequest { before: Some(i64::MAX / 2), ..r.clone() };
    let found = c.index.search(&r).unwrap();
    assert_eq!(found, c.index.search(&walked).unwrap(), "{r:?}");
    found
}

/// The empty search's pages are slices of every thread ordered once per
/// commit: the same threads, in the same order and counted the same, as a
/// search that walks them all (a date filter no thread fails), and a commit
/// orders them again.
#[tokio::test]
async fn the_empty_search_pages_through_threads_as_a_walk_does_and_again_after_each_commit() {
    use crate::domain::SearchSort;
    use crate::search::SearchRequest;
    let mut c = Corpus::new().await;
    let pages = |c: &Corpus, sort| {
        (0..4)
            .map(|page| {
                let everything = SearchRequest { sort, offset: 2 * page, limit: 2, counts: true, ..Default::default() };
                as_walked(c, everything).hits.iter().map(|h| h.id).collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    };
    for sort in [SearchSort::Activity, SearchSort::Newest] {
        let all: Vec<i64> = pages(&c, sort).concat();
        assert_eq!(sorted(all.clone()), sorted(vec![c.harvest_csw, c.wms_layers, c.ckan_harvesting, c.wfs_paging, c.lambert, c.old_tag_thread]));
    }
    // A new thread: pages ordered before it would miss it, where the walk finds it.
    let new = crate::testing::thread(&c.db, c.bruno, "Tuiles vectorielles absentes", "Le flux MVT est vide.", &[]).await.0;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    for sort in [SearchSort::Activity, SearchSort::Newest] {
        assert!(pages(&c, sort).concat().contains(&new), "{sort:?}");
    }
}

/// A search of tags and statuses alone is counted from bitsets and its pages
/// are picked out of every thread's kept order: the same threads, in the
/// same order, with the same total, facets and snippets, as a search that
/// walks its matches (a date filter no thread fails), also after a commit.
#[tokio::test]
async fn a_search_of_tags_alone_pages_and_counts_as_a_walk_does_and_again_after_each_commit() {
    use crate::domain::{SearchSort, ThreadStatus};
    use crate::search::SearchRequest;
    let mut c = Corpus::new().await;
    let tags = |solutions: &[&str], standards: &[&str], statuses: &[ThreadStatus]| SearchRequest {
        solutions: solutions.iter().map(|s| s.to_string()).collect(),
        standards: standards.iter().map(|s| s.to_string()).collect(),
        statuses: statuses.to_vec(),
        ..Default::default()
    };
    let searches = [
        tags(&["geoserver"], &[], &[]),
        tags(&[], &["wms"], &[ThreadStatus::Open]),
        tags(&["geonetwork"], &[], &[ThreadStatus::Open, ThreadStatus::Resolved]),
        tags(&["qgis", "geoserver"], &["wms"], &[]),
    ];
    // Each search's threads, page by page (one thread a page), in each order.
    let pages = |c: &Corpus| -> Vec<Vec<i64>> {
        let mut all = Vec::new();
        for search in &searches {
            for sort in [SearchSort::Activity, SearchSort::Newest] {
                let mut threads = Vec::new();
                for page in 0..4 {
                    let picked = SearchRequest { sort, offset: page, limit: 1, counts: true, ..search.clone() };
                    threads.extend(as_walked(c, picked).hits.iter().map(|h| h.id));
                }
                all.push(threads);
            }
        }
        all
    };
    let before = pages(&c);
    assert_eq!(sorted(before[0].clone()), sorted(vec![c.wms_layers, c.wfs_paging]));
    assert_eq!(sorted(before[4].clone()), sorted(vec![c.harvest_csw, c.old_tag_thread]), "a merged tag's threads under its target");
    assert_eq!(before[6], vec![c.wms_layers]);
    // A new thread of GeoServer: an order kept from before would miss it.
    let geoserver = crate::store::tags::by_slug(&c.db, "geoserver").await.unwrap().unwrap().id;
    let new = crate::testing::thread(&c.db, c.bruno, "Tuiles vectorielles absentes", "Le flux MVT est vide.", &[geoserver]).await.0;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    let after = pages(&c);
    assert_eq!(sorted(after[0].clone()), sorted(vec![c.wms_layers, c.wfs_paging, new]));
    // A reply deletes the thread's document where it was and adds it again:
    // a search of GeoServer alone, counted from its kept row, leaves the
    // deleted one out, as a walk does (`as_walked`).
    crate::testing::reply(&c.db, c.wms_layers, c.amelie, "Même souci avec la 2.25.").await;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    let searcher = c.index.current().reader.searcher();
    assert!(searcher.segment_readers().iter().any(|s| s.num_deleted_docs() > 0), "a document deleted");
    let replied = pages(&c);
    assert_eq!(sorted(replied[0].clone()), sorted(vec![c.wms_layers, c.wfs_paging, new]));
}
