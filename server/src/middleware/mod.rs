//! Request middleware: who is signed in, whether a POST comes from our own
//! pages, the Content-Security-Policy, and caching and transport headers.

pub mod caching;
pub mod csp;
pub mod origin;
pub mod session;
