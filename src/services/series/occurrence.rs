//! One occurrence of a series moved to a new date or cancelled with a reason: the service
//! takes the typed [`RescheduleCommand`] or [`CancelCommand`]; a form that did not parse is
//! refused after the same checks (404 outside scope, 403 without the right to manage the
//! meeting), its errors together with the meeting's own (its life cycle).

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde::{Deserialize, Serialize};

use super::super::Ctx;
use super::super::audit::{self, Change};
use super::super::meetings as svc_meetings;
use super::super::scope;
use super::{CancelCommand, RescheduleCommand};
use crate::db::entities::meetings;
use crate::domain::fields::FieldErrors;
use crate::domain::status::MeetingStatus;
use crate::error::AppError;
use crate::views::Viewed;

/// One occurrence to move or cancel, as typed on the series page.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OccurrenceInput {
    /// The new date (BE).
    pub new_date: String,
    /// Why it is cancelled.
    pub reason: String,
}

/// Moves one meeting to a new date, keeping the original date in `rescheduled_from`.
pub async fn reschedule(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    c: &RescheduleCommand,
) -> Result<meetings::Model, AppError> {
    reschedule_checked(db, ctx, meeting_id, Some(c.new_date), FieldErrors::new()).await
}

/// What the service answers a new date that did not parse: the refusals a parsed one would
/// meet first (404, 403), else its errors together with the meeting's own.
pub async fn reschedule_refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    errors: FieldErrors,
) -> AppError {
    match reschedule_checked(db, ctx, meeting_id, None, errors).await {
        Err(e) => e,
        Ok(_) => AppError::Internal(anyhow::anyhow!("a date that did not parse was taken")),
    }
}

async fn reschedule_checked(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    d: Option<NaiveDate>,
    mut e: FieldErrors,
) -> Result<meetings::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    if !matches!(
        before.status,
        MeetingStatus::Planned | MeetingStatus::Invited
    ) {
        e.add("new_date", "เลื่อนได้เฉพาะการประชุมที่ยังไม่ได้จัด");
    }
    let Some(d) = d.filter(|_| e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut am: meetings::ActiveModel = before.clone().into();
    am.rescheduled_from = Set(Some(before.rescheduled_from.unwrap_or(before.meeting_date)));
    am.meeting_date = Set(d);
    am.updated_at = Set(ctx.now);
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.reschedule",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        audit::json(&before.view()),
        audit::json(&m.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Cancels one meeting with a reason (the life cycle must allow it).
pub async fn cancel(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    c: &CancelCommand,
) -> Result<meetings::Model, AppError> {
    cancel_checked(db, ctx, meeting_id, &c.reason, FieldErrors::new()).await
}

/// What the service answers a cancellation whose reason did not parse: the refusals a parsed
/// one would meet first (404, 403), else its errors together with the life cycle's.
pub async fn cancel_refused(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    errors: FieldErrors,
) -> AppError {
    match cancel_checked(db, ctx, meeting_id, "", errors).await {
        Err(e) => e,
        Ok(_) => AppError::Internal(anyhow::anyhow!("a reason that did not parse was taken")),
    }
}

async fn cancel_checked(
    db: &DatabaseConnection,
    ctx: &Ctx,
    meeting_id: i32,
    reason: &str,
    mut e: FieldErrors,
) -> Result<meetings::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = svc_meetings::find_managed(&txn, ctx, meeting_id).await?;
    e.check("reason", before.status.transition(MeetingStatus::Cancelled));
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut am: meetings::ActiveModel = before.clone().into();
    am.status = Set(MeetingStatus::Cancelled);
    am.cancelled_reason = Set(Some(reason.to_owned()));
    am.updated_at = Set(ctx.now);
    let m = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.cancel",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        audit::json(&before.view()),
        audit::json(&m.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}
