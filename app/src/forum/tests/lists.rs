//! The lists of threads: filters by tag and status, and their pages.

use super::{Forum, refused};
use crate::domain::limits::THREADS_PER_PAGE;
use crate::domain::views::{ThreadFilter, ThreadList};
use crate::domain::{PageNumber, TagKind, ThreadStatus};
use crate::forum::threads::list_threads;
use crate::testing;
use http::StatusCode;

fn filter(solution: &str, standard: &str, status: &str) -> ThreadFilter {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    ThreadFilter { solution: some(solution), standard: some(standard), status: some(status), ..Default::default() }
}

async fn ids(f: &Forum, filter: ThreadFilter) -> Vec<i64> {
    let mut ids: Vec<i64> = list_threads(&f.db, &filter).await.unwrap().threads.into_iter().map(|t| t.id).collect();
    ids.sort();
    ids
}

#[tokio::test]
async fn threads_are_filtered_by_solution_standard_and_status() {
    let f = Forum::new().await;
    let (qgis_wfs, _) = f.thread_by(&f.stranger, "QGIS et WFS", &[f.qgis, f.wfs]).await;
    let (qgis_csw, _) = f.thread_by(&f.author, "QGIS et CSW", &[f.qgis, f.csw]).await;
    testing::resolve(&f.db, qgis_csw, f.answer).await;
    let (wont_fix, _) = f.thread_by(&f.author, "GeoServer et CSW", &[f.geoserver, f.csw]).await;
    testing::set_status(&f.db, wont_fix, ThreadStatus::WontFix, None).await;
    let everything = vec![f.thread, qgis_wfs, qgis_csw, wont_fix];

    assert_eq!(ids(&f, filter("", "", "")).await, everything);
    assert_eq!(ids(&f, filter("qgis", "", "")).await, [qgis_wfs, qgis_csw]);
    assert_eq!(ids(&f, filter("", "wfs", "")).await, [f.thread, qgis_wfs]);
    assert_eq!(ids(&f, filter("qgis", "wfs", "")).await, [qgis_wfs]);
    assert_eq!(ids(&f, filter("", "", "unsettled")).await, [f.thread, qgis_wfs]);
    assert_eq!(ids(&f, filter("", "", "resolved")).await, [qgis_csw]);
    assert_eq!(ids(&f, filter("", "csw", "wont_fix")).await, [wont_fix]);
    // An empty choice is no filter; so is a status this forum does not know.
    let empty = ThreadFilter { solution: Some(String::new()), status: Some(String::new()), ..Default::default() };
    assert_eq!(ids(&f, empty).await, everything);
    assert_eq!(ids(&f, filter("", "", "closed")).await, everything);
    // (A member's threads are listed on their page: `members.rs`.)
}

#[tokio::test]
async fn an_unknown_tag_lists_nothing_and_a_synonym_lists_its_tag() {
    let f = Forum::new().await;
    let list = list_threads(&f.db, &filter("inconnu", "wfs", "")).await.unwrap();
    assert_eq!(list, ThreadList { threads: vec![], total: 0, page: 1, pages: 1, prev: None, next: None });
    let list = list_threads(&f.db, &filter("geoserver", "inconnue", "")).await.unwrap();
    assert_eq!((list.threads.len(), list.total), (0, 0));
    let old = testing::tag(&f.db, "geoserveur", TagKind::Solution, "GeoServeur").await;
    testing::merge(&f.db, old, f.geoserver).await;
    assert_eq!(ids(&f, filter("geoserveur", "", "")).await, [f.thread]);
}

