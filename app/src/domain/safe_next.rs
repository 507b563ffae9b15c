//! Where the browser may be sent after signing in (or after any form): a
//! path of this forum, never another site. Every redirect of the forum goes
//! through [`SafeNext`], so the rule is written once.
//!
//! Browsers are lenient with `Location`: they drop tabs and newlines inside a
//! URL, treat `\` like `/`, and read `//host` as another host. So a path is
//! kept only when it starts with exactly one `/` followed by something other
//! than `/` or `\`, and holds no control character, no whitespace and no
//! backslash at all; anything else becomes `/`. Non-ASCII characters are
//! percent-encoded, so the value is always a valid header.

use super::limits::NEXT_PATH_MAX_CHARS;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SafeNext(String);

impl SafeNext {
    /// The forum's home, where anything unsafe goes instead.
    pub fn home() -> Self {
        Self("/".to_string())
    }

    /// Never fails: a value that is not a plain local path gives the home page.
    pub fn parse(raw: &str) -> Self {
        Self::checked(raw).unwrap_or_else(Self::home)
    }

    /// The path if it is a plain local path, or None.
    pub fn checked(raw: &str) -> Option<Self> {
        let mut chars = raw.chars();
        let local = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
        let clean = !raw.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        if !local || !clean || raw.chars().count() > NEXT_PATH_MAX_CHARS {
            return None;
        }
        Some(Self(percent_encode_non_ascii(raw)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `/login?next=…` for this path.
    pub fn login_href(&self) -> String {
        if self.0 == "/" { "/login".to_string() } else { format!("/login?next={}", query_encode(&self.0)) }
    }
}

fn percent_encode_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// Percent-encodes a value for a query string (everything but unreserved characters).
pub fn query_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len() + 8);
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_are_kept() {
        for ok in ["/", "/t/3", "/t/3-titre?quote=4#reply", "/tags/wfs", "/%2F%2Fevil.example", "/?page=2&status=open"] {
            assert_eq!(SafeNext::parse(ok).as_str(), ok);
        }
        assert_eq!(SafeNext::parse("/t/é").as_str(), "/t/%C3%A9");
    }

    /// Known open-redirect payloads, as they arrive once the form or query is decoded.
    #[test]
    fn every_open_redirect_payload_lands_on_a_local_path() {
        let payloads = [
            "//evil.example",
            "//evil.example/",
            "///evil.example",
            "/\\evil.example/",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "/x\r\nSet-Cookie: a=b",
            "https://evil.example/",
            "http:evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            "evil.example",
            " /t/1",
            "",
            "/.\\evil.example",
            "\t//evil.example",
        ];
        for p in payloads {
            let next = SafeNext::parse(p);
            assert_eq!(next.as_str(), "/", "{p:?} gave {next:?}");
        }
        assert_eq!(SafeNext::parse(&format!("/{}", "a".repeat(NEXT_PATH_MAX_CHARS))).as_str(), "/");
        let longest = format!("/{}", "a".repeat(NEXT_PATH_MAX_CHARS - 1));
        assert_eq!(SafeNext::parse(&longest).as_str(), longest, "a path of exactly the limit is kept");
    }

    #[test]
    fn the_sign_in_link_carries_the_path_encoded() {
        assert_eq!(SafeNext::parse("/t/3?quote=4").login_href(), "/login?next=/t/3%3Fquote%3D4");
        assert_eq!(SafeNext::home().login_href(), "/login");
    }
}
