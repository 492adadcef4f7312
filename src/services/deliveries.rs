//! The delivery log of email, per meeting and per office: every outbox row with its state
//! (queued, sending, sent, failed, dead), attempts and last error, and the resend button.
//! Administrators and the provincial office within its province only.

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use super::audit::{self, Change};
use super::{Ctx, directives as directive_svc, scope};
use crate::db::entities::{agency_offices, meetings, outbox_messages};
use crate::domain::access::Location;
use crate::domain::status::OutboxStatus;
use crate::error::AppError;
use crate::mail::{kind, outbox};

/// One message in the log.
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryRow {
    /// Outbox id.
    pub id: i32,
    /// Kind in Thai.
    pub kind_th: &'static str,
    /// Recipient.
    pub recipient: String,
    /// Copies.
    pub cc: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// State (serialised as the stored string).
    pub status: OutboxStatus,
    /// State in Thai.
    pub status_th: &'static str,
    /// Attempts so far.
    pub attempts: i32,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// Queued at (BE).
    pub created_th: String,
    /// Sent at (BE).
    pub sent_th: Option<String>,
    /// Whether it may be resent now.
    pub can_resend: bool,
}

fn kind_th(k: &str) -> &'static str {
    match k {
        kind::ACTIONS_ASSIGNED => "แจ้งข้อสั่งการ",
        kind::LINK_RENEWED => "ลิงก์รายงานผลใหม่",
        kind::MEETING_INVITATION => "หนังสือเชิญประชุม",
        kind::MEETING_UPDATED => "แจ้งเปลี่ยนแปลงการประชุม",
        kind::MEETING_CANCELLED => "แจ้งยกเลิกการประชุม",
        kind::REMINDER => "แจ้งเตือนก่อนครบกำหนด",
        kind::ESCALATION => "แจ้งงานเกินกำหนด",
        kind::DIGEST => "สรุปประจำสัปดาห์",
        "minutes_circulated" => "เวียนรายงานการประชุม",
        _ => "อีเมล",
    }
}

fn row(m: outbox_messages::Model) -> DeliveryRow {
    let can_resend = !m.recipient_email.is_empty() && OutboxStatus::RESENDABLE.contains(&m.status);
    DeliveryRow {
        id: m.id,
        kind_th: kind_th(&m.kind),
        recipient: match &m.recipient_name {
            Some(n) if !m.recipient_email.is_empty() => format!("{n} <{}>", m.recipient_email),
            Some(n) => n.clone(),
            None => m.recipient_email.clone(),
        },
        cc: m.cc,
        subject: m.subject,
        status_th: m.status.label_th(),
        status: m.status,
        attempts: m.attempts,
        last_error: m.last_error,
        created_th: super::lookup::instant_th(m.created_at),
        sent_th: m.sent_at.map(super::lookup::instant_th),
        can_resend,
    }
}

/// The log of a meeting (newest first).
pub async fn for_meeting(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
) -> Result<(meetings::Model, Vec<DeliveryRow>), AppError> {
    let m = directive_svc::meeting_in_scope(db, ctx, meeting_id).await?;
    if !ctx.actor.can_manage_mail(scope::meeting_location(&m)) {
        return Err(AppError::Forbidden);
    }
    let rows = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::MeetingId.eq(m.id))
        .order_by_desc(outbox_messages::Column::Id)
        .all(db)
        .await?;
    Ok((m, rows.into_iter().map(row).collect()))
}

fn office_location(o: &agency_offices::Model) -> Location {
    Location {
        zone_id: None,
        province_id: o.province_id,
        office_id: Some(o.id),
    }
}

/// The log of an office (newest first, at most 500).
pub async fn for_office(
    db: &DatabaseConnection,
    ctx: &Ctx,
    office_id: i32,
) -> Result<(agency_offices::Model, Vec<DeliveryRow>), AppError> {
    let o = agency_offices::Entity::find_by_id(office_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let at = office_location(&o);
    if !ctx.actor.can_read(at) && !ctx.actor.can_administer() {
        return Err(AppError::NotFound);
    }
    if !ctx.actor.can_manage_mail(at) {
        return Err(AppError::Forbidden);
    }
    let rows = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::OfficeId.eq(o.id))
        .order_by_desc(outbox_messages::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    Ok((o, rows.into_iter().map(row).collect()))
}

/// Puts a message back in the queue (with its audit event); returns where its log is.
pub async fn resend(db: &DatabaseConnection, ctx: &Ctx, id: i32) -> Result<String, AppError> {
    let m = outbox_messages::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (at, back) = if let Some(mid) = m.meeting_id {
        let meeting = directive_svc::meeting_in_scope(db, ctx, mid).await?;
        (
            scope::meeting_location(&meeting),
            format!("/meetings/{mid}/mail"),
        )
    } else if let Some(oid) = m.office_id {
        let o = agency_offices::Entity::find_by_id(oid)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let at = office_location(&o);
        if !ctx.actor.can_read(at) {
            return Err(AppError::NotFound);
        }
        (at, format!("/offices/{oid}/mail"))
    } else if ctx.actor.can_administer() {
        (Location::default(), "/".to_owned())
    } else {
        return Err(AppError::NotFound);
    };
    if !ctx.actor.can_manage_mail(at) && !ctx.actor.can_administer() {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    if !outbox::requeue(&txn, m.id, ctx.now).await? {
        return Err(AppError::Rule(
            crate::domain::rules::RuleViolation::IllegalTransition {
                kind: "อีเมล",
                from: m.status.label_th(),
                to: OutboxStatus::Queued.label_th(),
            },
        ));
    }
    audit::record(
        &txn,
        ctx,
        Change {
            action: "mail.resend",
            kind: "outbox_message",
            id: m.id,
            at,
        },
        Some(serde_json::json!({"status": m.status, "attempts": m.attempts})),
        Some(serde_json::json!({"status": OutboxStatus::Queued})),
    )
    .await?;
    txn.commit().await?;
    Ok(back)
}
