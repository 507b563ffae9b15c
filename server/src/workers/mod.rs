//! The long-running loops `serve` starts beside the HTTP server: the search
//! indexer (in every process: each keeps its own index), the mail fan-out,
//! delivery and digests (in every process: they claim each piece of work
//! under a lease on its row), and the hourly housekeeping (in one process at
//! a time, under a named lease in the database). None answers requests.

pub mod indexer;
pub mod lease;
pub mod mail;
pub mod maintenance;
