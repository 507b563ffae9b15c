use crate::domain::FormEcho;
use leptos::prelude::*;

/// The refused submission to show again, if it belongs to the form at `action`.
pub fn echo_for(action: &str) -> Option<FormEcho> {
    use_context::<FormEcho>().filter(|e| e.is_for(action))
}

/// The list of problems with a submitted form, announced to screen readers and
/// placed first so keyboard users meet it before the fields.
#[component]
pub fn ErrorSummary(echo: Option<FormEcho>) -> impl IntoView {
    let messages: Vec<String> = echo.map(|e| e.messages().map(str::to_string).collect()).unwrap_or_default();
    (!messages.is_empty()).then(|| {
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>"Le formulaire n’a pas été enregistré"</h2>
                <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
            </div>
        }
    })
}

/// The message about one field, linked to it by `aria-describedby` (id `{field}-error`).
#[component]
pub fn FieldMessage(echo: Option<FormEcho>, field: &'static str, #[prop(optional, into)] id: Option<String>) -> impl IntoView {
    let message = echo.and_then(|e| e.error(field).map(str::to_string));
    let id = id.unwrap_or_else(|| format!("{field}-error"));
    message.map(|m| view! { <p class="field-error" id=id>{m}</p> })
}
