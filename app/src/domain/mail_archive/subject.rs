//! A mail's subject as a thread title, and the key that groups the messages of
//! one discussion when their client dropped `In-Reply-To` and `References`.

use crate::domain::limits::TITLE_MAX_CHARS;

/// The title given to a thread whose first message had no subject.
pub const NO_SUBJECT: &str = "(sans objet)";

/// Reply markers of the mail clients seen on French and international lists
/// (`Re:`, Outlook's `RE :`, German `AW:`, Nordic `SV:`, Dutch `Antw:`, French `Réf :`).
const REPLY_MARKERS: [&str; 7] = ["re", "aw", "sv", "antw", "réf", "ref", "rép"];
/// Forward markers (`Fwd:`, `Fw:`, French `TR:`, German `WG:`): stripped, but a
/// forward starts a new discussion.
const FORWARD_MARKERS: [&str; 4] = ["fwd", "fw", "tr", "wg"];
/// A `[list-name]` tag longer than this is a bracketed phrase, not a tag.
const LIST_TAG_MAX_CHARS: usize = 40;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Without list tags and reply or forward markers, whitespace collapsed;
    /// empty when nothing is left.
    pub title: String,
    /// What messages of one discussion share: the title, lower-cased.
    pub key: String,
    /// A reply marker was stripped: the message answers an earlier one.
    pub is_reply: bool,
}

impl Subject {
    pub fn parse(raw: &str) -> Subject {
        let mut rest: &str = raw;
        let mut is_reply = false;
        loop {
            let trimmed = rest.trim_start();
            if let Some(after) = strip_list_tag(trimmed) {
                rest = after;
            } else if let Some((after, reply)) = strip_marker(trimmed) {
                rest = after;
                is_reply |= reply;
            } else {
                rest = trimmed;
                break;
            }
        }
        let title: String = rest.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(TITLE_MAX_CHARS).collect();
        Subject { key: title.to_lowercase(), title, is_reply }
    }

    /// The thread's title: the subject, or « (sans objet) ».
    pub fn thread_title(&self) -> &str {
        if self.title.is_empty() { NO_SUBJECT } else { &self.title }
    }
}

/// `[gdal-dev] rest` → `rest`: one bracketed word (no space inside).
fn strip_list_tag(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('[')?;
    let end = inner.find(']')?;
    let tag = &inner[..end];
    (!tag.is_empty() && tag.chars().count() <= LIST_TAG_MAX_CHARS && !tag.contains(char::is_whitespace))
        .then(|| &inner[end + 1..])
}

/// `Re: rest`, `RE : rest`, `Re[2]: rest`, `Fwd: rest` → (`rest`, is a reply).
fn strip_marker(s: &str) -> Option<(&str, bool)> {
    let word_end = s.find(|c: char| !c.is_alphabetic()).unwrap_or(s.len());
    let word = s[..word_end].to_lowercase();
    let reply = REPLY_MARKERS.contains(&word.as_str());
    if !reply && !FORWARD_MARKERS.contains(&word.as_str()) {
        return None;
    }
    let mut rest = &s[word_end..];
    // A counter some clients add: `Re[2]:`, `Re(3):`.
    for (open, close) in [('[', ']'), ('(', ')')] {
        if let Some(inner) = rest.strip_prefix(open) {
            let end = inner.find(close)?;
            if !inner[..end].chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            rest = &inner[end + 1..];
        }
    }
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    let rest = rest.strip_prefix(':').or_else(|| rest.strip_prefix('：'))?;
    Some((rest, reply))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_tags_and_markers_are_stripped_in_any_order() {
        for raw in [
            "Re: [gdal-dev] Reprojection en EPSG:2154",
            "RE : [gdal-dev] Reprojection en EPSG:2154",
            "[gdal-dev] Re: Re[2]: Reprojection   en\n EPSG:2154",
            "AW: SV: Re(3): [QGIS-Developer] Reprojection en EPSG:2154",
            "Réf : Reprojection en EPSG:2154",
        ] {
            let s = Subject::parse(raw);
            assert_eq!(s.title, "Reprojection en EPSG:2154", "{raw:?}");
            assert_eq!(s.key, "reprojection en epsg:2154");
            assert!(s.is_reply, "{raw:?}");
        }
    }

    #[test]
    fn forwards_are_stripped_but_are_not_replies() {
        for raw in ["Fwd: [proj] Datum shift", "TR: Datum shift", "Fw : Datum shift", "WG: Datum shift"] {
            let s = Subject::parse(raw);
            assert_eq!(s.title, "Datum shift", "{raw:?}");
            assert!(!s.is_reply, "{raw:?}");
        }
        assert!(Subject::parse("TR: Re: Datum shift").is_reply);
    }

    #[test]
    fn words_that_only_look_like_markers_stay() {
        assert_eq!(Subject::parse("Reprojection: question").title, "Reprojection: question");
        assert_eq!(Subject::parse("Tr ansform").title, "Tr ansform");
        assert_eq!(Subject::parse("[Fwd: a bracketed phrase]").title, "[Fwd: a bracketed phrase]");
        assert_eq!(Subject::parse("Re[x]: odd").title, "Re[x]: odd");
        assert!(!Subject::parse("Réunion du PSC").is_reply);
    }

    #[test]
    fn an_empty_subject_has_an_empty_key_and_a_placeholder_title() {
        let s = Subject::parse("Re: [pdal]  ");
        assert_eq!((s.title.as_str(), s.key.as_str(), s.thread_title()), ("", "", NO_SUBJECT));
        assert_eq!(Subject::parse(&"x".repeat(TITLE_MAX_CHARS + 9)).title.chars().count(), TITLE_MAX_CHARS);
    }
}
