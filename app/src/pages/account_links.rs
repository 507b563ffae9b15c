//! The pages a link sent by mail opens: confirming an address (a new
//! account's, or a new one for an account), and choosing a new password.
//! They only show a form: mail scanners follow links, so only the POST acts.

use super::util::{echo_for, param, set_status};
use crate::api::notify::load_account_link;
use crate::components::{ErrorSummary, Field, PageData, PageTitle};
use crate::domain::limits::PASSWORD_MIN_CHARS;
use crate::domain::notify_views::AccountLink;
use leptos::prelude::*;

fn invalid_link(what: &'static str) -> AnyView {
    set_status(404);
    view! {
        <p class="notice" data-link-invalid="true">
            "Ce lien n’est plus valable : il a déjà servi, a expiré, ou un lien plus récent l’a remplacé. "
            <a href=what>"En demander un nouveau"</a>
        </p>
    }
    .into_any()
}

/// `/verify/{token}`: « Confirmer mon adresse ».
#[component]
pub fn VerifyLinkPage() -> impl IntoView {
    let token = param("token");
    let action = format!("/verify/{token}");
    let echo = echo_for(&action);
    let load = move || load_account_link(token.clone());
    view! {
        <PageTitle text="Confirmer votre adresse" />
        <div class="narrow">
            <h1>"Confirmer votre adresse"</h1>
            <ErrorSummary echo />
            <PageData load show=move |link| {
                let action = action.clone();
                let (text, button) = match link {
                    AccountLink::VerifyEmail { email } => (format!("Confirmez que {email} est bien votre adresse : vous pourrez alors publier."), "Confirmer mon adresse"),
                    AccountLink::ChangeEmail { new_email } => (format!("Confirmez que votre compte utilisera désormais {new_email}."), "Confirmer cette adresse"),
                    _ => return invalid_link("/settings/account"),
                };
                view! {
                    <p>{text}</p>
                    <form method="post" action=action>
                        <button type="submit" class="button">{button}</button>
                    </form>
                }
                .into_any()
            } />
        </div>
    }
}

/// `/password/reset/{token}`: a new password.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = param("token");
    let action = format!("/password/reset/{token}");
    let echo = echo_for(&action);
    let load = move || load_account_link(token.clone());
    view! {
        <PageTitle text="Nouveau mot de passe" />
        <div class="narrow">
            <h1>"Choisir un nouveau mot de passe"</h1>
            <ErrorSummary echo=echo.clone() />
            <PageData load show=move |link| {
                let AccountLink::ResetPassword { email } = link else { return invalid_link("/password/forgot") };
                view! {
                    <p>{format!("Pour le compte {email}. Vos autres sessions seront fermées.")}</p>
                    <form method="post" action=action.clone() class="stack">
                        <Field id="password" name="password" label="Nouveau mot de passe" kind="password" echo=echo.clone()
                            hint=format!("Au moins {PASSWORD_MIN_CHARS} caractères. Une phrase de passe est idéale.")
                            required=true autocomplete="new-password" />
                        <button type="submit" class="button">"Enregistrer le mot de passe"</button>
                    </form>
                }
                .into_any()
            } />
        </div>
    }
}
