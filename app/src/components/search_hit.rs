use super::{DateTime, SnippetText, StatusBadge, TagList};
use crate::domain::search_results::SearchHit;
use crate::domain::views::thread_href;
use leptos::prelude::*;

/// One search result: title, status, tags, last activity, then the
/// resolution's passage (for a resolved thread) and the best-matching one.
#[component]
pub fn SearchHitRow(hit: SearchHit, rank: usize) -> impl IntoView {
    let t = hit.thread;
    let href = thread_href(t.id, &t.title);
    view! {
        <li class="thread-row search-hit" data-thread-id=t.id data-rank=rank>
            <div class="thread-row__main">
                <StatusBadge status=t.status locked=t.locked />
                <a class="thread-row__title" href=href>{t.title}</a>
                <TagList tags=t.tags />
            </div>
            {hit.resolution.map(|s| view! {
                <p class="search-hit__snippet search-hit__snippet--resolution" data-snippet="resolution">
                    <strong class="search-hit__label">"Résolution : "</strong>
                    <SnippetText snippet=s />
                </p>
            })}
            {hit.snippet.map(|s| view! {
                <p class="search-hit__snippet" data-snippet="post"><SnippetText snippet=s /></p>
            })}
            <div class="thread-row__meta">
                <span class="thread-row__number">{format!("n° {}", t.id)}</span>
                <span>"par " <a href=format!("/u/{}", t.author_id)>{t.author_name}</a></span>
                <span>"activité : " <DateTime ts=t.last_activity_at /></span>
            </div>
        </li>
    }
}
