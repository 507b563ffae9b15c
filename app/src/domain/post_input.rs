//! What a reply form carries once parsed: its text, and the earlier post it
//! answers, if any. A `parent_id` that is not an id is refused, never dropped.

use super::{Body, FieldError};

#[derive(Debug, Clone)]
pub struct ReplyInput {
    pub body: Body,
    pub parent: Option<i64>,
}

impl ReplyInput {
    pub fn parse(body: &str, parent_id: &str) -> Result<Self, Vec<FieldError>> {
        let body = Body::parse("body", body);
        let parent = match parent_id.trim() {
            "" => Ok(None),
            raw => parse_id(raw)
                .map(Some)
                .ok_or_else(|| FieldError::new("parent_id", "Le message auquel vous répondez n’existe pas.")),
        };
        match (body, parent) {
            (Ok(body), Ok(parent)) => Ok(Self { body, parent }),
            (body, parent) => Err([body.err(), parent.err()].into_iter().flatten().collect()),
        }
    }
}

/// The reply chosen as a thread's resolution (`post_id`).
pub fn parse_resolution(post_id: &str) -> Result<i64, Vec<FieldError>> {
    parse_id(post_id.trim()).ok_or_else(|| vec![FieldError::new("post_id", "Choisissez la réponse qui a résolu le fil.")])
}

/// A positive id of at most 18 digits (always fits the database's integers).
pub fn parse_id(raw: &str) -> Option<i64> {
    let ok = !raw.is_empty() && raw.len() <= 18 && raw.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| raw.parse().ok()).flatten().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positive_and_bounded() {
        assert_eq!(parse_id("12"), Some(12));
        for bad in ["", "0", "-1", "1e3", "abc", "99999999999999999999", " 1"] {
            assert_eq!(parse_id(bad), None, "{bad:?}");
        }
        // At most 18 digits, even when a 19-digit number would fit an i64.
        assert_eq!(parse_id("999999999999999999"), Some(999_999_999_999_999_999));
        assert_eq!(parse_id("1000000000000000000"), None);
    }

    #[test]
    fn the_resolution_must_name_a_reply() {
        assert_eq!(parse_resolution(" 42 "), Ok(42));
        for bad in ["", "0", "abc"] {
            assert_eq!(parse_resolution(bad).unwrap_err()[0].field, "post_id", "{bad:?}");
        }
    }

    #[test]
    fn a_bad_parent_is_refused_with_the_text_error() {
        let errors = ReplyInput::parse("  ", "abc").unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["body", "parent_id"]);
        let reply = ReplyInput::parse("Merci", "").unwrap();
        assert_eq!((reply.body.as_str(), reply.parent), ("Merci", None));
        assert_eq!(ReplyInput::parse("Merci", "7").unwrap().parent, Some(7));
    }
}
