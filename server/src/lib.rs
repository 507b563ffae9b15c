//! The Jonction server process: configuration, the axum router and its
//! middleware, the HTML form handlers, the background workers (search indexer,
//! housekeeping), and the command-line interface.

pub mod cli;
pub mod coalesce;
pub mod config;
pub mod demo;
pub mod extract;
pub mod forms;
pub mod front;
pub mod health;
pub mod import;
pub mod middleware;
pub mod page_cache;
pub mod render;
pub mod router;
pub mod sendfile;
pub mod state;
pub mod static_assets;
pub mod workers;

pub use workers::maintenance;

pub use config::Config;
pub use state::AppState;
pub mod proconnect;
