use super::util::{echo_for, load_by_id, param_id};
use crate::api::threads::post_for_edit;
use crate::components::{ErrorSummary, MessageField, PageData, PageTitle};
use leptos::prelude::*;

#[component]
pub fn EditPostPage() -> impl IntoView {
    let id = param_id("id");
    let load = load_by_id(id, "Ce message n’existe pas.", |id| async move {
        post_for_edit(id).await.map(|(thread_id, stored)| (id, thread_id, stored))
    });
    view! {
        <PageTitle text="Modifier un message" />
        <h1>"Modifier le message"</h1>
        <PageData load show=|(id, thread_id, stored)| view! { <EditForm id thread_id stored /> } />
    }
}

/// The message's Markdown in the editor: what was typed when a save was
/// refused, else what is stored.
#[component]
fn EditForm(id: i64, thread_id: i64, stored: String) -> impl IntoView {
    let action = format!("/p/{id}/edit");
    let echo = echo_for(&action);
    let body = echo.as_ref().and_then(|e| e.value("body").map(str::to_string)).unwrap_or(stored);
    view! {
        <ErrorSummary echo=echo.clone() />
        <form method="post" action=action class="stack">
            <MessageField id="body" label="Message" initial=body rows=14 echo=echo.clone() />
            <div class="form-actions">
                <button type="submit" class="button">"Enregistrer"</button>
                <a href=format!("/t/{thread_id}#p{id}")>"Annuler"</a>
            </div>
        </form>
    }
}
