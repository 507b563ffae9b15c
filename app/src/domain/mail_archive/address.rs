//! Mail addresses in imported messages: read from `From:` (the standard form
//! and pipermail's `user at host (Name)`), and masked wherever they appear
//! in text, so that no address of an imported author reaches a page, an
//! attribute, the search index or a log.

use crate::domain::limits::DISPLAY_NAME_MAX_CHARS;

/// What replaces an address in imported text.
pub const MASK: &str = "[adresse masquée]";

/// Words that precede ` at ` in ordinary sentences ("look at foo.org",
/// "available at example.org"): pipermail writes addresses `user at host`,
/// and these are not users. Short words that are also users (`me`, `it`,
/// `info`) are not listed: masking a sentence costs less than showing an address.
const NOT_A_USER: [&str; 20] = [
    "look", "looking", "looked", "looks", "archive", "archives", "details", "error", "errors", "available", "found",
    "hosted", "located", "posted", "published", "download", "downloads", "stops", "fails", "failed",
];

/// Endings of file names, which follow ` at ` ("look at ogrct.cpp") but are
/// not the top-level domain of a host.
const FILE_ENDINGS: [&str; 40] = [
    "c", "h", "cpp", "hpp", "cxx", "py", "pyc", "sh", "bat", "txt", "tif", "tiff", "shp", "shx", "dbf", "prj", "xml",
    "json", "html", "htm", "js", "java", "png", "jpg", "gif", "pdf", "zip", "gz", "exe", "dll", "so", "cmake", "in",
    "cfg", "ini", "qml", "qgs", "gml", "kml", "sql",
];

/// The address in a pipermail `From:` header, `user at host (Name)`, and the
/// name; `None` when the header is not in that form.
pub fn pipermail_from(value: &str) -> Option<(String, Option<String>)> {
    let value = value.trim();
    let (address, name) = match value.find(" (") {
        Some(i) if value.ends_with(')') => (&value[..i], Some(value[i + 2..value.len() - 1].trim())),
        _ => (value, None),
    };
    let (user, host) = address.split_once(" at ")?;
    if user.is_empty() || host.is_empty() || user.contains(char::is_whitespace) || host.contains(char::is_whitespace) {
        return None;
    }
    let address = normalise(&format!("{user}@{host}"))?;
    Some((address, name.filter(|n| !n.is_empty()).map(str::to_string)))
}

/// An address as dedup compares it: trimmed, without angle brackets,
/// lower-cased; `None` unless it has one `@` between a user and a host.
pub fn normalise(raw: &str) -> Option<String> {
    let a = raw.trim().trim_start_matches('<').trim_end_matches('>').trim().to_lowercase();
    let (user, host) = a.split_once('@')?;
    (!user.is_empty() && !host.is_empty() && !host.contains('@') && !a.contains(char::is_whitespace)).then_some(a)
}

/// The name an imported author is shown by: the name of their `From:`
/// header with any address masked out, or « Participant anonyme » and a
/// short tag that tells authors apart (never derived from the address text).
pub fn display_name(name: Option<&str>, tag: &str) -> String {
    let cleaned = name
        .map(|n| mask(n.trim().trim_matches(['"', '\'']).trim()).replace(MASK, ""))
        .map(|n| n.replace("()", "").replace("<>", "").replace("[]", ""))
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let name = if cleaned.chars().any(char::is_alphanumeric) { cleaned } else { format!("Participant anonyme {tag}") };
    name.chars().take(DISPLAY_NAME_MAX_CHARS).collect()
}

fn is_user_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "._%+-=".contains(c)
}

fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// The length of the host name at the start of `s` (labels of letters, digits
/// and hyphens, at least one dot, an alphabetic top-level domain), or 0.
fn host_len(s: &str) -> usize {
    let end = s.find(|c: char| !is_host_char(c)).unwrap_or(s.len());
    let host = s[..end].trim_end_matches(['.', '-']);
    let Some((_, tld)) = host.rsplit_once('.') else { return 0 };
    let labels_ok = host.split('.').all(|l| !l.is_empty());
    if labels_ok && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()) { host.len() } else { 0 }
}

/// The start of the user part that ends at byte `end` of `s`.
fn user_start(s: &str, end: usize) -> usize {
    s[..end].char_indices().rev().take_while(|(_, c)| is_user_char(*c)).last().map_or(end, |(i, _)| i)
}

