//! What Mailman adds to the messages it archives: the list's footer, and in
//! pipermail's text archives a notice where each attachment was removed.

use super::message::Attachment;

/// The line pipermail writes before each part it took out of a message.
const NEXT_PART: &str = "-------------- next part --------------";
/// Lines of a pipermail notice that describe the removed part.
const NOTICE_FIELDS: [&str; 8] = ["Name:", "Type:", "Size:", "Desc:", "URL:", "From:", "Subject:", "Date:"];

/// Where Mailman's footer starts: a line of underscores followed within
/// three lines by "… mailing list" (then the list's address and page).
pub fn footer_start(lines: &[&str]) -> Option<usize> {
    (0..lines.len()).rev().find(|&i| {
        let t = lines[i].trim();
        t.len() >= 10
            && t.chars().all(|c| c == '_')
            && lines[i + 1..].iter().take(3).any(|l| l.to_lowercase().contains("mailing list"))
    })
}

/// A pipermail notice at the start of `lines`: how many lines it takes, and
/// the note that replaces it (none for the HTML copy of the text, which is
/// the same message; none either for a text part pipermail kept inline).
#[derive(Debug, PartialEq, Eq)]
pub struct Scrubbed {
    pub lines: usize,
    pub note: Option<String>,
}

pub fn scrubbed(lines: &[&str]) -> Option<Scrubbed> {
    if lines.first()?.trim() != NEXT_PART {
        return None;
    }
    let what = lines.get(1).map(|l| l.trim()).unwrap_or_default();
    if !what.ends_with("was scrubbed...") {
        // A text attachment, kept inline by pipermail: only the separator goes.
        return Some(Scrubbed { lines: 1, note: None });
    }
    let fields: Vec<&str> = lines[2..].iter().take_while(|l| NOTICE_FIELDS.iter().any(|f| l.starts_with(f))).copied().collect();
    let field = |name: &str| fields.iter().find_map(|l| l.strip_prefix(name)).map(str::trim).filter(|v| !v.is_empty());
    let note = if what.starts_with("An HTML attachment") {
        None
    } else {
        let name = field("Name:").or(field("Subject:")).filter(|n| *n != "not available").map(str::to_string);
        let mime = field("Type:").unwrap_or(if what.starts_with("An embedded message") { "message/rfc822" } else { "application/octet-stream" });
        let bytes = field("Size:").and_then(|s| s.split_whitespace().next()).and_then(|n| n.parse().ok());
        Some(Attachment { name, mime: mime.to_string(), bytes }.note())
    };
    Some(Scrubbed { lines: 2 + fields.len(), note })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_footer_is_found_at_the_end() {
        let lines = ["Merci", "", "_______________________________________________", "gdal-dev mailing list", "[adresse masquée]", "https://lists.osgeo.org/mailman/listinfo/gdal-dev"];
        assert_eq!(footer_start(&lines), Some(2));
        assert_eq!(footer_start(&["a", "__________", "b"]), None, "a line of underscores alone is not a footer");
    }

    #[test]
    fn scrubbed_attachments_become_notes() {
        let png = ["-------------- next part --------------", "A non-text attachment was scrubbed...", "Name: carte.png", "Type: image/png", "Size: 45678 bytes", "Desc: not available", "URL: <http://lists.osgeo.org/pipermail/gdal-dev/attachments/x/carte.png>", "suite"];
        assert_eq!(
            scrubbed(&png),
            Some(Scrubbed { lines: 7, note: Some("Pièce jointe non importée : carte.png (image/png, 44 Ko)".into()) })
        );
        let html = ["-------------- next part --------------", "An HTML attachment was scrubbed...", "URL: <http://lists.osgeo.org/x.html>"];
        assert_eq!(scrubbed(&html), Some(Scrubbed { lines: 3, note: None }));
        let unnamed = ["-------------- next part --------------", "A non-text attachment was scrubbed...", "Name: not available", "Type: application/pgp-signature", "Size: 819 bytes"];
        assert_eq!(scrubbed(&unnamed).unwrap().note.as_deref(), Some("Pièce jointe non importée : sans nom (application/pgp-signature, 819 octets)"));
        let inline = ["-------------- next part --------------", "diff --git a/x b/x"];
        assert_eq!(scrubbed(&inline), Some(Scrubbed { lines: 1, note: None }));
        assert_eq!(scrubbed(&["texte"]), None);
    }
}
