use super::util::{echo_for, param, set_status};
use crate::api::notify::load_unsubscribe_state;
use crate::components::{ErrorSummary, PageData, PageTitle};
use crate::domain::notify_views::UnsubscribeState;
use leptos::prelude::*;

/// An unsubscribe link from a mail: says what it stops and asks to confirm
/// (mail scanners follow links: only the button's POST unsubscribes). After
/// the POST, says what was stopped.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let token = param("token");
    let action = format!("/unsubscribe/{token}");
    let echo = echo_for(&action);
    let done = echo.as_ref().and_then(|e| e.value("done")).map(str::to_string);
    let load = move || load_unsubscribe_state(token.clone());
    view! {
        <PageTitle text="Se désabonner" />
        <div class="narrow">
            <h1>"Se désabonner"</h1>
            <ErrorSummary echo=echo.clone().filter(|e| !e.errors.is_empty()) />
            {match done {
                Some(what) => view! {
                    <p class="notice" role="status" data-unsubscribed="true">
                        {format!("C’est fait : vous ne recevrez plus de courriels pour {what}.")}
                    </p>
                    <p><a href="/settings/notifications">"Gérer tous mes abonnements"</a></p>
                }.into_any(),
                None => view! { <PageData load show=move |state| view! { <Confirm state action=action.clone() /> } /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Confirm(state: UnsubscribeState, action: String) -> impl IntoView {
    match state {
        UnsubscribeState::Valid { what } => view! {
            <p data-unsubscribe-what=what.clone()>{format!("Ce lien arrête vos courriels pour {what}.")}</p>
            <form method="post" action=action>
                <button type="submit" class="button">"Me désabonner"</button>
            </form>
            <p class="hint">"Pas besoin d’être connecté. Les autres abonnements ne changent pas."</p>
        }
        .into_any(),
        UnsubscribeState::AlreadyGone => view! {
            <p data-unsubscribed="true">"Cet abonnement n’existe plus : vous ne recevrez plus ces courriels."</p>
        }
        .into_any(),
        UnsubscribeState::Expired => {
            set_status(410);
            view! {
                <p class="notice" data-link-expired="true">
                    "Ce lien de désabonnement a expiré. Connectez-vous pour gérer vos abonnements : "
                    <a href="/settings/notifications">"Notifications et abonnements"</a>
                </p>
            }
            .into_any()
        }
        UnsubscribeState::Invalid => {
            set_status(404);
            view! { <p class="notice" data-link-invalid="true">"Ce lien de désabonnement n’est pas valable."</p> }.into_any()
        }
    }
}
