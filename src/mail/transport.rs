//! How a built message leaves: lettre's pooled SMTP transport (`smtp://`, `smtp://…?tls=required`
//! for STARTTLS, `smtps://`, credentials in the URL) or `.eml` files in a folder (development).

use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{MailSettings, MailTransport};

/// Why a message was not delivered.
#[derive(Debug, Clone)]
pub struct SendError {
    /// Retrying will not help (e.g. the server refused the address with a 5xx).
    pub permanent: bool,
    /// What happened (never contains credentials).
    pub message: String,
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A transport.
#[derive(Clone)]
pub enum Transport {
    /// SMTP with a connection pool.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder.
    File(PathBuf),
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Smtp(_) => f.write_str("Transport::Smtp"),
            Self::File(p) => write!(f, "Transport::File({})", p.display()),
        }
    }
}

impl Transport {
    /// The transport the settings ask for.
    pub fn from_settings(m: &MailSettings) -> anyhow::Result<Self> {
        match m.transport {
            MailTransport::File => Ok(Self::File(m.file_dir.clone())),
            MailTransport::Smtp => Self::smtp(&m.smtp_url, m.smtp_pool_size, m.smtp_timeout_secs),
        }
    }

    /// An SMTP transport for a URL.
    pub fn smtp(url: &str, pool_size: u32, timeout_secs: u64) -> anyhow::Result<Self> {
        let t = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| {
                anyhow::anyhow!("mail.smtp_url ({}): {e}", crate::config::redact_url(url))
            })?
            .timeout(Some(Duration::from_secs(timeout_secs)))
            .pool_config(PoolConfig::new().max_size(pool_size.max(1)))
            .build();
        Ok(Self::Smtp(t))
    }

    /// Sends one message; `name` names the `.eml` file of the file transport.
    pub async fn send(&self, msg: &Message, name: &str) -> Result<(), SendError> {
        match self {
            Self::Smtp(t) => t
                .send(msg.clone())
                .await
                .map(|_| ())
                .map_err(|e| SendError {
                    permanent: e.is_permanent(),
                    message: format!("SMTP: {e}"),
                }),
            Self::File(dir) => {
                let fail = |e: std::io::Error| SendError {
                    permanent: false,
                    message: format!("file transport ({}): {e}", dir.display()),
                };
                tokio::fs::create_dir_all(dir).await.map_err(fail)?;
                let path = dir.join(format!("{name}.eml"));
                let tmp = dir.join(format!("{name}.eml.tmp"));
                tokio::fs::write(&tmp, msg.formatted())
                    .await
                    .map_err(fail)?;
                tokio::fs::rename(&tmp, &path).await.map_err(fail)?;
                Ok(())
            }
        }
    }
}
