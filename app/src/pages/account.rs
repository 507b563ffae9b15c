use super::util::{echo_for, query};
use crate::api::notify::load_account_page;
use crate::components::{ErrorSummary, Field, PageData, PageTitle, RefusalNotice};
use crate::domain::limits::PASSWORD_MIN_CHARS;
use crate::domain::notify_views::AccountPage;
use leptos::prelude::*;

/// « Mon compte » : the address (and its proof), changing it, changing the password.
#[component]
pub fn AccountPageView() -> impl IntoView {
    let said = match (query("sent").as_deref(), query("done").as_deref()) {
        (Some("verify"), _) => Some("Un nouveau lien de confirmation vient de partir vers votre adresse."),
        (Some("email"), _) => Some("Un lien de confirmation vient de partir vers la nouvelle adresse : votre compte l’utilisera dès qu’il sera suivi."),
        (_, Some("password")) => Some("Votre mot de passe est changé ; vos autres sessions sont fermées."),
        _ => None,
    };
    view! {
        <PageTitle text="Mon compte" />
        <h1>"Mon compte"</h1>
        <RefusalNotice />
        {said.map(|s| view! { <p class="notice" role="status" data-account-said="true">{s}</p> })}
        <PageData load=load_account_page show=|page| view! { <Account page /> } />
        <p><a href="/settings/notifications">"Notifications et abonnements"</a></p>
    }
}

#[component]
fn Account(page: AccountPage) -> impl IntoView {
    let email_echo = echo_for("/settings/account/email");
    let password_echo = echo_for("/settings/account/password");
    let new_email = email_echo.as_ref().and_then(|e| e.value("new_email")).unwrap_or_default().to_string();
    view! {
        <section aria-labelledby="address-title">
            <h2 id="address-title">"Adresse électronique"</h2>
            <p data-verified=page.verified.to_string()>
                {page.email.clone()}
                {if page.verified { " — confirmée" } else { " — pas encore confirmée : suivez le lien reçu pour pouvoir publier." }}
            </p>
            {(!page.verified).then(|| view! {
                <ErrorSummary echo=echo_for("/settings/account/verify") />
                <form method="post" action="/settings/account/verify">
                    <button type="submit" class="button button--secondary">"Recevoir un nouveau lien"</button>
                </form>
            })}
        </section>
        {if page.has_password {
            view! {
                <section aria-labelledby="change-email-title">
                    <h2 id="change-email-title">"Changer d’adresse"</h2>
                    <ErrorSummary echo=email_echo.clone() />
                    <form method="post" action="/settings/account/email" class="stack">
                        <Field id="new_email" name="new_email" label="Nouvelle adresse" kind="email" value=new_email echo=email_echo.clone()
                            hint="Un lien y sera envoyé ; votre compte garde l’adresse actuelle tant qu’il n’est pas suivi." required=true autocomplete="email" />
                        <Field id="email-password" name="password" label="Mot de passe actuel" kind="password" echo=email_echo.clone()
                            required=true autocomplete="current-password" />
                        <button type="submit" class="button">"Changer d’adresse"</button>
                    </form>
                </section>
                <section aria-labelledby="change-password-title">
                    <h2 id="change-password-title">"Changer de mot de passe"</h2>
                    <ErrorSummary echo=password_echo.clone() />
                    <form method="post" action="/settings/account/password" class="stack">
                        <Field id="current_password" name="current_password" label="Mot de passe actuel" kind="password" echo=password_echo.clone()
                            required=true autocomplete="current-password" />
                        <Field id="new_password" name="new_password" label="Nouveau mot de passe" kind="password" echo=password_echo.clone()
                            hint=format!("Au moins {PASSWORD_MIN_CHARS} caractères. Vos autres sessions seront fermées.")
                            required=true autocomplete="new-password" />
                        <button type="submit" class="button">"Changer de mot de passe"</button>
                    </form>
                </section>
            }.into_any()
        } else {
            view! { <p>"Votre compte se connecte par ProConnect : son adresse et son mot de passe se gèrent chez votre fournisseur d’identité."</p> }.into_any()
        }}
    }
}
