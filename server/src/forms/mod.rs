//! HTML form handlers: every mutation of the forum is a plain `<form
//! method="post">`, so it works without JavaScript. Each handler
//! authenticates, calls one domain function and answers:
//! - success: 303 See Other to the page that shows the result (post-redirect-get);
//! - refused input: the form's page again, with what was typed and the
//!   messages, under the error's status (401/403/404/409/422).

pub mod account;
pub mod admin;
pub mod auth;
pub mod posts;
pub mod subscriptions;
pub mod threads;
