//! The long-running loops `serve` starts beside the HTTP server: the search
//! indexer, the mail fan-out, delivery and digests, and the hourly
//! housekeeping. Each owns its task; none answers requests.

pub mod indexer;
pub mod mail;
pub mod maintenance;
