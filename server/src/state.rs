use crate::config::Config;
use app::search::SearchIndex;
use app::store::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What every handler can reach. Cheap to clone (a pool handle and two Arcs).
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub leptos: LeptosOptions,
    pub config: Arc<Config>,
    /// Present when ProConnect is configured.
    pub proconnect: Option<Arc<crate::proconnect::ProConnect>>,
    /// The search index (searched by pages; written only by the indexer worker).
    pub search: SearchIndex,
    /// What mails need (sender, links, the key of unsubscribe links); the
    /// workers send them.
    pub mail: Arc<app::mail::MailSettings>,
}

impl AppState {
    pub fn auth_options(&self) -> app::domain::AuthOptions {
        app::domain::AuthOptions { proconnect: self.proconnect.is_some(), local_signup: self.config.local_signup }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Self {
        state.db.clone()
    }
}
