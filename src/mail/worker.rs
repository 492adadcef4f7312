//! The outbox worker: claims due rows with a lease (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on
//! SQLite one atomic `UPDATE … WHERE status … RETURNING`, writers being serialised), builds each
//! message (its own Message-ID and Date), sends it, and records the outcome at once, row by row:
//! sent; or failed and retried later with exponential backoff and jitter; or dead after
//! `mail.max_attempts` (or a permanent refusal), keeping the error. A worker that dies leaves
//! its claimed rows to others when the lease runs out. Runs inside `serve`, alone as
//! `prachum worker`, and once as `prachum mail send-due`.
//!
//! Longer than 500 lines on purpose: claiming, sending and recording one outbox row is one state
//! machine (a lease, then exactly one outcome), read best in one place.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, Utc};
use lettre::Message;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Attachment as LAttachment, Mailbox, MultiPart, SinglePart};
use rand::Rng;
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
};
use tokio::sync::watch;

use super::outbox::{Attachment, Payload};
use super::transport::{SendError, Transport};
use super::{MailConfig, schedule};
use crate::config::Settings;
use crate::db::entities::outbox_messages;
use crate::db::lease::{self, Lease};
use crate::domain::status::OutboxStatus;
use crate::state::Clock;
use crate::storage::FileStore;

/// The `X-Prachum-Outbox-Id` header: which outbox row a message came from (lets a receiver,
/// and the tests, recognise a message delivered twice).
#[derive(Debug, Clone)]
pub struct OutboxId(pub String);

impl Header for OutboxId {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Prachum-Outbox-Id")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// What one pass delivered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Report {
    /// Rows claimed.
    pub claimed: usize,
    /// Sent.
    pub sent: usize,
    /// Failed, to be retried.
    pub failed: usize,
    /// Given up.
    pub dead: usize,
}

impl std::ops::AddAssign for Report {
    fn add_assign(&mut self, o: Self) {
        self.claimed += o.claimed;
        self.sent += o.sent;
        self.failed += o.failed;
        self.dead += o.dead;
    }
}

/// A worker.
#[derive(Clone)]
pub struct Worker {
    db: DatabaseConnection,
    transport: Transport,
    settings: Arc<Settings>,
    cfg: Arc<MailConfig>,
    /// The clock (a fixed one in tests).
    pub clock: Clock,
    /// This worker's name in `locked_by` and in the worker lease.
    pub id: String,
    /// Where stored attachments (circulated minutes PDFs) are read.
    files: FileStore,
}

impl Worker {
    /// A worker with the transport of the settings, rendering with `cfg` (the application's
    /// mail settings and its one template environment).
    pub fn new(
        db: DatabaseConnection,
        settings: Arc<Settings>,
        clock: Clock,
        cfg: Arc<MailConfig>,
    ) -> anyhow::Result<Self> {
        let transport = Transport::from_settings(&settings.mail)?;
        Ok(Self::assemble(db, settings, clock, transport, cfg))
    }

    /// A worker with a given transport (tests, benchmarks), its mail settings read from
    /// `settings`.
    pub fn with_transport(
        db: DatabaseConnection,
        settings: Arc<Settings>,
        clock: Clock,
        transport: Transport,
    ) -> Self {
        let cfg = Arc::new(MailConfig::from_settings(&settings));
        Self::assemble(db, settings, clock, transport, cfg)
    }

    fn assemble(
        db: DatabaseConnection,
        settings: Arc<Settings>,
        clock: Clock,
        transport: Transport,
        cfg: Arc<MailConfig>,
    ) -> Self {
        let tag: u32 = rand::rng().random();
        let files = FileStore::from_settings(&settings.storage);
        Self {
            db,
            transport,
            settings,
            cfg,
            clock,
            id: format!("worker-{}-{tag:08x}", std::process::id()),
            files,
        }
    }

