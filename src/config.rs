//! Settings: `config/default.toml` (embedded) → `config/$PRACHUM_ENV.toml` → `PRACHUM__SECTION__KEY`,
//! validated once at start so that a bad value stops the program with a message naming the key.
//!
//! Longer than 500 lines on purpose: every setting with its validation and a message naming its
//! key, in one place; tests close the file.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use config::{Config, Environment, File, FileFormat};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The embedded defaults, so the binary runs even without a `config/` folder next to it.
const DEFAULTS: &str = include_str!("../config/default.toml");

/// Which deployment the settings are for, from `PRACHUM_ENV` (default `development`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppEnv {
    /// Local work: file mail transport, debug logs.
    Development,
    /// The test suite.
    Test,
    /// A real deployment: a secret key is mandatory.
    Production,
}

impl AppEnv {
    /// Reads `PRACHUM_ENV`; an unknown value is an error that names the variable.
    pub fn from_env() -> Result<Self, ConfigError> {
        match std::env::var("PRACHUM_ENV").as_deref() {
            Err(_) | Ok("") | Ok("development") => Ok(Self::Development),
            Ok("test") => Ok(Self::Test),
            Ok("production") => Ok(Self::Production),
            Ok(other) => Err(ConfigError::invalid(
                "PRACHUM_ENV",
                other,
                "expected development, test or production",
            )),
        }
    }

    /// The name used for `config/<name>.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Test => "test",
            Self::Production => "production",
        }
    }
}

/// A configuration problem, always naming the key at fault.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A key holds a value that cannot be used.
    #[error("configuration key `{key}`: {reason} (got {value:?})")]
    Invalid {
        /// Dotted key, e.g. `server.listen`, or an environment variable name.
        key: String,
        /// What was found (never a secret).
        value: String,
        /// What was expected.
        reason: String,
    },
    /// A required key is missing.
    #[error("configuration key `{key}` is required: {reason}")]
    Missing {
        /// Dotted key.
        key: String,
        /// Why it is needed.
        reason: String,
    },
    /// The files or environment could not be read or have the wrong shape.
    #[error("configuration: {0}")]
    Load(#[from] config::ConfigError),
}

impl ConfigError {
    fn invalid(key: &str, value: &str, reason: &str) -> Self {
        Self::Invalid {
            key: key.to_owned(),
            value: value.to_owned(),
            reason: reason.to_owned(),
        }
    }
}

/// All settings, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The deployment kind.
    pub env: AppEnv,
    /// `[server]`.
    pub server: ServerSettings,
    /// `[database]`.
    pub database: DatabaseSettings,
    /// `[mail]`.
    pub mail: MailSettings,
    /// `[security]`.
    pub security: SecuritySettings,
    /// `[log]`.
    pub log: LogSettings,
    /// `[storage]`.
    pub storage: StorageSettings,
}

/// Where stored files (evidence uploads, circulated minutes PDFs) live: `storage.backend`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageBackend {
    /// The folder `storage.files_dir` (one machine; the default).
    Local,
    /// An S3-compatible object store (several machines).
    S3(S3Settings),
}

/// `storage.s3_*`: the bucket of the `s3` backend.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Settings {
    /// Bucket name.
    pub bucket: String,
    /// Endpoint URL of an S3-compatible server (empty: AWS itself); `http://` allows plain HTTP.
    pub endpoint: Option<String>,
    /// Region (`us-east-1` unless the server wants another).
    pub region: String,
    /// Prefix of every object name, e.g. `prachum/` (may be empty).
    pub prefix: String,
    /// Access key id (empty: `AWS_ACCESS_KEY_ID` from the environment).
    pub access_key_id: Option<String>,
    /// Secret access key (empty: `AWS_SECRET_ACCESS_KEY`); redacted in Debug output.
    pub secret_access_key: Option<String>,
}

