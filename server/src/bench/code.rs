//! Code blocks members paste: logs with stack traces, OGC exception reports,
//! requests and responses, commands, capabilities extracts. Most are a few
//! lines; some run to hundreds (a whole log or capabilities document).

use super::rng::Rng;
use super::text::Topic;
use super::words::{CRS, ERRORS, OPERATIONS, PARAMS, THEMES};
use std::fmt::Write;

/// A fenced block of about `lines` lines.
pub fn block(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let body = match rng.range(0, 6) {
        0 => log(rng, topic, lines),
        1 => exception_report(rng, topic, lines),
        2 => request(rng, topic, lines),
        3 => capabilities(rng, topic, lines),
        4 => command(rng, topic),
        5 => geojson(rng, topic, lines),
        _ => topic.demo_code(rng).unwrap_or_else(|| log(rng, topic, lines)),
    };
    let lang = match body.as_bytes().first() {
        Some(b'<') => "xml",
        Some(b'{') => "json",
        _ => "",
    };
    format!("```{lang}\n{}\n```", body.trim_end())
}

fn timestamp(rng: &mut Rng, topic: &Topic) -> String {
    let (y, m, d) = topic.day;
    format!("{y}-{m:02}-{d:02} {:02}:{:02}:{:02},{:03}", rng.range(0, 23), rng.range(0, 59), rng.range(0, 59), rng.range(0, 999))
}

const JAVA_FRAMES: &[&str] = &[
    "org.geotools.data.wfs.internal.WFSClient.issueRequest(WFSClient.java:{n})",
    "org.geoserver.wfs.GetFeature.run(GetFeature.java:{n})",
    "org.fao.geonet.kernel.harvest.harvester.csw.Harvester.search(Harvester.java:{n})",
    "org.geotools.referencing.CRS.findMathTransform(CRS.java:{n})",
    "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:{n})",
    "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:{n})",
    "org.apache.http.impl.client.CloseableHttpClient.execute(CloseableHttpClient.java:{n})",
    "org.geoserver.ows.Dispatcher.handleRequestInternal(Dispatcher.java:{n})",
];

fn log(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let mut out = String::new();
    let logger = *rng.pick(&["org.geoserver.ows", "geonetwork.harvester", "org.geotools.data.wfs", "security-proxy", "gunicorn.error"]);
    for i in 0..lines.max(2) {
        let ts = timestamp(rng, topic);
        if i % 7 == 1 && rng.chance(0.6) {
            for _ in 0..rng.range(2, 6) {
                let frame = rng.pick(JAVA_FRAMES).replace("{n}", &rng.range(40, 2400).to_string());
                let _ = writeln!(out, "\tat {frame}");
            }
            continue;
        }
        let level = *rng.pick(&["INFO", "INFO", "WARN", "ERROR", "DEBUG"]);
        let message = match rng.range(0, 3) {
            0 => format!("Request: {} {}={}", topic.op(rng), rng.pick(PARAMS), rng.range(0, 5000)),
            1 => format!("{} ({})", topic.err(rng), topic.layer),
            2 => format!("Fetching https://{}/geoserver/ows?service=WFS&typeNames={}&srsName={}", topic.host, topic.layer, rng.pick(CRS)),
            _ => format!("Harvested {} records, {} rejected, {} ms", rng.range(0, 9000), rng.range(0, 300), rng.range(10, 90000)),
        };
        let _ = writeln!(out, "{ts} {level} [{logger}] - {message}");
    }
    out
}

