//! An imported message as the thread page shows it: the author's text as
//! written (line breaks kept, links clickable), quoted text and the
//! signature folded in `<details>` (a native disclosure: keyboard and screen
//! readers know it, and it opens without JavaScript), notes for attachments
//! left out. Built from escaped text, then sanitised like any message.

use crate::domain::mail_archive::{Block, MailBody};

/// The sanitised HTML of an imported message.
pub fn to_safe_html(body: &MailBody) -> String {
    let mut html = String::new();
    for block in &body.blocks {
        match block {
            Block::Text(t) => text(&mut html, t),
            Block::Quote(t) => {
                let lines = t.lines().count();
                let summary = if lines == 1 { "Texte cité (1 ligne)".to_string() } else { format!("Texte cité ({lines} lignes)") };
                folded(&mut html, "mail-quote", &summary, t);
            }
            Block::Signature(t) => folded(&mut html, "mail-signature", "Signature", t),
            Block::Attachment(note) => {
                html.push_str("<p class=\"mail-attachment\">");
                escape(&mut html, note);
                html.push_str("</p>");
            }
        }
    }
    ammonia::Builder::default()
        .add_allowed_classes("div", ["mail-text"])
        .add_allowed_classes("details", ["mail-quote", "mail-signature"])
        .add_allowed_classes("p", ["mail-attachment"])
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&html)
        .to_string()
}

fn folded(html: &mut String, class: &str, summary: &str, t: &str) {
    html.push_str(&format!("<details class=\"{class}\"><summary>{summary}</summary>"));
    text(html, t);
    html.push_str("</details>");
}

/// Text with its line breaks (the stylesheet keeps them: `white-space:
/// pre-wrap`), `http(s)://` addresses made links.
fn text(html: &mut String, t: &str) {
    html.push_str("<div class=\"mail-text\">");
    let mut rest = t;
    while let Some(start) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
        escape(html, &rest[..start]);
        let url = &rest[start..];
        let end = url.find(|c: char| c.is_whitespace() || "<>\"'`".contains(c)).unwrap_or(url.len());
        let url = url[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        html.push_str("<a href=\"");
        escape(html, url);
        html.push_str("\">");
        escape(html, url);
        html.push_str("</a>");
        rest = &rest[start + url.len()..];
    }
    escape(html, rest);
    html.push_str("</div>");
}

fn escape(html: &mut String, t: &str) {
    for c in t.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            c => html.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::mail_archive::Attachment;

    #[test]
    fn quotes_and_signatures_fold_and_text_stays_text() {
        let body = MailBody::parse(
            "Voir https://trac.osgeo.org/gdal/ticket/1234.\n<script>alert(1)</script>\n\nOn Fri, Marie wrote:\n> a\n> b\n-- \nJean",
            &[Attachment { name: Some("<b>x</b>.png".into()), mime: "image/png".into(), bytes: None }],
        );
        let html = to_safe_html(&body);
        assert!(html.contains("<a href=\"https://trac.osgeo.org/gdal/ticket/1234\" rel=\"noopener noreferrer nofollow ugc\">https://trac.osgeo.org/gdal/ticket/1234</a>."), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<details class=\"mail-quote\"><summary>Texte cité (3 lignes)</summary><div class=\"mail-text\">On Fri, Marie wrote:\n&gt; a\n&gt; b</div></details>"), "{html}");
        assert!(html.contains("<details class=\"mail-signature\"><summary>Signature</summary>"), "{html}");
        assert!(html.contains("<p class=\"mail-attachment\">Pièce jointe non importée : &lt;b&gt;x&lt;/b&gt;.png (image/png)</p>"), "{html}");
        assert!(!html.contains("<script") && !html.contains("<b>"), "{html}");
    }

    #[test]
    fn a_link_never_takes_the_text_around_it() {
        let html = to_safe_html(&MailBody::parse("(http://a.example/x?y=1&z=\"2\") fin", &[]));
        assert!(html.contains("(<a href=\"http://a.example/x?y=1&amp;z=\" rel=\"noopener noreferrer nofollow ugc\">http://a.example/x?y=1&amp;z=</a>\"2\") fin"), "{html}");
    }
}
