//! A page sent to many cannot carry a per-response nonce. Before a page is
//! cached, the scripts that carry its nonce (Leptos' own inline scripts: the
//! hydration loader and its resource tables) lose the attribute and are
//! allowed by the hash of their text instead. This allows exactly what the
//! nonce allowed: a script without the nonce (none should exist: messages are
//! sanitised) is not hashed, so it stays blocked.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The page without its nonce, and the CSP sources (`'sha256-…'`) of the
/// scripts that carried it, space-separated. `None` if the nonce is not one
/// Leptos makes (then the page is not cached).
pub fn nonce_to_hashes(html: &str, nonce: &str) -> Option<(String, String)> {
    if nonce.len() < 16 || !nonce.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
        return None;
    }
    let attribute = format!(" nonce=\"{nonce}\"");
    let mut sources: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let tag_and_after = &rest[start..];
        let tag_end = tag_and_after.find('>')?;
        let content_and_after = &tag_and_after[tag_end + 1..];
        let content_end = content_and_after.find("</script>")?;
        if tag_and_after[..tag_end].contains(&attribute) {
            let digest = Sha256::digest(content_and_after[..content_end].as_bytes());
            let source = format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest));
            if !sources.contains(&source) {
                sources.push(source);
            }
        }
        rest = &content_and_after[content_end..];
    }
    // The nonce also stands, oddly, as the `crossorigin` value of the
    // preloads Leptos writes; an empty value means the same ("anonymous").
    let html = html.replace(&attribute, "").replace(&format!("\"{nonce}\""), "\"\"");
    Some((html, sources.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::nonce_to_hashes;

    const NONCE: &str = "Ilw1RuGAyA2-TmpukhGGlA";

    #[test]
    fn nonced_scripts_are_hashed_and_the_nonce_removed() {
        let html = format!(
            "<head><link rel=\"modulepreload\" href=\"/pkg/j.js\" crossorigin=\"{NONCE}\">\
             <script type=\"module\" nonce=\"{NONCE}\">load();</script></head>\
             <body><script>evil()</script><script nonce=\"{NONCE}\">__RESOLVED_RESOURCES=[];</script></body>"
        );
        let (page, sources) = nonce_to_hashes(&html, NONCE).unwrap();
        assert!(!page.contains(NONCE), "{page}");
        assert!(page.contains("crossorigin=\"\""));
        // The two nonced scripts, not the one without the nonce.
        let got: Vec<&str> = sources.split(' ').collect();
        assert_eq!(got.len(), 2, "{sources}");
        for (source, script) in got.iter().zip(["load();", "__RESOLVED_RESOURCES=[];"]) {
            use base64::Engine;
            use sha2::Digest;
            let digest = sha2::Sha256::digest(script.as_bytes());
            assert_eq!(*source, format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
    }

    #[test]
    fn an_odd_nonce_or_an_unclosed_script_is_not_cached() {
        assert!(nonce_to_hashes("<p></p>", "short").is_none());
        assert!(nonce_to_hashes(&format!("<script nonce=\"{NONCE}\">x"), NONCE).is_none());
    }
}