impl fmt::Debug for S3Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Settings")
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("prefix", &self.prefix)
            .field("access_key_id", &self.access_key_id)
            .field(
                "secret_access_key",
                &self.secret_access_key.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

/// `[storage]` settings: uploaded evidence files.
#[derive(Debug, Clone)]
pub struct StorageSettings {
    /// Where stored files live (`local` folder or `s3`).
    pub backend: StorageBackend,
    /// Folder of uploaded files (`<sha256-prefix>/<sha256>` inside).
    pub files_dir: PathBuf,
    /// Largest accepted upload, in bytes.
    pub max_upload_bytes: u64,
    /// Most files in one update.
    pub max_files: usize,
    /// Largest request body of an update form (all files and fields together), in bytes.
    pub max_request_bytes: u64,
    /// Extra fonts for PDFs (e.g. a licensed TH Sarabun New, which then becomes the body font);
    /// `None`: the embedded Sarabun only.
    pub fonts_dir: Option<PathBuf>,
}

/// `[server]` settings.
#[derive(Debug, Clone)]
pub struct ServerSettings {
    /// Address to bind.
    pub listen: SocketAddr,
    /// Public base URL, without a trailing slash.
    pub base_url: String,
    /// Grace period for in-flight requests on shutdown.
    pub shutdown_grace_secs: u64,
}

/// `[database]` settings.
#[derive(Clone)]
pub struct DatabaseSettings {
    /// Connection URL (may hold a password: redacted in Debug output).
    pub url: String,
    /// Pool size.
    pub max_connections: u32,
    /// Migrate and load reference data when `serve` starts.
    pub migrate_on_start: bool,
    /// SQLite busy timeout in milliseconds.
    pub busy_timeout_ms: u64,
    /// Connection timeout in seconds.
    pub connect_timeout_secs: u64,
}

impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &redact_url(&self.url))
            .field("max_connections", &self.max_connections)
            .field("migrate_on_start", &self.migrate_on_start)
            .field("busy_timeout_ms", &self.busy_timeout_ms)
            .field("connect_timeout_secs", &self.connect_timeout_secs)
            .finish()
    }
}

/// How outgoing mail leaves the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailTransport {
    /// `.eml` files in `mail.file_dir`.
    File,
    /// A real SMTP server at `mail.smtp_url`.
    Smtp,
}

/// `[mail]` settings.
#[derive(Clone)]
pub struct MailSettings {
    /// Transport kind.
    pub transport: MailTransport,
    /// Folder for the file transport.
    pub file_dir: PathBuf,
    /// SMTP URL (may hold credentials: redacted in Debug output).
    pub smtp_url: String,
    /// The From header.
    pub from: String,
    /// The Reply-To header, if any.
    pub reply_to: Option<String>,
    /// Largest number of emails sent per minute by one worker (0: no limit).
    pub rate_per_minute: u32,
    /// Attempts before a message is marked dead (its last error kept).
    pub max_attempts: i32,
    /// First retry delay in seconds; doubled at each attempt, with jitter.
    pub retry_base_secs: u64,
    /// Seconds the worker sleeps when nothing is due.
    pub poll_secs: u64,
    /// Messages claimed at once.
    pub batch_size: u64,
    /// Seconds a claim lasts before another worker may take the message again.
    pub lease_secs: u64,
    /// Seconds the worker lease lasts (one instance runs the worker and the schedule; it renews
    /// the lease every third of this; another instance takes over when it expires).
    pub worker_lease_secs: u64,
    /// Several actions for one recipient within this many seconds make one email.
    pub coalesce_secs: u64,
    /// Days a signed answer link stays valid.
    pub link_days: u32,
    /// Reminders this many days before the due date (default 7 and 1).
    pub reminder_days: Vec<u32>,
    /// Escalation this many days after the due date: head; head and provincial office;
    /// inspector's digest (default 0, 7, 14).
    pub escalation_days: [u32; 3],
    /// Largest number of pooled SMTP connections.
    pub smtp_pool_size: u32,
    /// SMTP command timeout in seconds.
    pub smtp_timeout_secs: u64,
}

impl fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSettings")
            .field("transport", &self.transport)
            .field("file_dir", &self.file_dir)
            .field("smtp_url", &redact_url(&self.smtp_url))
            .field("from", &self.from)
            .field("reply_to", &self.reply_to)
            .field("rate_per_minute", &self.rate_per_minute)
            .field("max_attempts", &self.max_attempts)
            .field("link_days", &self.link_days)
            .field("reminder_days", &self.reminder_days)
            .field("escalation_days", &self.escalation_days)
            .finish_non_exhaustive()
    }
}

/// `[security]` settings.
#[derive(Debug, Clone)]
pub struct SecuritySettings {
    /// Key for signing cookies and links; `None` outside production when unset.
    pub secret_key: Option<SecretString>,
}

