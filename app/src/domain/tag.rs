use super::form::FieldError;
use super::limits::TAG_SLUG_MAX_CHARS;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type))]
#[cfg_attr(feature = "ssr", sqlx(type_name = "text", rename_all = "snake_case"))]
pub enum TagKind {
    Solution,
    Standard,
}

impl TagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Solution => "solution",
            Self::Standard => "standard",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "solution" => Some(Self::Solution),
            "standard" => Some(Self::Standard),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Solution => "Solution",
            Self::Standard => "Norme",
        }
    }
    /// What the detail beside a tag means: a solution's version, a standard's clause.
    pub fn detail_label(self) -> &'static str {
        match self {
            Self::Solution => "version",
            Self::Standard => "clause",
        }
    }
}

/// A tag's URL name: 1 to `TAG_SLUG_MAX_CHARS` characters among `a-z`, `0-9` and `-`,
/// not starting or ending with `-`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TagSlug(String);

impl TagSlug {
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldError> {
        let s = raw.trim().to_lowercase();
        let ok_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if s.is_empty() || s.len() > TAG_SLUG_MAX_CHARS || !ok_chars || s.starts_with('-') || s.ends_with('-') {
            return Err(FieldError::new(
                field,
                format!("L’identifiant d’un tag compte 1 à {TAG_SLUG_MAX_CHARS} caractères : lettres minuscules sans accent, chiffres et tirets."),
            ));
        }
        Ok(Self(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercased_and_checked() {
        assert_eq!(TagSlug::parse("slug", " GeoServer ").unwrap().as_str(), "geoserver");
        assert!(TagSlug::parse("slug", "ogcapi-features").is_ok());
        for bad in ["", "-wfs", "wfs-", "géo", "a b"] {
            assert!(TagSlug::parse("slug", bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn a_slug_of_exactly_the_maximum_length_is_accepted_and_one_more_is_refused() {
        let longest = "x".repeat(TAG_SLUG_MAX_CHARS);
        assert_eq!(TagSlug::parse("slug", &longest).unwrap().as_str(), longest);
        let err = TagSlug::parse("slug", &"x".repeat(TAG_SLUG_MAX_CHARS + 1)).unwrap_err();
        assert_eq!(err.field, "slug");
    }

    #[test]
    fn a_tag_kind_is_read_back_from_its_name_and_shown_in_french() {
        for kind in [TagKind::Solution, TagKind::Standard] {
            assert_eq!(TagKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(TagKind::Solution.as_str(), "solution");
        assert_eq!(TagKind::Standard.as_str(), "standard");
        assert_eq!(TagKind::Solution.detail_label(), "version");
        assert_eq!(TagKind::Standard.detail_label(), "clause");
    }
}
