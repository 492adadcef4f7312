//! Use-cases for meetings: the list within scope, create and edit (with sessions, venue, people,
//! remote sites and inspectors), and the fixed-query detail of one meeting (`detail`).
//!
//! Longer than 500 lines on purpose: the meeting's use-cases (list, create, edit, detail) share
//! its scope rule and the writes of its sessions, venue, people and remote sites in one
//! transaction.

pub mod command;
pub mod input;
mod list_page;

pub use list_page::LISTED_GUESTS;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::Ctx;
use super::audit::{self, Change};
use super::scope;
use crate::db::entities::{
    agenda_items, agenda_sections, meeting_inspectors, meeting_provinces, meeting_series,
    meeting_sessions, meetings, people, provinces, remote_sites, zone_memberships, zones,
};
use crate::db::repo::validity::zone_membership_on;
use crate::domain::agenda::{
    AUTO_CERTIFY_PREVIOUS, AUTO_MATTERS_ARISING, AgendaSectionKind, CUSTOMARY_SECTIONS,
};
use crate::domain::calendar::{Digits, ThaiDate, parse_date};
use crate::domain::fields::FieldErrors;
use crate::domain::paging::{PageOf, Paging, count_cap};
use crate::domain::status::{MeetingKind, MeetingStatus};
use crate::error::AppError;

pub use command::{MeetingCommand, UnnamedHost};
pub use input::{MeetingInput, Valid};

/// Title of the auto item of section 2.
pub const AUTO_CERTIFY_TITLE: &str = "รับรองรายงานการประชุมครั้งที่ผ่านมา";
/// Title of the auto item of section 3.
pub const AUTO_MATTERS_TITLE: &str = "การติดตามข้อสั่งการและการดำเนินการที่ค้างจากการประชุมครั้งก่อน";

/// A meeting the caller may read, or 404.
pub async fn find<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<meetings::Model, AppError> {
    meetings::Entity::find_by_id(id)
        .filter(scope::meetings(&ctx.actor.scope))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A meeting the caller may manage: 404 outside scope, 403 when the role may only read.
pub async fn find_managed<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    id: i32,
) -> Result<meetings::Model, AppError> {
    let m = find(db, ctx, id).await?;
    if !ctx.actor.can_manage_meetings(scope::meeting_location(&m)) {
        return Err(AppError::Forbidden);
    }
    Ok(m)
}

/// Whether the caller may create meetings at all (some province in their scope).
pub fn may_create(ctx: &Ctx) -> bool {
    use crate::domain::status::Role;
    matches!(
        ctx.actor.role,
        Role::Admin | Role::ProvincialOffice | Role::Inspector
    )
}

/// The zone a province belongs to on `on` (zone memberships valid that day).
pub async fn zone_of<C: ConnectionTrait>(
    db: &C,
    province_id: i32,
    on: NaiveDate,
) -> Result<Option<i32>, sea_orm::DbErr> {
    Ok(zone_memberships::Entity::find()
        .filter(zone_memberships::Column::ProvinceId.eq(province_id))
        .filter(zone_membership_on(on))
        .order_by_desc(zone_memberships::Column::ValidFrom)
        .one(db)
        .await?
        .map(|z| z.zone_id))
}

/// The provinces of a meeting: its host province (if any) then those taking part. Offices of
/// these provinces may be presenters, targets and owners of actions.
pub async fn provinces_of<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
) -> Result<Vec<i32>, sea_orm::DbErr> {
    let mut out: Vec<i32> = m.host_province_id.into_iter().collect();
    for p in input::participant_provinces(db, m.id).await? {
        if !out.contains(&p.id) {
            out.push(p.id);
        }
    }
    Ok(out)
}

/// All provinces (Thai order): the provinces that may take part in a meeting.
pub async fn all_provinces<C: ConnectionTrait>(
    db: &C,
) -> Result<Vec<provinces::Model>, sea_orm::DbErr> {
    let mut all = provinces::Entity::find().all(db).await?;
    crate::domain::collate::sort_thai_by(&mut all, |p| p.name_th.as_str());
    Ok(all)
}

