use crate::domain::search_results::Snippet;
use leptos::prelude::*;

/// A passage with the searched words in `<mark>`. Each piece is element text,
/// escaped by Leptos like any other: what a member wrote never becomes markup.
#[component]
pub fn SnippetText(snippet: Snippet) -> impl IntoView {
    snippet
        .pieces()
        .into_iter()
        .map(|(text, marked)| if marked { view! { <mark>{text}</mark> }.into_any() } else { text.into_any() })
        .collect_view()
}
