//! Threads like the one being written, found in the index of the fixture's
//! forum. (The search page's rules are tested on a larger corpus in
//! `crate::search::tests`.)

use super::{Forum, THREAD_TITLE};
use crate::domain::ThreadStatus;
use crate::domain::limits::SIMILAR_THREADS_MAX;
use crate::forum::similar::similar_threads;
use crate::search::{Indexer, SearchIndex};
use crate::testing;

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
