//! What a form page needs to show again after a refused submission: the values
//! the person typed and a message per field. The POST handler that refused the
//! input provides a `FormEcho` to the page it renders again.

use serde::{Deserialize, Serialize};

/// One message about one field (`field` is the form control's `name`;
/// an empty field name is a message about the whole form).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self { field: field.to_string(), message: message.into() }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A form's fields parsed at the boundary into a domain value, or every
/// message about them. The domain function receives it as it is, so that it
/// checks who may act before it reports what was mistyped.
pub type Parsed<T> = Result<T, Vec<FieldError>>;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct FormEcho {
    /// The URL path of the form this echo belongs to (a page may hold several forms).
    pub action: String,
    /// The submitted pairs, in order (a name can repeat, e.g. `solution`).
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    /// Sanitised HTML of the Markdown preview, when the person asked for one.
    pub preview_html: Option<String>,
}

impl FormEcho {
    pub fn is_for(&self, action: &str) -> bool {
        self.action == action
    }
    /// The first value submitted under `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// The `index`-th value submitted under `name` (for repeated controls).
    pub fn nth_value(&self, name: &str, index: usize) -> Option<&str> {
        self.values.iter().filter(|(k, _)| k == name).nth(index).map(|(_, v)| v.as_str())
    }
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors.iter().find(|e| e.field == field).map(|e| e.message.as_str())
    }
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.errors.iter().map(|e| e.message.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn echo() -> FormEcho {
        FormEcho {
            action: "/new".into(),
            values: vec![("solution".into(), "geoserver".into()), ("title".into(), "Titre".into()), ("solution".into(), "qgis".into())],
            errors: vec![FieldError::new("title", "Trop long."), FieldError::new("", "Rien n’a été enregistré.")],
            preview_html: None,
        }
    }

    #[test]
    fn an_echo_gives_back_each_value_typed_and_each_message() {
        let e = echo();
        assert!(e.is_for("/new") && !e.is_for("/t/1/reply"));
        assert_eq!((e.value("title"), e.value("solution"), e.value("body")), (Some("Titre"), Some("geoserver"), None));
        let solutions: Vec<_> = (0..3).map(|i| e.nth_value("solution", i)).collect();
        assert_eq!(solutions, [Some("geoserver"), Some("qgis"), None]);
        assert_eq!((e.error("title"), e.error("body")), (Some("Trop long."), None));
        assert_eq!(e.messages().collect::<Vec<_>>(), ["Trop long.", "Rien n’a été enregistré."]);
    }

    #[test]
    fn a_field_error_displays_as_its_message() {
        assert_eq!(FieldError::new("title", "Le titre est obligatoire.").to_string(), "Le titre est obligatoire.");
    }
}
