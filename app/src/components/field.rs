use super::FieldMessage;
use crate::domain::FormEcho;
use leptos::prelude::*;

/// One text input of a form with its label, its hint, and the message of a
/// refused submission, tied together for screen readers: the input is
/// described by its error when there is one, else by its hint.
#[component]
pub fn Field(
    #[prop(into)] id: String,
    /// The control's name, also the field the echo's message is about.
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(optional, into)] value: String,
    /// The input's `type`.
    #[prop(default = "text")]
    kind: &'static str,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(default = None)] echo: Option<FormEcho>,
    /// The browser refuses to send the form without it.
    #[prop(optional)] required: bool,
    /// Announced as required, but checked by the server only (so its
    /// message, in French, is the one the member reads).
    #[prop(optional)] announced_required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let has_error = echo.as_ref().is_some_and(|e| e.error(name).is_some());
    let described_by = match (has_error, &hint) {
        (true, _) => Some(error_id.clone()),
        (false, Some(_)) => Some(hint_id.clone()),
        (false, None) => None,
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{h}</p> })}
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                aria-required=announced_required.then_some("true")
                autocomplete=autocomplete
                maxlength=maxlength
                aria-describedby=described_by
            />
            <FieldMessage echo field=name id=error_id />
        </div>
    }
}
