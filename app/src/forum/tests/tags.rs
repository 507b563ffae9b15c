//! The taxonomy: tag pages, the map, and tag curation by moderators.

use super::{Forum, invalid_fields, refused};
use crate::domain::{NewTag, TagFields, TagKind, ThreadStatus};
use crate::forum::tags;
use crate::store;
use crate::testing;
use http::StatusCode;

fn new_tag(slug: &str, kind: &str) -> crate::domain::Parsed<NewTag> {
    NewTag::parse(slug, kind, "MapServer", "Serveur cartographique.", "https://mapserver.org")
}

#[tokio::test]
async fn a_tag_page_groups_unsettled_and_resolved_threads() {
    let f = Forum::new().await;
    let (resolved, _) = f.thread_by(&f.author, "Résolu", &[f.geoserver]).await;
    testing::resolve(&f.db, resolved, f.answer).await;
    let (wont_fix, _) = f.thread_by(&f.author, "Abandonné", &[f.geoserver]).await;
    testing::set_status(&f.db, wont_fix, ThreadStatus::WontFix, None).await;
    let (confirmed, _) = f.thread_by(&f.author, "Confirmé", &[f.geoserver]).await;
    testing::set_status(&f.db, confirmed, ThreadStatus::Confirmed, None).await;
    f.thread_by(&f.author, "Autre tag", &[f.qgis]).await;

    let page = tags::tag_page(&f.db, "geoserver").await.unwrap();
    assert_eq!((page.slug.as_str(), page.kind, page.name.as_str()), ("geoserver", TagKind::Solution, "GeoServer"));
    let ids = |threads: &[crate::domain::views::ThreadSummary]| threads.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(&page.open), [confirmed, f.thread]);
    assert_eq!(ids(&page.resolved), [resolved]);
    assert_eq!((page.open_total, page.resolved_total), (2, 1));
    refused(tags::tag_page(&f.db, "inconnu").await, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_map_counts_threads_by_solution_and_standard() {
    let f = Forum::new().await;
    let (resolved, _) = f.thread_by(&f.author, "Résolu", &[f.geoserver, f.wfs]).await;
    testing::resolve(&f.db, resolved, f.answer).await;
    let (settled, _) = f.thread_by(&f.author, "Doublon", &[f.geoserver, f.wfs]).await;
    testing::set_status(&f.db, settled, ThreadStatus::Duplicate, None).await;
    f.thread_by(&f.author, "Deux solutions, aucune norme", &[f.geoserver, f.qgis]).await;
    let (needs_info, _) = f.thread_by(&f.author, "QGIS et CSW", &[f.qgis, f.csw]).await;
    testing::set_status(&f.db, needs_info, ThreadStatus::NeedsInfo, None).await;
    testing::tag(&f.db, "mapserver", TagKind::Solution, "MapServer").await;

    let map = tags::interop_map(&f.db).await.unwrap();
    let slugs = |tags: &[crate::domain::views::TagChoice]| tags.iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
    // Only tags that share a thread with a tag of the other kind.
    assert_eq!(slugs(&map.solutions), ["geoserver", "qgis"]);
    assert_eq!(slugs(&map.standards), ["csw", "wfs"]);
    let cell = |i: usize, j: usize| (map.cells[i][j].open, map.cells[i][j].resolved);
    assert_eq!([cell(0, 0), cell(0, 1), cell(1, 0), cell(1, 1)], [(0, 0), (1, 1), (1, 0), (0, 0)]);

    // A counter pairing two solutions (no change writes one) is no cell, and brings no tag.
    let ckan = testing::tag(&f.db, "ckan", TagKind::Solution, "CKAN").await;
    let mut tx = store::begin(&f.db).await.unwrap();
    for (first, second, unsettled) in [(f.qgis, f.geoserver, 7), (ckan, f.qgis, 1)] {
        sqlx::query("INSERT INTO map_counts (solution_id, standard_id, threads, unsettled, resolved) VALUES ($1, $2, $3, $3, 0)")
            .bind(first)
            .bind(second)
            .bind(unsettled)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    store::map::write_text(&mut tx).await.unwrap();
    tx.commit().await.unwrap();
    let cells: String = sqlx::query_scalar("SELECT cells FROM map_text").fetch_one(&f.db).await.unwrap();
    assert!(cells.contains(&format!("{ckan},{},1,0", f.qgis)), "the counters are in the map's text: {cells}");
    assert_eq!(tags::interop_map(&f.db).await.unwrap(), map);
}

#[tokio::test]
async fn moderators_create_tags_with_a_slug_of_their_own() {
    let f = Forum::new().await;
    for member in [&f.author, &f.stranger] {
        refused(tags::create_tag(&f.db, member, new_tag("mapserver", "solution")).await, StatusCode::FORBIDDEN);
        refused(tags::create_tag(&f.db, member, new_tag("Map Server", "")).await, StatusCode::FORBIDDEN);
    }
    assert_eq!(invalid_fields(tags::create_tag(&f.db, &f.moderator, new_tag("Map Server", "")).await), ["slug", "kind"]);
    assert_eq!(tags::create_tag(&f.db, &f.moderator, new_tag("MapServer", "solution")).await.unwrap(), "mapserver");
    let e = refused(tags::create_tag(&f.db, &f.admin, new_tag("mapserver", "standard")).await, StatusCode::CONFLICT);
    assert_eq!(e.field_errors()[0].field, "slug");
    let page = tags::tag_page(&f.db, "mapserver").await.unwrap();
    assert_eq!((page.kind, page.name.as_str()), (TagKind::Solution, "MapServer"));
    assert_eq!((page.description.as_str(), page.url.as_deref()), ("Serveur cartographique.", Some("https://mapserver.org")));
}

#[tokio::test]
async fn moderators_edit_a_tag() {
    let f = Forum::new().await;
    let fields = || TagFields::parse("GeoServer (OSGeo)", "Serveur OGC.", "https://geoserver.org");
    refused(tags::update_tag(&f.db, &f.author, "geoserver", fields()).await, StatusCode::FORBIDDEN);
    refused(tags::update_tag(&f.db, &f.moderator, "inconnu", fields()).await, StatusCode::NOT_FOUND);
    assert_eq!(invalid_fields(tags::update_tag(&f.db, &f.moderator, "geoserver", TagFields::parse("", "", "")).await), ["name"]);
    tags::update_tag(&f.db, &f.moderator, "geoserver", fields()).await.unwrap();
    let page = tags::tag_page(&f.db, "geoserver").await.unwrap();
    assert_eq!(
        (page.name.as_str(), page.description.as_str(), page.url.as_deref()),
        ("GeoServer (OSGeo)", "Serveur OGC.", Some("https://geoserver.org"))
    );
    // The lists show the new name on the tag's threads at once.
    let shown = page.open.iter().find(|t| t.id == f.thread).unwrap().tags.iter().find(|t| t.slug == "geoserver").unwrap();
    assert_eq!(shown.name, "GeoServer (OSGeo)");
}

#[tokio::test]
async fn a_merged_tag_becomes_a_synonym_and_its_threads_move() {
    let f = Forum::new().await;
    let old = testing::tag(&f.db, "geoserveur", TagKind::Solution, "GeoServeur").await;
    let (moved, _) = f.thread_by(&f.author, "Étiqueté à l’ancienne", &[old, f.csw]).await;
    refused(tags::merge_tags(&f.db, &f.stranger, "geoserveur", "geoserver").await, StatusCode::FORBIDDEN);
    tags::merge_tags(&f.db, &f.moderator, "geoserveur", " geoserver ").await.unwrap();

    let page = tags::tag_page(&f.db, "geoserveur").await.unwrap();
    assert_eq!(page.slug, "geoserver", "the old slug leads to the tag it was merged into");
    assert_eq!(page.synonyms, ["geoserveur"]);
    // The moved thread's row shows the tag it now carries, and keeps its other one.
    let row = page.open.iter().find(|t| t.id == moved).unwrap();
    let slugs: Vec<&str> = row.tags.iter().map(|t| t.slug.as_str()).collect();
    assert_eq!(slugs, ["geoserver", "csw"]);
    let admin = tags::admin_list(&f.db, &f.moderator).await.unwrap();
    let row = admin.iter().find(|t| t.slug == "geoserveur").unwrap();
    assert_eq!((row.merged_into.as_deref(), row.thread_count), (Some("geoserver"), 0));
}

#[tokio::test]
async fn a_merge_needs_two_distinct_live_tags_of_one_kind() {
    let f = Forum::new().await;
    let old = testing::tag(&f.db, "geoserveur", TagKind::Solution, "GeoServeur").await;
    let merge = |from, into| tags::merge_tags(&f.db, &f.admin, from, into);
    refused(merge("inconnu", "geoserver").await, StatusCode::NOT_FOUND);
    assert_eq!(invalid_fields(merge("geoserveur", "inconnu").await), ["into"]);
    assert_eq!(invalid_fields(merge("geoserver", "geoserver").await), ["into"]);
    assert_eq!(invalid_fields(merge("geoserver", "wfs").await), ["into"]);
    testing::merge(&f.db, old, f.geoserver).await;
    assert_eq!(invalid_fields(merge("geoserveur", "qgis").await), ["into"], "already a synonym");
    // Merging into a synonym merges into the tag it stands for.
    merge("qgis", "geoserveur").await.unwrap();
    assert_eq!(tags::tag_page(&f.db, "qgis").await.unwrap().slug, "geoserver");
}

#[tokio::test]
async fn only_moderators_see_the_tag_administration() {
    let f = Forum::new().await;
    refused(tags::admin_list(&f.db, &f.author).await, StatusCode::FORBIDDEN);
    let rows = tags::admin_list(&f.db, &f.moderator).await.unwrap();
    let counts: Vec<_> = rows.iter().map(|t| (t.slug.as_str(), t.thread_count)).collect();
    assert_eq!(counts, [("geoserver", 1), ("qgis", 0), ("csw", 0), ("wfs", 1)]);
}

#[tokio::test]
async fn a_standards_page_lists_the_threads_of_that_standard_only() {
    let f = Forum::new().await;
    let (csw, _) = f.thread_by(&f.author, "Moissonnage CSW", &[f.qgis, f.csw]).await;
    let ids = |page: &crate::domain::views::TagPage| page.open.iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(ids(&tags::tag_page(&f.db, "csw").await.unwrap()), [csw]);
    assert_eq!(ids(&tags::tag_page(&f.db, "wfs").await.unwrap()), [f.thread]);
    assert_eq!(ids(&tags::tag_page(&f.db, "qgis").await.unwrap()), [csw]);
}