/// The provinces the caller may host meetings in (Thai order): its own, its zones', or all.
pub async fn host_provinces<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
) -> Result<Vec<provinces::Model>, sea_orm::DbErr> {
    use crate::domain::access::Scope;
    let mut q = provinces::Entity::find();
    match &ctx.actor.scope {
        Scope::Everything => {}
        Scope::Province(p) => q = q.filter(provinces::Column::Id.eq(*p)),
        Scope::Office { province_id, .. } => q = q.filter(provinces::Column::Id.eq(*province_id)),
        Scope::Zones(z) => {
            let ids: Vec<i32> = zone_memberships::Entity::find()
                .filter(zone_memberships::Column::ZoneId.is_in(z.iter().copied()))
                .filter(zone_membership_on(ctx.today))
                .all(db)
                .await?
                .into_iter()
                .map(|m| m.province_id)
                .collect();
            q = q.filter(provinces::Column::Id.is_in(ids));
        }
        Scope::Nothing => q = q.filter(provinces::Column::Id.eq(-1)),
    }
    let mut rows = q.all(db).await?;
    crate::domain::collate::sort_thai_by(&mut rows, |p| &p.name_th);
    Ok(rows)
}

/// Finds a person by full name, or creates them (NFC-normalised name).
pub async fn person_id<C: ConnectionTrait>(
    db: &C,
    full_name: &str,
    ctx: &Ctx,
) -> Result<i32, sea_orm::DbErr> {
    if let Some(p) = people::Entity::find()
        .filter(people::Column::FullName.eq(full_name))
        .one(db)
        .await?
    {
        return Ok(p.id);
    }
    Ok(people::ActiveModel {
        full_name: Set(full_name.to_owned()),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

async fn opt_person<C: ConnectionTrait>(
    db: &C,
    name: &Option<String>,
    ctx: &Ctx,
) -> Result<Option<i32>, sea_orm::DbErr> {
    match name {
        Some(n) => Ok(Some(person_id(db, n, ctx).await?)),
        None => Ok(None),
    }
}

/// Creates a meeting with its sessions, people, remote sites and the agenda skeleton.
pub async fn create(
    db: &DatabaseConnection,
    ctx: &Ctx,
    input: &MeetingCommand,
) -> Result<meetings::Model, AppError> {
    if !may_create(ctx) {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let v = input::validate(&txn, ctx, input, None).await?;
    let mut am = meetings::ActiveModel {
        created_at: Set(ctx.now),
        ..Default::default()
    };
    apply(&txn, ctx, &mut am, &v).await?;
    let m = am.insert(&txn).await?;
    write_children(&txn, ctx, m.id, &v, false).await?;
    let template = match v.series.as_ref() {
        Some(s) => s.agenda_template.clone(),
        None => None,
    };
    create_agenda(&txn, ctx, m.id, template.as_deref()).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.create",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        None,
        audit::json(&input::of_meeting(&txn, &m).await?),
    )
    .await?;
    txn.commit().await?;
    Ok(m)
}

/// Edits a meeting; a status change must follow the life cycle. Inviting, changing the date,
/// time or place of an invited meeting, or cancelling it queues the `.ics` emails.
pub async fn update(
    db: &DatabaseConnection,
    ctx: &Ctx,
    mail: &crate::mail::MailConfig,
    id: i32,
    input: &MeetingCommand,
) -> Result<meetings::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let before = find_managed(&txn, ctx, id).await?;
    let before_input = input::of_meeting(&txn, &before).await?;
    let v = input::validate(&txn, ctx, input, Some(&before)).await?;
    let mut am: meetings::ActiveModel = before.clone().into();
    apply(&txn, ctx, &mut am, &v).await?;
    let m = am.update(&txn).await?;
    write_children(&txn, ctx, m.id, &v, true).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "meeting.update",
            kind: "meeting",
            id: m.id,
            at: scope::meeting_location(&m),
        },
        audit::json(&before_input),
        audit::json(&input::of_meeting(&txn, &m).await?),
    )
    .await?;
    // Invited offices hear of the invitation, a new date, time or place, or a cancellation.
    if let Some(change) = crate::mail::invitation::change_between(&before, &m) {
        crate::mail::invitation::enqueue_for_meeting(&txn, mail, &m, change, ctx.now).await?;
    }
    txn.commit().await?;
    Ok(m)
}