fn exception_report(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let code = *rng.pick(&["InvalidParameterValue", "MissingParameterValue", "NoApplicableCode", "OperationNotSupported"]);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ows:ExceptionReport xmlns:ows=\"http://www.opengis.net/ows/1.1\" version=\"2.0.0\">\n",
    );
    let _ = writeln!(out, "  <ows:Exception exceptionCode=\"{code}\" locator=\"{}\">", rng.pick(PARAMS));
    let _ = writeln!(out, "    <ows:ExceptionText>{} : {}</ows:ExceptionText>", topic.err(rng), topic.layer);
    for _ in 3..lines.min(40) {
        let _ = writeln!(out, "    <ows:ExceptionText>{}</ows:ExceptionText>", rng.pick(ERRORS));
    }
    out.push_str("  </ows:Exception>\n</ows:ExceptionReport>\n");
    out
}

fn request(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let mut out = format!(
        "GET /geoserver/ows?service=WFS&version=2.0.0&request=GetFeature&typeNames={}&srsName={}&count={}&startIndex={} HTTP/1.1\nHost: {}\nAccept: application/gml+xml; version=3.2\n\n",
        topic.layer,
        rng.pick(CRS),
        rng.range(1, 5000),
        rng.range(0, 50000),
        topic.host
    );
    let status = *rng.pick(&["200 OK", "400 Bad Request", "500 Internal Server Error", "502 Bad Gateway", "302 Found"]);
    let _ = writeln!(out, "HTTP/1.1 {status}\nContent-Type: text/xml; charset=UTF-8\nContent-Crs: <http://www.opengis.net/def/crs/EPSG/0/2154>");
    for i in 0..lines.saturating_sub(6).min(30) {
        let _ = writeln!(out, "X-Trace-{i}: {:016x}", rng.next_u64());
    }
    out
}

fn capabilities(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let mut out = String::from("<Capability>\n  <Layer>\n    <Title>Données publiées</Title>\n");
    let _ = writeln!(out, "    <CRS>{}</CRS>", rng.pick(CRS));
    let mut n = 4;
    while n + 6 <= lines.max(10) {
        let (fr, _, id) = *rng.pick(THEMES);
        let dept = rng.range(1, 95);
        let year = rng.range(2012, 2026);
        let _ = writeln!(
            out,
            "    <Layer queryable=\"1\">\n      <Name>{id}_{dept:02}_{year}</Name>\n      <Title>{} – {dept:02} ({year})</Title>\n      <Abstract>{} {}</Abstract>\n      <EX_GeographicBoundingBox>…</EX_GeographicBoundingBox>\n    </Layer>",
            capitalise(fr),
            topic.place,
            rng.pick(OPERATIONS)
        );
        n += 6;
    }
    out.push_str("  </Layer>\n</Capability>\n");
    out
}

fn command(rng: &mut Rng, topic: &Topic) -> String {
    match rng.range(0, 2) {
        0 => format!(
            "ogr2ogr -f GPKG {}.gpkg WFS:\"https://{}/geoserver/wfs\" {} -t_srs {} --config OGR_WFS_PAGE_SIZE {}",
            topic.layer,
            topic.host,
            topic.layer,
            rng.pick(CRS),
            rng.range(100, 10000)
        ),
        1 => format!(
            "curl -s 'https://{}/csw?service=CSW&version=2.0.2&request=GetRecords&typeNames=csw:Record&resultType=results&outputSchema=http://www.isotc211.org/2005/gmd&startPosition={}' | xmllint --format -",
            topic.host,
            rng.range(1, 900)
        ),
        _ => format!("gdalinfo --version\n{}\nprojinfo {}", topic.version_line(rng), rng.pick(CRS)),
    }
}

fn geojson(rng: &mut Rng, topic: &Topic, lines: usize) -> String {
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    for i in 0..lines.saturating_sub(2).clamp(1, 200) {
        let _ = writeln!(
            out,
            " {{\"type\":\"Feature\",\"id\":\"{}.{}\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{:.5},{:.5}]}},\"properties\":{{\"commune\":\"{}\"}}}},",
            topic.layer,
            i + 1,
            -1.5 + rng.unit() * 8.0,
            43.0 + rng.unit() * 7.0,
            topic.place
        );
    }
    out.push_str("]}\n");
    out
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
