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

pub(crate) use crate::domain::rights::{may_manage, may_write_in};

#[cfg(test)]
mod concurrency_tests;
