//! Configuration from flags and environment variables (`openasp --help` lists them).
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "openasp",
    version,
    about = "openasp – the municipal ASP platform"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub config: Config,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, load reference data and serve (the default).
    Serve,
    /// Migrate the database and load reference data, then exit.
    Migrate,
    /// Check every audit chain; exits non-zero if any entry was changed or removed.
    VerifyAudit,
    /// Generate records (case files, documents, partners) into one municipality, e.g. a
    /// million documents for the search benchmark. Adds to what is there; audited.
    SeedRecords {
        /// The municipality's KSH code (e.g. 32559 for Gödöllő).
        #[arg(long)]
        municipality: i32,
        #[arg(long, default_value_t = 1_000_000)]
        documents: u64,
        #[arg(long, default_value_t = 2017)]
        first_year: i32,
        /// The random seed: the same seed generates the same records.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(
        long,
        env = "OPENASP_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://path?mode=rwc` or `postgres://user@host/db`. Default: a SQLite
    /// file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// PostgreSQL only: the schema owner's URL, used to migrate. `DATABASE_URL` must then be a
    /// separate role that owns nothing and has no BYPASSRLS, so row-level security binds it.
    #[arg(long, env = "OPENASP_MIGRATION_DATABASE_URL", global = true)]
    pub migration_database_url: Option<String>,

    /// Load the demo accounts (an operator and clerks of Gödöllő, Fót and Csomád).
    #[arg(long, env = "OPENASP_DEMO", default_value_t = false, global = true)]
    pub demo: bool,

    /// With `--demo`: also generate the demo municipalities' registry (a few hundred case files
    /// in every state), so that records management shows a working registry on first start.
    #[arg(
        long,
        env = "OPENASP_DEMO_RECORDS",
        default_value_t = false,
        global = true
    )]
    pub demo_records: bool,

    /// Directory for the SQLite database and uploaded files; created when missing.
    #[arg(long, env = "OPENASP_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Directory holding the built browser assets (`pkg/`), made by `scripts/build`.
    #[arg(
        long,
        env = "OPENASP_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,

    /// Log format; the level is set with `RUST_LOG` (default `info`).
    #[arg(
        long,
        env = "OPENASP_LOG_FORMAT",
        value_enum,
        default_value = "pretty",
        global = true
    )]
    pub log_format: LogFormat,

    /// Mark session cookies `Secure` (`true`/`false`). Default: on, unless the server listens
    /// on a loopback address only (development on this machine, over plain HTTP). Served to
    /// others, the site is behind HTTPS (directly or a TLS-terminating proxy).
    #[arg(long, env = "OPENASP_SECURE_COOKIES", global = true)]
    pub secure_cookies: Option<bool>,

    /// Largest number of pooled database connections.
    #[arg(
        long,
        env = "OPENASP_DB_MAX_CONNECTIONS",
        default_value_t = 10,
        global = true
    )]
    pub db_max_connections: u32,

    /// OpenID Connect issuer of the central authentication service, for citizens' sign-in
    /// (none: citizens cannot sign in). `scripts/run` starts a local provider and sets it.
    #[arg(long, env = "OPENASP_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,

    /// The portal's client id at the identity provider.
    #[arg(
        long,
        env = "OPENASP_OIDC_CLIENT_ID",
        default_value = "openasp",
        global = true
    )]
    pub oidc_client_id: String,

    /// The portal's client secret at the identity provider.
    #[arg(
        long,
        env = "OPENASP_OIDC_CLIENT_SECRET",
        default_value = "openasp-dev-secret",
        global = true
    )]
    pub oidc_client_secret: String,

    /// Where the provider sends citizens back; default `http://<listening address>/azonositas/belepes/vissza`.
    #[arg(long, env = "OPENASP_OIDC_REDIRECT_URL", global = true)]
    pub oidc_redirect_url: Option<String>,

    /// The platform's own host names, comma-separated (besides `localhost` and IP addresses).
    /// A request for any other host name that no municipality's website uses gets the
    /// "unknown address" page, never another site.
    #[arg(
        long,
        env = "OPENASP_PLATFORM_HOSTS",
        value_delimiter = ',',
        global = true
    )]
    pub platform_hosts: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// The database URL to use: the configured one, or the SQLite file under the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("openasp.sqlite").display()
            ),
        }
    }

    /// The URL migrations run with: the owner's on PostgreSQL, else the database itself.
    pub fn migration_database_url(&self) -> String {
        match &self.migration_database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => self.database_url(),
        }
    }

    /// Whether cookies are marked `Secure`: as configured, else unless listening on loopback.
    pub fn cookies_secure(&self) -> bool {
        self.secure_cookies
            .unwrap_or_else(|| !self.addr.ip().is_loopback())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url().starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_secure_unless_served_on_loopback_only() {
        let parse = |args: &[&str]| {
            let mut all = vec!["openasp"];
            all.extend_from_slice(args);
            Cli::try_parse_from(all).unwrap().config.cookies_secure()
        };
        assert!(!parse(&[]), "127.0.0.1:3000 by default");
        assert!(parse(&["--addr", "0.0.0.0:8080"]));
        assert!(parse(&["--addr", "[::]:8080"]));
        assert!(!parse(&["--addr", "[::1]:8080"]));
        assert!(!parse(&[
            "--addr",
            "0.0.0.0:8080",
            "--secure-cookies",
            "false"
        ]));
        assert!(parse(&["--secure-cookies", "true"]));
    }

    #[test]
    fn defaults_use_sqlite_under_data_dir() {
        let cli = Cli::try_parse_from(["openasp", "--data-dir", "/tmp/x"]).unwrap();
        assert_eq!(cli.config.addr.to_string(), "127.0.0.1:3000");
        assert!(cli.config.is_sqlite());
        assert_eq!(
            cli.config.database_url(),
            "sqlite:///tmp/x/openasp.sqlite?mode=rwc"
        );
        assert!(cli.command.is_none());
    }

    #[test]
    fn flags_override_and_subcommand_parses() {
        let cli = Cli::try_parse_from([
            "openasp",
            "migrate",
            "--addr",
            "0.0.0.0:8080",
            "--database-url",
            "postgres://app@localhost/openasp",
        ])
        .unwrap();
        assert!(matches!(cli.command, Some(Command::Migrate)));
        assert_eq!(cli.config.addr.port(), 8080);
        assert!(!cli.config.is_sqlite());
    }
}
