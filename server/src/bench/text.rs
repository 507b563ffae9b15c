//! The text of generated threads: titles and Markdown posts in French or
//! English, from sentence patterns filled with the thread's own solutions,
//! standards, layer, host and error, mixed with the real sentences and code
//! blocks of the demo threads.

use super::code::{self, capitalise};
use super::rng::Rng;
use super::topics::{EN_COMMON, FR_COMMON, KINDS, Kind};
use super::words::*;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Fr,
    En,
}

/// A tag of the taxonomy, as text refers to it.
#[derive(Clone, Debug)]
pub struct TagWords {
    pub slug: String,
    pub name: String,
}

impl TagWords {
    /// How members write it: « WFS » or « OGC API Features » as often as the full name.
    fn spoken(&self, rng: &mut Rng) -> String {
        if rng.chance(0.5) {
            return self.name.clone();
        }
        match self.slug.strip_prefix("ogcapi-") {
            Some(part) => format!("OGC API {}", capitalise(part)),
            None if self.slug.len() <= 5 => self.slug.to_uppercase(),
            None => self.name.clone(),
        }
    }
}

/// What one thread is about: every post of it draws on the same things.
pub struct Topic<'a> {
    pub lang: Lang,
    kind: &'static Kind,
    pub solutions: Vec<&'a TagWords>,
    pub standards: Vec<&'a TagWords>,
    pub all_solutions: &'a [TagWords],
    pub all_standards: &'a [TagWords],
    pub layer: String,
    pub host: String,
    pub place: &'static str,
    theme: usize,
    err: &'static str,
    op: &'static str,
    /// The day the thread started (for log lines).
    pub day: (i32, u32, u32),
}

const CLAUSES: &[&str] = &[
    "/req/core/fc-limit-default", "/req/crs/fc-crs-action", "/req/crs/ogc-crs-header", "/req/core/fc-response",
    "/req/filter/filter-param", "/req/tileset/tm-definition", "C.17", "§ 7.9.2.4.1", "Annexe B", "TG Requirement 1.7",
    "Requirement 6.2", "§ 10.2.4", "table 12", "§ 4.3", "/conf/core", "A.2.1",
];

/// Sentences and code blocks of the demo threads (real text written for this forum).
struct Demo {
    sentences: Vec<String>,
    code: Vec<String>,
}

fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let threads: serde_json::Value = serde_json::from_str(include_str!("../demo/threads.json")).expect("threads.json");
        let taxonomy: serde_json::Value = serde_json::from_str(include_str!("../demo/taxonomy.json")).expect("taxonomy.json");
        let mut texts: Vec<&str> = Vec::new();
        for t in threads["threads"].as_array().into_iter().flatten() {
            texts.extend(t["body"].as_str());
            texts.extend(t["replies"].as_array().into_iter().flatten().filter_map(|r| r["body"].as_str()));
        }
        texts.extend(taxonomy["tags"].as_array().into_iter().flatten().filter_map(|t| t["description"].as_str()));
        let (mut sentences, mut code) = (Vec::new(), Vec::new());
        for text in texts {
            for (i, part) in text.split("```").enumerate() {
                if i % 2 == 1 {
                    // The fence's language word stays on its first line.
                    code.push(part.split_once('\n').map_or(part, |(_, rest)| rest).to_string());
                    continue;
                }
                for s in part.split_inclusive(['.', '?', ':']) {
                    let s = s.trim();
                    if s.len() > 30 && !s.starts_with(['-', '|', '#', '>']) && !s.contains('\n') {
                        sentences.push(s.to_string());
                    }
                }
            }
        }
        Demo { sentences, code }
    })
}

