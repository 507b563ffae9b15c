//! Expected top results for named queries; French and English analysis;
//! identifiers as typed; deleted posts never found nor shown.

use super::corpus::Corpus;

#[tokio::test]
async fn named_queries_find_their_thread_first() {
    let c = Corpus::new().await;
    for (q, expected) in [
        ("pagination wfs", c.wfs_paging),
        ("moissonnage csw", c.harvest_csw),
        ("proxy moissonneur", c.harvest_csw),
        ("couches invisibles", c.wms_layers),
        ("keywords ckan", c.ckan_harvesting),
        ("lambert décalé", c.lambert),
    ] {
        assert_eq!(c.ids(q).first(), Some(&expected), "{q:?} → {:?}", c.ids(q));
    }
}

#[tokio::test]
async fn french_accents_folded_and_words_stemmed() {
    let c = Corpus::new().await;
    // « requête » (accent) in one thread, « requete » (none) in the other: each query finds both.
    for q in ["requete", "requête", "REQUÊTES"] {
        let ids = c.ids(q);
        assert!(ids.contains(&c.harvest_csw) && ids.contains(&c.wfs_paging), "{q:?} → {ids:?}");
    }
    assert_eq!(c.ids("moissonner").first(), Some(&c.harvest_csw), "moissonner finds moissonnage");
    assert_eq!(c.ids("couche"), vec![c.wms_layers], "couche finds couches");
    assert_eq!(c.ids("metadonnee").first(), Some(&c.old_tag_thread), "accents and plural");
}

#[tokio::test]
async fn english_text_is_analysed_as_english() {
    let c = Corpus::new().await;
    assert_eq!(c.ids("harvested"), vec![c.ckan_harvesting], "harvested finds harvesting and harvest");
    assert_eq!(c.ids("keyword").first(), Some(&c.ckan_harvesting));
    assert_eq!(c.ids("records").first(), Some(&c.ckan_harvesting));
}

#[tokio::test]
async fn identifiers_match_as_typed() {
    let c = Corpus::new().await;
    assert_eq!(c.ids("EPSG:2154").first(), Some(&c.wms_layers));
    assert_eq!(c.ids("ows:ExceptionReport"), vec![c.harvest_csw]);
    assert_eq!(c.ids("GetCapabilities"), vec![c.wms_layers]);
    // A version is one term: 2.25.1 is not 2.24.0.
    assert_eq!(c.ids("2.25.1"), vec![c.wms_layers]);
    assert_eq!(c.ids("2.24.0"), vec![c.wfs_paging]);
    assert!(c.ids("2.26.3").is_empty());
}

#[tokio::test]
async fn deleted_posts_are_neither_found_nor_shown() {
    let c = Corpus::new().await;
    assert!(c.ids("hunter2zz").is_empty(), "a deleted post's words find nothing");
    let page = c.page("lambert").await;
    let hit = page.hits.iter().find(|h| h.thread.id == c.lambert).expect("the thread itself is found");
    let shown = format!("{:?}", (&hit.snippet, &hit.resolution));
    assert!(!shown.contains("hunter2zz") && !shown.contains("jeton"), "{shown}");
    let doc = c.index.documents().unwrap().into_iter().find(|d| d.id == c.lambert).unwrap();
    assert_eq!(doc.posts.len(), 1, "only the opening post is indexed: {:?}", doc.posts);
}

#[tokio::test]
async fn snippets_mark_the_words_and_the_resolution_comes_first() {
    let c = Corpus::new().await;
    let page = c.page("proxy").await;
    let hit = &page.hits[0];
    assert_eq!(hit.thread.id, c.harvest_csw);
    let resolution = hit.resolution.as_ref().expect("a resolved thread shows its resolution");
    let marked: Vec<&str> = resolution.pieces().into_iter().filter(|(_, m)| *m).map(|(t, _)| t).collect();
    assert_eq!(marked, vec!["proxy"]);
    // A thread that is not resolved has no resolution passage; its best post is marked.
    let page = c.page("doublons").await;
    let hit = &page.hits[0];
    assert_eq!(hit.thread.id, c.wfs_paging);
    assert!(hit.resolution.is_none());
    let snippet = hit.snippet.as_ref().unwrap();
    assert!(snippet.pieces().iter().any(|(t, m)| *m && *t == "doublons"), "{snippet:?}");
}

#[tokio::test]
async fn a_long_post_is_quoted_where_the_searched_word_is() {
    let mut c = Corpus::new().await;
    // Far past the part of a post a snippet is cut from, behind accented
    // words (folding changes their length) and « œ » (folding doubles it).
    let body = format!("Journal du serveur : {} enfin l’erreur zyxwvutsq apparaît.", "cœur éèà réessayé sans intérêt. ".repeat(400));
    crate::testing::reply(&c.db, c.lambert, c.bruno, &body).await;
    c.indexer.as_mut().unwrap().apply_pending(&c.db).await.unwrap();
    let page = c.page("zyxwvutsq").await;
    let hit = page.hits.iter().find(|h| h.thread.id == c.lambert).expect("the long post's thread is found");
    let snippet = hit.snippet.as_ref().expect("a snippet from the long post");
    assert!(snippet.pieces().iter().any(|(t, m)| *m && *t == "zyxwvutsq"), "{snippet:?}");
}

#[tokio::test]
async fn numbers_and_hyphenated_words_are_found_as_words_too() {
    let c = Corpus::new().await;
    // `2154` is a piece of `EPSG:2154`, found through the words fields.
    assert_eq!(c.ids("2154").first(), Some(&c.wms_layers));
    // « mise-à-jour » typed for « mise à jour ».
    assert_eq!(c.ids("mise-à-jour"), vec![c.harvest_csw]);
}

/// A search without words reads a hit's thread only up to its opening post:
/// a resolved thread still shows its resolution (stored before the posts),
/// and the others their opening post.
#[tokio::test]
async fn a_search_without_words_quotes_the_resolution_or_the_opening_post() {
    let c = Corpus::new().await;
    for q in ["", "solution:geonetwork"] {
        let page = c.page(q).await;
        let resolved = page.hits.iter().find(|h| h.thread.id == c.harvest_csw).expect("the resolved thread is listed");
        let resolution = resolved.resolution.as_ref().map(|s| s.text.as_str());
        assert_eq!(resolution, Some("Il fallait déclarer le proxy sortant dans la configuration du moissonneur."), "{q:?}");
        assert!(resolved.snippet.is_none(), "{q:?}: the resolution says enough");
    }
    let page = c.page("").await;
    let open = page.hits.iter().find(|h| h.thread.id == c.wfs_paging).expect("the open thread is listed");
    let opening = open.snippet.as_ref().map(|s| s.text.as_str());
    assert_eq!(opening, Some("La pagination d’une requete avec startIndex renvoie des doublons à partir de la page 3."));
    assert!(open.resolution.is_none());
}
