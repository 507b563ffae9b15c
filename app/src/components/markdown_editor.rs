use leptos::prelude::*;

/// A Markdown text area. On the server it is plain HTML; in the browser it
/// gains a live preview ("Aperçu en direct") rendered by the server exactly
/// as the saved message will be. The form's own "Prévisualiser" button works
/// without JavaScript.
#[island]
pub fn MarkdownEditor(
    name: String,
    id: String,
    label: String,
    initial: String,
    rows: u32,
    described_by: Option<String>,
) -> impl IntoView {
    let (text, set_text) = signal(initial.clone());
    let preview = Action::new(|body: &String| {
        let body = body.clone();
        async move { crate::api::preview::preview_markdown(body).await }
    });
    let preview_id = format!("{id}-live-preview");
    view! {
        <label for=id.clone()>{label}</label>
        <p class="hint">"Mise en forme Markdown : **gras**, `code`, blocs ``` , listes, liens."</p>
        <textarea
            id=id.clone()
            name=name
            rows=rows
            aria-describedby=described_by
            on:input=move |ev| set_text.set(event_target_value(&ev))
        >
            {super::textarea_text(&initial)}
        </textarea>
        <div class="live-preview-tools">
            <button
                type="button"
                class="button button--quiet"
                aria-controls=preview_id.clone()
                on:click=move |_| {
                    preview.dispatch(text.get_untracked());
                }
            >
                "Aperçu en direct"
            </button>
        </div>
        <div id=preview_id class="live-preview" aria-live="polite">
            {move || {
                preview
                    .value()
                    .get()
                    .map(|result| match result {
                        Ok(html) => view! { <div class="post-body" inner_html=html></div> }.into_any(),
                        Err(e) => view! { <p class="field-error">{crate::api::error_text(&e)}</p> }.into_any(),
                    })
            }}
        </div>
    }
}