    /// Claims up to `limit` due rows for this worker (a lease until now + `mail.lease_secs`).
    pub async fn claim(&self, limit: u64) -> Result<Vec<outbox_messages::Model>, DbErr> {
        use outbox_messages::Column as C;
        let now = self.clock.now();
        let lease =
            now + Duration::seconds(i64::try_from(self.settings.mail.lease_secs).unwrap_or(300));
        let due = Condition::any()
            .add(
                Condition::all()
                    .add(C::Status.is_in(OutboxStatus::CLAIMABLE.iter().copied()))
                    .add(C::AvailableAt.lte(now)),
            )
            .add(
                Condition::all()
                    .add(C::Status.eq(OutboxStatus::Sending))
                    .add(C::LockedUntil.lt(now)),
            );
        let mut ids = Query::select();
        ids.column(C::Id)
            .from(outbox_messages::Entity)
            .cond_where(due.clone())
            .order_by(C::AvailableAt, sea_orm::Order::Asc)
            .order_by(C::Id, sea_orm::Order::Asc)
            .limit(limit);
        if self.db.get_database_backend() == DbBackend::Postgres {
            ids.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        }
        let mut rows = outbox_messages::Entity::update_many()
            .col_expr(C::Status, Expr::value(OutboxStatus::Sending))
            .col_expr(C::LockedUntil, Expr::value(Some(lease)))
            .col_expr(C::LockedBy, Expr::value(Some(self.id.clone())))
            .col_expr(C::Attempts, Expr::col(C::Attempts).add(1))
            .filter(C::Id.in_subquery(ids.to_owned()))
            .filter(due)
            .exec_with_returning(&self.db)
            .await?;
        rows.sort_by_key(|r| (r.available_at, r.id));
        Ok(rows)
    }

    /// Delivers everything due now, batch after batch, until nothing is due.
    pub async fn send_due(&self) -> anyhow::Result<Report> {
        let mut total = Report::default();
        loop {
            let r = self.send_batch().await?;
            total += r;
            if r.claimed == 0 {
                return Ok(total);
            }
        }
    }

    /// Claims one batch and delivers it, recording each outcome as soon as it is known. Up to
    /// `mail.smtp_pool_size` messages are in flight at once (one per pooled connection), or one
    /// at a time when `mail.rate_per_minute` limits the pace.
    pub async fn send_batch(&self) -> anyhow::Result<Report> {
        let rows = self.claim(self.settings.mail.batch_size).await?;
        let mut report = Report {
            claimed: rows.len(),
            ..Default::default()
        };
        let tally = |report: &mut Report, o: Outcome| match o {
            Outcome::Sent => report.sent += 1,
            Outcome::Failed => report.failed += 1,
            Outcome::Dead => report.dead += 1,
        };
        let in_flight = usize::try_from(self.settings.mail.smtp_pool_size).unwrap_or(1);
        match self.settings.mail.rate_per_minute {
            0 if in_flight > 1 => {
                let mut set = tokio::task::JoinSet::new();
                for row in rows {
                    while set.len() >= in_flight {
                        if let Some(done) = set.join_next().await {
                            tally(&mut report, done??);
                        }
                    }
                    let me = self.clone();
                    set.spawn(async move {
                        let outcome = me.deliver(&row).await;
                        me.record(&row, outcome).await
                    });
                }
                while let Some(done) = set.join_next().await {
                    tally(&mut report, done??);
                }
            }
            rate => {
                let pause = (rate > 0).then(|| StdDuration::from_millis(60_000 / u64::from(rate)));
                for row in rows {
                    let outcome = self.deliver(&row).await;
                    tally(&mut report, self.record(&row, outcome).await?);
                    if let Some(p) = pause {
                        tokio::time::sleep(p).await;
                    }
                }
            }
        }
        Ok(report)
    }

    /// Builds and sends one row's message; returns its Message-ID.
    async fn deliver(&self, row: &outbox_messages::Model) -> Result<String, SendError> {
        let msg = self.build(row).await?;
        let message_id = msg
            .headers()
            .get_raw("Message-ID")
            .unwrap_or_default()
            .to_owned();
        let name = format!(
            "{}-{:06}-{}",
            self.clock.now().format("%Y%m%dT%H%M%S"),
            row.id,
            row.attempts
        );
        self.transport.send(&msg, &name).await?;
        Ok(message_id)
    }

