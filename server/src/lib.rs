//! The Jonction server process: configuration, the axum router and its
//! middleware, the HTML form handlers, and the command-line interface.

pub mod cli;
pub mod config;
pub mod demo;
pub mod extract;
pub mod forms;
pub mod maintenance;
pub mod middleware;
pub mod render;
pub mod router;
pub mod state;

pub use config::Config;
pub use state::AppState;
pub mod proconnect;
