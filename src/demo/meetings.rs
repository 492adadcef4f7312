//! The three seed meetings as structured records: rounds, issues, series, meetings, sessions,
//! agenda, attendance, directives and actions. Texts are the meetings' own (from the releases).

use anyhow::Context;
use chrono::NaiveDate;
use sea_orm::ActiveValue::Set;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::builder::{Builder, time};
use crate::db::entities::{
    actions, agenda_items, agenda_sections, attendances, directive_targets, directives, indicators,
    inspection_issues, inspection_rounds, meeting_inspectors, meeting_issues, meeting_provinces,
    meeting_series, meeting_sessions, meetings, remote_sites, round_inspectors, round_zones,
};
use crate::domain::agenda::{AUTO_CERTIFY_PREVIOUS, AUTO_MATTERS_ARISING, CUSTOMARY_SECTIONS};
use crate::domain::status::{
    ActionStatus, AttendanceStatus, DirectiveStatus, Horizon, InspectionLevel, IssuerRole,
};

mod seeds;

/// Loads each seed meeting unless it exists; returns `true` per meeting created.
pub async fn load_all(b: &Builder<'_>) -> anyhow::Result<Vec<bool>> {
    Ok(vec![
        seeds::sisaket_integrated_inspection(b).await?,
        seeds::sisaket_poverty_secretaries(b).await?,
        seeds::zone12_quarterly_workshop(b).await?,
    ])
}

/// Whether a meeting with this title on this date is already stored.
async fn exists(b: &Builder<'_>, title: &str, on: NaiveDate) -> anyhow::Result<bool> {
    Ok(meetings::Entity::find()
        .filter(meetings::Column::Title.eq(title))
        .filter(meetings::Column::MeetingDate.eq(on))
        .count(b.txn)
        .await?
        > 0)
}

/// A round with its zones, inspectors and issues; returns the round id and issue ids in order.
struct RoundSpec<'s> {
    fiscal_year: i32,
    level: InspectionLevel,
    organisation: &'s str,
    label: &'s str,
    notes: Option<&'s str>,
    zones: &'s [i32],
    inspectors: &'s [(i32, &'s str)],
    issues: &'s [(&'s str, bool)],
}

