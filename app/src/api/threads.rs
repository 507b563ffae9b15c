use crate::domain::PageNumber;
use crate::domain::views::{TagChoice, ThreadFilter, ThreadList, ThreadPage};
use leptos::prelude::*;

#[server]
pub async fn list_threads(filter: ThreadFilter) -> Result<ThreadList, ServerFnError> {
    crate::forum::threads::list_threads(&super::db()?, &filter).await.map_err(super::fail)
}

#[server]
pub async fn get_thread(id: i64, page: PageNumber) -> Result<ThreadPage, ServerFnError> {
    let viewer = super::viewer();
    crate::forum::threads::thread_page(&super::db()?, viewer.as_ref(), id, page).await.map_err(super::fail)
}

/// The tags a member can choose when starting a thread.
#[server]
pub async fn tag_choices() -> Result<Vec<TagChoice>, ServerFnError> {
    crate::store::tags::choices(&super::db()?).await.map_err(|e| super::fail(e.into()))
}

/// (thread id, Markdown) of a post the viewer may edit.
#[server]
pub async fn post_for_edit(id: i64) -> Result<(i64, String), ServerFnError> {
    let viewer = super::viewer().ok_or_else(|| super::fail(crate::error::AppError::SignInRequired))?;
    crate::forum::threads::post_for_edit(&super::db()?, &viewer, id).await.map_err(super::fail)
}
