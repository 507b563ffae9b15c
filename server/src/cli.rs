//! The `jonction` command line. Every option can also be set by the
//! environment variable named in `--help`.

use app::domain::limits;
use app::store::DbSettings;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(name = "jonction", version, about = "Jonction, le forum de l’interopérabilité du collectif CICCLO")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DataArgs {
    /// Directory holding the SQLite database (created and migrated if absent)
    /// and this process's search index.
    #[arg(long, env = "JONCTION_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
}

/// The database: SQLite in the data directory, or PostgreSQL.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// PostgreSQL database to use instead of SQLite, e.g.
    /// postgres://jonction:PASSWORD@db.example.fr/jonction (never logged).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Database connections this process keeps open at most.
    #[arg(long, env = "JONCTION_DB_MAX_CONNECTIONS", default_value_t = limits::DB_POOL_MAX_CONNECTIONS)]
    pub db_max_connections: u32,
    /// Seconds a request waits for a free database connection (then 503).
    #[arg(long, env = "JONCTION_DB_ACQUIRE_TIMEOUT", default_value_t = limits::DB_ACQUIRE_TIMEOUT_SECONDS)]
    pub db_acquire_timeout: u64,
    /// PostgreSQL: seconds a statement may run, lock waits included (then 503).
    #[arg(long, env = "JONCTION_DB_STATEMENT_TIMEOUT", default_value_t = limits::DB_STATEMENT_TIMEOUT_SECONDS)]
    pub db_statement_timeout: u64,
    /// PostgreSQL: attempts of a transaction aborted by a serialisation failure or a deadlock.
    #[arg(long, env = "JONCTION_DB_RETRY_ATTEMPTS", default_value_t = limits::DB_RETRY_ATTEMPTS)]
    pub db_retry_attempts: u32,
}

impl DbArgs {
    pub fn settings(&self) -> DbSettings {
        DbSettings {
            database_url: self.database_url.clone().filter(|url| !url.is_empty()),
            max_connections: self.db_max_connections.max(1),
            acquire_timeout: Duration::from_secs(self.db_acquire_timeout),
            statement_timeout: Duration::from_secs(self.db_statement_timeout),
            retry_attempts: self.db_retry_attempts.max(1),
        }
    }
}

/// Sign-in with ProConnect. Without an issuer, the forum runs with local accounts only.
#[derive(Args, Debug, Clone)]
pub struct ProConnectArgs {
    /// ProConnect issuer, e.g. https://fca.integ01.dev-agentconnect.fr/api/v2
    #[arg(long, env = "PROCONNECT_ISSUER")]
    pub proconnect_issuer: Option<String>,
    /// Client id given by ProConnect's partner portal.
    #[arg(long, env = "PROCONNECT_CLIENT_ID")]
    pub proconnect_client_id: Option<String>,
    /// Client secret (prefer the _FILE variant; never logged).
    #[arg(long, env = "PROCONNECT_CLIENT_SECRET", hide_env_values = true)]
    pub proconnect_client_secret: Option<String>,
    /// File holding the client secret.
    #[arg(long, env = "PROCONNECT_CLIENT_SECRET_FILE")]
    pub proconnect_client_secret_file: Option<PathBuf>,
    /// Scopes asked for, separated by spaces.
    #[arg(long, env = "PROCONNECT_SCOPES", default_value = crate::proconnect::config::DEFAULT_SCOPES)]
    pub proconnect_scopes: String,
    /// eIDAS level required (eidas1, eidas2, eidas3); empty for none.
    #[arg(long, env = "PROCONNECT_ACR", default_value = "eidas1")]
    pub proconnect_acr: String,
    /// Algorithm the ID token is signed with, as registered (RS256 or ES256).
    #[arg(long, env = "PROCONNECT_ID_TOKEN_ALG", default_value = "RS256")]
    pub proconnect_id_token_alg: String,
    /// Algorithm the userinfo JWT is signed with (RS256, ES256, or none for plain JSON).
    #[arg(long, env = "PROCONNECT_USERINFO_ALG", default_value = "RS256")]
    pub proconnect_userinfo_alg: String,
    /// SIRET (14 digits) or SIREN (9 digits) allowed to sign in, comma-separated; empty for all.
    #[arg(long, env = "PROCONNECT_ALLOWED_ORGANISATIONS", default_value = "")]
    pub proconnect_allowed_organisations: String,
    /// E-mail domains allowed to sign in (subdomains included), comma-separated; empty for all.
    #[arg(long, env = "PROCONNECT_ALLOWED_EMAIL_DOMAINS", default_value = "")]
    pub proconnect_allowed_email_domains: String,
}

impl ProConnectArgs {
    pub fn into_config(self, public_url: Option<String>) -> anyhow::Result<Option<crate::proconnect::ProConnectConfig>> {
        crate::proconnect::config::from_settings(
            self.proconnect_issuer,
            self.proconnect_client_id,
            self.proconnect_client_secret,
            self.proconnect_client_secret_file,
            public_url,
            &self.proconnect_scopes,
            Some(self.proconnect_acr),
            &self.proconnect_id_token_alg,
            &self.proconnect_userinfo_alg,
            &self.proconnect_allowed_organisations,
            &self.proconnect_allowed_email_domains,
        )
    }
}

