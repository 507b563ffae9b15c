use super::{FieldMessage, MarkdownEditor};
use crate::domain::FormEcho;
use leptos::prelude::*;

/// The Markdown message of a form (field `body`): the editor island and the
/// message of a refused submission, which describes the editor.
#[component]
pub fn MessageField(
    id: &'static str,
    label: &'static str,
    initial: String,
    rows: u32,
    #[prop(default = None)] echo: Option<FormEcho>,
) -> impl IntoView {
    let described_by = echo.as_ref().and_then(|e| e.error("body")).map(|_| "body-error".to_string());
    view! {
        <div class="field">
            <MarkdownEditor name="body".to_string() id=id.to_string() label=label.to_string() initial rows described_by />
            <FieldMessage echo field="body" />
        </div>
    }
}
