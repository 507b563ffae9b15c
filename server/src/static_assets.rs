//! The browser bundle, the stylesheet and the icon, served from memory under
//! names that change with their content (`scripts/build.sh` names them and
//! lists them in `pkg/asset-manifest.txt`), so browsers keep them for a year
//! without asking again. Their brotli and gzip forms are made at build time
//! and sent as they are: nothing is compressed per request. Answered before
//! the router (`front`): a file needs no session, no page cache, no policy.
//!
//! Without a manifest (a site root built otherwise, the tests'), the plain
//! names are used and served from disk by the router's fallback.

use crate::page_cache::Encoding;
use app::AssetNames;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderValue, Method, header};
use std::collections::HashMap;
use std::path::Path;

/// The manifest `scripts/build.sh` writes: one line per file, "plain-name hashed-name".
pub const MANIFEST: &str = "pkg/asset-manifest.txt";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

struct Asset {
    content_type: HeaderValue,
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
}

#[derive(Default)]
pub struct StaticAssets {
    /// By path (`/pkg/jonction.3f9a….css`).
    files: HashMap<String, Asset>,
    /// The addresses pages link to.
    pub names: AssetNames,
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

impl StaticAssets {
    /// Reads the manifest under `site_root` and every file it names, with
    /// their `.br` and `.gz` forms when present. A missing manifest means plain names.
    pub fn load(site_root: &Path) -> std::io::Result<StaticAssets> {
        let manifest = match std::fs::read_to_string(site_root.join(MANIFEST)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StaticAssets::default()),
            Err(e) => return Err(e),
        };
        let pkg = site_root.join("pkg");
        let mut assets = StaticAssets::default();
        for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
            let (plain, hashed) = line.split_once(' ').ok_or_else(|| std::io::Error::other(format!("{MANIFEST}: {line:?}")))?;
            // Only names of our own making, never a path.
            if !hashed.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) || hashed.starts_with('.') {
                return Err(std::io::Error::other(format!("{MANIFEST}: bad name {hashed:?}")));
            }
            let read_optional = |suffix: &str| std::fs::read(pkg.join(format!("{hashed}{suffix}"))).ok().map(Bytes::from);
            let asset = Asset {
                content_type: HeaderValue::from_static(content_type(hashed)),
                identity: Bytes::from(std::fs::read(pkg.join(hashed))?),
                gzip: read_optional(".gz"),
                brotli: read_optional(".br"),
            };
            let href = format!("/pkg/{hashed}");
            match plain {
                "jonction.css" => assets.names.stylesheet = href.as_str().into(),
                "favicon.svg" => assets.names.favicon = href.as_str().into(),
                "jonction.js" => assets.names.output_name = hashed.trim_end_matches(".js").into(),
                _ => {}
            }
            assets.files.insert(href, asset);
        }
        Ok(assets)
    }

    /// Files held, and their bytes in every form.
    pub fn usage(&self) -> (usize, usize) {
        let bytes = self.files.values().map(|a| a.identity.len() + a.gzip.as_ref().map_or(0, Bytes::len) + a.brotli.as_ref().map_or(0, Bytes::len));
        (self.files.len(), bytes.sum())
    }
}

/// The answer to a GET or HEAD of one of the files, if `req` asks for one.
pub fn answer(assets: &StaticAssets, req: &Request) -> Option<Response> {
    let asset = match *req.method() {
        Method::GET | Method::HEAD => assets.files.get(req.uri().path())?,
        _ => return None,
    };
    let (body, coding) = match Encoding::preferred(req.headers()) {
        Encoding::Brotli if asset.brotli.is_some() => (asset.brotli.clone(), Some("br")),
        Encoding::Brotli | Encoding::Gzip if asset.gzip.is_some() => (asset.gzip.clone(), Some("gzip")),
        _ => (None, None),
    };
    let mut builder = http::Response::builder()
        .header(header::CONTENT_TYPE, asset.content_type.clone())
        .header(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE))
        .header(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if asset.gzip.is_some() || asset.brotli.is_some() {
        builder = builder.header(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(coding) = coding {
        builder = builder.header(header::CONTENT_ENCODING, coding);
    }
    Some(builder.body(Body::from(body.unwrap_or_else(|| asset.identity.clone()))).expect("valid response"))
}