#[tokio::test]
async fn a_list_comes_in_pages_of_a_fixed_size() {
    let f = Forum::new().await;
    let page = |n: &str| ThreadFilter { page: PageNumber::parse(Some(n)).unwrap(), ..Default::default() };
    let one = list_threads(&f.db, &page("1")).await.unwrap();
    assert_eq!((one.total, one.page, one.pages), (1, 1, 1));
    for i in 1..THREADS_PER_PAGE {
        f.thread_by(&f.stranger, &format!("Fil {i}"), &[]).await;
    }
    let full = list_threads(&f.db, &page("1")).await.unwrap();
    assert_eq!((full.threads.len() as i64, full.total, full.pages), (THREADS_PER_PAGE, THREADS_PER_PAGE, 1));
    refused(list_threads(&f.db, &page("2")).await, StatusCode::NOT_FOUND);

    f.thread_by(&f.stranger, "Un de plus", &[]).await;
    let first = list_threads(&f.db, &page("1")).await.unwrap();
    // Page 2 starts where page 1's link says (a cursor); a bare number is no page.
    refused(list_threads(&f.db, &page("2")).await, StatusCode::NOT_FOUND);
    let after = |list: &ThreadList, n: &str| ThreadFilter { cursor: list.next.unwrap(), ..page(n) };
    let second = list_threads(&f.db, &after(&first, "2")).await.unwrap();
    assert_eq!((first.threads.len() as i64, first.pages), (THREADS_PER_PAGE, 2));
    assert_eq!((second.threads.len(), second.page, second.total), (1, 2, THREADS_PER_PAGE + 1));
    assert_eq!(second.threads[0].id, f.thread, "the least recently active comes last");
    assert_eq!(second.next, None, "nothing after the last page");
    refused(list_threads(&f.db, &page("3")).await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_page_links_back_to_the_one_before_it_and_a_cursor_past_the_end_is_no_page() {
    use crate::domain::{ListCursor, ListKey};
    let f = Forum::new().await;
    for i in 0..2 * THREADS_PER_PAGE {
        f.thread_by(&f.stranger, &format!("Fil {i}"), &[]).await;
    }
    let page = |n: &str, cursor| ThreadFilter { page: PageNumber::parse(Some(n)).unwrap(), cursor, ..Default::default() };
    let first = list_threads(&f.db, &page("1", ListCursor::First)).await.unwrap();
    let second = list_threads(&f.db, &page("2", first.next.unwrap())).await.unwrap();
    let third = list_threads(&f.db, &page("3", second.next.unwrap())).await.unwrap();
    assert_eq!((first.prev, third.pages, third.threads.len()), (None, 3, 1));
    // Back from the second page is the first, named by no cursor; back from the third, a cursor.
    assert_eq!(second.prev, Some(ListCursor::First));
    let key = |t: &crate::domain::views::ThreadSummary| ListKey { last_activity_at: t.last_activity_at, thread_id: t.id };
    assert_eq!(third.prev, Some(ListCursor::Before(key(&third.threads[0]))));
    let back = list_threads(&f.db, &page("2", third.prev.unwrap())).await.unwrap();
    assert_eq!(back.threads, second.threads);
    // Past the last thread: no page.
    let past = page("4", ListCursor::After(key(&third.threads[0])));
    refused(list_threads(&f.db, &past).await, StatusCode::NOT_FOUND);
    // A first page with nothing on it is a page, empty.
    let none = list_threads(&f.db, &filter("", "", "wont_fix")).await.unwrap();
    assert_eq!((none.threads.len(), none.total), (0, 0));
}

#[tokio::test]
async fn the_same_tag_twice_filters_once_and_two_tags_of_one_kind_list_nothing() {
    let f = Forum::new().await;
    f.thread_by(&f.author, "QGIS et WFS", &[f.qgis, f.wfs]).await;
    assert_eq!(ids(&f, filter("geoserver", "geoserver", "")).await, [f.thread]);
    assert_eq!(ids(&f, filter("geoserver", "qgis", "")).await, Vec::<i64>::new());
}

/// « En attente » is three statuses, three ranges of the index merged: its
/// pages follow each other by cursor both ways, in the lists' order, and
/// hold every thread of those statuses once.
#[tokio::test]
async fn a_list_of_several_statuses_pages_by_cursor_both_ways() {
    use crate::domain::ListCursor;
    let f = Forum::new().await;
    let statuses = [ThreadStatus::Open, ThreadStatus::NeedsInfo, ThreadStatus::Confirmed, ThreadStatus::WontFix];
    let mut unsettled = vec![f.thread];
    for i in 0..3 * THREADS_PER_PAGE {
        let (id, _) = f.thread_by(&f.stranger, &format!("Fil {i}"), &[]).await;
        let status = statuses[i as usize % statuses.len()];
        if status != ThreadStatus::Open {
            testing::set_status(&f.db, id, status, None).await;
        }
        if status != ThreadStatus::WontFix {
            unsettled.push(id);
        }
    }
    let page = |n: &str, cursor| ThreadFilter {
        status: Some("unsettled".into()),
        page: PageNumber::parse(Some(n)).unwrap(),
        cursor,
        ..Default::default()
    };
    let first = list_threads(&f.db, &page("1", ListCursor::First)).await.unwrap();
    let second = list_threads(&f.db, &page("2", first.next.unwrap())).await.unwrap();
    let third = list_threads(&f.db, &page("3", second.next.unwrap())).await.unwrap();
    assert_eq!((first.total, first.pages, third.next), (unsettled.len() as i64, 3, None));
    let rows: Vec<_> = [&first, &second, &third].iter().flat_map(|p| p.threads.iter()).collect();
    let keys: Vec<(i64, i64)> = rows.iter().map(|t| (t.last_activity_at, t.id)).collect();
    assert!(keys.windows(2).all(|w| w[0] > w[1]), "most recently active first, across pages: {keys:?}");
    let mut ids: Vec<i64> = rows.iter().map(|t| t.id).collect();
    ids.sort();
    unsettled.sort();
    assert_eq!(ids, unsettled, "every unsettled thread once, and no other");
    // Back from the third page (a cursor read backwards over the three ranges), then from the second.
    let back = list_threads(&f.db, &page("2", third.prev.unwrap())).await.unwrap();
    assert_eq!(back.threads, second.threads);
    let back = list_threads(&f.db, &page("1", back.prev.unwrap())).await.unwrap();
    assert_eq!(back.threads, first.threads);
}
