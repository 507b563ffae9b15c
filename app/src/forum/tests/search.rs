//! Threads like the one being written, and the search page's order and
//! pages, on the index of the fixture's forum. (Its words, filters and
//! snippets are tested on a corpus in `crate::search::tests`.)

use super::{Forum, THREAD_TITLE, refused};
use crate::domain::limits::{SEARCH_RESULTS_PER_PAGE, SIMILAR_THREADS_MAX};
use crate::domain::{PageNumber, ThreadStatus};
use crate::forum::similar::similar_threads;
use crate::search::{Indexer, SearchIndex};
use crate::testing;
use http::StatusCode;

async fn index(f: &Forum) -> SearchIndex {
    let index = SearchIndex::open(&f.db, &f.temp.dir).await.unwrap();
    Indexer::new(&index).unwrap().apply_pending(&f.db).await.unwrap();
    index
}

#[tokio::test]
async fn similar_threads_come_most_similar_first_with_their_status() {
    let f = Forum::new().await;
    let (closest, _) = f.thread_by(&f.stranger, "Pagination WFS cassée avec startIndex", &[]).await;
    testing::set_status(&f.db, closest, ThreadStatus::Confirmed, None).await;
    f.thread_by(&f.stranger, "Projection Lambert décalée", &[]).await;
    let index = index(&f).await;

    let found = similar_threads(&f.db, &index, "Pagination cassée avec startIndex", "").await.unwrap();
    let listed: Vec<_> = found.iter().map(|t| (t.id, t.title.as_str(), t.status)).collect();
    assert_eq!(listed, [(closest, "Pagination WFS cassée avec startIndex", ThreadStatus::Confirmed), (f.thread, THREAD_TITLE, ThreadStatus::Open)]);
    // Words of the message count too; words of fewer than three letters do not.
    let from_body = similar_threads(&f.db, &index, "", "projection lambert").await.unwrap();
    assert_eq!(from_body.len(), 1);
    let wfs = similar_threads(&f.db, &index, "de la", "à WFS").await.unwrap();
    assert_eq!(wfs.iter().map(|t| t.id).collect::<Vec<_>>().len(), 2, "the two threads about WFS");
    assert!(similar_threads(&f.db, &index, "le", "a b").await.unwrap().is_empty());
}

#[tokio::test]
async fn at_most_a_few_similar_threads_are_shown() {
    let f = Forum::new().await;
    for i in 0..SIMILAR_THREADS_MAX + 2 {
        f.thread_by(&f.author, &format!("Pagination WFS, cas {i}"), &[]).await;
    }
    let index = index(&f).await;
    let found = similar_threads(&f.db, &index, "Pagination WFS", "").await.unwrap();
    assert_eq!(found.len(), SIMILAR_THREADS_MAX);
}

/// The thread ids of the search page for `q`, in `sort` order.
async fn page_ids(f: &Forum, index: &SearchIndex, q: &str, sort: &str) -> Vec<i64> {
    let page = crate::forum::search::search(&f.db, index, q, sort, PageNumber::FIRST).await.unwrap();
    page.hits.into_iter().map(|h| h.thread.id).collect()
}

/// Sets when threads were started and last active (thread, started, active),
/// behind the change log's back, then rebuilds the index so that it sees them.
async fn redated(f: &Forum, dates: impl IntoIterator<Item = (i64, i64, i64)>) -> SearchIndex {
    for (id, started, active) in dates {
        sqlx::query("UPDATE threads SET created_at = $1, last_activity_at = $2 WHERE id = $3")
            .bind(started)
            .bind(active)
            .bind(id)
            .execute(&f.db)
            .await
            .unwrap();
    }
    crate::search::reindex(&f.db, &f.temp.dir).await.unwrap();
    SearchIndex::open(&f.db, &f.temp.dir).await.unwrap()
}

#[tokio::test]
async fn without_words_to_rank_by_the_latest_active_come_first() {
    let f = Forum::new().await;
    let (lambert, _) = f.thread_by(&f.author, "Projection Lambert décalée", &[]).await;
    let (wmts, _) = f.thread_by(&f.author, "Tuiles WMTS floues", &[]).await;
    // Started: Lambert, then WMTS, then the fixture's thread; last active: the fixture's, WMTS, Lambert.
    let index = redated(&f, [(f.thread, 100, 3000), (lambert, 300, 1000), (wmts, 200, 2000)]).await;
    let by_activity = [f.thread, wmts, lambert];
    assert_eq!(page_ids(&f, &index, "", "").await, by_activity);
    assert_eq!(page_ids(&f, &index, "solution:geoserver", "relevance").await, [f.thread], "filters are not words");
    assert_eq!(page_ids(&f, &index, "", "newest").await, [lambert, wmts, f.thread], "an order asked for is kept");
    assert_eq!(page_ids(&f, &index, "", "activity").await, by_activity);
    // Words rank by relevance: three of them in Lambert's title, one in the more recent WMTS thread's.
    assert_eq!(page_ids(&f, &index, "projection lambert décalée wmts", "").await, [lambert, wmts]);
}

