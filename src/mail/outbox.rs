//! The outbox: every email is a row of `outbox_messages`, written with [`enqueue`] in the same
//! transaction as the change that causes it, so a message exists exactly when its change does.
//! The worker (`mail::worker`) delivers the rows. A row's payload holds the rendered text and
//! HTML and its attachments: files already stored (by path under `storage.files_dir`) or inline
//! bytes (an `.ics`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, TryInsertResult,
};
use serde::{Deserialize, Serialize};

use crate::db::entities::outbox_messages;
use crate::domain::status::OutboxStatus;

/// A file sent with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum Attachment {
    /// A file already stored, by its path relative to `storage.files_dir` (e.g. a minutes PDF).
    Stored {
        /// File name shown to the recipient.
        name: String,
        /// MIME type, e.g. `application/pdf`.
        content_type: String,
        /// Path under `storage.files_dir`.
        path: String,
    },
    /// Bytes kept in the row itself (small generated files such as an `.ics`).
    Inline {
        /// File name shown to the recipient.
        name: String,
        /// MIME type, e.g. `text/calendar; charset=utf-8; method=REQUEST`.
        content_type: String,
        /// The bytes, base64.
        data_b64: String,
    },
}

impl Attachment {
    /// Inline bytes.
    pub fn inline(name: &str, content_type: &str, bytes: &[u8]) -> Self {
        Self::Inline {
            name: name.to_owned(),
            content_type: content_type.to_owned(),
            data_b64: STANDARD.encode(bytes),
        }
    }

    /// A stored file, by its path relative to `storage.files_dir`.
    pub fn stored(name: &str, content_type: &str, path: &str) -> Self {
        Self::Stored {
            name: name.to_owned(),
            content_type: content_type.to_owned(),
            path: path.to_owned(),
        }
    }
}

/// The `payload` column: the rendered bodies and the attachments.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Payload {
    /// Plain-text body.
    pub text: String,
    /// HTML body, if any.
    #[serde(default)]
    pub html: Option<String>,
    /// Attachments.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// What the message was built from (e.g. action ids), for coalescing and the log.
    #[serde(default)]
    pub data: serde_json::Value,
}

impl Payload {
    /// Reads a row's payload (an unreadable payload is an empty one: the send then fails
    /// visibly rather than silently).
    pub fn of(row: &outbox_messages::Model) -> Self {
        serde_json::from_str(&row.payload).unwrap_or_default()
    }
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMail {
    /// Kind, one of `mail::kind`.
    pub kind: String,
    /// Queued at most once per key (e.g. `reminder:a12:7d`); `None` for no deduplication.
    pub dedupe_key: Option<String>,
    /// Recipient address; an empty address is recorded as dead at once ("no address").
    pub to_email: String,
    /// Recipient display name.
    pub to_name: Option<String>,
    /// Copies.
    pub cc: Vec<String>,
    /// Subject (Thai).
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: Option<String>,
    /// Attachments.
    pub attachments: Vec<Attachment>,
    /// What the message was built from.
    pub data: serde_json::Value,
    /// The meeting it is about (delivery log per meeting).
    pub meeting_id: Option<i32>,
    /// The office it goes to (delivery log per office).
    pub office_id: Option<i32>,
    /// The instant of the change that causes it.
    pub now: DateTime<Utc>,
    /// Not before this instant (default: `now`).
    pub available_at: Option<DateTime<Utc>>,
}

impl NewMail {
    /// A message with a rendered subject and bodies; the rest empty.
    pub fn new(
        kind: &str,
        to_email: &str,
        rendered: super::render::Rendered,
        now: DateTime<Utc>,
    ) -> Self {
        Self {
            kind: kind.to_owned(),
            dedupe_key: None,
            to_email: to_email.trim().to_owned(),
            to_name: None,
            cc: Vec::new(),
            subject: rendered.subject,
            text: rendered.text,
            html: rendered.html,
            attachments: Vec::new(),
            data: serde_json::Value::Null,
            meeting_id: None,
            office_id: None,
            now,
            available_at: None,
        }
    }
}

/// What [`enqueue`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new row, by id.
    Queued(i32),
    /// A row with the same dedupe key exists already; nothing written.
    Duplicate,
}

/// Whether an address is worth trying (the mail server has the last word).
pub fn plausible_address(email: &str) -> bool {
    let e = email.trim();
    e.len() <= 254
        && e.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == ',')
}

