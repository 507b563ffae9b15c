use super::util::echo_for;
use crate::api::session::pending_link_email;
use crate::components::{ErrorSummary, Field, PageData, PageTitle};
use leptos::prelude::*;

/// A first ProConnect sign-in whose e-mail belongs to a local account: the
/// member proves the account is theirs (its password) before the two are
/// linked. Nothing is linked without it.
#[component]
pub fn LinkAccountPage() -> impl IntoView {
    view! {
        <PageTitle text="Lier votre compte" />
        <div class="narrow">
            <h1>"Lier votre identité ProConnect à votre compte"</h1>
            <PageData load=pending_link_email show=|email| view! { <LinkForm email /> } />
        </div>
    }
}

/// The password form for the account a ProConnect identity waits to be linked to.
#[component]
fn LinkForm(email: Option<String>) -> impl IntoView {
    let Some(email) = email else {
        return view! {
            <p>"Aucune liaison n’est en attente, ou elle a expiré. " <a href="/login">"Reconnectez-vous"</a> "."</p>
        }
            .into_any();
    };
    let echo = echo_for("/auth/proconnect/link");
    view! {
        <p>
            "Un compte local existe déjà avec l’adresse " <strong>{email}</strong>
            ". Pour vous connecter désormais avec ProConnect, confirmez que ce compte est le vôtre en saisissant son mot de passe."
        </p>
        <ErrorSummary echo=echo.clone() />
        <form method="post" action="/auth/proconnect/link" class="stack">
            <Field id="link-password" name="password" label="Mot de passe du compte local" kind="password"
                autocomplete="current-password" />
            <button type="submit" class="button">"Lier et me connecter"</button>
        </form>
        <p><a href="/">"Ne pas lier maintenant"</a></p>
    }
        .into_any()
}
