//! A search as typed in the box (`/search?q=…`), parsed once into clauses.
//! Parsing never fails: what cannot be understood is reported in French and
//! left out, so the member still gets the best-effort results.
//!
//! Syntax: words; `"exact phrase"`; `-word` or `-"phrase"` to exclude;
//! `solution:SLUG`, `standard:SLUG` (slug, name or synonym, resolved by the
//! forum), `status:resolved` or `is:resolved`, `author:NAME` (or
//! `author:"Marie Dupont"`), `before:2026-01-01`, `after:2025-06-01`.
//! `key:value` with any other key is an ordinary word, so identifiers such as
//! `EPSG:2154` or `ows:ExceptionReport` are searched as typed.

use super::limits::{SEARCH_QUERY_MAX_CHARS, SEARCH_TERMS_MAX};
use super::safe_next::query_encode;
use super::ThreadStatus;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Clause {
    Word(String),
    Phrase(String),
    /// Results must not contain this word or phrase.
    Exclude(String),
    Solution(String),
    Standard(String),
    Status(ThreadStatus),
    Author(String),
    /// Threads started before this day (Paris time), as `YYYY-MM-DD`.
    Before(String),
    After(String),
}

impl Clause {
    /// Whether the clause narrows the results (shown as a removable filter)
    /// rather than being text to match.
    pub fn is_filter(&self) -> bool {
        !matches!(self, Clause::Word(_) | Clause::Phrase(_) | Clause::Exclude(_))
    }

    /// The clause written back in the syntax it was parsed from.
    pub fn render(&self) -> String {
        fn value(v: &str) -> String {
            if v.contains(char::is_whitespace) { format!("\"{v}\"") } else { v.to_string() }
        }
        match self {
            Clause::Word(w) => w.clone(),
            Clause::Phrase(p) => format!("\"{p}\""),
            Clause::Exclude(w) => format!("-{}", value(w)),
            Clause::Solution(s) => format!("solution:{}", value(s)),
            Clause::Standard(s) => format!("standard:{}", value(s)),
            Clause::Status(s) => format!("status:{}", s.as_str()),
            Clause::Author(a) => format!("author:{}", value(a)),
            Clause::Before(d) => format!("before:{d}"),
            Clause::After(d) => format!("after:{d}"),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub clauses: Vec<Clause>,
    /// What could not be understood, in French; the rest is still searched.
    pub errors: Vec<String>,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchSort {
    #[default]
    Relevance,
    Newest,
    Activity,
}

impl SearchSort {
    pub const ALL: [SearchSort; 3] = [Self::Relevance, Self::Newest, Self::Activity];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Newest => "newest",
            Self::Activity => "activity",
        }
    }

    /// Anything unknown is the default order.
    pub fn parse(s: &str) -> Self {
        Self::ALL.into_iter().find(|x| x.as_str() == s).unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Relevance => "Pertinence",
            Self::Newest => "Plus récents",
            Self::Activity => "Dernière activité",
        }
    }
}

/// One piece of the raw text: a word or a quoted phrase, with its prefix.
struct Piece {
    negated: bool,
    key: Option<String>,
    text: String,
    quoted: bool,
}

/// Splits on whitespace, keeping `"…"` together (also after `key:` or `-`).
fn pieces(raw: &str, errors: &mut Vec<String>) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut chars = raw.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        let mut negated = false;
        if first == '-' {
            chars.next();
            negated = true;
        }
        let mut head = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '"' {
                break;
            }
            head.push(c);
            chars.next();
        }
        let mut piece = Piece { negated, key: None, text: head, quoted: false };
        if chars.peek() == Some(&'"') && (piece.text.is_empty() || piece.text.ends_with(':')) {
            chars.next();
            let mut quoted = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == '"' {
                    closed = true;
                    break;
                }
                quoted.push(c);
            }
            if !closed {
                errors.push("Guillemet non fermé : la fin de la recherche est prise comme une expression exacte.".into());
            }
            if let Some(key) = piece.text.strip_suffix(':') {
                piece.key = Some(key.to_string());
            }
            piece.text = quoted.split_whitespace().collect::<Vec<_>>().join(" ");
            piece.quoted = true;
        } else if chars.peek() == Some(&'"') {
            // A quote glued to a word (`abc"def`): the quote is dropped.
            chars.next();
        } else if let Some((key, value)) = piece.text.split_once(':') {
            piece.key = Some(key.to_string());
            piece.text = value.to_string();
        }
        out.push(piece);
    }
    out
}

const FILTER_KEYS: [&str; 7] = ["solution", "standard", "status", "is", "author", "before", "after"];

