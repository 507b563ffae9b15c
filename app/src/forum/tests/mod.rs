//! Tests of the domain functions themselves, on a real SQLite file (a fresh
//! forum per test, `crate::testing`), fast enough for mutation testing: who
//! may do what, the rules, and what each function leaves in the database.
//! One file per area; the fixture and the assertions on errors live here.

mod account_links;
mod accounts;
mod identity;
mod import;
mod lists;
mod members;
mod notifications;
mod posts;
mod search;
mod subscriptions;
mod tags;
mod thread_page;
mod workflow;

use crate::domain::{Role, TagKind, Viewer};
use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::testing::{self, TempForum};
use http::StatusCode;
use std::fmt::Debug;

/// A small forum: one member of each role and a stranger, two tags of each
/// kind, and one thread (GeoServer × WFS) by `author` with a reply by `stranger`.
pub struct Forum {
    pub db: Db,
    pub admin: Viewer,
    pub moderator: Viewer,
    pub author: Viewer,
    pub stranger: Viewer,
    pub geoserver: i64,
    pub qgis: i64,
    pub wfs: i64,
    pub csw: i64,
    pub thread: i64,
    pub opening: i64,
    pub answer: i64,
    /// Last: its directory is removed once the pool above is dropped.
    pub temp: TempForum,
}

pub const THREAD_TITLE: &str = "Pagination WFS cassée";

impl Forum {
    pub async fn new() -> Self {
        let temp = TempForum::new().await;
        let db = temp.db.clone();
        let admin = testing::member(&db, "Alice Admin", Role::Admin).await;
        let moderator = testing::member(&db, "Marc Moderateur", Role::Moderator).await;
        let author = testing::member(&db, "Anne Autrice", Role::Member).await;
        let stranger = testing::member(&db, "Sam Passant", Role::Member).await;
        let geoserver = testing::tag(&db, "geoserver", TagKind::Solution, "GeoServer").await;
        let qgis = testing::tag(&db, "qgis", TagKind::Solution, "QGIS").await;
        let wfs = testing::tag(&db, "wfs", TagKind::Standard, "Web Feature Service").await;
        let csw = testing::tag(&db, "csw", TagKind::Standard, "Catalogue Service for the Web").await;
        let (thread, opening) =
            testing::thread(&db, author.id, THREAD_TITLE, "Des doublons à partir de la page 3.", &[geoserver, wfs]).await;
        let answer = testing::reply(&db, thread, stranger.id, "Passez en 2.25.1.").await;
        Self { db, admin, moderator, author, stranger, geoserver, qgis, wfs, csw, thread, opening, answer, temp }
    }

    /// Another thread by `author` with the given tags; returns (thread, opening post).
    pub async fn thread_by(&self, author: &Viewer, title: &str, tags: &[i64]) -> (i64, i64) {
        testing::thread(&self.db, author.id, title, "Le corps du message.", tags).await
    }

    pub async fn lock(&self, thread: i64) {
        crate::forum::threads::set_locked(&self.db, &self.moderator, thread, true).await.expect("a moderator locks");
    }
}

/// The refusal `result` must be, by its HTTP status.
#[track_caller]
pub fn refused<T: Debug>(result: AppResult<T>, status: StatusCode) -> AppError {
    match result {
        Err(e) if e.status() == status => e,
        other => panic!("expected a refusal with {status}, got {other:?}"),
    }
}

/// The fields named by an input refusal (422), in the order reported.
#[track_caller]
pub fn invalid_fields<T: Debug>(result: AppResult<T>) -> Vec<String> {
    match result {
        Err(AppError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected a 422 refusal, got {other:?}"),
    }
}
