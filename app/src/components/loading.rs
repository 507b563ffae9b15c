use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Chargement…"</p> }
}

/// A page-level failure (not found, forbidden…): the status was already set
/// by the server function; this tells the member what happened and where to go.
#[component]
pub fn ErrorPanel(message: String) -> impl IntoView {
    view! {
        <Title text=format!("{message} – Jonction") />
        <section class="error-panel">
            <h1>{message}</h1>
            <p><a href="/">"Retour aux derniers fils"</a></p>
        </section>
    }
}
