use super::util::set_status;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    view! {
        <Title text="Page introuvable – Jonction" />
        <section class="error-panel">
            <h1>"Cette page n’existe pas."</h1>
            <p><a href="/">"Retour aux derniers fils"</a></p>
        </section>
    }
}
