use super::util::{echo_for, query};
use crate::components::{ErrorSummary, Field, PageTitle};
use leptos::prelude::*;

/// « Mot de passe oublié » : the same answer whether or not the address has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let echo = echo_for("/password/forgot");
    let email = echo.as_ref().and_then(|e| e.value("email")).unwrap_or_default().to_string();
    let sent = query("sent").is_some() && echo.is_none();
    view! {
        <PageTitle text="Mot de passe oublié" />
        <div class="narrow">
            <h1>"Mot de passe oublié"</h1>
            {if sent {
                view! {
                    <p class="notice" role="status" data-reset-sent="true">
                        "Si un compte existe pour cette adresse, nous venons d’y envoyer un lien pour choisir un nouveau mot de passe. Il est valable une heure."
                    </p>
                }.into_any()
            } else {
                view! {
                    <ErrorSummary echo=echo.clone() />
                    <p>"Indiquez l’adresse de votre compte : nous y enverrons un lien pour choisir un nouveau mot de passe."</p>
                    <form method="post" action="/password/forgot" class="stack">
                        <Field id="email" name="email" label="Adresse électronique" kind="email" value=email echo=echo.clone()
                            required=true autocomplete="email" />
                        <button type="submit" class="button">"Recevoir un lien"</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}
