use super::util::{echo_for, query};
use crate::components::{ErrorSummary, Field, PageTitle, ProConnectButton};
use crate::domain::{AuthOptions, SafeNext};
use leptos::prelude::*;

#[component]
pub fn LoginPage() -> impl IntoView {
    let echo = echo_for("/login");
    let email = echo.as_ref().and_then(|e| e.value("email")).unwrap_or_default().to_string();
    // Only a path of this forum is handed on, to this form and to ProConnect's.
    let raw_next = echo.as_ref().and_then(|e| e.value("next").map(str::to_string)).or_else(|| query("next"));
    let next = SafeNext::parse(raw_next.as_deref().unwrap_or("/")).as_str().to_string();
    let auth = use_context::<AuthOptions>().unwrap_or_default();
    let after = next.clone();
    view! {
        <PageTitle text="Se connecter" />
        <div class="narrow">
            <h1>"Se connecter"</h1>
            <ErrorSummary echo=echo.clone() />
            {auth.proconnect.then(|| view! {
                <section class="signin-proconnect" aria-labelledby="proconnect-title">
                    <h2 id="proconnect-title">"Agents publics et professionnels"</h2>
                    <ProConnectButton next=after.clone() />
                </section>
                <p class="separator"><span>"ou avec un compte local"</span></p>
            })}
            <form method="post" action="/login" class="stack">
                <input type="hidden" name="next" value=next />
                <Field id="email" name="email" label="Adresse électronique" kind="email" value=email echo=echo.clone()
                    required=true autocomplete="email" />
                <Field id="password" name="password" label="Mot de passe" kind="password" required=true
                    autocomplete="current-password" />
                <button type="submit" class="button">"Se connecter"</button>
            </form>
            <p><a href="/password/forgot">"Mot de passe oublié ?"</a></p>
            {auth.local_signup.then(|| view! {
                <p>"Pas encore de compte ? " <a href="/signup">"Créer un compte"</a></p>
            })}
        </div>
    }
}
