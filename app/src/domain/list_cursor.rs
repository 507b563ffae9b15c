//! Where a page of a list of threads starts. Lists run from the most recently
//! active thread; a page is asked for by the thread just before it or just
//! after it (`?after=` / `?before=`, its last activity and id), not by an
//! offset, so that any page costs the same however far into the list it is.

use serde::{Deserialize, Serialize};

/// A thread's place in the lists: (last activity, id), most recent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListKey {
    pub last_activity_at: i64,
    pub thread_id: i64,
}

impl ListKey {
    /// `1764600000.1234` (seconds, a dot, the thread's id); anything else is refused.
    pub fn parse(raw: &str) -> Option<ListKey> {
        let (at, id) = raw.trim().split_once('.')?;
        let number = |s: &str| (!s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten();
        Some(ListKey { last_activity_at: number(at)?, thread_id: number(id)? })
    }

    pub fn param(&self) -> String {
        format!("{}.{}", self.last_activity_at, self.thread_id)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListCursor {
    #[default]
    First,
    /// The threads that come after this one.
    After(ListKey),
    /// The threads that come just before this one.
    Before(ListKey),
}

impl ListCursor {
    /// From an address's `after` and `before` values (empty ones ignored);
    /// `None` for a malformed one, or both at once (the page answers 404).
    pub fn from_query(after: Option<&str>, before: Option<&str>) -> Option<ListCursor> {
        fn present(v: Option<&str>) -> Option<&str> {
            v.filter(|v| !v.trim().is_empty())
        }
        match (present(after), present(before)) {
            (None, None) => Some(ListCursor::First),
            (Some(a), None) => ListKey::parse(a).map(ListCursor::After),
            (None, Some(b)) => ListKey::parse(b).map(ListCursor::Before),
            (Some(_), Some(_)) => None,
        }
    }

    /// The address parameter that asks for this page (none for the first).
    pub fn query_pair(&self) -> Option<(&'static str, String)> {
        match self {
            ListCursor::First => None,
            ListCursor::After(k) => Some(("after", k.param())),
            ListCursor::Before(k) => Some(("before", k.param())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_read_back_and_refuse_anything_else() {
        let key = ListKey { last_activity_at: 1_764_600_000, thread_id: 1234 };
        assert_eq!(ListKey::parse(&key.param()), Some(key));
        assert_eq!(ListCursor::from_query(Some("1764600000.1234"), None), Some(ListCursor::After(key)));
        assert_eq!(ListCursor::from_query(Some(""), Some("1764600000.1234")), Some(ListCursor::Before(key)));
        assert_eq!(ListCursor::from_query(None, None), Some(ListCursor::First));
        for bad in ["1764600000", "1764600000.", ".12", "-1.2", "1.2.3", "a.b", "1e3.4", "9999999999999999999.1"] {
            assert_eq!(ListCursor::from_query(Some(bad), None), None, "{bad:?}");
        }
        assert_eq!(ListCursor::from_query(Some("1.2"), Some("3.4")), None, "both at once");
    }

    #[test]
    fn a_page_address_asks_for_the_same_cursor_again() {
        let key = ListKey { last_activity_at: 1_764_600_000, thread_id: 1234 };
        assert_eq!(ListCursor::First.query_pair(), None, "the first page has a plain address");
        assert_eq!(ListCursor::After(key).query_pair(), Some(("after", "1764600000.1234".to_string())));
        assert_eq!(ListCursor::Before(key).query_pair(), Some(("before", "1764600000.1234".to_string())));
        for cursor in [ListCursor::After(key), ListCursor::Before(key)] {
            let (name, value) = cursor.query_pair().unwrap();
            let (after, before) = if name == "after" { (Some(value.as_str()), None) } else { (None, Some(value.as_str())) };
            assert_eq!(ListCursor::from_query(after, before), Some(cursor));
        }
    }
}