/// Queues a message inside the caller's transaction (`txn` may also be a plain connection).
/// A message without a usable address is kept as `dead` with the reason, never dropped.
pub async fn enqueue(txn: &impl ConnectionTrait, msg: NewMail) -> Result<Enqueued, DbErr> {
    let payload = Payload {
        text: msg.text,
        html: msg.html,
        attachments: msg.attachments,
        data: msg.data,
    };
    let usable = plausible_address(&msg.to_email);
    let cc: Vec<String> = msg
        .cc
        .iter()
        .map(|c| c.trim().to_owned())
        .filter(|c| plausible_address(c) && !c.eq_ignore_ascii_case(&msg.to_email))
        .collect();
    let row = outbox_messages::ActiveModel {
        kind: Set(msg.kind),
        dedupe_key: Set(msg.dedupe_key),
        recipient_email: Set(msg.to_email),
        recipient_name: Set(msg.to_name),
        cc: Set((!cc.is_empty()).then(|| cc.join(", "))),
        subject: Set(Some(msg.subject)),
        payload: Set(serde_json::to_string(&payload).unwrap_or_default()),
        status: Set(if usable {
            OutboxStatus::Queued
        } else {
            OutboxStatus::Dead
        }),
        attempts: Set(0),
        available_at: Set(msg.available_at.unwrap_or(msg.now)),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set((!usable).then(|| "ไม่มีอีเมลผู้รับที่ใช้ได้ (no usable address)".to_owned())),
        sent_at: Set(None),
        message_id: Set(None),
        meeting_id: Set(msg.meeting_id),
        office_id: Set(msg.office_id),
        created_at: Set(msg.now),
        ..Default::default()
    };
    let res = outbox_messages::Entity::insert(row)
        .on_conflict(
            OnConflict::column(outbox_messages::Column::DedupeKey)
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec(txn)
        .await?;
    Ok(match res {
        TryInsertResult::Inserted(r) => Enqueued::Queued(r.last_insert_id),
        TryInsertResult::Conflicted | TryInsertResult::Empty => Enqueued::Duplicate,
    })
}

/// Puts a message back in the queue for another try now (the resend button): its attempts
/// start again; a message being sent or already queued is left alone.
pub async fn requeue(
    db: &impl ConnectionTrait,
    id: i32,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::Status,
            sea_orm::sea_query::Expr::value(OutboxStatus::Queued),
        )
        .col_expr(
            outbox_messages::Column::Attempts,
            sea_orm::sea_query::Expr::value(0),
        )
        .col_expr(
            outbox_messages::Column::AvailableAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .col_expr(
            outbox_messages::Column::LockedUntil,
            sea_orm::sea_query::Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_messages::Column::LockedBy,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .filter(outbox_messages::Column::Id.eq(id))
        .filter(outbox_messages::Column::Status.is_in(OutboxStatus::RESENDABLE.iter().copied()))
        .filter(outbox_messages::Column::RecipientEmail.ne(""))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Replaces the subject and payload of a queued, never-tried row (coalescing); `false` when a
/// worker took it meanwhile, so the caller queues a new one instead.
pub async fn replace_queued(
    db: &impl ConnectionTrait,
    row: &outbox_messages::Model,
    subject: String,
    payload: &Payload,
) -> Result<bool, DbErr> {
    let res = outbox_messages::Entity::update_many()
        .col_expr(
            outbox_messages::Column::Subject,
            sea_orm::sea_query::Expr::value(Some(subject)),
        )
        .col_expr(
            outbox_messages::Column::Payload,
            sea_orm::sea_query::Expr::value(serde_json::to_string(payload).unwrap_or_default()),
        )
        .filter(outbox_messages::Column::Id.eq(row.id))
        .filter(outbox_messages::Column::Status.eq(OutboxStatus::Queued))
        .filter(outbox_messages::Column::Attempts.eq(0))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert!(plausible_address("head.cdd.th-33@example.org"));
        assert!(!plausible_address(""));
        assert!(!plausible_address("no-at-sign"));
        assert!(!plausible_address("a@b"));
        assert!(!plausible_address("a b@example.org"));
    }

    #[test]
    fn payload_round_trips_attachments() {
        let p = Payload {
            text: "ข้อความ".into(),
            html: None,
            attachments: vec![
                Attachment::inline("invite.ics", "text/calendar", b"BEGIN:VCALENDAR"),
                Attachment::stored("minutes.pdf", "application/pdf", "ab/abcdef"),
            ],
            data: serde_json::json!({"action_ids": [1, 2]}),
        };
        let s = serde_json::to_string(&p).expect("json");
        let back: Payload = serde_json::from_str(&s).expect("back");
        assert_eq!(back.attachments, p.attachments);
        assert!(s.contains("\"source\":\"inline\""));
    }
}
