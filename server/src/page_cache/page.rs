//! One cached page: its bytes as rendered for anonymous visitors, their
//! compressed forms (made on first demand, then kept), its validator, and the
//! answer to a request for it (200, or 304 when the browser has it already).

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, header};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// What a cached page shows, hence which changes remove it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shows {
    /// A page of one thread.
    Thread(i64),
    /// Lists and counts over many threads: home, tag pages, the map, members, search.
    Lists,
}

pub struct Page {
    /// Tells this entry from a later one under the same address.
    pub(super) id: u64,
    pub(super) shows: Shows,
    /// For search pages: the change the search index had applied when the page was rendered.
    pub(super) index_version: Option<i64>,
    pub(super) etag: HeaderValue,
    /// The headers of its 200 answer, made once: validator, caching, type,
    /// its Content-Security-Policy (its scripts allowed by their hashes) and
    /// the fixed ones; those of a 304 (the same but the type: a browser
    /// updates what it kept with them, the policy included).
    headers: HeaderMap,
    not_modified: HeaderMap,
    identity: Bytes,
    /// Where the parts that depend on the reader lie in `identity` (`spliced`).
    pub(super) regions: Vec<super::spliced::Placed>,
    /// Regions rendered for members, kept by (region's index, rights key)
    /// where the HTML depends only on the reader's rights (`Region::rights_key`),
    /// and their bytes (counted in the page's weight).
    shared: Mutex<HashMap<(usize, u8), Arc<str>>>,
    shared_bytes: AtomicUsize,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    /// Read since the eviction hand last passed (second chance).
    pub(super) referenced: AtomicBool,
    /// Its weight as the cache's byte count holds it (under the cache's lock):
    /// what grew since is counted by `grew`, what was counted is what leaves.
    counted: AtomicUsize,
}

/// Compressed forms of a page: a little more effort than per-response
/// compression, since it is done once per page and sent many times.
const GZIP_LEVEL: u32 = 9;
const BROTLI_QUALITY: u32 = 9;
const BROTLI_WINDOW: u32 = 22;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Encoding {
    Identity,
    Gzip,
    Brotli,
}

impl Encoding {
    /// The best encoding the request accepts (`Accept-Encoding`, `q=0` refused).
    pub fn preferred(headers: &HeaderMap) -> Encoding {
        let mut gzip = false;
        for value in headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()) {
            for item in value.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or("").trim();
                let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
                if refused {
                    continue;
                }
                if coding.eq_ignore_ascii_case("br") {
                    return Encoding::Brotli;
                }
                gzip |= coding.eq_ignore_ascii_case("gzip");
            }
        }
        if gzip { Encoding::Gzip } else { Encoding::Identity }
    }
}

/// A strong validator from the bytes themselves: equal pages, equal tags,
/// whichever node or render produced them.
pub fn etag_of(body: &[u8]) -> HeaderValue {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
    HeaderValue::from_str(&format!("\"{tag}\"")).expect("base64url is a valid header value")
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for this header).
pub fn matches(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let ours = etag.as_bytes();
    headers.get_all(header::IF_NONE_MATCH).iter().any(|value| {
        value.as_bytes().split(|&b| b == b',').any(|tag| {
            let tag = tag.trim_ascii();
            tag == b"*" || tag.strip_prefix(b"W/").unwrap_or(tag) == ours
        })
    })
}

impl Page {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        id: u64,
        shows: Shows,
        index_version: Option<i64>,
        content_type: HeaderValue,
        policy: HeaderValue,
        fixed: &HeaderMap,
        identity: Bytes,
        regions: Vec<super::spliced::Placed>,
    ) -> Page {
        let etag = etag_of(&identity);
        let mut not_modified = fixed.clone();
        not_modified.insert(header::ETAG, etag.clone());
        not_modified.insert(header::CACHE_CONTROL, HeaderValue::from_static(super::CACHE_CONTROL));
        not_modified.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        not_modified.insert(header::CONTENT_SECURITY_POLICY, policy);
        let mut headers = not_modified.clone();
        headers.insert(header::CONTENT_TYPE, content_type);
        Page {
            id,
            shows,
            index_version,
            etag,
            headers,
            not_modified,
            identity,
            regions,
            shared: Mutex::default(),
            shared_bytes: AtomicUsize::new(0),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            referenced: AtomicBool::new(false),
            counted: AtomicUsize::new(0),
        }
    }

    /// Bytes held, compressed forms included.
    pub fn weight(&self) -> usize {
        self.identity.len()
            + self.gzip.get().map_or(0, Bytes::len)
            + self.brotli.get().map_or(0, Bytes::len)
            + self.shared_bytes.load(Ordering::Relaxed)
    }

    /// What the cache's byte count holds for it.
    pub(super) fn counted(&self) -> usize {
        self.counted.load(Ordering::Relaxed)
    }

    /// Counts its weight now (called under the cache's lock); returns it.
    pub(super) fn count(&self) -> usize {
        let weight = self.weight();
        self.counted.store(weight, Ordering::Relaxed);
        weight
    }

    /// The kept HTML of each region whose key is given, if rendered before.
    pub fn shared_regions(&self, keys: &[Option<u8>]) -> Vec<Option<Arc<str>>> {
        let shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        keys.iter().enumerate().map(|(i, key)| key.and_then(|k| shared.get(&(i, k)).cloned())).collect()
    }

    /// Keeps region `index`'s HTML for readers with rights `key`; whether it was new.
    pub fn keep_shared(&self, index: usize, key: u8, html: &str) -> bool {
        let mut shared = self.shared.lock().unwrap_or_else(|p| p.into_inner());
        if shared.contains_key(&(index, key)) {
            return false;
        }
        shared.insert((index, key), Arc::from(html));
        self.shared_bytes.fetch_add(html.len(), Ordering::Relaxed);
        true
    }

    /// The body in `encoding`, compressing it the first time it is asked for.
    /// Returns the bytes and whether they were made now.
    fn body(&self, encoding: Encoding) -> (Bytes, bool) {
        let cell = match encoding {
            Encoding::Identity => return (self.identity.clone(), false),
            Encoding::Gzip => &self.gzip,
            Encoding::Brotli => &self.brotli,
        };
        let mut made = false;
        let bytes = cell.get_or_init(|| {
            made = true;
            match encoding {
                Encoding::Gzip => gzip(&self.identity),
                _ => brotli(&self.identity),
            }
        });
        (bytes.clone(), made)
    }

    /// The answer to a GET or HEAD of this page. The flag says whether a
    /// compressed form was made (the cache then counts its size).
    pub fn respond(&self, request: &HeaderMap) -> (Response, bool) {
        if matches(request, &self.etag) {
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::NOT_MODIFIED;
            *response.headers_mut() = self.not_modified.clone();
            return (response, false);
        }
        let encoding = Encoding::preferred(request);
        let (body, made) = self.body(encoding);
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        match encoding {
            Encoding::Identity => {}
            Encoding::Gzip => _ = response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip")),
            Encoding::Brotli => _ = response.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("br")),
        }
        (response, made)
    }
}

