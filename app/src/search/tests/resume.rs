//! The indexer stopped mid-way resumes from its last commit, a corrupt index
//! is rebuilt, and either way the index ends equal to the database.

use super::corpus::Corpus;
use crate::testing::{reply, resolve, thread};
use crate::search::{Indexer, SearchIndex, SearchRequest, ThreadText, document};

/// What the index holds, compared field by field with the database.
async fn assert_index_equals_database(c: &Corpus, index: &SearchIndex) {
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM threads ORDER BY id").fetch_all(&c.db).await.unwrap();
    let mut expected = Vec::new();
    for id in ids {
        let t = document::load(&c.db, id).await.unwrap().unwrap();
        expected.push(ThreadText { status: String::new(), author: String::new(), facets: vec![], tag_words: vec![], ..t });
    }
    assert_eq!(index.documents().unwrap(), expected);
}

#[tokio::test]
async fn a_stopped_indexer_resumes_from_its_last_commit() {
    let mut c = Corpus::new().await;
    let mut indexer = c.indexer.take().unwrap();
    let first = indexer.last_applied();
    let (t, _) = thread(&c.db, c.amelie, "Tuiles WMTS floues sur mobile", "Les tuiles sont floues.", &[]).await;
    let r1 = reply(&c.db, t, c.bruno, "Essayez le paramètre TILEMATRIX.").await;
    reply(&c.db, c.wms_layers, c.amelie, "Toujours invisibles après redémarrage.").await;
    resolve(&c.db, t, r1).await;
    // Two positions committed, two more applied but never committed, then the process "dies".
    assert!(indexer.apply_batch(&c.db, 2, true).await.unwrap() >= 2);
    assert!(indexer.apply_batch(&c.db, 2, false).await.unwrap() >= 2);
    let committed = indexer.last_applied();
    assert!(committed > first);
    drop(indexer);

    let reopened = SearchIndex::open(&c.db, &c.dir).await.unwrap();
    let mut resumed = Indexer::new(&reopened).unwrap();
    assert_eq!(resumed.last_applied(), committed, "resumes from the last commit's payload");
    let pending = crate::store::change_log::after(&c.db, committed, 1_000).await.unwrap().len();
    assert!(pending >= 2, "at least the uncommitted batch");
    assert_eq!(resumed.apply_pending(&c.db).await.unwrap(), pending);
    assert_index_equals_database(&c, &reopened).await;
    let found = reopened.search(&SearchRequest { words: vec!["tilematrix".into()], limit: 5, ..Default::default() }).unwrap();
    assert_eq!(found.hits[0].id, t);
    assert!(found.hits[0].resolution.is_some(), "the resolution applied after the restart");
}

#[tokio::test]
async fn a_corrupt_or_missing_index_is_rebuilt_at_start() {
    let mut c = Corpus::new().await;
    drop(c.indexer.take());
    let root = crate::search::search_dir(&c.dir);
    let live = std::fs::read_to_string(root.join("CURRENT")).unwrap().trim().to_string();
    // Garbage in place of the index's metadata.
    std::fs::write(root.join(&live).join("meta.json"), b"{ not json").unwrap();
    let reopened = SearchIndex::open(&c.db, &c.dir).await.unwrap();
    assert_ne!(std::fs::read_to_string(root.join("CURRENT")).unwrap().trim(), live, "a new generation");
    assert!(!root.join(&live).exists(), "the corrupt one is removed");
    assert_index_equals_database(&c, &reopened).await;
    // Missing altogether.
    std::fs::remove_dir_all(&root).unwrap();
    let rebuilt = SearchIndex::open(&c.db, &c.dir).await.unwrap();
    assert_index_equals_database(&c, &rebuilt).await;
    // A `reindex` while an indexer runs: it switches to the new generation and keeps applying.
    let mut indexer = Indexer::new(&rebuilt).unwrap();
    crate::search::reindex(&c.db, &c.dir).await.unwrap();
    reply(&c.db, c.lambert, c.bruno, "Corrigé avec la grille NTV2.").await;
    indexer.apply_pending(&c.db).await.unwrap();
    assert_eq!(rebuilt.search(&SearchRequest { words: vec!["ntv2".into()], limit: 5, ..Default::default() }).unwrap().hits[0].id, c.lambert);
    assert_eq!(std::fs::read_dir(&root).unwrap().filter(|e| e.as_ref().unwrap().path().is_dir()).count(), 1, "the old generation is gone");
    c.index = rebuilt;
}

#[tokio::test]
async fn an_index_ahead_of_the_database_is_rebuilt() {
    let mut c = Corpus::new().await;
    drop(c.indexer.take());
    let root = crate::search::search_dir(&c.dir);
    let live = std::fs::read_to_string(root.join("CURRENT")).unwrap();
    // As after restoring an older backup: the log stops earlier than the index.
    sqlx::query("DELETE FROM change_log WHERE id > 3").execute(&c.db).await.unwrap();
    let kept = crate::store::change_log::after(&c.db, 0, 1_000).await.unwrap();
    let reopened = SearchIndex::open(&c.db, &c.dir).await.unwrap();
    assert_ne!(std::fs::read_to_string(root.join("CURRENT")).unwrap(), live, "rebuilt");
    assert_eq!(Indexer::new(&reopened).unwrap().last_applied(), kept.last().unwrap().position);
    assert_index_equals_database(&c, &reopened).await;
}
