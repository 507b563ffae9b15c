//! The browser bundle, the stylesheet and the icon, served from memory under
//! names that change with their content (`scripts/build.sh` names them and
//! lists them in `pkg/asset-manifest.txt`), so browsers keep them for a year
//! without asking again. Their brotli and gzip forms are made at build time
//! and sent as they are: nothing is compressed per request. Answered before
//! the router (`front`): a file needs no session, no page cache, no policy.
//! Their bodies go out by `sendfile`, not copied (`sendfile`).
//!
//! Without a manifest (a site root built otherwise, the tests'), the plain
//! names are used and served from disk by the router's fallback.

use crate::page_cache::Encoding;
use crate::sendfile::Region;
use app::AssetNames;
use axum::body::Body;
use axum::extract::Request;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderValue, Method, header};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

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
    /// Every file's bytes, for `sendfile` (`crate::sendfile`).
    pub region: Option<Arc<Region>>,
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
    /// All forms of all files end up in one buffer, which is also the
    /// region `sendfile` sends them from.
    pub fn load(site_root: &Path) -> std::io::Result<StaticAssets> {
        let manifest = match std::fs::read_to_string(site_root.join(MANIFEST)) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(StaticAssets::default()),
            Err(e) => return Err(e),
        };
        let pkg = site_root.join("pkg");
        let mut assets = StaticAssets::default();
        // Each form is first a range of `all`.
        let mut all = Vec::new();
        let mut read_into = |path: std::path::PathBuf| -> std::io::Result<Range<usize>> {
            let bytes = std::fs::read(path)?;
            all.extend_from_slice(&bytes);
            Ok(all.len() - bytes.len()..all.len())
        };
        let absent_is_none = |read: std::io::Result<Range<usize>>| match read {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            read => read.map(Some),
        };
        let mut ranges = Vec::new();
        for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
            let (plain, hashed) = line.split_once(' ').ok_or_else(|| std::io::Error::other(format!("{MANIFEST}: {line:?}")))?;
            // Only names of our own making, never a path.
            if !hashed.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) || hashed.starts_with('.') {
                return Err(std::io::Error::other(format!("{MANIFEST}: bad name {hashed:?}")));
            }
            let identity = read_into(pkg.join(hashed))?;
            let gzip = absent_is_none(read_into(pkg.join(format!("{hashed}.gz"))))?;
            let brotli = absent_is_none(read_into(pkg.join(format!("{hashed}.br"))))?;
            let href = format!("/pkg/{hashed}");
            match plain {
                "jonction.css" => assets.names.stylesheet = href.as_str().into(),
                "favicon.svg" => assets.names.favicon = href.as_str().into(),
                "jonction.js" => assets.names.output_name = hashed.trim_end_matches(".js").into(),
                _ => {}
            }
            ranges.push((href, content_type(hashed), identity, gzip, brotli));
        }
        let all = Bytes::from(all);
        for (href, content_type, identity, gzip, brotli) in ranges {
            let asset = Asset {
                content_type: HeaderValue::from_static(content_type),
                identity: all.slice(identity),
                gzip: gzip.map(|r| all.slice(r)),
                brotli: brotli.map(|r| all.slice(r)),
            };
            assets.files.insert(href, asset);
        }
        assets.region = match Region::new(all) {
            Ok(region) => Some(Arc::new(region)),
            Err(e) => {
                tracing::warn!(error = %e, "static files will be copied to each connection (no sealed in-memory file)");
                None
            }
        };
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
