//! Email: the transactional outbox (`outbox`), the worker that delivers it (`worker`) through a
//! transport (`transport`: SMTP or `.eml` files), the templates (`render`), signed answer links
//! (`links`), and the messages themselves (`assigned`, `invitation`, `schedule`).

pub mod assigned;
pub mod circulated;
pub mod invitation;
pub mod links;
pub mod outbox;
pub mod render;
pub mod schedule;
pub mod transport;
pub mod worker;

use chrono::Duration;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;

use crate::config::Settings;

/// What composing and queueing a message can fail with. Mail has no say over HTTP: the edge maps
/// this into its `AppError` (a busy database stays a 503, anything else is internal).
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Reading the recipients or writing the outbox failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
    /// A template failed to render (a bug in a template or its view).
    #[error("rendering a message: {0:#}")]
    Render(#[from] anyhow::Error),
}

/// Kinds of message (the `kind` column).
pub mod kind {
    /// Actions assigned to an office (one email per recipient and meeting).
    pub const ACTIONS_ASSIGNED: &str = "actions_assigned";
    /// A fresh answer link, asked for from an expired link's page.
    pub const LINK_RENEWED: &str = "link_renewed";
    /// A meeting invitation (with an `.ics`).
    pub const MEETING_INVITATION: &str = "meeting_invitation";
    /// A changed meeting (updated `.ics`).
    pub const MEETING_UPDATED: &str = "meeting_updated";
    /// A cancelled meeting (`METHOD:CANCEL`).
    pub const MEETING_CANCELLED: &str = "meeting_cancelled";
    /// A reminder before a due date.
    pub const REMINDER: &str = "reminder";
    /// An overdue action, to the head (and later the provincial office).
    pub const ESCALATION: &str = "escalation";
    /// The weekly digest of an inspector.
    pub const DIGEST: &str = "inspector_digest";
    /// Draft minutes circulated for review (the PDF attached, with the reply deadline).
    pub const MINUTES_CIRCULATED: &str = "minutes_circulated";
}

/// What the code that writes mail needs to know: links, lifetimes and schedules.
#[derive(Clone)]
pub struct MailConfig {
    /// Public base URL (no trailing slash), for links.
    pub base_url: String,
    /// HMAC key of answer links (derived from `security.secret_key`).
    link_key: Vec<u8>,
    /// Days an answer link stays valid.
    pub link_days: i64,
    /// Coalescing window of "actions assigned" emails.
    pub coalesce: Duration,
    /// Reminder offsets before due dates, in days.
    pub reminder_days: Vec<u32>,
    /// Escalation offsets after due dates, in days.
    pub escalation_days: [u32; 3],
    /// The From address (the organizer of `.ics` invitations).
    pub from: String,
    /// The shared template environment the messages are rendered with.
    pub templates: crate::templating::Templates,
}

impl std::fmt::Debug for MailConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailConfig")
            .field("base_url", &self.base_url)
            .field("link_days", &self.link_days)
            .finish_non_exhaustive()
    }
}

impl MailConfig {
    /// From the validated settings. The command line fills in a missing key from the data
    /// folder ([`crate::auth::key_file`]); a caller that built its settings by hand without a
    /// key (tests) gets a random key of this process, never one that can be derived.
    #[expect(
        clippy::expect_used,
        reason = "the embedded templates were compiled by build.rs; start-up only"
    )]
    pub fn from_settings(s: &Settings) -> Self {
        Self::with_templates(
            s,
            crate::templating::Templates::plain().expect("embedded templates compile"),
        )
    }

    /// As [`Self::from_settings`], rendering with `templates` (the application's one
    /// environment).
    pub fn with_templates(s: &Settings, templates: crate::templating::Templates) -> Self {
        static PROCESS_KEY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let secret = match &s.security.secret_key {
            Some(k) => k.expose_secret().as_bytes().to_vec(),
            None => PROCESS_KEY
                .get_or_init(crate::auth::secret::random_token)
                .as_bytes()
                .to_vec(),
        };
        let link_key = derive(&secret, b"prachum/response-links/v1");
        Self {
            base_url: s.server.base_url.clone(),
            link_key,
            link_days: i64::from(s.mail.link_days),
            coalesce: Duration::seconds(i64::try_from(s.mail.coalesce_secs).unwrap_or(60)),
            reminder_days: s.mail.reminder_days.clone(),
            escalation_days: s.mail.escalation_days,
            from: s.mail.from.clone(),
            templates,
        }
    }

    /// The key that signs answer links.
    pub(crate) fn link_key(&self) -> &[u8] {
        &self.link_key
    }
}

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length: `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().into()
        }
        Err(_) => [0; 32],
    }
}

fn derive(secret: &[u8], purpose: &[u8]) -> Vec<u8> {
    hmac_sha256(secret, purpose).to_vec()
}
