use super::util::{described_by, echo_for};
use crate::components::{ErrorSummary, FieldMessage, PageTitle, ProConnectButton};
use crate::domain::AuthOptions;
use crate::domain::limits::{DISPLAY_NAME_MAX_CHARS, ORGANISATION_MAX_CHARS, PASSWORD_MIN_CHARS};
use leptos::prelude::*;

#[component]
pub fn SignupPage() -> impl IntoView {
    let echo = echo_for("/signup");
    let value = |name: &str| echo.as_ref().and_then(|e| e.value(name)).unwrap_or_default().to_string();
    let (name, email, organisation) = (value("display_name"), value("email"), value("organisation"));
    let auth = use_context::<AuthOptions>().unwrap_or_default();
    if !auth.local_signup {
        return view! {
            <PageTitle text="Créer un compte" />
            <div class="narrow">
                <h1>"Créer un compte"</h1>
                <ErrorSummary echo=echo.clone() />
                <p>"La création de compte local est désactivée. Sur ce forum, on rejoint le collectif en se connectant avec ProConnect : votre compte est créé à la première connexion."</p>
                {auth.proconnect.then(|| view! { <ProConnectButton next="/" /> })}
            </div>
        }
            .into_any();
    }
    view! {
        <PageTitle text="Créer un compte" />
        <div class="narrow">
            <h1>"Créer un compte"</h1>
            {auth.proconnect.then(|| view! {
                <p>"Agent public ou professionnel ? Pas besoin de mot de passe :"</p>
                <ProConnectButton next="/" />
                <p class="separator"><span>"ou créez un compte local"</span></p>
            })}
            <ErrorSummary echo=echo.clone() />
            <form method="post" action="/signup" class="stack">
                <div class="field">
                    <label for="display_name">"Nom affiché"</label>
                    <input id="display_name" name="display_name" type="text" autocomplete="name" required
                        maxlength=DISPLAY_NAME_MAX_CHARS value=name aria-describedby=described_by(&echo, "display_name") />
                    <FieldMessage echo=echo.clone() field="display_name" />
                </div>
                <div class="field">
                    <label for="email">"Adresse électronique"</label>
                    <input id="email" name="email" type="email" autocomplete="email" required value=email
                        aria-describedby=described_by(&echo, "email") />
                    <FieldMessage echo=echo.clone() field="email" />
                </div>
                <div class="field">
                    <label for="organisation">"Organisation (facultatif)"</label>
                    <input id="organisation" name="organisation" type="text" autocomplete="organization"
                        maxlength=ORGANISATION_MAX_CHARS value=organisation />
                    <FieldMessage echo=echo.clone() field="organisation" />
                </div>
                <div class="field">
                    <label for="password">"Mot de passe"</label>
                    <p class="hint" id="password-hint">{format!("Au moins {PASSWORD_MIN_CHARS} caractères. Une phrase de passe est idéale.")}</p>
                    <input id="password" name="password" type="password" autocomplete="new-password" required
                        aria-describedby=described_by(&echo, "password").unwrap_or_else(|| "password-hint".into()) />
                    <FieldMessage echo=echo.clone() field="password" />
                </div>
                <button type="submit" class="button">"Créer mon compte"</button>
            </form>
            <p>"Déjà inscrit ? " <a href="/login">"Se connecter"</a></p>
        </div>
    }
        .into_any()
}
