//! The tag forms of the administration, parsed: a new tag (slug, kind and
//! text), or the text of an existing one.

use super::limits::{TAG_DESCRIPTION_MAX_CHARS, TAG_NAME_MAX_CHARS, TAG_URL_MAX_CHARS};
use super::text::one_line;
use super::{FieldError, TagKind, TagSlug};

/// A tag's name, description and link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagFields {
    pub name: String,
    pub description: String,
    /// An `http(s)://` address, or none.
    pub url: Option<String>,
}

impl TagFields {
    pub fn parse(name: &str, description: &str, url: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = one_line(name);
        if name.is_empty() || name.chars().count() > TAG_NAME_MAX_CHARS {
            errors.push(FieldError::new("name", format!("Le nom est obligatoire ({TAG_NAME_MAX_CHARS} caractères au plus).")));
        }
        let description = description.trim().to_string();
        if description.chars().count() > TAG_DESCRIPTION_MAX_CHARS {
            errors.push(FieldError::new(
                "description",
                format!("La description dépasse {TAG_DESCRIPTION_MAX_CHARS} caractères."),
            ));
        }
        let url = url.trim();
        let web = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() <= TAG_URL_MAX_CHARS
            && !url.contains(char::is_whitespace);
        let url = match url {
            "" => None,
            _ if web => Some(url.to_string()),
            _ => {
                errors.push(FieldError::new("url", "Le lien doit être une adresse web complète (https://…)."));
                None
            }
        };
        if errors.is_empty() { Ok(Self { name, description, url }) } else { Err(errors) }
    }
}

/// A tag to create.
#[derive(Debug, Clone)]
pub struct NewTag {
    pub slug: TagSlug,
    pub kind: TagKind,
    pub fields: TagFields,
}

impl NewTag {
    pub fn parse(slug: &str, kind: &str, name: &str, description: &str, url: &str) -> Result<Self, Vec<FieldError>> {
        let slug = TagSlug::parse("slug", slug);
        let kind = TagKind::parse(kind).ok_or_else(|| FieldError::new("kind", "Choisissez « Solution » ou « Norme »."));
        let fields = TagFields::parse(name, description, url);
        match (slug, kind, fields) {
            (Ok(slug), Ok(kind), Ok(fields)) => Ok(Self { slug, kind, fields }),
            (slug, kind, fields) => {
                let mut errors: Vec<FieldError> = [slug.err(), kind.err()].into_iter().flatten().collect();
                errors.extend(fields.err().unwrap_or_default());
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_text_is_cleaned_and_checked() {
        let f = TagFields::parse("  Geo   Server ", " desc ", "").unwrap();
        assert_eq!((f.name.as_str(), f.description.as_str(), f.url), ("Geo Server", "desc", None));
        let errors = TagFields::parse("", &"d".repeat(TAG_DESCRIPTION_MAX_CHARS + 1), "ftp://x").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["name", "description", "url"]);
        assert_eq!(TagFields::parse("n", "", "https://ogc.org").unwrap().url.as_deref(), Some("https://ogc.org"));
        // The limits themselves are allowed; one character more is not.
        let name = "n".repeat(TAG_NAME_MAX_CHARS);
        let description = "d".repeat(TAG_DESCRIPTION_MAX_CHARS);
        assert!(TagFields::parse(&name, &description, "").is_ok());
        assert_eq!(TagFields::parse(&format!("{name}n"), "", "").unwrap_err()[0].field, "name");
    }

    #[test]
    fn a_new_tag_reports_every_field() {
        let errors = NewTag::parse("Geo Server", "logiciel", "", "", "").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["slug", "kind", "name"]);
        assert!(NewTag::parse("gs", "solution", "GS", "", "").is_ok());
    }
}