async fn apply<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    am: &mut meetings::ActiveModel,
    v: &Valid<'_>,
) -> Result<(), AppError> {
    let c = v.command;
    am.kind = Set(c.kind);
    am.title = Set(c.title.clone());
    am.series_id = Set(v.series.as_ref().map(|s| s.id));
    am.round_id = Set(c.round_id);
    am.number = Set(v.number.map(|n| i32::try_from(n.n).unwrap_or(i32::MAX)));
    am.number_year = Set(v.number.map(|n| n.be_year));
    am.host_province_id = Set(v.province_id);
    am.host_org_th = Set(c.host_org.clone());
    am.source_headline = Set(c.source_headline.clone());
    am.source_url = Set(c.source_url.clone());
    am.source_published_on = Set(c.source_published_on);
    am.zone_id = Set(v.zone_id);
    am.meeting_date = Set(c.meeting_date);
    am.start_time = Set(c.sessions.first().map(|s| s.start));
    am.end_time = Set(c.sessions.last().and_then(|s| s.end));
    am.venue_room = Set(c.venue_room.clone());
    am.venue_floor = Set(c.venue_floor.clone());
    am.venue_building = Set(c.venue_building.clone());
    am.online_platform = Set(c.online_platform.clone());
    am.online_link = Set(c.online_link.clone());
    am.chair_person_id = Set(opt_person(db, &c.chair.name, ctx).await?);
    am.chair_title = Set(c.chair.title.clone());
    am.delegated_by_person_id = Set(opt_person(db, &c.delegated_by.name, ctx).await?);
    am.delegated_by_title = Set(c.delegated_by.title.clone());
    am.minute_taker_person_id = Set(opt_person(db, &c.minute_taker.name, ctx).await?);
    am.minute_taker_title = Set(c.minute_taker.title.clone());
    am.minute_checker_person_id = Set(opt_person(db, &c.minute_checker.name, ctx).await?);
    am.minute_checker_title = Set(c.minute_checker.title.clone());
    am.participant_count = Set(c.participant_count);
    am.status = Set(v.status);
    if let Some(r) = &c.cancelled_reason {
        am.cancelled_reason = Set(Some(r.clone()));
    }
    am.digit_style = Set(c.digits);
    am.updated_at = Set(ctx.now);
    Ok(())
}