/// Output format of the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// `[log]` settings.
#[derive(Debug, Clone)]
pub struct LogSettings {
    /// A tracing filter directive.
    pub level: String,
    /// Output format.
    pub format: LogFormat,
}

#[derive(Deserialize)]
struct Raw {
    server: RawServer,
    database: RawDatabase,
    mail: RawMail,
    security: RawSecurity,
    log: RawLog,
    #[serde(default)]
    storage: RawStorage,
}

#[derive(Deserialize)]
#[serde(default)]
struct RawStorage {
    backend: String,
    s3_bucket: String,
    s3_endpoint: String,
    s3_region: String,
    s3_prefix: String,
    s3_access_key_id: String,
    s3_secret_access_key: String,
    files_dir: String,
    max_upload_bytes: u64,
    max_files: usize,
    max_request_bytes: u64,
    fonts_dir: String,
}

impl Default for RawStorage {
    fn default() -> Self {
        Self {
            backend: "local".to_owned(),
            s3_bucket: String::new(),
            s3_endpoint: String::new(),
            s3_region: "us-east-1".to_owned(),
            s3_prefix: String::new(),
            s3_access_key_id: String::new(),
            s3_secret_access_key: String::new(),
            files_dir: "data/files".to_owned(),
            max_upload_bytes: 10 * 1024 * 1024,
            max_files: 5,
            max_request_bytes: 25 * 1024 * 1024,
            fonts_dir: String::new(),
        }
    }
}

#[derive(Deserialize)]
struct RawServer {
    listen: String,
    base_url: String,
    shutdown_grace_secs: u64,
}

#[derive(Deserialize)]
struct RawDatabase {
    url: String,
    max_connections: u32,
    migrate_on_start: bool,
    busy_timeout_ms: u64,
    connect_timeout_secs: u64,
}

#[derive(Deserialize)]
#[serde(default)]
struct RawMail {
    transport: String,
    file_dir: String,
    smtp_url: String,
    from: String,
    reply_to: String,
    rate_per_minute: u32,
    max_attempts: i32,
    retry_base_secs: u64,
    poll_secs: u64,
    batch_size: u64,
    lease_secs: u64,
    worker_lease_secs: u64,
    coalesce_secs: u64,
    link_days: u32,
    reminder_days: String,
    escalation_days: String,
    smtp_pool_size: u32,
    smtp_timeout_secs: u64,
}

impl Default for RawMail {
    fn default() -> Self {
        Self {
            transport: "file".to_owned(),
            file_dir: "data/outbox".to_owned(),
            smtp_url: String::new(),
            from: "Prachum <no-reply@prachum.localhost>".to_owned(),
            reply_to: String::new(),
            rate_per_minute: 0,
            max_attempts: 8,
            retry_base_secs: 60,
            poll_secs: 5,
            batch_size: 50,
            lease_secs: 300,
            worker_lease_secs: 60,
            coalesce_secs: 60,
            link_days: 30,
            reminder_days: "7,1".to_owned(),
            escalation_days: "0,7,14".to_owned(),
            smtp_pool_size: 8,
            smtp_timeout_secs: 30,
        }
    }
}

/// `storage.backend` and, for `s3`, its bucket settings.
fn storage_backend(raw: &RawStorage) -> Result<StorageBackend, ConfigError> {
    let nonempty = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    match raw.backend.trim() {
        "local" | "" => Ok(StorageBackend::Local),
        "s3" => {
            let bucket = nonempty(&raw.s3_bucket).ok_or_else(|| ConfigError::Missing {
                key: "storage.s3_bucket".into(),
                reason: "storage.backend is s3, so a bucket name is needed".into(),
            })?;
            let endpoint = nonempty(&raw.s3_endpoint);
            if let Some(e) = &endpoint
                && !(e.starts_with("http://") || e.starts_with("https://"))
            {
                return Err(ConfigError::invalid(
                    "storage.s3_endpoint",
                    &redact_url(e),
                    "expected an http:// or https:// URL (or empty for AWS)",
                ));
            }
            Ok(StorageBackend::S3(S3Settings {
                bucket,
                endpoint,
                region: nonempty(&raw.s3_region).unwrap_or_else(|| "us-east-1".to_owned()),
                prefix: raw.s3_prefix.trim().trim_start_matches('/').to_owned(),
                access_key_id: nonempty(&raw.s3_access_key_id),
                secret_access_key: nonempty(&raw.s3_secret_access_key),
            }))
        }
        other => Err(ConfigError::invalid(
            "storage.backend",
            other,
            "expected local or s3",
        )),
    }
}