/// Outgoing mail. Without an SMTP host, mails are written as `.eml` files
/// into the data directory's `mail/` folder (nothing leaves the machine).
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server to send mail through, e.g. smtp.example.fr
    #[arg(long, env = "JONCTION_SMTP_HOST")]
    pub smtp_host: Option<String>,
    /// SMTP port (default: 587 with starttls, 465 with tls, 25 with none).
    #[arg(long, env = "JONCTION_SMTP_PORT")]
    pub smtp_port: Option<u16>,
    /// Connection security: starttls, tls (implicit, SMTPS) or none (a server on loopback only).
    #[arg(long, env = "JONCTION_SMTP_TLS", default_value = "starttls")]
    pub smtp_tls: String,
    /// SMTP user name, when the server wants one.
    #[arg(long, env = "JONCTION_SMTP_USER")]
    pub smtp_user: Option<String>,
    /// SMTP password (prefer the _FILE variant; never logged).
    #[arg(long, env = "JONCTION_SMTP_PASSWORD", hide_env_values = true)]
    pub smtp_password: Option<String>,
    /// File whose first line is the SMTP password.
    #[arg(long, env = "JONCTION_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
    /// Sender address of every mail (default: jonction@ the public URL's host).
    #[arg(long, env = "JONCTION_MAIL_FROM")]
    pub mail_from: Option<String>,
}

impl MailArgs {
    /// The transport these settings describe: SMTP, or `.eml` files in `data_dir/mail`.
    pub fn transport(&self, data_dir: &std::path::Path) -> anyhow::Result<app::mail::transport::Transport> {
        use app::mail::transport::{SmtpSettings, TlsMode, Transport};
        let Some(host) = self.smtp_host.clone().filter(|h| !h.is_empty()) else {
            return Transport::files(data_dir.join(MAIL_DIR)).map_err(anyhow::Error::msg);
        };
        let tls = TlsMode::parse(&self.smtp_tls)
            .ok_or_else(|| anyhow::anyhow!("--smtp-tls doit valoir starttls, tls ou none (reçu : {})", self.smtp_tls))?;
        let password = match (&self.smtp_password_file, &self.smtp_password) {
            (Some(file), _) => Some(
                std::fs::read_to_string(file)
                    .map_err(|e| anyhow::anyhow!("lecture de {} : {e}", file.display()))?
                    .lines()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            ),
            (None, password) => password.clone(),
        };
        let settings = SmtpSettings { host, port: self.smtp_port, tls, user: self.smtp_user.clone(), password };
        Transport::smtp(&settings).map_err(anyhow::Error::msg)
    }
}

/// Where mails are written when no SMTP server is configured, inside the data directory.
pub const MAIL_DIR: &str = "mail";

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
        /// Memory for the cache of pages rendered for anonymous visitors, in bytes (0: no cache).
        #[arg(long, env = "JONCTION_PAGE_CACHE_BYTES", default_value_t = app::domain::limits::PAGE_CACHE_DEFAULT_BYTES)]
        page_cache_bytes: usize,
        /// External base URL of the forum, e.g. https://jonction.example.fr
        /// (cookies are marked Secure when it is HTTPS).
        #[arg(long, env = "JONCTION_PUBLIC_URL")]
        public_url: Option<String>,
        /// Allow creating local accounts (e-mail and password). Set to false to
        /// require ProConnect; existing local accounts can still sign in.
        #[arg(long, env = "JONCTION_LOCAL_SIGNUP", default_value_t = true, action = clap::ArgAction::Set)]
        local_signup: bool,
        /// Seconds a lease on background work (maintenance) lasts: when this
        /// process dies, another takes the work over within this time.
        #[arg(long, env = "JONCTION_LEASE_SECONDS", default_value_t = limits::LEASE_SECONDS)]
        lease_seconds: u64,
        #[command(flatten)]
        proconnect: ProConnectArgs,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Rebuild the search index from the database into a new directory beside
    /// the live one, then switch to it (a running forum follows within a second).
    Reindex {
        #[command(flatten)]
        data: DataArgs,
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
    /// Copy a SQLite forum (every table, ids kept) into an empty PostgreSQL
    /// database, then check the row counts: the way from one server to several.
    MigrateToPostgres {
        /// The data directory of the SQLite forum (holding jonction.sqlite3).
        #[arg(long)]
        from_data_dir: PathBuf,
        /// The PostgreSQL database (--database-url or DATABASE_URL) is required.
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import mailing-list archives (mbox files, pipermail's monthly .txt or
    /// .txt.gz) as archived threads, one post per message. Importing the same
    /// messages again changes nothing. A running forum indexes them within seconds.
    ImportMbox {
        #[command(flatten)]
        data: DataArgs,
        /// Archive files, in any order (they are read oldest first).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Slug of an existing solution or standard tag given to every imported
        /// thread; repeat for several (comma-separated in the variable).
        #[arg(long = "tag", env = "JONCTION_IMPORT_TAGS", value_delimiter = ',', required = true)]
        tags: Vec<String>,
        /// Name of the list, shown on each thread [default: the directory holding the first file].
        #[arg(long, env = "JONCTION_IMPORT_LIST_NAME")]
        list_name: Option<String>,
    },
    /// Write a consistent copy of the database to FILE while the forum runs
    /// (VACUUM INTO), then check the copy. Never overwrites a file.
    Backup {
        #[command(flatten)]
        data: DataArgs,
        /// The copy to create, e.g. /var/backups/jonction-2026-12-01.sqlite3
        file: PathBuf,
    },
}
