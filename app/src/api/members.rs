use crate::domain::views::{MemberAdminRow, MemberPage};
use leptos::prelude::*;

#[server]
pub async fn get_member(id: i64) -> Result<MemberPage, ServerFnError> {
    crate::forum::members::member_page(&super::db()?, id).await.map_err(super::fail)
}

#[server]
pub async fn admin_members() -> Result<Vec<MemberAdminRow>, ServerFnError> {
    let viewer = super::viewer().ok_or_else(|| super::fail(crate::error::AppError::SignInRequired))?;
    crate::forum::members::admin_list(&super::db()?, &viewer).await.map_err(super::fail)
}
