use leptos::prelude::*;

/// Renders Markdown exactly as a saved message would be (sanitised), for the
/// live preview. Bounded by the same limit as a message.
#[server]
pub async fn preview_markdown(body: String) -> Result<String, ServerFnError> {
    crate::forum::markdown::preview(&body).map_err(|e| super::fail(crate::error::AppError::invalid(e)))
}
