//! Calendar feeds (issue 14): a user's feed of the meetings and the due actions in their scope as
//! it is at each fetch, and a province's public feed of its planned meetings, which its
//! provincial office (or an administrator) switches on. Both keep to a window: meetings dated
//! from [`WINDOW_DAYS`] ago onward (at most [`MEETING_CAP`]) and actions still to do due in the
//! same window (at most [`ACTION_CAP`]); over a cap, the earliest dates are left out.

pub mod ics;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use super::Ctx;
use super::audit::{self, Change};
use super::scope;
use crate::db::entities::{provinces, zone_memberships};
use crate::db::repo::calendar as repo;
use crate::db::repo::validity::zone_membership_on;
use crate::domain::access::{Location, Scope};
use crate::domain::status::{MeetingStatus, Role};
use crate::error::AppError;
use crate::mail::MailConfig;

/// How far back a feed reaches, in days.
pub const WINDOW_DAYS: i64 = 365;
/// The most meetings in one feed.
pub const MEETING_CAP: u64 = 1_500;
/// The most action due dates in one feed.
pub const ACTION_CAP: u64 = 500;
/// The meetings a public feed shows: scheduled (planned, invited) and those whose minutes are
/// published; never cancelled ones or those whose minutes are still internal.
pub const PUBLIC_STATUSES: [MeetingStatus; 3] = [
    MeetingStatus::Planned,
    MeetingStatus::Invited,
    MeetingStatus::Published,
];

fn window_start(now: DateTime<Utc>) -> chrono::NaiveDate {
    now.with_timezone(&crate::state::bangkok()).date_naive() - Duration::days(WINDOW_DAYS)
}

/// The feed of one user: the meetings within `scope` (the meetings list's own filter) and the
/// due dates of the actions within it that are still to do.
pub async fn personal<C: ConnectionTrait>(
    db: &C,
    cfg: &MailConfig,
    scope: &Scope,
    owner: &str,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    let from = window_start(now);
    let meetings = repo::meetings_from(db, scope::meetings(scope), from, None, MEETING_CAP).await?;
    let actions = repo::actions_due_from(db, scope::actions(scope), from, ACTION_CAP).await?;
    let mut events: Vec<_> = meetings
        .iter()
        .map(|m| ics::meeting(cfg, m, ics::Detail::Full, now))
        .collect();
    events.extend(
        actions
            .iter()
            .filter_map(|a| a.due_on.map(|d| ics::action_due(cfg, a, d, now))),
    );
    Ok(ics::feed(&format!("ประชุม: ปฏิทินของ {owner}"), events))
}

/// "จังหวัดศรีสะเกษ", but "กรุงเทพมหานคร" as it is.
pub fn province_th(p: &provinces::Model) -> String {
    if p.name_th.starts_with("กรุงเทพ") {
        p.name_th.clone()
    } else {
        format!("จังหวัด{}", p.name_th)
    }
}

/// A province's public feed, or `None` when there is no such province or its feed is off.
pub async fn public<C: ConnectionTrait>(
    db: &C,
    cfg: &MailConfig,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, DbErr> {
    let Some(p) = repo::public_province(db, code).await? else {
        return Ok(None);
    };
    let meetings = repo::meetings_from(
        db,
        scope::meetings(&Scope::Province(p.id)),
        window_start(now),
        Some(&PUBLIC_STATUSES),
        MEETING_CAP,
    )
    .await?;
    let events = meetings
        .iter()
        .map(|m| ics::meeting(cfg, m, ics::Detail::Public, now))
        .collect();
    Ok(Some(ics::feed(
        &format!("การประชุมของ{}", province_th(&p)),
        events,
    )))
}

/// Whether the caller may switch the public feed of `province_id`: an administrator for any
/// province, a provincial office for its own.
pub fn may_publish(ctx: &Ctx, province_id: i32) -> bool {
    ctx.actor.role == Role::Admin
        || ctx.actor.role == Role::ProvincialOffice
            && ctx.actor.scope == Scope::Province(province_id)
}

/// Switches a province's public feed on or off, with its audit event.
pub async fn set_public(
    db: &DatabaseConnection,
    ctx: &Ctx,
    province_id: i32,
    on: bool,
) -> Result<(), AppError> {
    if !may_publish(ctx, province_id) {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let was = repo::is_public(&txn, province_id).await?;
    if was == on {
        return Ok(());
    }
    let zone_id = zone_memberships::Entity::find()
        .filter(zone_memberships::Column::ProvinceId.eq(province_id))
        .filter(zone_membership_on(ctx.today))
        .order_by_desc(zone_memberships::Column::ValidFrom)
        .one(&txn)
        .await?
        .map(|z| z.zone_id);
    repo::set_public(&txn, province_id, on, ctx.user_id, ctx.now).await?;
    let change = Change {
        action: if on {
            "province.public_calendar_on"
        } else {
            "province.public_calendar_off"
        },
        kind: "province",
        id: province_id,
        at: Location {
            zone_id,
            province_id: Some(province_id),
            office_id: None,
        },
    };
    let state = |v: bool| audit::json(&serde_json::json!({ "public_calendar": v }));
    audit::record(&txn, ctx, change, state(was), state(on)).await?;
    txn.commit().await?;
    Ok(())
}
