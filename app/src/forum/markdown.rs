//! Markdown to safe HTML. Rendering happens when a message is saved; the
//! sanitiser (ammonia) removes scripts, event handlers and dangerous URLs
//! whatever pulldown-cmark lets through (raw HTML is legal Markdown).
//!
//! No image is ever embedded: a remote image would make every reader's
//! browser contact its host (a tracking pixel, and the reader's address
//! handed to a third party, which public bodies must avoid). A Markdown image
//! becomes a link to it (« Image : texte »), and `<img>` written as HTML is
//! removed; the Content-Security-Policy allows images from this forum only.

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};
use std::collections::HashMap;

/// A message's preview: what `to_safe_html` will store once it is saved, or
/// why it would be refused. The live preview and the « Prévisualiser » button
/// both show this.
pub fn preview(raw: &str) -> Result<String, crate::domain::FieldError> {
    crate::domain::Body::parse("body", raw).map(|body| to_safe_html(body.as_str()))
}

pub fn to_safe_html(markdown: &str) -> String {
    to_safe_html_with_mentions(markdown, &HashMap::new())
}

fn options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options
}

/// The handles (`@Anne_Martin` → `Anne_Martin`) a message mentions, outside code and links.
pub fn mention_handles(markdown: &str) -> Vec<String> {
    let mut handles = Vec::new();
    for_text_outside_code(Parser::new_ext(markdown, options()), |text| {
        for s in super::mentions::split(text) {
            if let super::mentions::Segment::Handle(h) = s {
                if !handles.iter().any(|x: &String| x == h) {
                    handles.push(h.to_string());
                }
            }
        }
    });
    handles
}

/// Calls `f` with each text event that is neither code nor a link's text.
fn for_text_outside_code<'a>(events: impl Iterator<Item = Event<'a>>, mut f: impl FnMut(&str)) {
    let mut depth = 0usize;
    for e in events {
        match e {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => depth += 1,
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => depth = depth.saturating_sub(1),
            Event::Text(t) if depth == 0 => f(&t),
            _ => {}
        }
    }
}

/// As `to_safe_html`, with each mention of `mentions` (handle → member id)
/// made a link to the member's page, as renderer events: the handle stays text.
pub fn to_safe_html_with_mentions(markdown: &str, mentions: &HashMap<String, i64>) -> String {
    let events = mention_links(images_as_links(Parser::new_ext(markdown, options())), mentions);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events.into_iter());
    let safe = ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&unsafe_html)
        .to_string();
    // Code blocks scroll sideways: they must be reachable with the keyboard.
    // After sanitising, a literal `<pre>` can only be one the renderer made
    // (typed text is escaped), so this adds nothing a member controls.
    safe.replace("<pre>", "<pre tabindex=\"0\">")
}

/// Text events split around known mentions, each mention wrapped in a link.
fn mention_links<'a>(events: Vec<Event<'a>>, mentions: &HashMap<String, i64>) -> Vec<Event<'a>> {
    if mentions.is_empty() {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut depth = 0usize;
    for e in events {
        match e {
            Event::Start(Tag::CodeBlock(_) | Tag::Link { .. }) => {
                depth += 1;
                out.push(e);
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Link) => {
                depth = depth.saturating_sub(1);
                out.push(e);
            }
            Event::Text(t) if depth == 0 => {
                for s in super::mentions::split(&t) {
                    match s {
                        super::mentions::Segment::Handle(h) if mentions.contains_key(h) => {
                            let url = format!("/u/{}", mentions[h]);
                            out.push(Event::Start(Tag::Link {
                                link_type: LinkType::Inline,
                                dest_url: url.into(),
                                title: CowStr::Borrowed(""),
                                id: CowStr::Borrowed(""),
                            }));
                            out.push(Event::Text(format!("@{}", super::mentions::name_of(h)).into()));
                            out.push(Event::End(TagEnd::Link));
                        }
                        super::mentions::Segment::Handle(h) => out.push(Event::Text(format!("@{h}").into())),
                        super::mentions::Segment::Text(x) => out.push(Event::Text(x.to_string().into())),
                    }
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `![texte](url)` as the link `[Image : texte](url)` (the address itself
/// when there is no text).
fn images_as_links<'a>(parser: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    let mut open_image: Option<CowStr<'a>> = None;
    for event in parser {
        match event {
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                open_image = Some(dest_url.clone());
                out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
                out.push(Event::Text("Image : ".into()));
            }
            Event::End(TagEnd::Image) => {
                if let (Some(url), Some(Event::Text(t))) = (open_image.take(), out.last()) {
                    if t.as_ref() == "Image : " {
                        out.push(Event::Text(url));
                    }
                }
                out.push(Event::End(TagEnd::Link));
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{preview, to_safe_html};

    #[test]
    fn a_preview_is_what_will_be_saved_or_why_not() {
        assert_eq!(preview("**gras**\n\n<script>x</script>").unwrap(), to_safe_html("**gras**"));
        assert!(preview("**gras**").unwrap().contains("<strong>gras</strong>"));
        assert_eq!(preview(" \n ").unwrap_err().field, "body");
    }

    #[test]
    fn images_become_links_and_never_load() {
        let html = to_safe_html("![carte](https://tracker.example/pixel.png) ![](https://x.example/a.png)\n\n<img src=\"https://y.example/b.png\">");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains(">Image : carte</a>") && html.contains("href=\"https://tracker.example/pixel.png\""), "{html}");
        assert!(html.contains(">Image : https://x.example/a.png</a>"), "{html}");
    }

    #[test]
    fn mentions_become_links_outside_code_and_typed_markup_stays_text() {
        let mentions = std::collections::HashMap::from([("Anne_Martin".to_string(), 12)]);
        let md = "Merci @Anne_Martin et @Inconnu.\n\n`@Anne_Martin` dans le code\n\n@Anne_Martin<script>x</script>";
        let html = super::to_safe_html_with_mentions(md, &mentions);
        assert!(html.contains("<a href=\"/u/12\" rel=\"noopener noreferrer nofollow ugc\">@Anne Martin</a> et @Inconnu."), "{html}");
        assert!(html.contains("<code>@Anne_Martin</code>"), "{html}");
        assert!(!html.contains("<script"), "{html}");
        assert_eq!(super::mention_handles(md), vec!["Anne_Martin", "Inconnu"]);
    }

    #[test]
    fn a_handle_in_a_code_block_or_in_a_links_text_is_not_a_mention() {
        let md = "```\n@Bruno_Petit\n```\n\n[@Claire_Roy](https://example.org/) puis @Anne_Martin\n\n    @Denis_Indente";
        assert_eq!(super::mention_handles(md), vec!["Anne_Martin"]);
        // Rendered, even when each of them is a member: only the handle outside both is linked.
        let members = ["Anne_Martin", "Bruno_Petit", "Claire_Roy", "Denis_Indente"];
        let mentions = members.iter().enumerate().map(|(i, m)| (m.to_string(), i as i64 + 1)).collect();
        let html = super::to_safe_html_with_mentions(md, &mentions);
        assert_eq!(html.matches("href=\"/u/").count(), 1, "{html}");
        assert!(html.contains(">@Anne Martin</a>"), "{html}");
        for typed in ["@Bruno_Petit", ">@Claire_Roy</a>", "@Denis_Indente"] {
            assert!(html.contains(typed), "{typed} as typed: {html}");
        }
    }

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
