use crate::health::Health;
use crate::config::Config;
use crate::middleware::csp::Policy;
use crate::page_cache::PageCache;
use crate::static_assets::StaticAssets;
use app::search::SearchIndex;
use app::store::Db;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use std::sync::Arc;

/// What every handler can reach. One pointer: every middleware and every
/// page render takes its own copy, so a copy costs one counter increment.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
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
    /// Pages rendered for anonymous visitors (`page_cache`).
    pub pages: PageCache,
    /// The stylesheet, icon and browser bundle, in memory (`static_assets`).
    pub assets: StaticAssets,
    /// The health probe, shared by the requests that arrive while it runs.
    pub health: Health,
    /// The Content-Security-Policy, but for the scripts each page allows.
    pub csp: Policy,
    /// The headers every page carries (`middleware::fixed`).
    pub fixed_headers: http::HeaderMap,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state of a server for `config`: reads the static files the site
    /// root's manifest names, and starts an empty page cache.
    pub fn new(
        db: Db,
        config: Config,
        proconnect: Option<Arc<crate::proconnect::ProConnect>>,
        search: SearchIndex,
        mail: Arc<app::mail::MailSettings>,
    ) -> std::io::Result<AppState> {
        let assets = StaticAssets::load(&config.site_root)?;
        let mut leptos = config.leptos_options();
        leptos.output_name = assets.names.output_name.clone();
        let csp = Policy::new(proconnect.as_ref().map(|pc| pc.config.issuer.as_str()));
        let fixed_headers = crate::middleware::fixed::fixed_headers(config.secure_cookies());
        Ok(AppState(Arc::new(Shared {
            pages: PageCache::new(db.clone(), search.clone(), config.page_cache_bytes),
            db,
            leptos,
            config: Arc::new(config),
            proconnect,
            search,
            mail,
            assets,
            health: Health::default(),
            csp,
            fixed_headers,
        })))
    }

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