impl Page {
    /// The page for a signed-in member, `html` being its regions rendered
    /// for them: no validator (it is theirs alone; the caching middleware
    /// makes it `private, no-store`), the page's policy (the regions hold no
    /// script), compressed, if at all, by the compression layer.
    pub fn respond_to_member<S: AsRef<str>>(&self, html: &[S]) -> Response {
        let body = super::spliced::splice(&self.identity, &self.regions, html);
        let mut response = Response::new(Body::from(body));
        *response.headers_mut() = self.headers.clone();
        response.headers_mut().remove(header::ETAG);
        response.headers_mut().remove(header::VARY);
        response
    }
}

pub fn gzip(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 3), flate2::Compression::new(GZIP_LEVEL));
    encoder.write_all(bytes).expect("writing to memory");
    Bytes::from(encoder.finish().expect("writing to memory"))
}

pub fn brotli(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut out = Vec::with_capacity(bytes.len() / 4);
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, BROTLI_QUALITY, BROTLI_WINDOW);
        writer.write_all(bytes).expect("writing to memory");
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        assert_eq!(Encoding::preferred(&headers(&[])), Encoding::Identity);
        assert_eq!(Encoding::preferred(&headers(&[("accept-encoding", "gzip, deflate, br, zstd")])), Encoding::Brotli);
        assert_eq!(Encoding::preferred(&headers(&[("accept-encoding", "gzip;q=0.8, br;q=0")])), Encoding::Gzip);
        assert_eq!(Encoding::preferred(&headers(&[("accept-encoding", "identity")])), Encoding::Identity);
    }

    #[test]
    fn if_none_match_names_the_tag_strong_weak_or_star() {
        let etag = HeaderValue::from_static("\"abc\"");
        assert!(matches(&headers(&[("if-none-match", "\"abc\"")]), &etag));
        assert!(matches(&headers(&[("if-none-match", "\"x\", W/\"abc\"")]), &etag));
        assert!(matches(&headers(&[("if-none-match", "*")]), &etag));
        assert!(!matches(&headers(&[("if-none-match", "\"abcd\"")]), &etag));
        assert!(!matches(&headers(&[]), &etag));
    }

    #[test]
    fn compressed_forms_decompress_to_the_page() {
        use std::io::Read;
        let html = "<p>Réponse</p>".repeat(200);
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gzip(html.as_bytes())[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, html);
        let mut back = Vec::new();
        brotli::Decompressor::new(&brotli(html.as_bytes())[..], 4096).read_to_end(&mut back).unwrap();
        assert_eq!(back, html.as_bytes());
    }

    #[test]
    fn a_members_regions_are_kept_once_per_rights_key_and_weigh_in_the_page() {
        let page = Page::new(1, Shows::Thread(3), None, HeaderValue::from_static("text/html"), HeaderValue::from_static("default-src 'self'"), &HeaderMap::new(), Bytes::from_static(b"<p>fil</p>"), vec![]);
        assert_eq!((page.count(), page.counted()), (10, 10));
        assert!(page.keep_shared(0, 0b101, "<a>Répondre</a>"));
        assert!(!page.keep_shared(0, 0b101, "<a>Répondre</a>"), "kept once");
        assert!(page.keep_shared(1, 0b101, "<form></form>"), "per region");
        assert_eq!(page.weight(), 10 + "<a>Répondre</a>".len() + 13);
        assert_eq!(page.counted(), 10, "what the cache counted until it counts again");
        let kept = page.shared_regions(&[Some(0b101), Some(0b001), None, Some(0b101)]);
        assert_eq!(kept[0].as_deref(), Some("<a>Répondre</a>"));
        assert_eq!((kept[1].as_deref(), kept[2].as_deref(), kept[3].as_deref()), (None, None, None), "another key, no key, another region");
    }
}
