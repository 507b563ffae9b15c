use crate::domain::{TagKind, views::TagRef};
use leptos::prelude::*;

/// A thread's tags: each says its kind in words ("Solution", "Norme") and
/// shows the version or clause beside the name.
#[component]
pub fn TagList(tags: Vec<TagRef>) -> impl IntoView {
    view! {
        <ul class="tags">
            {tags
                .into_iter()
                .map(|t| {
                    let kind_class = match t.kind {
                        TagKind::Solution => "tag tag--solution",
                        TagKind::Standard => "tag tag--standard",
                    };
                    let detail_label = t.kind.detail_label();
                    view! {
                        <li class=kind_class data-tag=t.slug.clone()>
                            <span class="tag__kind">{t.kind.label()}</span>
                            " "
                            <a href=format!("/tags/{}", t.slug)>{t.name}</a>
                            {(!t.detail.is_empty())
                                .then(|| {
                                    view! {
                                        " "
                                        <span class="tag__detail" title=detail_label>
                                            {t.detail}
                                        </span>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
