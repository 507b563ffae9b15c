//! Request middleware: who is signed in, whether a POST comes from our own
//! pages, the Content-Security-Policy, caching headers and the fixed ones.

pub mod caching;
pub mod csp;
pub mod fixed;
pub mod origin;
pub mod session;