async fn write_children<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
    v: &Valid<'_>,
    replace: bool,
) -> Result<(), AppError> {
    if replace {
        meeting_sessions::Entity::delete_many()
            .filter(meeting_sessions::Column::MeetingId.eq(meeting_id))
            .exec(db)
            .await?;
        remote_sites::Entity::delete_many()
            .filter(remote_sites::Column::MeetingId.eq(meeting_id))
            .exec(db)
            .await?;
        meeting_inspectors::Entity::delete_many()
            .filter(meeting_inspectors::Column::MeetingId.eq(meeting_id))
            .exec(db)
            .await?;
        meeting_provinces::Entity::delete_many()
            .filter(meeting_provinces::Column::MeetingId.eq(meeting_id))
            .exec(db)
            .await?;
    }
    for &province_id in &v.participants {
        meeting_provinces::ActiveModel {
            meeting_id: Set(meeting_id),
            province_id: Set(province_id),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, s) in v.command.sessions.iter().enumerate() {
        meeting_sessions::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(pos(i)),
            label: Set(s.label.clone()),
            starts_at: Set(s.start),
            ends_at: Set(s.end),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for name in &v.command.remote_sites {
        remote_sites::ActiveModel {
            meeting_id: Set(meeting_id),
            name: Set(name.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (i, x) in v.command.inspectors.iter().enumerate() {
        let pid = person_id(db, &x.name, ctx).await?;
        meeting_inspectors::ActiveModel {
            meeting_id: Set(meeting_id),
            person_id: Set(pid),
            title_as_printed: Set(x.title.clone()),
            position: Set(pos(i)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// A 0-based index as a 1-based position.
pub fn pos(i: usize) -> i32 {
    i32::try_from(i + 1).unwrap_or(i32::MAX)
}

/// Parses an agenda template (one section title per line) into (kind, title) pairs; blank
/// gives the five customary sections.
pub fn template_sections(template: Option<&str>) -> Vec<(AgendaSectionKind, String)> {
    let lines: Vec<&str> = template
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return CUSTOMARY_SECTIONS
            .iter()
            .map(|s| (s.kind, s.title.to_owned()))
            .collect();
    }
    lines
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let kind = CUSTOMARY_SECTIONS
                .get(i)
                .map_or(AgendaSectionKind::Custom, |s| s.kind);
            (kind, (*t).to_owned())
        })
        .collect()
}

/// The sections of a new meeting and its two self-filling items.
pub async fn create_agenda<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    meeting_id: i32,
    template: Option<&str>,
) -> Result<(), AppError> {
    let mut ids = Vec::new();
    for (i, (kind, title)) in template_sections(template).into_iter().enumerate() {
        let s = agenda_sections::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(pos(i)),
            title: Set(title),
            kind: Set(kind),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(s.id);
    }
    for (index, kind, title) in [
        (1, AUTO_CERTIFY_PREVIOUS, AUTO_CERTIFY_TITLE),
        (2, AUTO_MATTERS_ARISING, AUTO_MATTERS_TITLE),
    ] {
        if let Some(section_id) = ids.get(index) {
            agenda_items::ActiveModel {
                meeting_id: Set(meeting_id),
                section_id: Set(*section_id),
                position: Set(1),
                auto_kind: Set(Some(kind.to_owned())),
                title: Set(title.to_owned()),
                created_at: Set(ctx.now),
                updated_at: Set(ctx.now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Filters of the meetings list, as typed (dates in BE on pages, ISO in the API).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListFilter {
    /// Province code, e.g. `TH-33`.
    pub province: Option<String>,
    /// Zone number.
    pub zone: Option<String>,
    /// From date (inclusive).
    pub from: Option<String>,
    /// To date (inclusive).
    pub to: Option<String>,
    /// Status (stored string).
    pub status: Option<String>,
    /// Kind (stored string).
    pub kind: Option<String>,
    /// Text in the title.
    pub q: Option<String>,
}

/// One row of the meetings list.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingRow {
    /// Id.
    pub id: i32,
    /// ISO date.
    pub meeting_date: NaiveDate,
    /// Thai date, e.g. `19 เม.ย. 65`.
    pub date_th: String,
    /// Title.
    pub title: String,
    /// `4/2565`, if numbered.
    pub number: Option<String>,
    /// Host province code.
    pub province_code: Option<String>,
    /// Host province Thai name.
    pub province_th: Option<String>,
    /// Status (stored).
    pub status: String,
    /// Status label.
    pub status_th: String,
    /// Kind (stored).
    pub kind: String,
    /// Kind label.
    pub kind_th: String,
    /// Series id.
    pub series_id: Option<i32>,
}

fn opt_filter(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Reads a filter date: BE (`19/04/2565`) on pages, ISO in the API.
fn filter_date(
    e: &mut FieldErrors,
    field: &str,
    s: &Option<String>,
    iso: bool,
) -> Option<NaiveDate> {
    let s = opt_filter(s)?;
    if iso {
        e.check(field, crate::domain::calendar::parse_iso_date(s))
    } else {
        e.check(field, parse_date(s))
    }
}

/// The meetings within scope that the list's filters select, unordered: what the list pages
/// through and the export reads in chunks. Invalid filters are a 422 with Thai messages.
pub async fn filtered<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    f: &ListFilter,
    iso: bool,
) -> Result<sea_orm::Select<meetings::Entity>, AppError> {
    Ok(meetings::Entity::find()
        .filter(scope::meetings(&ctx.actor.scope))
        .filter(filters(db, ctx, f, iso).await?))
}

/// The list's filters as one condition, without the scope (refuses what does not parse, with
/// the field's message).
pub async fn filters<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    f: &ListFilter,
    iso: bool,
) -> Result<sea_orm::Condition, AppError> {
    let mut e = FieldErrors::new();
    let mut q = sea_orm::Condition::all();
    if let Some(code) = opt_filter(&f.province) {
        let p = provinces::Entity::find()
            .filter(provinces::Column::Code.eq(code))
            .one(db)
            .await?;
        q = q.add(meetings::Column::HostProvinceId.eq(p.map_or(-1, |p| p.id)));
    }
    if let Some(z) = opt_filter(&f.zone) {
        match z.parse::<i32>() {
            Ok(n) => {
                let zone = zones::Entity::find()
                    .filter(zones::Column::Number.eq(n))
                    .one(db)
                    .await?;
                q = q.add(meetings::Column::ZoneId.eq(zone.map_or(-1, |z| z.id)));
            }
            Err(_) => e.add("zone", "เขตตรวจราชการต้องเป็นตัวเลข 0–18"),
        }
    }
    if let Some(d) = filter_date(&mut e, "from", &f.from, iso) {
        q = q.add(meetings::Column::MeetingDate.gte(d));
    }
    if let Some(d) = filter_date(&mut e, "to", &f.to, iso) {
        q = q.add(meetings::Column::MeetingDate.lte(d));
    }
    if let Some(s) = opt_filter(&f.status)
        && let Some(s) = e.check("status", s.parse::<MeetingStatus>())
    {
        q = q.add(meetings::Column::Status.eq(s));
    }
    if let Some(k) = opt_filter(&f.kind)
        && let Some(k) = e.check("kind", k.parse::<MeetingKind>())
    {
        q = q.add(meetings::Column::Kind.eq(k));
    }
    if let Some(text) = opt_filter(&f.q) {
        let text = crate::domain::text::normalize_single_line(text);
        q = q.add(crate::db::repo::text::title_contains(
            db.get_database_backend(),
            crate::db::repo::text::Titled::Meetings,
            meetings::Column::Id,
            meetings::Column::Title,
            &text,
            opt_filter(&f.province).is_some() || ctx.actor.scope.within_one_province(),
        ));
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    Ok(q)
}

/// A page of meetings within scope, newest first.
pub async fn list<C: ConnectionTrait + sea_orm::TransactionTrait>(
    db: &C,
    ctx: &Ctx,
    f: &ListFilter,
    paging: Paging,
    iso: bool,
) -> Result<PageOf<MeetingRow>, AppError> {
    let cap = count_cap(opt_filter(&f.q).is_some());
    // A title word's queries are planned for that word (PostgreSQL; see db/repo/plans).
    let own_plan = opt_filter(&f.q).is_some();
    let kept = filters(db, ctx, f, iso).await?;
    let (counted, ids) = match scope::meetings_in_parts(&ctx.actor.scope) {
        Some(parts) => list_page::page(db, parts, kept, paging, cap, own_plan).await?,
        None => {
            let scope = &ctx.actor.scope;
            let q = meetings::Entity::find()
                .filter(scope::meetings(scope))
                .filter(kept);
            let count =
                crate::db::repo::count::up_to(db, q.clone(), meetings::Column::Id, cap, own_plan);
            // The page's ids first (sorted from the indexes alone), then those rows
            // (db/repo/page); counted at the same time (on another connection).
            let ids = list_page::newest(q, paging.index() * paging.size(), paging.size());
            let (counted, ids) = tokio::try_join!(count, list_page::rows(db, ids, own_plan))?;
            (
                counted,
                ids.into_iter().map(|(id, _)| id).collect::<Vec<_>>(),
            )
        }
    };
    let rows = crate::db::repo::page::rows_in_order::<meetings::Entity, _>(
        db,
        meetings::Column::Id,
        &ids,
        |m| m.id,
    )
    .await?;
    let pids: BTreeSet<i32> = rows.iter().filter_map(|m| m.host_province_id).collect();
    let provs: BTreeMap<i32, provinces::Model> = if pids.is_empty() {
        BTreeMap::new()
    } else {
        provinces::Entity::find()
            .filter(provinces::Column::Id.is_in(pids))
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p))
            .collect()
    };
    let items = rows
        .into_iter()
        .map(|m| {
            let p = m.host_province_id.and_then(|id| provs.get(&id));
            row(&m, p)
        })
        .collect();
    Ok(PageOf::capped(items, paging, counted, cap))
}

/// A list row from a meeting and its province.
pub fn row(m: &meetings::Model, p: Option<&provinces::Model>) -> MeetingRow {
    MeetingRow {
        id: m.id,
        meeting_date: m.meeting_date,
        date_th: ThaiDate(m.meeting_date).short(Digits::Arabic),
        title: m.title.clone(),
        number: number_of(m),
        province_code: p.map(|p| p.code.clone()),
        province_th: p.map(|p| p.name_th.clone()),
        status: m.status.as_str().to_owned(),
        status_th: m.status.label_th().to_owned(),
        kind: m.kind.as_str().to_owned(),
        kind_th: m.kind.label_th().to_owned(),
        series_id: m.series_id,
    }
}

/// `n/BE-year` of a numbered meeting.
pub fn number_of(m: &meetings::Model) -> Option<String> {
    match (m.number, m.number_year) {
        (Some(n), Some(y)) => Some(format!("{n}/{y}")),
        _ => None,
    }
}

/// Series the caller can attach meetings to (for the form's select).
pub async fn series_choices<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
) -> Result<Vec<meeting_series::Model>, sea_orm::DbErr> {
    super::lookup::visible_series(db, ctx).await
}