/// Parses a comma-separated list of day counts, e.g. `7,1`.
fn day_list(key: &str, raw: &str) -> Result<Vec<u32>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<u32>().map_err(|_| {
                ConfigError::invalid(
                    key,
                    raw,
                    "expected whole days separated by commas, e.g. 7,1",
                )
            })
        })
        .collect()
}

#[derive(Deserialize)]
struct RawSecurity {
    secret_key: SecretString,
}

#[derive(Deserialize)]
struct RawLog {
    level: String,
    format: String,
}

impl Settings {
    /// Loads the settings for `PRACHUM_ENV` from `config_dir` and the environment.
    pub fn load(config_dir: &Path) -> Result<Self, ConfigError> {
        let env = AppEnv::from_env()?;
        let overlay = config_dir.join(format!("{}.toml", env.as_str()));
        let builder = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(File::from(overlay).required(false))
            .add_source(
                Environment::with_prefix("PRACHUM")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true),
            );
        Self::from_config(env, builder.build()?)
    }

    /// Validates already-merged configuration values.
    fn from_config(env: AppEnv, cfg: Config) -> Result<Self, ConfigError> {
        let raw: Raw = cfg.try_deserialize()?;
        Self::validate(env, raw)
    }

    fn validate(env: AppEnv, raw: Raw) -> Result<Self, ConfigError> {
        let server = server_settings(raw.server)?;
        let database = database_settings(raw.database)?;
        let mail = mail_settings(raw.mail)?;
        let security = security_settings(env, &raw.security)?;
        let storage = storage_settings(raw.storage)?;
        let log = log_settings(raw.log)?;
        Ok(Self {
            env,
            server,
            database,
            mail,
            security,
            log,
            storage,
        })
    }

    /// Settings for tests and tools: the embedded defaults with a given database URL.
    pub fn defaults_with_database(url: &str) -> Result<Self, ConfigError> {
        let cfg = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .set_override("database.url", url)?
            .build()?;
        Self::from_config(AppEnv::Test, cfg)
    }
}

/// Replaces the password of a URL with `***`, for logs and Debug output.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = match rest.find('/') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            if userinfo.contains(':') {
                format!("{scheme}://{user}:***@{host}{tail}")
            } else {
                format!("{scheme}://{user}@{host}{tail}")
            }
        }
        None => url.to_owned(),
    }
}

/// `[server]`: the listen address and the public base URL.
fn server_settings(raw: RawServer) -> Result<ServerSettings, ConfigError> {
    let listen = raw.listen.parse::<SocketAddr>().map_err(|_| {
        ConfigError::invalid(
            "server.listen",
            &raw.listen,
            "expected host:port, e.g. 127.0.0.1:8080",
        )
    })?;
    let base_url = raw.base_url.trim_end_matches('/').to_owned();
    if !(base_url.starts_with("http://") || base_url.starts_with("https://")) {
        return Err(ConfigError::invalid(
            "server.base_url",
            &raw.base_url,
            "expected an http:// or https:// URL",
        ));
    }
    Ok(ServerSettings {
        listen,
        base_url,
        shutdown_grace_secs: raw.shutdown_grace_secs,
    })
}

/// `[database]`: a SQLite or PostgreSQL URL and the pool.
fn database_settings(raw: RawDatabase) -> Result<DatabaseSettings, ConfigError> {
    let url = raw.url.trim().to_owned();
    if !(url.starts_with("sqlite:")
        || url.starts_with("postgres://")
        || url.starts_with("postgresql://"))
    {
        return Err(ConfigError::invalid(
            "database.url",
            &redact_url(&url),
            "expected sqlite://… or postgres://…",
        ));
    }
    if raw.max_connections == 0 {
        return Err(ConfigError::invalid(
            "database.max_connections",
            "0",
            "must be at least 1",
        ));
    }
    Ok(DatabaseSettings {
        url,
        max_connections: raw.max_connections,
        migrate_on_start: raw.migrate_on_start,
        busy_timeout_ms: raw.busy_timeout_ms,
        connect_timeout_secs: raw.connect_timeout_secs.max(1),
    })
}

