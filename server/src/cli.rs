//! The `jonction` command line. Every option can also be set by the
//! environment variable named in `--help`.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "jonction", version, about = "Jonction, le forum de l’interopérabilité du collectif CICCLO")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory holding the database (created and migrated if absent).
    #[arg(long, env = "JONCTION_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the forum (creates and migrates the data directory if needed).
    Serve {
        #[command(flatten)]
        data: DataArgs,
        /// Address to listen on.
        #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
        addr: SocketAddr,
        /// Directory with the compiled front end (`pkg/`) and public files.
        #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
        site_root: PathBuf,
        /// External base URL of the forum, e.g. https://jonction.example.fr
        /// (cookies are marked Secure when it is HTTPS).
        #[arg(long, env = "JONCTION_PUBLIC_URL")]
        public_url: Option<String>,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Load the demo taxonomy, members and threads (only into an empty forum).
    SeedDemo {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Create an administrator, or make an existing account one.
    CreateAdmin {
        #[command(flatten)]
        data: DataArgs,
        /// E-mail address of the administrator.
        #[arg(long, env = "JONCTION_ADMIN_EMAIL")]
        email: String,
        /// Display name (used when the account is created).
        #[arg(long, env = "JONCTION_ADMIN_NAME", default_value = "Administrateur")]
        name: String,
        /// File whose first line is the password (at least 12 characters).
        /// Without it, the password is read from JONCTION_ADMIN_PASSWORD.
        #[arg(long, env = "JONCTION_ADMIN_PASSWORD_FILE")]
        password_file: Option<PathBuf>,
    },
}
