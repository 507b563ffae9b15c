use crate::domain::Viewer;
use leptos::prelude::*;

#[server]
pub async fn current_viewer() -> Result<Option<Viewer>, ServerFnError> {
    Ok(super::viewer())
}
