use super::util::echo_for;
use crate::components::PageTitle;
use leptos::prelude::*;

/// Where a ProConnect sign-in that did not succeed lands: what happened, in
/// French, and the way back. The server renders it with the right status.
#[component]
pub fn AuthErrorPage() -> impl IntoView {
    let message = echo_for("/auth/proconnect")
        .and_then(|e| e.messages().next().map(str::to_string))
        .unwrap_or_else(|| "La connexion avec ProConnect n’a pas abouti.".to_string());
    view! {
        <PageTitle text="Connexion impossible" />
        <section class="error-panel narrow" aria-labelledby="auth-error-title">
            <h1 id="auth-error-title">"La connexion n’a pas abouti"</h1>
            <p role="alert">{message}</p>
            <p class="actions">
                <a class="button" href="/login">"Retour à la connexion"</a>
                " "
                <a href="/">"Aller aux derniers fils"</a>
            </p>
        </section>
    }
}