impl SearchQuery {
    pub fn parse(raw: &str) -> SearchQuery {
        let mut errors = Vec::new();
        let raw = if raw.chars().count() > SEARCH_QUERY_MAX_CHARS {
            errors.push(format!("Recherche trop longue : seuls ses {SEARCH_QUERY_MAX_CHARS} premiers caractères sont pris en compte."));
            raw.chars().take(SEARCH_QUERY_MAX_CHARS).collect::<String>()
        } else {
            raw.to_string()
        };
        let mut clauses = Vec::new();
        for p in pieces(&raw, &mut errors) {
            let key = p.key.as_deref().map(str::to_lowercase).filter(|k| FILTER_KEYS.contains(&k.as_str()));
            let Some(key) = key else {
                // An unknown `key:value` is one word as typed (EPSG:2154).
                let text = match &p.key {
                    Some(k) if !p.quoted => format!("{k}:{}", p.text),
                    Some(k) => format!("{k}: {}", p.text),
                    None => p.text.clone(),
                };
                if text.trim().is_empty() {
                    continue;
                }
                clauses.push(match (p.negated, p.quoted && p.key.is_none()) {
                    (true, _) => Clause::Exclude(text),
                    (false, true) => Clause::Phrase(text),
                    (false, false) => Clause::Word(text),
                });
                continue;
            };
            let value = p.text.trim().to_string();
            if value.is_empty() {
                errors.push(format!("Le filtre « {key}: » attend une valeur, par exemple {}.", example(&key)));
                continue;
            }
            if p.negated {
                errors.push(format!("Un filtre ne peut pas être exclu avec « - » : « -{key}:{value} » est ignoré."));
                continue;
            }
            match key.as_str() {
                "solution" => clauses.push(Clause::Solution(value)),
                "standard" => clauses.push(Clause::Standard(value)),
                "status" | "is" => match ThreadStatus::parse(&value.to_lowercase()) {
                    Some(s) => clauses.push(Clause::Status(s)),
                    None => errors.push(format!(
                        "Statut inconnu : « {value} ». Statuts possibles : {}.",
                        ThreadStatus::ALL.map(|s| s.as_str()).join(", ")
                    )),
                },
                "author" => clauses.push(Clause::Author(value)),
                "before" | "after" => match parse_day(&value) {
                    Some(day) if key == "before" => clauses.push(Clause::Before(day)),
                    Some(day) => clauses.push(Clause::After(day)),
                    None => errors.push(format!("Date invalide dans « {key}:{value} » : écrivez-la AAAA-MM-JJ, par exemple 2026-01-31.")),
                },
                _ => unreachable!("every filter key is handled"),
            }
        }
        if clauses.len() > SEARCH_TERMS_MAX {
            errors.push(format!("Trop de termes : seuls les {SEARCH_TERMS_MAX} premiers sont pris en compte."));
            clauses.truncate(SEARCH_TERMS_MAX);
        }
        // The same filter typed twice counts once.
        let mut unique: Vec<Clause> = Vec::new();
        for c in clauses {
            if !c.is_filter() || !unique.contains(&c) {
                unique.push(c);
            }
        }
        SearchQuery { clauses: unique, errors }
    }

    /// The query written back, without the clause at `skip` (to remove a filter).
    pub fn render_without(&self, skip: Option<usize>) -> String {
        self.clauses
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(_, c)| c.render())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The query with more filters (a facet link; a year is two), each one
    /// it already has left as it is.
    pub fn render_with(&self, extra: &[Clause]) -> String {
        let mut out = self.render_without(None);
        for clause in extra.iter().filter(|c| !self.clauses.contains(c)) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&clause.render());
        }
        out
    }

    /// Whether there is text to match (otherwise recent threads are listed).
    pub fn has_text(&self) -> bool {
        self.clauses.iter().any(|c| matches!(c, Clause::Word(_) | Clause::Phrase(_)))
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "solution" => "solution:geoserver",
        "standard" => "standard:wfs",
        "status" | "is" => "is:resolved",
        "author" => "author:dupont",
        "before" => "before:2026-01-01",
        _ => "after:2025-06-01",
    }
}

/// `YYYY-MM-DD` naming a real day, returned in that form.
fn parse_day(s: &str) -> Option<String> {
    let date: jiff::civil::Date = s.parse().ok()?;
    (s.len() == 10).then(|| date.to_string())
}

/// The address of a search, percent-encoded.
pub fn search_href(q: &str, sort: SearchSort, page: i64) -> String {
    let mut href = format!("/search?q={}", query_encode(q));
    if sort != SearchSort::Relevance {
        href.push_str(&format!("&sort={}", sort.as_str()));
    }
    if page > 1 {
        href.push_str(&format!("&page={page}"));
    }
    href
}

#[cfg(test)]
mod tests;