/// `[mail]`: the transport, the addresses, the worker's pace and the reminder days.
fn mail_settings(raw: RawMail) -> Result<MailSettings, ConfigError> {
    let transport = match raw.transport.as_str() {
        "file" => MailTransport::File,
        "smtp" => MailTransport::Smtp,
        other => {
            return Err(ConfigError::invalid(
                "mail.transport",
                other,
                "expected file or smtp",
            ));
        }
    };
    let smtp_url = raw.smtp_url.trim().to_owned();
    if transport == MailTransport::Smtp
        && !(smtp_url.starts_with("smtp://") || smtp_url.starts_with("smtps://"))
    {
        return Err(ConfigError::Missing {
            key: "mail.smtp_url".into(),
            reason: "mail.transport is smtp, so an smtp:// or smtps:// URL is needed".into(),
        });
    }
    if !raw.from.contains('@') {
        return Err(ConfigError::invalid(
            "mail.from",
            &raw.from,
            "expected an email address",
        ));
    }
    let reply_to = raw.reply_to.trim().to_owned();
    if !reply_to.is_empty() && !reply_to.contains('@') {
        return Err(ConfigError::invalid(
            "mail.reply_to",
            &reply_to,
            "expected an email address (or empty)",
        ));
    }
    if raw.max_attempts < 1 {
        return Err(ConfigError::invalid(
            "mail.max_attempts",
            &raw.max_attempts.to_string(),
            "must be at least 1",
        ));
    }
    let reminder_days = day_list("mail.reminder_days", &raw.reminder_days)?;
    let escalation_days: [u32; 3] = day_list("mail.escalation_days", &raw.escalation_days)?
        .try_into()
        .map_err(|_| {
            ConfigError::invalid(
                "mail.escalation_days",
                &raw.escalation_days,
                "expected three day counts: head, head and provincial office, inspector (e.g. 0,7,14)",
            )
        })?;
    if raw.link_days == 0 {
        return Err(ConfigError::invalid(
            "mail.link_days",
            "0",
            "must be at least 1",
        ));
    }
    Ok(MailSettings {
        transport,
        file_dir: PathBuf::from(raw.file_dir),
        smtp_url,
        from: raw.from,
        reply_to: (!reply_to.is_empty()).then_some(reply_to),
        rate_per_minute: raw.rate_per_minute,
        max_attempts: raw.max_attempts,
        retry_base_secs: raw.retry_base_secs.max(1),
        poll_secs: raw.poll_secs.max(1),
        batch_size: raw.batch_size.clamp(1, 1000),
        lease_secs: raw.lease_secs.max(10),
        worker_lease_secs: raw.worker_lease_secs.max(3),
        coalesce_secs: raw.coalesce_secs,
        link_days: raw.link_days,
        reminder_days,
        escalation_days,
        smtp_pool_size: raw.smtp_pool_size.max(1),
        smtp_timeout_secs: raw.smtp_timeout_secs.max(1),
    })
}

/// `[security]`: the secret key (required in production, 32 characters or more).
fn security_settings(env: AppEnv, raw: &RawSecurity) -> Result<SecuritySettings, ConfigError> {
    let secret = raw.secret_key.expose_secret().trim().to_owned();
    let secret_key = if secret.is_empty() {
        if env == AppEnv::Production {
            return Err(ConfigError::Missing {
                key: "security.secret_key".into(),
                reason: "production refuses to start without a secret key; set PRACHUM__SECURITY__SECRET_KEY (32+ characters)".into(),
            });
        }
        None
    } else if secret.chars().count() < 32 {
        return Err(ConfigError::Invalid {
            key: "security.secret_key".into(),
            value: "[REDACTED]".into(),
            reason: "must be at least 32 characters".into(),
        });
    } else {
        Some(SecretString::from(secret))
    };
    Ok(SecuritySettings { secret_key })
}

