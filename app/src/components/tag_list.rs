use super::raw_text::push_escaped;
use crate::domain::{TagKind, views::TagRef};
use leptos::prelude::*;

/// A thread's tags: each says its kind in words ("Solution", "Norme") and
/// shows the version or clause beside the name.
#[component]
pub fn TagList(tags: Vec<TagRef>) -> impl IntoView {
    let mut items = String::new();
    push_tag_items(&mut items, &tags);
    view! { <ul class="tags" inner_html=items></ul> }
}

/// The `<li>` of each tag, as `TagList` and the lists of threads show them.
pub fn push_tag_items(out: &mut String, tags: &[TagRef]) {
    for t in tags {
        let kind_class = match t.kind {
            TagKind::Solution => "tag tag--solution",
            TagKind::Standard => "tag tag--standard",
        };
        out.push_str(r#"<li class=""#);
        out.push_str(kind_class);
        out.push_str(r#"" data-tag=""#);
        push_escaped(out, &t.slug);
        out.push_str(r#""><span class="tag__kind">"#);
        out.push_str(t.kind.label());
        out.push_str(r#"</span> <a href="/tags/"#);
        push_escaped(out, &t.slug);
        out.push_str(r#"">"#);
        push_escaped(out, &t.name);
        out.push_str("</a>");
        if !t.detail.is_empty() {
            out.push_str(r#" <span class="tag__detail" title=""#);
            out.push_str(t.kind.detail_label());
            out.push_str(r#"">"#);
            push_escaped(out, &t.detail);
            out.push_str("</span>");
        }
        out.push_str("</li>");
    }
}
