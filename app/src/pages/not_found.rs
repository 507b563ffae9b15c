use super::util::set_status;
use crate::components::PageTitle;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    view! {
        <PageTitle text="Page introuvable" />
        <section class="error-panel">
            <h1>"Cette page n’existe pas."</h1>
            <p><a href="/">"Retour aux derniers fils"</a></p>
        </section>
    }
}
