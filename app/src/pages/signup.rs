use super::util::echo_for;
use crate::components::{ErrorSummary, Field, PageTitle, ProConnectButton};
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
    if super::util::query("sent").is_some() && echo.is_none() {
        return view! {
            <PageTitle text="Vérifiez votre boîte aux lettres" />
            <div class="narrow">
                <h1>"Vérifiez votre boîte aux lettres"</h1>
                <p class="notice" role="status" data-signup-sent="true">
                    "Nous venons d’envoyer un lien à l’adresse indiquée. Suivez-le pour confirmer votre adresse : vous serez alors connecté et pourrez publier. "
                    "Il est valable 48 heures. Si cette adresse a déjà un compte, le courriel vous le dit."
                </p>
                <p>"Rien reçu ? Regardez dans les indésirables, ou " <a href="/signup">"recommencez"</a> "."</p>
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
                <Field id="display_name" name="display_name" label="Nom affiché" value=name echo=echo.clone()
                    required=true autocomplete="name" maxlength=DISPLAY_NAME_MAX_CHARS />
                <Field id="email" name="email" label="Adresse électronique" kind="email" value=email echo=echo.clone()
                    required=true autocomplete="email" />
                <Field id="organisation" name="organisation" label="Organisation (facultatif)" value=organisation
                    echo=echo.clone() autocomplete="organization" maxlength=ORGANISATION_MAX_CHARS />
                <Field id="password" name="password" label="Mot de passe" kind="password" echo=echo.clone()
                    hint=format!("Au moins {PASSWORD_MIN_CHARS} caractères. Une phrase de passe est idéale.")
                    required=true autocomplete="new-password" />
                <button type="submit" class="button">"Créer mon compte"</button>
            </form>
            <p>"Déjà inscrit ? " <a href="/login">"Se connecter"</a></p>
        </div>
    }
        .into_any()
}
