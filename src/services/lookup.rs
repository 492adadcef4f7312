//! Scope-checked loaders that several services share: a directive (and whether it may be
//! drafted), an action, the series, the minutes' lock, and the date format they hand on. They
//! sit below the services that use them, so that no two services import each other
//! (docs/development.md#the-service-graph).

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use super::{Ctx, scope};
use crate::db::entities::{actions, directives, meeting_series, meetings, minutes};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::rules::RuleViolation;
use crate::domain::status::{DirectiveStatus, MinutesState, Role};
use crate::error::AppError;

pub use crate::views::Choice;

/// A directive the caller may add actions to (as `directives::drafting_meeting`, for its meeting).
pub async fn drafting_directive<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(directives::Model, meetings::Model), AppError> {
    let (d, meeting) = directive_in_scope(db, ctx, id).await?;
    if !ctx
        .actor
        .can_draft_directives(scope::meeting_location(&meeting))
    {
        return Err(AppError::Forbidden);
    }
    Ok((d, meeting))
}

/// Whether the caller may see drafts (agency heads and viewers see published directives only).
pub fn sees_drafts(ctx: &Ctx) -> bool {
    matches!(
        ctx.actor.role,
        Role::Admin | Role::Inspector | Role::ProvincialOffice
    )
}

pub fn visible_directives(ctx: &Ctx) -> Condition {
    let c = Condition::all().add(scope::directives(&ctx.actor.scope));
    if sees_drafts(ctx) {
        c
    } else {
        c.add(directives::Column::Status.eq(DirectiveStatus::Published))
    }
}

/// Loads a directive and its meeting within the caller's scope.
pub async fn directive_in_scope<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<(directives::Model, meetings::Model), AppError> {
    let d = directives::Entity::find_by_id(id)
        .filter(visible_directives(ctx))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = meetings::Entity::find_by_id(d.meeting_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((d, m))
}

/// Loads an action within scope.
pub async fn action_in_scope<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<actions::Model, AppError> {
    actions::Entity::find_by_id(id)
        .filter(scope::actions(&ctx.actor.scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Formats an instant in Bangkok as a BE date and time.
pub fn instant_th(t: chrono::DateTime<chrono::Utc>) -> String {
    let local = t.with_timezone(&crate::state::bangkok());
    format!(
        "{} {}",
        ThaiDate(local.date_naive()).table(Digits::Arabic),
        local.format("%H.%M น.")
    )
}

/// The series the caller can see, by name.
pub async fn visible_series<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
) -> Result<Vec<meeting_series::Model>, sea_orm::DbErr> {
    let mut rows = meeting_series::Entity::find()
        .filter(scope::series(&ctx.actor.scope))
        .all(db)
        .await?;
    crate::domain::collate::sort_thai_by(&mut rows, |s| &s.name);
    Ok(rows)
}

/// One series the caller can see.
pub async fn visible_series_one<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<Option<meeting_series::Model>, sea_orm::DbErr> {
    meeting_series::Entity::find_by_id(id)
        .filter(scope::series(&ctx.actor.scope))
        .one(db)
        .await
}

/// The minutes row of a meeting, if any.
pub async fn minutes_row<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<Option<minutes::Model>, AppError> {
    Ok(minutes::Entity::find()
        .filter(minutes::Column::MeetingId.eq(meeting_id))
        .one(db)
        .await?)
}

pub fn minutes_state(row: Option<&minutes::Model>) -> MinutesState {
    row.map_or(MinutesState::Draft, |r| r.state)
}

/// Refuses changes to what certified minutes record (agenda, notes, attendance).
pub async fn ensure_minutes_open<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<(), AppError> {
    if minutes_state(minutes_row(db, meeting_id).await?.as_ref()) == MinutesState::Certified {
        return Err(RuleViolation::MinutesCertified.into());
    }
    Ok(())
}