/// `[storage]`: the file store and the upload limits.
fn storage_settings(raw: RawStorage) -> Result<StorageSettings, ConfigError> {
    let backend = storage_backend(&raw)?;
    Ok(StorageSettings {
        backend,
        files_dir: PathBuf::from(raw.files_dir),
        max_upload_bytes: raw.max_upload_bytes.max(1),
        max_files: raw.max_files.max(1),
        max_request_bytes: raw.max_request_bytes.max(1),
        fonts_dir: Some(raw.fonts_dir.trim())
            .filter(|d| !d.is_empty())
            .map(PathBuf::from),
    })
}

/// `[log]`: the level and the format.
fn log_settings(raw: RawLog) -> Result<LogSettings, ConfigError> {
    let format = match raw.format.as_str() {
        "text" => LogFormat::Text,
        "json" => LogFormat::Json,
        other => {
            return Err(ConfigError::invalid(
                "log.format",
                other,
                "expected text or json",
            ));
        }
    };
    Ok(LogSettings {
        level: raw.level,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(key: &str, value: &str) -> Result<Settings, ConfigError> {
        let cfg = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .set_override(key, value)?
            .build()?;
        Settings::from_config(AppEnv::Development, cfg)
    }

    #[test]
    fn defaults_are_valid() {
        let s = with("server.base_url", "http://127.0.0.1:8080/").expect("defaults");
        assert_eq!(s.server.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.server.base_url, "http://127.0.0.1:8080");
        assert_eq!(s.database.url, "sqlite://data/prachum.db?mode=rwc");
        assert_eq!(s.mail.transport, MailTransport::File);
        assert!(s.security.secret_key.is_none());
    }

    #[test]
    fn bad_values_name_their_key() {
        for (key, value) in [
            ("server.listen", "not-an-address"),
            ("server.base_url", "ftp://x"),
            ("database.url", "mysql://x"),
            ("mail.transport", "pigeon"),
            ("log.format", "xml"),
            ("database.max_connections", "lots"),
            ("mail.reminder_days", "seven"),
            ("mail.escalation_days", "0,7"),
            ("mail.reply_to", "nobody"),
            ("storage.backend", "floppy"),
        ] {
            let err = with(key, value)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(key), "{key}: {err}");
        }
    }

    #[test]
    fn the_s3_backend_needs_a_bucket_and_hides_its_secret() {
        let err = with("storage.backend", "s3").expect_err("no bucket");
        assert!(err.to_string().contains("storage.s3_bucket"), "{err}");
        let cfg = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .set_override("storage.backend", "s3")
            .and_then(|b| b.set_override("storage.s3_bucket", "evidence"))
            .and_then(|b| b.set_override("storage.s3_endpoint", "http://127.0.0.1:9000"))
            .and_then(|b| b.set_override("storage.s3_secret_access_key", "s3-s3cr3t-key"))
            .and_then(|b| b.build())
            .expect("build");
        let s = Settings::from_config(AppEnv::Development, cfg).expect("valid");
        let StorageBackend::S3(s3) = &s.storage.backend else {
            panic!("expected s3: {:?}", s.storage.backend);
        };
        assert_eq!(s3.bucket, "evidence");
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        assert!(!format!("{s:?}").contains("s3cr3t"));
        assert!(
            with("storage.s3_endpoint", "ftp://x").is_ok(),
            "the endpoint is only read by the s3 backend"
        );
    }

    #[test]
    fn production_requires_a_secret_key() {
        let cfg = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .build()
            .expect("build");
        let err = Settings::from_config(AppEnv::Production, cfg).expect_err("must refuse");
        assert!(err.to_string().contains("security.secret_key"));
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let cfg = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .set_override("security.secret_key", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t")
            .and_then(|b| b.set_override("database.url", "postgres://app:hunter2@db:5432/prachum"))
            .and_then(|b| b.set_override("mail.smtp_url", "smtp://mailer:pa55@mx:587"))
            .and_then(|b| b.build())
            .expect("build");
        let s = Settings::from_config(AppEnv::Production, cfg).expect("valid");
        let debug = format!("{s:?}");
        for secret in ["s3cr3t", "hunter2", "pa55"] {
            assert!(!debug.contains(secret), "{secret} leaked: {debug}");
        }
        assert!(debug.contains("postgres://app:***@db:5432/prachum"));
    }

    #[test]
    fn short_secret_is_refused_without_echoing_it() {
        let err = with("security.secret_key", "short-secret").expect_err("too short");
        let text = err.to_string();
        assert!(text.contains("security.secret_key") && !text.contains("short-secret"));
    }
}
