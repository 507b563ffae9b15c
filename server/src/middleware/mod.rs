//! Request middleware: who is signed in, and whether a POST comes from our own pages.

pub mod csp;
pub mod origin;
pub mod session;
