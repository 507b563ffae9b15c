//! What the search page shows: the read model the forum builds from the index
//! and the database. Snippets travel as plain text with the byte ranges to
//! highlight, so the page escapes the text and adds `<mark>` itself: no HTML
//! is ever built from what members typed.

use super::search_query::SearchSort;
use super::views::ThreadSummary;
use serde::{Deserialize, Serialize};

/// A thread like the one being written, so a duplicate is not posted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimilarThread {
    pub id: i64,
    pub title: String,
    pub status: super::ThreadStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges of `text` to highlight, in order, not overlapping.
    pub marks: Vec<(usize, usize)>,
}

impl Snippet {
    /// The text cut into (piece, highlighted) in order; ranges that do not
    /// fall on character boundaries are shown unhighlighted rather than trusted.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for &(start, end) in &self.marks {
            let (Some(before), Some(marked)) = (self.text.get(at..start), self.text.get(start..end)) else { continue };
            if !before.is_empty() {
                out.push((before, false));
            }
            out.push((marked, true));
            at = end;
        }
        if let Some(rest) = self.text.get(at..).filter(|rest| !rest.is_empty()) {
            out.push((rest, false));
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub thread: ThreadSummary,
    /// The resolution's text, for a resolved thread: shown first.
    pub resolution: Option<Snippet>,
    /// The best-matching passage of the thread's other posts.
    pub snippet: Option<Snippet>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    /// The search with this filter added.
    pub href: String,
    /// Stable name for the value (`solution:geoserver`), for tests and styling.
    pub key: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FacetGroup {
    /// `solution`, `standard`, `status` or `year`.
    pub name: String,
    pub label: String,
    pub values: Vec<FacetValue>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActiveFilter {
    pub label: String,
    /// The search without this filter.
    pub remove_href: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchPage {
    pub q: String,
    pub sort: SearchSort,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub page: i64,
    pub pages: i64,
    pub facets: Vec<FacetGroup>,
    pub active: Vec<ActiveFilter>,
    /// What in the query could not be understood, in French.
    pub messages: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_split_into_marked_pieces_and_ignore_bad_ranges() {
        let s = Snippet { text: "une requête WFS".into(), marks: vec![(4, 12)] };
        assert_eq!(s.pieces(), vec![("une ", false), ("requête", true), (" WFS", false)]);
        // Byte 9 falls inside « ê »: not trusted.
        let bad = Snippet { text: "une requête".into(), marks: vec![(4, 9)] };
        assert_eq!(bad.pieces(), vec![("une requête", false)]);
    }
}