    /// The lettre message of a row.
    pub async fn build(&self, row: &outbox_messages::Model) -> Result<Message, SendError> {
        let permanent = |what: &str, e: &dyn std::fmt::Display| SendError {
            permanent: true,
            message: format!("{what}: {e}"),
        };
        let payload = Payload::of(row);
        let from: Mailbox = self
            .settings
            .mail
            .from
            .parse()
            .map_err(|e| permanent("mail.from", &e))?;
        let to_addr = row
            .recipient_email
            .parse()
            .map_err(|e| permanent("recipient", &e))?;
        let mut b = Message::builder()
            .from(from)
            .to(Mailbox::new(row.recipient_name.clone(), to_addr))
            .subject(row.subject.clone().unwrap_or_default())
            .message_id(None)
            .date_now()
            .header(OutboxId(row.id.to_string()));
        if let Some(r) = &self.settings.mail.reply_to {
            b = b.reply_to(r.parse().map_err(|e| permanent("mail.reply_to", &e))?);
        }
        for cc in row.cc.as_deref().unwrap_or_default().split(',') {
            if let Ok(m) = cc.trim().parse::<Mailbox>() {
                b = b.cc(m);
            }
        }
        let text = SinglePart::plain(payload.text.clone());
        let body = match &payload.html {
            Some(h) => MultiPart::alternative()
                .singlepart(text)
                .singlepart(SinglePart::html(h.clone())),
            None => MultiPart::mixed().singlepart(text),
        };
        let msg = if payload.attachments.is_empty() {
            b.multipart(body)
        } else {
            let mut mixed = MultiPart::mixed().multipart(body);
            for a in &payload.attachments {
                mixed = mixed.singlepart(self.attachment(a).await?);
            }
            b.multipart(mixed)
        };
        msg.map_err(|e| permanent("message", &e))
    }

    async fn attachment(&self, a: &Attachment) -> Result<SinglePart, SendError> {
        let (name, ct, bytes) = match a {
            Attachment::Inline {
                name,
                content_type,
                data_b64,
            } => {
                let bytes = STANDARD.decode(data_b64).map_err(|e| SendError {
                    permanent: true,
                    message: format!("attachment {name}: {e}"),
                })?;
                (name, content_type, bytes)
            }
            Attachment::Stored {
                name,
                content_type,
                path,
            } => {
                let bytes = self
                    .files
                    .get(path)
                    .await
                    .map_err(|e| SendError {
                        permanent: false,
                        message: format!("attachment {name}: {e:#}"),
                    })?
                    .ok_or_else(|| SendError {
                        permanent: true,
                        message: format!("attachment {name}: not in the file store"),
                    })?;
                (name, content_type, bytes)
            }
        };
        let ct = ContentType::parse(ct).map_err(|e| SendError {
            permanent: true,
            message: format!("attachment {name}: {e}"),
        })?;
        Ok(LAttachment::new(name.clone()).body(bytes, ct))
    }

    async fn record(
        &self,
        row: &outbox_messages::Model,
        outcome: Result<String, SendError>,
    ) -> Result<Outcome, DbErr> {
        use outbox_messages::Column as C;
        let now = self.clock.now();
        let mine = Condition::all()
            .add(C::Id.eq(row.id))
            .add(C::Status.eq(OutboxStatus::Sending))
            .add(C::LockedBy.eq(self.id.clone()));
        let (update, out) = match outcome {
            Ok(message_id) => (
                outbox_messages::Entity::update_many()
                    .col_expr(C::Status, Expr::value(OutboxStatus::Sent))
                    .col_expr(C::SentAt, Expr::value(Some(now)))
                    .col_expr(C::MessageId, Expr::value(Some(message_id)))
                    .col_expr(C::LastError, Expr::value(Option::<String>::None)),
                Outcome::Sent,
            ),
            Err(e) => {
                let dead = e.permanent || row.attempts >= self.settings.mail.max_attempts;
                tracing::warn!(
                    outbox_id = row.id,
                    attempts = row.attempts,
                    dead,
                    error = %e,
                    "mail not delivered"
                );
                let mut u = outbox_messages::Entity::update_many()
                    .col_expr(C::LastError, Expr::value(Some(truncate(&e.message, 2000))));
                if dead {
                    u = u.col_expr(C::Status, Expr::value(OutboxStatus::Dead));
                    (u, Outcome::Dead)
                } else {
                    let next = now + backoff(self.settings.mail.retry_base_secs, row.attempts);
                    u = u
                        .col_expr(C::Status, Expr::value(OutboxStatus::Failed))
                        .col_expr(C::AvailableAt, Expr::value(next));
                    (u, Outcome::Failed)
                }
            }
        };
        let res = update
            .col_expr(C::LockedUntil, Expr::value(Option::<DateTime<Utc>>::None))
            .col_expr(C::LockedBy, Expr::value(Option::<String>::None))
            .filter(mine)
            .exec(&self.db)
            .await?;
        if res.rows_affected == 0 {
            tracing::warn!(
                outbox_id = row.id,
                "lease lost before the outcome was recorded"
            );
        }
        Ok(out)
    }

