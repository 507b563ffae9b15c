//! The fixed set of 50 searches, timed three ways: the index alone with and
//! without facet counts (`SearchIndex::search`, what the target is about), the
//! whole search page's data (`forum::search::search`: tag filters resolved in
//! the database, thread summaries, facet names), and over HTTP against a
//! running `jonction serve` (page rendered, as a member gets it).

use app::domain::PageNumber;
use app::forum::search::{prepare, search};
use app::search::SearchIndex;
use app::store::Db;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// (query as typed in the box, sort). Words in French and English, phrases,
/// identifiers, tag, status, author and date filters, exclusions, and the
/// empty search (recent threads with every facet).
pub const QUERIES: &[(&str, &str)] = &[
    ("moissonnage", ""),
    ("moissonnage csw échoue", ""),
    ("couches décalées", ""),
    ("pagination doublons", ""),
    ("requête lente", ""),
    ("jeton refusé", ""),
    ("métadonnées inspire", ""),
    ("accents perdus", ""),
    ("tuiles floues", ""),
    ("délai dépassé gros volumes", ""),
    ("proxy inverse", ""),
    ("projections autorisées", ""),
    ("harvesting fails", ""),
    ("axis order swapped", ""),
    ("paging duplicates", ""),
    ("timeout large layers", ""),
    ("reverse proxy", ""),
    ("empty geometries", ""),
    ("\"ordre des axes\"", ""),
    ("\"URL publique\" geoserver", ""),
    ("\"proxy base URL\"", ""),
    ("\"page blanche\"", ""),
    ("EPSG:2154", ""),
    ("EPSG:4326 lon/lat", ""),
    ("ows:ExceptionReport", ""),
    ("GetCapabilities", ""),
    ("2.25.1", ""),
    ("java.net.UnknownHostException", ""),
    ("invalid_client proconnect", ""),
    ("startIndex", ""),
    ("CQL_FILTER", ""),
    ("parcelles_29_2023", ""),
    ("solution:geoserver", ""),
    ("standard:wfs pagination", ""),
    ("solution:geonetwork standard:csw moissonnage", ""),
    ("solution:qgis status:resolved", ""),
    ("standard:\"Web Map Service 1.3.0\" décalage", ""),
    ("solution:GeoNetwork harvesting", ""),
    ("status:resolved moissonnage", ""),
    ("is:resolved EPSG:4326", ""),
    ("status:open solution:prodige", "newest"),
    ("after:2025-06-01 pagination", ""),
    ("before:2021-01-01 WMS", ""),
    ("after:2024-01-01 before:2025-01-01 geoserver", "activity"),
    ("moissonnage -geonetwork", ""),
    ("harvesting -ckan", ""),
    ("wfs -pagination -doublons", ""),
    ("author:Morvan", ""),
    ("geoserver", "newest"),
    ("", ""),
];

/// p50 and p99 of a set of durations, in milliseconds.
pub fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort_unstable();
    let at = |p: f64| {
        let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
        samples[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

pub struct Timings {
    pub index_facets: Vec<Duration>,
    pub index_plain: Vec<Duration>,
    pub page_data: Vec<Duration>,
    /// Hits of each query (with facets), to show the set is not trivial.
    pub totals: Vec<u64>,
}

impl Timings {
    /// Each query: threads found, its median and its slowest time with
    /// facets, in ms (a slow median is the search, a slow maximum alone the machine).
    pub fn each(&self) -> Vec<(&'static str, u64, f64, f64)> {
        QUERIES
            .iter()
            .enumerate()
            .map(|(i, (q, _))| {
                let mut times: Vec<_> = self.index_facets.iter().skip(i).step_by(QUERIES.len()).copied().collect();
                times.sort_unstable();
                let ms = |d: Option<&Duration>| d.copied().unwrap_or_default().as_secs_f64() * 1000.0;
                (*q, self.totals[i], ms(times.get(times.len() / 2)), ms(times.last()))
            })
            .collect()
    }
}

/// Runs every query once to warm the caches, then `repeat` times each way.
pub async fn in_process(db: &Db, index: &SearchIndex, repeat: usize) -> anyhow::Result<Timings> {
    let mut t = Timings { index_facets: vec![], index_plain: vec![], page_data: vec![], totals: vec![] };
    let mut prepared = Vec::new();
    for (q, sort) in QUERIES {
        let p = prepare(db, q, sort, PageNumber::FIRST).await?;
        t.totals.push(index.search(&p.request)?.total);
        prepared.push(p.request);
    }
    for _ in 0..repeat {
        for request in &prepared {
            let mut r = request.clone();
            r.counts = true;
            let started = Instant::now();
            std::hint::black_box(index.search(&r)?);
            t.index_facets.push(started.elapsed());
            r.counts = false;
            let started = Instant::now();
            std::hint::black_box(index.search(&r)?);
            t.index_plain.push(started.elapsed());
        }
        for (q, sort) in QUERIES {
            let started = Instant::now();
            std::hint::black_box(search(db, index, q, sort, PageNumber::FIRST).await?);
            t.page_data.push(started.elapsed());
        }
    }
    Ok(t)
}

/// The address of a search page, as the forum links it.
pub fn path(q: &str, sort: &str) -> String {
    app::domain::search_query::search_href(q, app::domain::SearchSort::parse(sort), 1)
}

/// One GET over a new connection; the time until the whole body is read.
fn get(addr: &str, path: &str) -> anyhow::Result<(Duration, u16)> {
    let started = Instant::now();
    let mut stream = std::net::TcpStream::connect(addr)?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let elapsed = started.elapsed();
    let status = std::str::from_utf8(&response[..response.len().min(12)]).ok().and_then(|s| s.get(9..12)?.parse().ok()).unwrap_or(0);
    Ok((elapsed, status))
}

/// Every query page fetched `repeat` times (after one warm-up round) from a
/// running server; fails on any answer but 200.
pub fn over_http(addr: &str, repeat: usize) -> anyhow::Result<Vec<Duration>> {
    let mut samples = Vec::new();
    for round in 0..=repeat {
        for (q, sort) in QUERIES {
            let p = path(q, sort);
            let (elapsed, status) = get(addr, &p)?;
            anyhow::ensure!(status == 200, "GET {p} answered {status}");
            if round > 0 {
                samples.push(elapsed);
            }
        }
    }
    Ok(samples)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fifty_queries_that_parse_without_complaint() {
        assert_eq!(super::QUERIES.len(), 50);
        for (q, _) in super::QUERIES {
            let parsed = app::domain::search_query::SearchQuery::parse(q);
            assert!(parsed.errors.is_empty(), "{q}: {:?}", parsed.errors);
        }
        assert_eq!(super::percentiles((1..=100).map(std::time::Duration::from_millis).collect()), (50.0, 99.0));
    }
}
