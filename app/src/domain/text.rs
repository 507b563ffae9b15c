//! Titles, message bodies and tag details: trimmed, non-empty where required,
//! bounded in characters (not bytes, so accents count once).

use super::form::FieldError;
use super::limits::{BODY_MAX_CHARS, TAG_DETAIL_MAX_CHARS, TITLE_MAX_CHARS};
use serde::{Deserialize, Serialize};

/// A one-line text as the forum keeps it (titles, names, organisations):
/// runs of whitespace, newlines a browser would never send included, folded
/// to one space, none at either end.
pub fn one_line(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Title(String);

impl Title {
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let s = one_line(raw);
        if s.is_empty() {
            return Err(FieldError::new("title", "Le titre est obligatoire."));
        }
        let n = s.chars().count();
        if n > TITLE_MAX_CHARS {
            return Err(FieldError::new(
                "title",
                format!("Le titre dépasse {TITLE_MAX_CHARS} caractères ({n})."),
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A message in Markdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Body(String);

impl Body {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim_end().trim_start_matches(['\r', '\n']).replace("\r\n", "\n");
        if s.trim().is_empty() {
            return Err(FieldError::new(field, "Le message est vide."));
        }
        let n = s.chars().count();
        if n > BODY_MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("Le message dépasse {BODY_MAX_CHARS} caractères ({n})."),
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A solution's version ("2.25") or a standard's clause ("/req/core/fc-limit-default").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagDetail(String);

impl TagDetail {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim();
        if s.chars().count() > TAG_DETAIL_MAX_CHARS || s.contains(['\n', '\r']) {
            return Err(FieldError::new(
                field,
                format!("Une version ou une clause tient sur une ligne de {TAG_DETAIL_MAX_CHARS} caractères au plus."),
            ));
        }
        Ok(Self(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_is_trimmed_and_bounded_in_characters() {
        assert_eq!(Title::parse("  Le  moissonnage\néchoue ").unwrap().as_str(), "Le moissonnage échoue");
        assert_eq!(Title::parse("   ").unwrap_err().message, "Le titre est obligatoire.");
        assert!(Title::parse(&"é".repeat(TITLE_MAX_CHARS)).is_ok());
        assert!(Title::parse(&"é".repeat(TITLE_MAX_CHARS + 1)).is_err());
    }

    #[test]
    fn body_keeps_inner_newlines_and_refuses_blank_or_oversized() {
        let b = Body::parse("body", "\nligne 1\r\n\r\n    code\n\n").unwrap();
        assert_eq!(b.as_str(), "ligne 1\n\n    code");
        assert!(Body::parse("body", " \n\t").is_err());
        assert!(Body::parse("body", &"a".repeat(BODY_MAX_CHARS + 1)).is_err());
        assert!(Body::parse("body", &"é".repeat(BODY_MAX_CHARS)).is_ok(), "the limit itself is allowed");
    }

    #[test]
    fn detail_is_optional_single_line_and_bounded() {
        assert_eq!(TagDetail::parse("d", "").unwrap().as_str(), "");
        assert_eq!(TagDetail::parse("d", " 2.25 ").unwrap().as_str(), "2.25");
        assert!(TagDetail::parse("d", "a\nb").is_err());
        assert!(TagDetail::parse("d", &"x".repeat(TAG_DETAIL_MAX_CHARS + 1)).is_err());
        assert!(TagDetail::parse("d", &"x".repeat(TAG_DETAIL_MAX_CHARS)).is_ok(), "the limit itself is allowed");
    }
}
