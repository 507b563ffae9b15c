//! The page of a list asked for in an address (`?page=3`). Bounded, so that
//! no arithmetic on it can overflow and no address can make the database
//! skip through millions of rows.

use super::limits::LIST_PAGE_MAX;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PageNumber(i64);

impl PageNumber {
    pub const FIRST: PageNumber = PageNumber(1);

    /// `None` or an empty value is the first page; anything but a number from
    /// 1 to `LIST_PAGE_MAX` is refused (the page answers 404).
    pub fn parse(raw: Option<&str>) -> Option<Self> {
        match raw.map(str::trim) {
            None | Some("") => Some(Self::FIRST),
            Some(s) if s.len() <= 6 && s.bytes().all(|b| b.is_ascii_digit()) => {
                let n: i64 = s.parse().ok()?;
                (1..=LIST_PAGE_MAX).contains(&n).then_some(Self(n))
            }
            Some(_) => None,
        }
    }

    pub fn get(self) -> i64 {
        self.0
    }

    /// Rows to skip before this page.
    pub fn offset(self, per_page: i64) -> i64 {
        (self.0 - 1) * per_page
    }
}

impl Default for PageNumber {
    fn default() -> Self {
        Self::FIRST
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_bounded_numbers() {
        assert_eq!(PageNumber::parse(None), Some(PageNumber::FIRST));
        assert_eq!(PageNumber::parse(Some("")), Some(PageNumber::FIRST));
        assert_eq!(PageNumber::parse(Some("3")).map(PageNumber::get), Some(3));
        assert_eq!(PageNumber::parse(Some(&LIST_PAGE_MAX.to_string())).map(PageNumber::get), Some(LIST_PAGE_MAX));
        for bad in ["0", "-1", "9223372036854775807", "99999999999999999999", "1e3", "deux", "+2", &(LIST_PAGE_MAX + 1).to_string()] {
            assert_eq!(PageNumber::parse(Some(bad)), None, "{bad:?} accepted");
        }
        assert_eq!(PageNumber::parse(Some("3")).unwrap().offset(25), 50);
    }
}
