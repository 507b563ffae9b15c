//! Text for the elements whose content Leptos writes into the HTML as it is.
//!
//! Leptos escapes text everywhere except in two places this forum uses:
//! `tachys` declares `<textarea>` with `ESCAPE_CHILDREN = false` (like
//! `<script>` and `<style>`), and `leptos_meta` 0.8.7 pushes the `<title>`
//! text between its tags unescaped. A typed `</textarea>` or `</title>` would
//! then close the element and the rest would become live markup. Every
//! `<textarea>` and every title of the forum takes its text through these
//! functions (`PageTitle` for titles); a test checks the sources for it.

/// `&`, `<` and `>` as character references: the browser shows the text as
/// typed, and the element cannot be closed from inside.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `s` to `out` as HTML text or as a double-quoted attribute's value:
/// `&`, `<`, `>`, `"` and `'` as character references. For the few pieces of
/// markup written as strings because they repeat hundreds of times on a page
/// (the map's cells), where a component per piece would cost more than the
/// rest of the page.
///
/// Read byte by byte: the five are ASCII, so no byte of another character
/// is one of them, and `str::find` with a set of characters decoded every
/// character first (a search page's snippets and titles).
pub fn push_escaped(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let reference = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(reference);
        from = i + 1;
    }
    out.push_str(&s[from..]);
}

/// The content of a `<textarea>`: escaped, after a newline, because the HTML
/// parser drops one newline right after `<textarea>` and would otherwise eat
/// a text's own first blank line.
pub fn textarea_text(s: &str) -> String {
    format!("\n{}", escape_text(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_text_can_neither_close_an_element_nor_leave_an_attribute() {
        let mut out = String::from("<td title=\"");
        push_escaped(&mut out, "a\"b' onclick=x <i>&amp;");
        assert_eq!(out, "<td title=\"a&quot;b&#39; onclick=x &lt;i&gt;&amp;amp;");
        let mut plain = String::new();
        push_escaped(&mut plain, "GéoServer 2.25");
        assert_eq!(plain, "GéoServer 2.25");
    }

    #[test]
    fn closing_tags_become_text() {
        assert_eq!(escape_text("</title><meta x>&amp;"), "&lt;/title&gt;&lt;meta x&gt;&amp;amp;");
        assert_eq!(textarea_text("</textarea>"), "\n&lt;/textarea&gt;");
    }

    /// Every `<textarea>` and every page title in the sources goes through
    /// this module, so no new one can forget it.
    #[test]
    fn every_textarea_and_title_in_the_sources_is_escaped() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root];
        let mut checked = 0;
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("raw_text.rs") || path.ends_with("page_title.rs") {
                    continue;
                }
                let source = std::fs::read_to_string(&path).unwrap();
                assert!(!source.contains("<Title"), "{}: use PageTitle, not leptos_meta's Title", path.display());
                for (i, _) in source.match_indices("<textarea") {
                    let element = &source[i..source[i..].find("</textarea>").map_or(source.len(), |e| i + e)];
                    assert!(element.contains("textarea_text("), "{}: a <textarea> without textarea_text()", path.display());
                    checked += 1;
                }
            }
        }
        assert!(checked >= 3, "the editor and the tag forms have text areas");
    }
}