async fn round(b: &Builder<'_>, spec: RoundSpec<'_>) -> anyhow::Result<(i32, Vec<i32>)> {
    let existing = inspection_rounds::Entity::find()
        .filter(inspection_rounds::Column::Label.eq(spec.label))
        .filter(inspection_rounds::Column::OrganisationTh.eq(spec.organisation))
        .one(b.txn)
        .await?;
    if let Some(r) = existing {
        let issues = inspection_issues::Entity::find()
            .filter(inspection_issues::Column::RoundId.eq(r.id))
            .all(b.txn)
            .await?;
        return Ok((r.id, issues.into_iter().map(|i| i.id).collect()));
    }
    let r = inspection_rounds::ActiveModel {
        fiscal_year: Set(spec.fiscal_year),
        level: Set(spec.level),
        organisation_th: Set(spec.organisation.to_owned()),
        label: Set(spec.label.to_owned()),
        notes: Set(spec.notes.map(str::to_owned)),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    for z in spec.zones {
        round_zones::ActiveModel {
            round_id: Set(r.id),
            zone_id: Set(b.zone(*z)?),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    for (person_id, title) in spec.inspectors {
        round_inspectors::ActiveModel {
            round_id: Set(r.id),
            person_id: Set(*person_id),
            title_as_printed: Set((*title).to_owned()),
            zone_id: Set(match spec.zones.first() {
                Some(z) => Some(b.zone(*z)?),
                None => None,
            }),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    let mut ids = Vec::new();
    for (i, (title, key)) in spec.issues.iter().enumerate() {
        let issue = inspection_issues::ActiveModel {
            round_id: Set(r.id),
            position: Set(i32::try_from(i + 1)?),
            title: Set((*title).to_owned()),
            is_key: Set(*key),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
        ids.push(issue.id);
    }
    Ok((r.id, ids))
}

/// Adds an indicator to an issue.
async fn indicator(
    b: &Builder<'_>,
    issue_id: i32,
    position: i32,
    name: &str,
    unit: &str,
    target: Option<f64>,
) -> anyhow::Result<()> {
    indicators::ActiveModel {
        issue_id: Set(issue_id),
        position: Set(position),
        name: Set(name.to_owned()),
        unit: Set(unit.to_owned()),
        target: Set(target),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    Ok(())
}

/// Creates the five customary sections with the two self-filling items; returns section ids.
async fn customary_agenda(b: &Builder<'_>, meeting_id: i32) -> anyhow::Result<Vec<i32>> {
    let mut ids = Vec::new();
    for (i, s) in CUSTOMARY_SECTIONS.iter().enumerate() {
        let section = agenda_sections::ActiveModel {
            meeting_id: Set(meeting_id),
            position: Set(i32::try_from(i + 1)?),
            title: Set(s.title.to_owned()),
            kind: Set(s.kind.to_owned()),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
        ids.push(section.id);
    }
    let auto = [
        (1, AUTO_CERTIFY_PREVIOUS, "รับรองรายงานการประชุมครั้งที่ผ่านมา"),
        (
            2,
            AUTO_MATTERS_ARISING,
            "การติดตามข้อสั่งการและการดำเนินการที่ค้างจากการประชุมครั้งก่อน",
        ),
    ];
    for (section_index, kind, title) in auto {
        agenda_items::ActiveModel {
            meeting_id: Set(meeting_id),
            section_id: Set(*ids.get(section_index).context("section")?),
            position: Set(1),
            title: Set(title.to_owned()),
            auto_kind: Set(Some(kind.to_owned())),
            created_at: Set(b.now),
            updated_at: Set(b.now),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    Ok(ids)
}

/// Adds an agenda item; returns its id.
async fn item(
    b: &Builder<'_>,
    meeting_id: i32,
    section_id: i32,
    position: i32,
    title: &str,
    presenter_office_id: Option<i32>,
    notes: Option<&str>,
) -> anyhow::Result<i32> {
    let it = agenda_items::ActiveModel {
        meeting_id: Set(meeting_id),
        section_id: Set(section_id),
        position: Set(position),
        title: Set(title.to_owned()),
        presenter_office_id: Set(presenter_office_id),
        notes_md: Set(notes.map(str::to_owned)),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    Ok(it.id)
}

/// One attendance row.
struct Att<'s> {
    office_id: Option<i32>,
    name: Option<&'s str>,
    title: &'s str,
    status: AttendanceStatus,
    represented_by: Option<&'s str>,
    is_member: bool,
}

async fn attendance(b: &Builder<'_>, meeting_id: i32, rows: &[Att<'_>]) -> anyhow::Result<()> {
    for (i, a) in rows.iter().enumerate() {
        attendances::ActiveModel {
            meeting_id: Set(meeting_id),
            office_id: Set(a.office_id),
            position: Set(i32::try_from(i + 1)?),
            is_member: Set(a.is_member),
            name_as_printed: Set(a.name.map(str::to_owned)),
            title_as_printed: Set(Some(a.title.to_owned())),
            status: Set(a.status),
            represented_by_title: Set(a.represented_by.map(str::to_owned)),
            report_sent_as_document: Set(false),
            created_at: Set(b.now),
            updated_at: Set(b.now),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    Ok(())
}

/// A published directive and one action per responsible office.
struct DirectiveSpec<'s> {
    number: i32,
    issuer_role: IssuerRole,
    issuer_person_id: Option<i32>,
    issuer_name: Option<&'s str>,
    agenda_item_id: Option<i32>,
    issue_id: Option<i32>,
    text: &'s str,
    actions: Vec<ActionSpec<'s>>,
}

/// What one office must do.
struct ActionSpec<'s> {
    office_id: i32,
    province_code: &'s str,
    title: &'s str,
    due_on: Option<NaiveDate>,
    horizon: Option<Horizon>,
    metric: Option<(&'s str, &'s str, f64)>,
}

async fn directive(
    b: &Builder<'_>,
    meeting_id: i32,
    zone: i32,
    spec: DirectiveSpec<'_>,
) -> anyhow::Result<i32> {
    let d = directives::ActiveModel {
        meeting_id: Set(meeting_id),
        agenda_item_id: Set(spec.agenda_item_id),
        issue_id: Set(spec.issue_id),
        number: Set(spec.number),
        issuer_role: Set(spec.issuer_role),
        issuer_person_id: Set(spec.issuer_person_id),
        issuer_name_as_printed: Set(spec.issuer_name.map(str::to_owned)),
        text_md: Set(spec.text.to_owned()),
        status: Set(DirectiveStatus::Published),
        published_at: Set(Some(b.now)),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    for a in spec.actions {
        directive_targets::ActiveModel {
            directive_id: Set(d.id),
            office_id: Set(Some(a.office_id)),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
        actions::ActiveModel {
            directive_id: Set(d.id),
            meeting_id: Set(meeting_id),
            office_id: Set(a.office_id),
            province_id: Set(Some(b.province(a.province_code)?)),
            zone_id: Set(Some(b.zone(zone)?)),
            title: Set(a.title.to_owned()),
            due_on: Set(a.due_on),
            horizon: Set(a.horizon),
            metric_name: Set(a.metric.map(|m| m.0.to_owned())),
            metric_unit: Set(a.metric.map(|m| m.1.to_owned())),
            metric_target: Set(a.metric.map(|m| m.2)),
            status: Set(ActionStatus::Open),
            progress: Set(0),
            created_at: Set(b.now),
            updated_at: Set(b.now),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    Ok(d.id)
}

async fn session(
    b: &Builder<'_>,
    meeting_id: i32,
    position: i32,
    label: &str,
    span: ((u32, u32), (u32, u32)),
) -> anyhow::Result<()> {
    meeting_sessions::ActiveModel {
        meeting_id: Set(meeting_id),
        position: Set(position),
        label: Set(Some(label.to_owned())),
        starts_at: Set(time(span.0.0, span.0.1)?),
        ends_at: Set(Some(time(span.1.0, span.1.1)?)),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    Ok(())
}

async fn link_meeting(
    b: &Builder<'_>,
    meeting_id: i32,
    provinces: &[&str],
    issues: &[i32],
    inspectors: &[(i32, &str)],
) -> anyhow::Result<()> {
    for code in provinces {
        meeting_provinces::ActiveModel {
            meeting_id: Set(meeting_id),
            province_id: Set(b.province(code)?),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    for issue_id in issues {
        meeting_issues::ActiveModel {
            meeting_id: Set(meeting_id),
            issue_id: Set(*issue_id),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    for (i, (person_id, title)) in inspectors.iter().enumerate() {
        meeting_inspectors::ActiveModel {
            meeting_id: Set(meeting_id),
            person_id: Set(*person_id),
            title_as_printed: Set((*title).to_owned()),
            position: Set(i32::try_from(i + 1)?),
            ..Default::default()
        }
        .insert(b.txn)
        .await?;
    }
    Ok(())
}

async fn remote_site(
    b: &Builder<'_>,
    meeting_id: i32,
    name: &str,
    province_code: Option<&str>,
    office_id: Option<i32>,
) -> anyhow::Result<()> {
    remote_sites::ActiveModel {
        meeting_id: Set(meeting_id),
        name: Set(name.to_owned()),
        province_id: Set(match province_code {
            Some(c) => Some(b.province(c)?),
            None => None,
        }),
        office_id: Set(office_id),
        ..Default::default()
    }
    .insert(b.txn)
    .await?;
    Ok(())
}

/// Finds or creates a meeting series by name.
async fn series(
    b: &Builder<'_>,
    model: meeting_series::ActiveModel,
    name: &str,
) -> anyhow::Result<i32> {
    if let Some(s) = meeting_series::Entity::find()
        .filter(meeting_series::Column::Name.eq(name))
        .one(b.txn)
        .await?
    {
        return Ok(s.id);
    }
    Ok(model.insert(b.txn).await?.id)
}

/// Shorthand for an `ActionSpec`.
fn act<'s>(
    office_id: i32,
    province_code: &'s str,
    title: &'s str,
    due_on: Option<NaiveDate>,
) -> ActionSpec<'s> {
    ActionSpec {
        office_id,
        province_code,
        title,
        due_on,
        horizon: None,
        metric: None,
    }
}
