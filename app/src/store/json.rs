//! Many rows read as one JSON array (rule 10 in `store`): the functions that
//! build it in each dialect, and its decoding.

use super::{Backend, Db, backend};
use serde::Deserialize;

/// The SQL functions building JSON, per dialect (rule 8).
pub(crate) struct Json {
    pub array: &'static str,
    pub object: &'static str,
    /// A JSON array of values: a row whose fields serde reads by position,
    /// cheaper to build and to read than an object with its keys.
    pub tuple: &'static str,
    /// The aggregate joining texts with a separator.
    pub concat: &'static str,
    /// Around a JSON value, its text, to be joined to other JSON texts
    /// without being parsed again.
    pub to_text: (&'static str, &'static str),
}

impl Json {
    pub fn of(db: &Db) -> Json {
        Json::on(backend(db))
    }

    pub fn on(backend: Backend) -> Json {
        match backend {
            Backend::Sqlite => Json {
                array: "json_group_array",
                object: "json_object",
                tuple: "json_array",
                concat: "group_concat",
                to_text: ("", ""),
            },
            Backend::Postgres => Json {
                array: "json_agg",
                object: "json_build_object",
                tuple: "json_build_array",
                concat: "string_agg",
                to_text: ("CAST(", " AS TEXT)"),
            },
        }
    }
}

/// A JSON array read as text; none (PostgreSQL's `json_agg` of no row) is
/// empty, and what does not decode is an error.
pub(crate) fn array<T: for<'de> Deserialize<'de>>(json: Option<String>) -> Result<Vec<T>, sqlx::Error> {
    match json {
        Some(json) => serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(e.into())),
        None => Ok(Vec::new()),
    }
}

/// A decoded value the code does not know (a status, a tag kind): an error,
/// as sqlx reports one for a row it maps.
pub(crate) fn unknown(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("{what} the forum does not know: {value:?}").into())
}
