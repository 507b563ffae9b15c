use super::PageTitle;
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    view! { <p class="loading" aria-live="polite">"Chargement…"</p> }
}

/// A page-level failure (not found, forbidden…): the status was already set
/// by the server function; this tells the member what happened and where to go.
#[component]
pub fn ErrorPanel(message: String) -> impl IntoView {
    view! {
        <PageTitle text=message.clone() />
        <section class="error-panel">
            <h1>{message}</h1>
            <super::RefusalNotice />
            <p><a href="/">"Retour aux derniers fils"</a></p>
        </section>
    }
}
