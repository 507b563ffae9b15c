//! The domain functions: what a member can do, with its rules and its
//! authorisation checks. HTTP handlers and server functions call these and do
//! nothing else of substance; these call the `store` for SQL.

pub mod accounts;
pub mod auth;
pub mod identity;
pub mod import;
pub mod imported_html;
pub mod lists;
pub mod markdown;
pub mod members;
pub mod mentions;
pub mod notifications;
pub mod notify;
pub mod search;
pub mod similar;
pub mod subscriptions;
pub mod tags;
pub mod thread_page;
pub mod threads;

#[cfg(test)]
mod tests;

use crate::domain::Viewer;

/// The author of something, or a moderator, may manage it.
pub(crate) fn may_manage(viewer: &Viewer, author_id: i64) -> bool {
    viewer.id == author_id || viewer.role.can_moderate()
}

/// The lock rule: in a locked thread only moderators still reply or change
/// messages. Anyone else (or nobody signed in) may not write in it.
pub(crate) fn may_write_in(viewer: Option<&Viewer>, locked: bool) -> bool {
    viewer.is_some_and(|v| !locked || v.role.can_moderate())
}

#[cfg(test)]
mod concurrency_tests;
