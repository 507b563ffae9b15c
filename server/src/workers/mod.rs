//! The long-running loops `serve` starts beside the HTTP server: the search
//! indexer (in every process: each keeps its own index) and the hourly
//! housekeeping (in one process at a time, under a lease in the database).
//! None answers requests.

pub mod indexer;
pub mod lease;
pub mod maintenance;
