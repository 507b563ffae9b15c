//! Markdown to safe HTML. Rendering happens when a message is saved; the
//! sanitiser (ammonia) removes scripts, event handlers and dangerous URLs
//! whatever pulldown-cmark lets through (raw HTML is legal Markdown).

use pulldown_cmark::{Options, Parser, html};

pub fn to_safe_html(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    let parser = Parser::new_ext(markdown, options);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    let safe = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&unsafe_html)
        .to_string();
    // Code blocks scroll sideways: they must be reachable with the keyboard.
    // After sanitising, a literal `<pre>` can only be one the renderer made
    // (typed text is escaped), so this adds nothing a member controls.
    safe.replace("<pre>", "<pre tabindex=\"0\">")
}

#[cfg(test)]
mod tests {
    use super::to_safe_html;

    #[test]
    fn renders_markdown() {
        let html = to_safe_html("**gras** et `code`\n\n```xml\n<csw:GetRecords/>\n```");
        assert!(html.contains("<strong>gras</strong>"));
        assert!(html.contains("<code>code</code>"));
        assert!(html.contains("&lt;csw:GetRecords/&gt;"));
        assert!(html.contains("<pre tabindex=\"0\">"), "code blocks reachable by keyboard");
        assert!(!to_safe_html("<pre tabindex=\"5\" onclick=\"x\">a</pre>").contains("onclick"));
    }

    #[test]
    fn strips_scripts_handlers_and_javascript_urls() {
        let html = to_safe_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[lien](javascript:alert(3))\n\n<a href=\"https://ogc.org\" onclick=\"x()\">ogc</a>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onclick"), "{html}");
        assert!(html.contains("rel=\"noopener noreferrer nofollow ugc\""), "{html}");
    }
}
