use super::util::{described_by, echo_for, param_id, set_status};
use crate::api::{self, threads::post_for_edit};
use crate::components::{ErrorPanel, ErrorSummary, FieldMessage, Loading, MarkdownEditor};
use crate::components::PageTitle;
use leptos::prelude::*;

#[component]
pub fn EditPostPage() -> impl IntoView {
    let id = param_id("id");
    view! {
        <PageTitle text="Modifier un message" />
        <h1>"Modifier le message"</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let Some(id) = id else {
                    set_status(404);
                    return view! { <ErrorPanel message="Ce message n’existe pas.".to_string() /> }.into_any();
                };
                let action = format!("/p/{id}/edit");
                let echo = echo_for(&action);
                match post_for_edit(id).await {
                    Ok((thread_id, stored)) => {
                        let body = echo.as_ref().and_then(|e| e.value("body").map(str::to_string)).unwrap_or(stored);
                        view! {
                            <ErrorSummary echo=echo.clone() />
                            <form method="post" action=action class="stack">
                                <div class="field">
                                    <MarkdownEditor name="body".to_string() id="body".to_string() label="Message".to_string()
                                        initial=body rows=14 described_by=described_by(&echo, "body") />
                                    <FieldMessage echo=echo.clone() field="body" />
                                </div>
                                <div class="form-actions">
                                    <button type="submit" class="button">"Enregistrer"</button>
                                    <a href=format!("/t/{thread_id}#p{id}")>"Annuler"</a>
                                </div>
                            </form>
                        }
                            .into_any()
                    }
                    Err(e) => view! { <ErrorPanel message=api::error_text(&e) /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
