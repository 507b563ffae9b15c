//! A fresh forum with six threads whose words the tests name.

use crate::domain::{Role, TagKind};
use crate::search::{Indexer, SearchIndex, SearchRequest};
use crate::store::{self, Db, OpenOptions, testing::TestDatabase};
use crate::testing::{delete, member, merge, reply, resolve, tag, temp_dir, thread};
use std::path::PathBuf;

pub struct Corpus {
    pub db: Db,
    pub dir: PathBuf,
    pub index: SearchIndex,
    /// Taken by the tests that stop it.
    pub indexer: Option<Indexer>,
    pub harvest_csw: i64,
    pub wms_layers: i64,
    pub ckan_harvesting: i64,
    pub wfs_paging: i64,
    pub lambert: i64,
    pub old_tag_thread: i64,
    pub amelie: i64,
    pub bruno: i64,
    /// The PostgreSQL database of the run on PostgreSQL, dropped last.
    pub _database: Option<TestDatabase>,
}

impl Corpus {
    /// The forum with its index built and every change applied.
    pub async fn new() -> Corpus {
        let dir = temp_dir();
        let (db, database) = store::testing::open(&dir, &OpenOptions::default()).await.unwrap();
        let amelie = member(&db, "Amélie Roux", Role::Member).await.id;
        let bruno = member(&db, "Bruno Lefèvre", Role::Member).await.id;
        use TagKind::*;
        let geonetwork = tag(&db, "geonetwork", Solution, "GeoNetwork opensource").await;
        let gn_old = tag(&db, "gn-ancien", Solution, "Ancien GeoNetwork").await;
        let geoserver = tag(&db, "geoserver", Solution, "GeoServer").await;
        let qgis = tag(&db, "qgis", Solution, "QGIS").await;
        let ckan = tag(&db, "ckan", Solution, "CKAN").await;
        let csw = tag(&db, "csw", Standard, "Catalogue Service for the Web").await;
        let wms = tag(&db, "wms", Standard, "Web Map Service").await;
        let wfs = tag(&db, "wfs", Standard, "Web Feature Service").await;
        let records = tag(&db, "ogcapi-records", Standard, "OGC API – Records").await;

        // The index exists before the threads: they reach it through the change log.
        let index = SearchIndex::open(&db, &dir).await.unwrap();
        let mut indexer = Indexer::new(&index).unwrap();

        let harvest_csw = thread(&db, amelie, "Le moissonnage CSW de GeoNetwork échoue",
            "Depuis la mise à jour, le catalogue distant renvoie ows:ExceptionReport et la requête GetRecords est refusée.",
            &[geonetwork, csw]).await.0;
        reply(&db, harvest_csw, bruno, "Même souci ici avec un autre catalogue.").await;
        let fix = reply(&db, harvest_csw, bruno, "Il fallait déclarer le proxy sortant dans la configuration du moissonneur.").await;
        resolve(&db, harvest_csw, fix).await;
        let wms_layers = thread(&db, bruno, "Couches WMS invisibles dans QGIS en EPSG:2154",
            "Les couches publiées par GeoServer 2.25.1 n’apparaissent pas alors que GetCapabilities annonce EPSG:2154.",
            &[geoserver, qgis, wms]).await.0;
        let ckan_harvesting = thread(&db, amelie, "Harvesting drops keywords in CKAN",
            "When we harvest from pygeoapi through OGC API Records, every record loses its keywords.",
            &[ckan, records]).await.0;
        let wfs_paging = thread(&db, bruno, "Pagination WFS cassée avec GeoServer 2.24.0",
            "La pagination d’une requete avec startIndex renvoie des doublons à partir de la page 3.",
            &[geoserver, wfs]).await.0;
        let lambert = thread(&db, amelie, "Projection Lambert 93 décalée dans le visualiseur",
            "Les données en Lambert 93 sont décalées de quelques mètres.", &[qgis, wms]).await.0;
        let deleted = reply(&db, lambert, bruno, "Voici le jeton secret hunter2zz du serveur, Lambert compris.").await;
        delete(&db, deleted).await;
        let old_tag_thread = thread(&db, bruno, "Métadonnées ISO tronquées à l’export",
            "Les résumés longs sont coupés.", &[gn_old, csw]).await.0;
        merge(&db, gn_old, geonetwork).await;

        indexer.apply_pending(&db).await.unwrap();
        Corpus { db, dir, index, indexer: Some(indexer), harvest_csw, wms_layers, ckan_harvesting, wfs_paging, lambert, old_tag_thread, amelie, bruno, _database: database }
    }

    /// Thread ids found for `words`, best first.
    pub fn ids(&self, words: &str) -> Vec<i64> {
        let r = SearchRequest { words: words.split_whitespace().map(str::to_string).collect(), limit: 20, ..Default::default() };
        self.index.search(&r).unwrap().hits.into_iter().map(|h| h.id).collect()
    }

    /// The whole page the forum builds for a query typed in the box.
    pub async fn page(&self, q: &str) -> crate::domain::search_results::SearchPage {
        crate::forum::search::search(&self.db, &self.index, q, "", crate::domain::PageNumber::FIRST).await.unwrap()
    }
}

impl Drop for Corpus {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