/// `text` with every address replaced by `MASK`: `user@host`, and
/// pipermail's `user at host` unless it reads as a sentence (a common word
/// before ` at `, a file name after it).
pub fn mask(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0; // bytes of `text` already copied or masked
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let found = if rest.starts_with('@') {
            Some((user_start(text, i), i + 1))
        } else if rest.starts_with(" at ") && i > 0 {
            Some((user_start(text, i), i + 4)).filter(|&(start, _)| spelled_out_address(text, start, i))
        } else {
            None
        };
        if let Some((start, host_at)) = found {
            let host = host_len(&text[host_at..]);
            if start >= done && start < i && host > 0 {
                out.push_str(&text[done..start]);
                out.push_str(MASK);
                done = host_at + host;
                i = done;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push_str(&text[done..]);
    out
}

/// Whether `user at host` (the user from byte `start` to `at`) is an address
/// rather than a sentence.
fn spelled_out_address(text: &str, start: usize, at: usize) -> bool {
    let user = text[..at].get(start..).unwrap_or_default();
    let bracketed = text[..start].ends_with('<');
    let host_end = at + 4 + host_len(&text[at + 4..]);
    let tld = text[at + 4..host_end].rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    bracketed || (!NOT_A_USER.contains(&user.to_ascii_lowercase().as_str()) && !FILE_ENDINGS.contains(&tld.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipermail_from_gives_the_address_and_the_name() {
        assert_eq!(
            pipermail_from("even.rouault at spatialys.com (Even Rouault)"),
            Some(("even.rouault@spatialys.com".into(), Some("Even Rouault".into())))
        );
        assert_eq!(pipermail_from("Sebastic AT XS4ALL.nl"), None, "the separator is ` at `, lower case");
        assert_eq!(pipermail_from("sebastic at xs4all.nl"), Some(("sebastic@xs4all.nl".into(), None)));
        assert_eq!(pipermail_from("Even Rouault <even@spatialys.com>"), None);
    }

    #[test]
    fn addresses_normalise_for_dedup() {
        assert_eq!(normalise(" <Even.Rouault@Spatialys.COM> ").as_deref(), Some("even.rouault@spatialys.com"));
        assert_eq!(normalise("nobody"), None);
        assert_eq!(normalise("a@b@c"), None);
        assert_eq!(normalise("@host.fr"), None);
    }

    #[test]
    fn addresses_are_masked_in_both_spellings() {
        assert_eq!(mask("écrire à marie.dupont@ign.fr."), format!("écrire à {MASK}."));
        assert_eq!(
            mask("On Fri, Even Rouault <even.rouault at spatialys.com> wrote:"),
            format!("On Fri, Even Rouault <{MASK}> wrote:")
        );
        assert_eq!(mask("gdal-dev at lists.osgeo.org"), MASK);
        assert_eq!(mask("mailto:gdal-dev-request at lists.osgeo.org?subject=x"), format!("mailto:{MASK}?subject=x"));
        assert_eq!(mask("a@b.fr, c@d.org"), format!("{MASK}, {MASK}"));
        assert_eq!(mask("write to me at komzpa.net"), format!("write to {MASK}"), "a pronoun can be a user");
    }

    #[test]
    fn sentences_and_versions_are_not_masked() {
        for text in [
            "take a look at ogrct.cpp",
            "available at vterrain.org",
            "pip install gdal@3.8.4",
            "python@3.11",
            "meet at 10.30",
            "un @ tout seul",
            "x at y",
            "Même chose à l’IGN @ Saint-Mandé",
        ] {
            assert_eq!(mask(text), text);
        }
    }

    #[test]
    fn display_names_never_carry_an_address() {
        assert_eq!(display_name(Some("\"Marie Dupont\""), "3f2a9c"), "Marie Dupont");
        assert_eq!(display_name(Some("marie at ign.fr"), "3f2a9c"), "Participant anonyme 3f2a9c");
        assert_eq!(display_name(Some("Marie (marie@ign.fr)"), "3f2a9c"), "Marie");
        assert_eq!(display_name(None, "3f2a9c"), "Participant anonyme 3f2a9c");
        assert_eq!(display_name(Some(&"é".repeat(100)), "x").chars().count(), DISPLAY_NAME_MAX_CHARS);
    }
}
