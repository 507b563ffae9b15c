use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How this process serves the forum. Built from the command line and the
/// environment (see `cli.rs`, every option has its variable).
#[derive(Clone, Debug)]
pub struct Config {
    /// Holds the database file (and later the search index and mail files).
    pub data_dir: PathBuf,
    /// Where the compiled front end (`pkg/`) and the public files are.
    pub site_root: PathBuf,
    pub addr: SocketAddr,
    /// The forum's external base URL (`https://jonction.example.fr`). When it
    /// is HTTPS, cookies are marked `Secure`.
    pub public_url: Option<String>,
    /// Whether local accounts can be created (false when ProConnect is required).
    pub local_signup: bool,
    /// Memory for the cache of anonymous pages (0: no cache).
    pub page_cache_bytes: usize,
}

impl Config {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("jonction")
            .site_root(self.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .build()
    }
}