impl<'a> Topic<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        rng: &mut Rng,
        lang: Lang,
        solutions: Vec<&'a TagWords>,
        standards: Vec<&'a TagWords>,
        all_solutions: &'a [TagWords],
        all_standards: &'a [TagWords],
        day: (i32, u32, u32),
    ) -> Topic<'a> {
        let kind = &KINDS[rng.range(0, KINDS.len() as u64 - 1) as usize];
        let theme = rng.skewed(THEMES.len());
        let place = *rng.pick(PLACES);
        let slug: String = place.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
        let layer = format!("{}_{:02}_{}", THEMES[theme].2, rng.range(1, 95), rng.range(2012, 2026));
        let host = match rng.range(0, 3) {
            0 => format!("sig.{slug}.fr"),
            1 => format!("geo.{slug}.fr"),
            2 => format!("catalogue.{slug}-agglo.fr"),
            _ => format!("{}.{slug}.example", solutions.first().map_or("ids", |s| s.slug.as_str())),
        };
        let err = ERRORS[rng.skewed(ERRORS.len())];
        let op = OPERATIONS[rng.skewed(OPERATIONS.len())];
        Topic { lang, kind, solutions, standards, all_solutions, all_standards, layer, host, place, theme, err, op, day }
    }

    fn solution(&self, rng: &mut Rng, nth: usize) -> &'a TagWords {
        match self.solutions.get(nth) {
            Some(s) if rng.chance(0.85) => s,
            _ => &self.all_solutions[rng.skewed(self.all_solutions.len())],
        }
    }

    fn version(&self, rng: &mut Rng) -> String {
        let slug = self.solutions.first().map_or("", |s| s.slug.as_str());
        match VERSIONS.iter().find(|(s, _)| *s == slug) {
            Some((_, versions)) => rng.pick(versions).to_string(),
            None => format!("{}.{}.{}", rng.range(1, 9), rng.range(0, 20), rng.range(0, 9)),
        }
    }

    pub fn version_line(&self, rng: &mut Rng) -> String {
        format!("GDAL {}, released 2024/{:02}/{:02}", self.version(rng), rng.range(1, 12), rng.range(1, 28))
    }

    pub fn op(&self, rng: &mut Rng) -> String {
        let op = if rng.chance(0.7) { self.op } else { *rng.pick(OPERATIONS) };
        op.replace("{layer}", &self.layer)
    }

    pub fn err(&self, rng: &mut Rng) -> &'static str {
        if rng.chance(0.7) { self.err } else { ERRORS[rng.skewed(ERRORS.len())] }
    }

    pub fn demo_code(&self, rng: &mut Rng) -> Option<String> {
        let code = &demo().code;
        (!code.is_empty()).then(|| rng.pick(code).clone())
    }

    /// `pattern` with each `{slot}` replaced by this thread's words.
    fn fill(&self, rng: &mut Rng, pattern: &str) -> String {
        let mut out = String::with_capacity(pattern.len() + 64);
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let end = start + rest[start..].find('}').expect("slots are closed");
            let value = match &rest[start + 1..end] {
                "sol" => self.solution(rng, 0).name.clone(),
                "sol2" => self.solution(rng, 1).name.clone(),
                "ver" => self.version(rng),
                "std" => match self.standards.first() {
                    Some(s) if rng.chance(0.85) => s.spoken(rng),
                    _ => self.all_standards[rng.skewed(self.all_standards.len())].spoken(rng),
                },
                "clause" => rng.pick(CLAUSES).to_string(),
                "op" => self.op(rng),
                "param" => rng.pick(PARAMS).to_string(),
                "err" => self.err(rng).to_string(),
                "crs" => rng.pick(CRS).to_string(),
                "layer" => self.layer.clone(),
                "host" => self.host.clone(),
                "theme" => match self.lang {
                    Lang::Fr => THEMES[self.theme].0.to_string(),
                    Lang::En => THEMES[self.theme].1.to_string(),
                },
                "place" => self.place.to_string(),
                "n" => rng.pick(&[2, 10, 30, 50, 100, 500, 1000, 5000, 10000, 65535]).to_string(),
                other => panic!("unknown slot {other}"),
            };
            out.push_str(&value);
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Mostly a sentence about this thread's kind of problem.
    fn sentence(&self, rng: &mut Rng) -> String {
        let (own, common) = match self.lang {
            Lang::Fr if rng.chance(0.1) => return rng.pick(&demo().sentences).clone(),
            Lang::Fr => (self.kind.fr, FR_COMMON),
            Lang::En => (self.kind.en, EN_COMMON),
        };
        let pattern = if rng.chance(0.7) { *rng.pick(own) } else { *rng.pick(common) };
        self.fill(rng, pattern)
    }

    fn paragraph(&self, rng: &mut Rng) -> String {
        let n = rng.log_normal(2.0, 0.6).round().clamp(1.0, 9.0) as usize;
        (0..n).map(|_| self.sentence(rng)).collect::<Vec<_>>().join(" ")
    }

    pub fn title(&self, rng: &mut Rng) -> String {
        let pattern = *rng.pick(if self.lang == Lang::Fr { self.kind.fr_titles } else { self.kind.en_titles });
        let title = self.fill(rng, pattern);
        capitalise(&title.chars().take(app::domain::limits::TITLE_MAX_CHARS).collect::<String>())
    }

    /// A post: `paragraphs` paragraphs (a typical count is drawn around it),
    /// perhaps a code block, perhaps a long one.
    fn post(&self, rng: &mut Rng, paragraphs: f64, p_code: f64, p_long_code: f64, greet: bool) -> String {
        let mut parts = Vec::new();
        let (openings, closings) = match self.lang {
            Lang::Fr => (FR_OPENINGS, FR_CLOSINGS),
            Lang::En => (EN_OPENINGS, EN_CLOSINGS),
        };
        if greet && rng.chance(0.7) {
            parts.push(rng.pick(openings).to_string());
        }
        let n = rng.log_normal(paragraphs, 0.5).round().clamp(1.0, 12.0) as usize;
        for i in 0..n {
            parts.push(self.paragraph(rng));
            if i == 0 && rng.chance(p_long_code) {
                let lines = rng.range(40, 400) as usize;
                parts.push(code::block(rng, self, lines));
            } else if i == 0 && rng.chance(p_code) {
                let lines = rng.range(2, 14) as usize;
                parts.push(code::block(rng, self, lines));
            }
        }
        if greet && rng.chance(0.6) {
            parts.push(rng.pick(closings).to_string());
        }
        let mut body = parts.join("\n\n");
        if body.chars().count() > app::domain::limits::BODY_MAX_CHARS {
            // Only a very long pasted block gets here: cut it and close the fence.
            body = body.chars().take(app::domain::limits::BODY_MAX_CHARS - 8).collect::<String>() + "\n```";
        }
        body
    }

    pub fn opening_post(&self, rng: &mut Rng) -> String {
        self.post(rng, 2.0, 0.35, 0.02, true)
    }

    pub fn reply(&self, rng: &mut Rng) -> String {
        self.post(rng, 1.0, 0.10, 0.005, false)
    }

    /// The reply that resolved the thread: it says what fixed it.
    pub fn resolution(&self, rng: &mut Rng) -> String {
        let fixes = match self.lang {
            Lang::Fr => FR_FIXES,
            Lang::En => EN_FIXES,
        };
        let pattern = *rng.pick(fixes);
        format!("{} {}", self.fill(rng, pattern), self.reply(rng))
    }

    /// What an edit appends to a post.
    pub fn edit_note(&self, rng: &mut Rng) -> String {
        match self.lang {
            Lang::Fr => format!("\n\n**Édit :** {}", self.sentence(rng)),
            Lang::En => format!("\n\n**Edit:** {}", self.sentence(rng)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(slugs: &[&str]) -> Vec<TagWords> {
        slugs.iter().map(|s| TagWords { slug: s.to_string(), name: format!("Nom de {s}") }).collect()
    }

    #[test]
    fn every_slot_of_every_pattern_is_filled() {
        let (sols, stds) = (tags(&["geoserver", "qgis"]), tags(&["wfs", "ogcapi-features"]));
        let mut rng = Rng::new(3);
        let topic = Topic::new(&mut rng, Lang::Fr, vec![&sols[0]], vec![&stds[0]], &sols, &stds, (2025, 3, 1));
        let kinds = KINDS.iter().flat_map(|k| k.fr.iter().chain(k.en).chain(k.fr_titles).chain(k.en_titles));
        for p in kinds.chain(FR_COMMON).chain(EN_COMMON).chain(FR_FIXES).chain(EN_FIXES) {
            let s = topic.fill(&mut rng, p);
            assert!(!s.contains('{') && !s.contains('}'), "{p} → {s}");
        }
        assert!(!demo().sentences.is_empty() && !demo().code.is_empty());
    }

    #[test]
    fn posts_are_markdown_within_the_forum_limits() {
        let (sols, stds) = (tags(&["geonetwork"]), tags(&["csw"]));
        let mut rng = Rng::new(9);
        let topic = Topic::new(&mut rng, Lang::En, vec![&sols[0]], vec![], &sols, &stds, (2024, 1, 2));
        for _ in 0..300 {
            let post = topic.opening_post(&mut rng);
            assert!(app::domain::Body::parse("body", &post).is_ok(), "{post}");
            assert_eq!(post.matches("```").count() % 2, 0, "fences are closed");
        }
    }
}
