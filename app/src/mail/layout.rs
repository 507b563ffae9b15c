//! The frame every mail shares: an HTML part with inline styles only (mail
//! clients drop style sheets; no remote image, no script) and its plain-text
//! alternative. Typed text is escaped here; post HTML arrives sanitised.

/// Escapes text for HTML element content and quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Links of a sanitised post (`href="/u/12"`) made absolute, since a mail
/// has no base address. The sanitiser writes every attribute in double
/// quotes, and typed text containing `href="/` is escaped (`&quot;`), so only
/// real attributes match.
pub fn absolute_links(html: &str, public_url: &str) -> String {
    html.replace("href=\"/", &format!("href=\"{public_url}/"))
}

const FONT: &str = "font-family:-apple-system,'Segoe UI',Roboto,Arial,sans-serif";

/// A link styled as the forum's links.
pub fn link(href: &str, text: &str) -> String {
    format!("<a href=\"{}\" style=\"color:#000091;text-decoration:underline\">{}</a>", esc(href), esc(text))
}

/// A button-like link (the main action of the mail).
pub fn action(href: &str, text: &str) -> String {
    format!(
        "<p style=\"margin:24px 0\"><a href=\"{}\" style=\"background:#000091;color:#ffffff;padding:10px 16px;text-decoration:none;display:inline-block\">{}</a></p>",
        esc(href),
        esc(text)
    )
}

/// A tag as a small bordered label, its kind said in words.
pub fn tag_label(kind_label: &str, name: &str, detail: &str) -> String {
    let detail = if detail.is_empty() { String::new() } else { format!(" {}", esc(detail)) };
    format!(
        "<span style=\"display:inline-block;border:1px solid #929292;padding:1px 6px;margin:0 4px 4px 0;font-size:13px\">{} : {}{}</span>",
        esc(kind_label),
        esc(name),
        detail
    )
}

/// The whole HTML document: `content` and `footer` are HTML already escaped.
pub fn html_document(content: &str, footer: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"></head>\
         <body style=\"margin:0;padding:0;background:#ffffff;color:#161616\">\
         <div style=\"max-width:640px;margin:0 auto;padding:16px;{FONT};font-size:16px;line-height:1.5\">{content}\
         <hr style=\"border:0;border-top:1px solid #dddddd;margin:32px 0 12px\">\
         <div style=\"font-size:13px;color:#555555\">{footer}</div></div></body></html>"
    )
}

/// The plain-text alternative: the content, a rule, the footer.
pub fn text_document(content: &str, footer: &str) -> String {
    format!("{}\n\n-- \n{}\n", content.trim_end(), footer.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_escaped_and_only_real_links_become_absolute() {
        assert_eq!(esc("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;");
        let html = "<p><a href=\"/u/3\">@Anne</a> href=&quot;/x</p>";
        assert_eq!(absolute_links(html, "https://j.fr"), "<p><a href=\"https://j.fr/u/3\">@Anne</a> href=&quot;/x</p>");
    }
}