    /// The worker lease of this worker (`mail.worker_lease_secs`).
    pub fn lease(&self) -> Lease {
        let ttl = i64::try_from(self.settings.mail.worker_lease_secs).unwrap_or(60);
        Lease::new(
            self.db.clone(),
            lease::MAIL_WORKER,
            &self.id,
            Duration::seconds(ttl),
        )
    }

    /// Runs until `stop` turns true, in one instance at a time: while this worker holds the
    /// worker lease (see [`crate::db::lease`]) it queues the scheduled messages (reminders,
    /// escalations, digests), delivers, and pauses `mail.poll_secs` when nothing was due; an
    /// instance without the lease waits, trying to take it every `mail.poll_secs`. A heartbeat
    /// renews the lease every third of `mail.worker_lease_secs`, even during a long batch.
    /// Returns what this worker delivered.
    pub async fn run(&self, stop: watch::Receiver<bool>) -> Report {
        let poll = StdDuration::from_secs(self.settings.mail.poll_secs);
        let renew = StdDuration::from_secs(Ord::max(self.settings.mail.worker_lease_secs / 3, 1));
        tracing::info!(worker = %self.id, "mail worker started");
        let (held_tx, mut held) = watch::channel(false);
        let heartbeat = {
            let (lease, clock, mut stop) = (self.lease(), self.clock.clone(), stop.clone());
            tokio::spawn(async move {
                loop {
                    let holds = match lease.acquire(clock.now()).await {
                        Ok(h) => h,
                        Err(e) => {
                            tracing::error!(error = %e, "worker lease: database error");
                            false
                        }
                    };
                    if held_tx.send_replace(holds) != holds {
                        tracing::info!(worker = %lease.holder(), holds, "worker lease changed");
                    }
                    tokio::select! {
                        _ = stop.wait_for(|s| *s) => break,
                        () = tokio::time::sleep(if holds { renew } else { poll }) => {},
                    }
                }
                held_tx.send_replace(false);
                if let Err(e) = lease.release().await {
                    tracing::warn!(error = %e, "worker lease not released; it will expire");
                }
            })
        };
        let mut stop = stop;
        let mut total = Report::default();
        loop {
            if *stop.borrow() {
                break;
            }
            if *held.borrow_and_update() {
                let now = self.clock.now();
                if let Err(e) = schedule::run_due(&self.db, &self.cfg, now).await {
                    tracing::error!(error = format!("{e:#}"), "mail schedule failed");
                }
                let busy = match self.send_batch().await {
                    Ok(r) => {
                        total += r;
                        r.claimed > 0
                    }
                    Err(e) => {
                        tracing::error!(error = format!("{e:#}"), "mail worker pass failed");
                        false
                    }
                };
                if busy {
                    continue;
                }
            }
            tokio::select! {
                _ = stop.wait_for(|s| *s) => break,
                _ = held.changed() => {},
                () = tokio::time::sleep(poll) => {},
            }
        }
        if heartbeat.await.is_err() {
            tracing::warn!("worker lease heartbeat ended abnormally");
        }
        tracing::info!(worker = %self.id, "mail worker stopped");
        total
    }
}

enum Outcome {
    Sent,
    Failed,
    Dead,
}

/// Delay before attempt `attempts + 1`: base × 2^(attempts − 1), at most a day, plus up to 25 %.
pub fn backoff(base_secs: u64, attempts: i32) -> Duration {
    let exp = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(0);
    let secs = Ord::min(base_secs.saturating_mul(1u64 << exp), 86_400);
    let jitter = rand::rng().random_range(0..=secs / 4);
    Duration::seconds(i64::try_from(secs + jitter).unwrap_or(86_400))
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let b1 = backoff(60, 1).num_seconds();
        assert!((60..=75).contains(&b1), "{b1}");
        let b3 = backoff(60, 3).num_seconds();
        assert!((240..=300).contains(&b3), "{b3}");
        assert!(backoff(60, 30).num_seconds() <= 86_400 + 21_600);
    }
}
