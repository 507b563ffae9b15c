use super::raw_text::escape_text;
use leptos::prelude::*;
use leptos_meta::Title;

/// The document title: "{text} – Jonction", escaped (see `raw_text`: the
/// title is written into the page unescaped by leptos_meta).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    view! { <Title text=escape_text(&format!("{text} – Jonction")) /> }
}