#[tokio::test]
async fn results_come_in_pages_of_twenty_up_to_the_fiftieth() {
    let f = Forum::new().await;
    // With the fixture's thread (GeoServer), 21 threads about pagination, 20 of them about QGIS.
    for i in 0..SEARCH_RESULTS_PER_PAGE {
        f.thread_by(&f.stranger, &format!("Pagination WFS, cas {i}"), &[f.qgis]).await;
    }
    let index = index(&f).await;
    let search = |q: &'static str, page: &'static str| {
        crate::forum::search::search(&f.db, &index, q, "", PageNumber::parse(Some(page)).unwrap())
    };
    let one_page = search("pagination solution:qgis", "1").await.unwrap();
    assert_eq!((one_page.total, one_page.pages, one_page.hits.len() as i64), (20, 1, SEARCH_RESULTS_PER_PAGE));
    let first = search("pagination", "1").await.unwrap();
    assert_eq!((first.total, first.pages, first.hits.len() as i64), (21, 2, SEARCH_RESULTS_PER_PAGE));
    let second = search("pagination", "2").await.unwrap();
    assert_eq!((second.page, second.hits.len()), (2, 1));

    for page in ["3", "50"] {
        let e = refused(search("pagination", page).await, StatusCode::NOT_FOUND);
        assert_eq!(e.message(), "Cette recherche n’a que 2 page(s) de résultats.", "page {page}");
    }
    let beyond = refused(search("pagination", "51").await, StatusCode::NOT_FOUND);
    assert!(beyond.message().starts_with("Les résultats s’arrêtent à la page 50"), "{}", beyond.message());
}

/// Of many values counted alike, the first by name are shown (capitals
/// aside), as many as the limit allows, each a link that adds its own filter
/// to the search.
#[tokio::test]
async fn facet_values_counted_alike_go_by_name_up_to_the_limit_each_adding_its_filter() {
    use crate::domain::limits::SEARCH_FACET_VALUES_MAX;
    use crate::domain::search_query::{SearchSort, search_href};
    let f = Forum::new().await;
    // With the fixture's GeoServer thread: 16 solutions, one thread each.
    let names = ["zorba", "Éclair", "alpha", "Beta", "gamma", "Delta", "epsilon", "Zeta", "eta", "Theta", "iota", "Kappa", "lambda", "Mu", "nu"];
    for (i, name) in names.iter().enumerate() {
        let tag = testing::tag(&f.db, &format!("solution-{i}"), crate::domain::TagKind::Solution, name).await;
        f.thread_by(&f.author, &format!("Pagination, cas {i}"), &[tag]).await;
    }
    let index = index(&f).await;
    let page = crate::forum::search::search(&f.db, &index, "pagination", "", PageNumber::FIRST).await.unwrap();
    let group = page.facets.iter().find(|g| g.name == "solution").expect("solutions");
    let mut expected: Vec<&str> = names.iter().copied().chain(["GeoServer"]).collect();
    expected.sort_by_key(|n| n.to_lowercase());
    expected.truncate(SEARCH_FACET_VALUES_MAX);
    assert_eq!(group.values.iter().map(|v| v.label.as_str()).collect::<Vec<_>>(), expected);
    for v in &group.values {
        assert_eq!(v.count, 1);
        let slug = v.key.strip_prefix("solution:").expect("a solution's key");
        assert_eq!(v.href, search_href(&format!("pagination solution:{slug}"), SearchSort::Relevance, 1), "{}", v.label);
    }
    assert_eq!(group.values[0].key, "solution:solution-2", "alpha, whose slug is its own");
}

#[tokio::test]
async fn years_come_newest_first_and_other_facets_most_frequent_first() {
    let f = Forum::new().await;
    // Six threads about pagination: four on GeoServer, two on QGIS; three
    // started in 2024, two in 2025, one in 2026 (each in June).
    let mut threads = vec![f.thread];
    for (i, tag) in [f.geoserver, f.geoserver, f.geoserver, f.qgis, f.qgis].into_iter().enumerate() {
        threads.push(f.thread_by(&f.author, &format!("Pagination, cas {i}"), &[tag]).await.0);
    }
    let started = [1_717_200_000, 1_717_200_000, 1_717_200_000, 1_748_736_000, 1_748_736_000, 1_780_272_000];
    let index = redated(&f, threads.into_iter().zip(started).map(|(id, at)| (id, at, at))).await;
    let page = crate::forum::search::search(&f.db, &index, "pagination", "", PageNumber::FIRST).await.unwrap();
    let group = |name: &str| -> Vec<(String, u64)> {
        let group = page.facets.iter().find(|g| g.name == name).expect(name);
        group.values.iter().map(|v| (v.key.clone(), v.count)).collect()
    };
    assert_eq!(group("year"), [("year:2026".into(), 1), ("year:2025".into(), 2), ("year:2024".into(), 3)]);
    assert_eq!(group("solution"), [("solution:geoserver".into(), 4), ("solution:qgis".into(), 2)]);
}
