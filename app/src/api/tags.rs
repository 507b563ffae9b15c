use crate::domain::views::{InteropMap, TagAdminRow, TagPage};
use leptos::prelude::*;

#[server]
pub async fn get_tag(slug: String) -> Result<TagPage, ServerFnError> {
    crate::forum::tags::tag_page(&super::db()?, &slug).await.map_err(super::fail)
}

#[server]
pub async fn get_map() -> Result<InteropMap, ServerFnError> {
    crate::forum::tags::interop_map(&super::db()?).await.map_err(super::fail)
}

#[server]
pub async fn admin_tags() -> Result<Vec<TagAdminRow>, ServerFnError> {
    let viewer = super::viewer().ok_or_else(|| super::fail(crate::error::AppError::SignInRequired))?;
    crate::forum::tags::admin_list(&super::db()?, &viewer).await.map_err(super::fail)
}
