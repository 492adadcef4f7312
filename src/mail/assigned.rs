//! The "actions assigned" email: one per recipient (the current head of each responsible
//! office, the office's contact in Cc) listing only that office's actions from the meeting, each
//! with its directive, due date in BE and what is expected, the meeting's date and place, and a
//! signed link to answer. Queued when a directive is published (or when actions are added to a
//! published one), in that transaction. Bursts coalesce: actions for the same office and meeting
//! queued within `mail.coalesce_secs` of the first make one email.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::MailError;
use super::outbox::{self, NewMail, Payload};
use super::{MailConfig, kind, links, render};
use crate::db::entities::{
    actions, agency_offices, directives, meetings, office_heads, outbox_messages, people,
    response_links,
};
use crate::db::repo::validity::office_head_on;
use crate::domain::calendar::{Digits, ThaiDate, time_phrase, time_range};
use crate::domain::status::OutboxStatus;

/// One action in the email.
#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    /// Id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// The directive's number in the meeting.
    pub directive_number: i32,
    /// The directive's text (Markdown).
    pub directive_text: String,
    /// Due date in BE, e.g. `30 กันยายน 2569`.
    pub due_th: Option<String>,
    /// What is expected (Markdown).
    pub expected: Option<String>,
    /// The metric, e.g. `ครัวเรือนที่ได้รับการช่วยเหลือ (เป้าหมาย 120 ครัวเรือน)`.
    pub metric: Option<String>,
}

/// The template context.
#[derive(Debug, Clone, Serialize)]
pub struct AssignedView {
    /// The office.
    pub office: String,
    /// Whom the email greets.
    pub greeting: String,
    /// Meeting title.
    pub meeting_title: String,
    /// Meeting date, e.g. `วันอังคารที่ 19 เมษายน 2565`.
    pub meeting_date_th: String,
    /// Meeting time, e.g. `เวลา 09.00–12.00 น.`.
    pub meeting_time_th: Option<String>,
    /// Where.
    pub place: Option<String>,
    /// The actions.
    pub actions: Vec<ActionLine>,
    /// The signed link to answer.
    pub link: Option<String>,
    /// When the link expires, BE.
    pub link_expires_th: Option<String>,
}

/// Where a meeting takes place, in one line.
pub fn place_of(m: &meetings::Model) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(r) = m.venue_room.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(r.trim().to_owned());
    }
    if let Some(f) = m.venue_floor.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(format!("ชั้น {}", f.trim()));
    }
    if let Some(b) = m.venue_building.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(b.trim().to_owned());
    }
    if let Some(p) = m
        .online_platform
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        parts.push(format!("และผ่านระบบ {}", p.trim()));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// The meeting's time phrase.
pub fn time_of(m: &meetings::Model) -> Option<String> {
    match (m.start_time, m.end_time) {
        (Some(s), Some(e)) => Some(format!("เวลา {}", time_range(s, e, Digits::Arabic))),
        (Some(s), None) => Some(time_phrase(s, Digits::Arabic)),
        _ => None,
    }
}

/// Who receives an office's email: its current head (or, without one, the office mailbox),
/// with the office contact in Cc.
#[derive(Debug, Clone)]
pub struct Recipient {
    /// Address (empty when the office has none on file).
    pub email: String,
    /// Display name.
    pub name: Option<String>,
    /// Greeting line name.
    pub greeting: String,
    /// Copies.
    pub cc: Vec<String>,
}

/// The recipients of offices on a day.
pub async fn recipients(
    db: &impl ConnectionTrait,
    office_ids: &[i32],
    today: NaiveDate,
) -> Result<BTreeMap<i32, (agency_offices::Model, Recipient)>, MailError> {
    let offices = agency_offices::Entity::find()
        .filter(agency_offices::Column::Id.is_in(office_ids.iter().copied()))
        .all(db)
        .await?;
    let heads: BTreeMap<i32, (office_heads::Model, people::Model)> = office_heads::Entity::find()
        .filter(office_heads::Column::OfficeId.is_in(office_ids.iter().copied()))
        .filter(office_head_on(today))
        .find_also_related(people::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(h, p)| p.map(|p| (h.office_id, (h, p))))
        .collect();
    Ok(offices
        .into_iter()
        .map(|o| {
            let head = heads.get(&o.id);
            let head_email = head
                .and_then(|(_, p)| p.email.clone())
                .filter(|e| outbox::plausible_address(e));
            let (email, name, greeting) = match (head, head_email) {
                (Some((h, p)), Some(e)) => {
                    let full =
                        format!("{}{}", p.honorific.clone().unwrap_or_default(), p.full_name);
                    (e, Some(full), h.title_as_printed.clone())
                }
                _ => (
                    o.email.clone().unwrap_or_default(),
                    Some(o.name_th.clone()),
                    o.name_th.clone(),
                ),
            };
            let cc = o
                .contact_email
                .clone()
                .filter(|c| outbox::plausible_address(c))
                .into_iter()
                .collect();
            (
                o.id,
                (
                    o,
                    Recipient {
                        email,
                        name,
                        greeting,
                        cc,
                    },
                ),
            )
        })
        .collect())
}

/// The lines of some actions (ordered by directive number, then id).
pub async fn action_lines(
    db: &impl ConnectionTrait,
    action_ids: &[i32],
) -> Result<Vec<ActionLine>, MailError> {
    let acts = actions::Entity::find()
        .filter(actions::Column::Id.is_in(action_ids.iter().copied()))
        .order_by_asc(actions::Column::Id)
        .all(db)
        .await?;
    let dids: BTreeSet<i32> = acts.iter().map(|a| a.directive_id).collect();
    let ds: BTreeMap<i32, directives::Model> = directives::Entity::find()
        .filter(directives::Column::Id.is_in(dids))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut lines: Vec<ActionLine> = acts
        .into_iter()
        .map(|a| {
            let d = ds.get(&a.directive_id);
            let metric = a.metric_name.as_ref().map(|n| match a.metric_target {
                Some(t) => format!(
                    "{n} (เป้าหมาย {} {})",
                    fmt_number(t),
                    a.metric_unit.clone().unwrap_or_default()
                )
                .trim_end()
                .replace(" )", ")"),
                None => n.clone(),
            });
            ActionLine {
                id: a.id,
                title: a.title,
                directive_number: d.map_or(0, |d| d.number),
                directive_text: d.map(|d| d.text_md.clone()).unwrap_or_default(),
                due_th: a.due_on.map(|d| ThaiDate(d).date_long(Digits::Arabic)),
                expected: a.expected_md,
                metric,
            }
        })
        .collect();
    lines.sort_by_key(|l| (l.directive_number, l.id));
    Ok(lines)
}

fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Renders the email of an office's actions in a meeting.
async fn render_for(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    meeting: &meetings::Model,
    office: &agency_offices::Model,
    to: &Recipient,
    action_ids: &[i32],
    link: Option<(&response_links::Model, String)>,
) -> Result<render::Rendered, MailError> {
    let view = AssignedView {
        office: office.name_th.clone(),
        greeting: to.greeting.clone(),
        meeting_title: meeting.title.clone(),
        meeting_date_th: ThaiDate(meeting.meeting_date).long(Digits::Arabic),
        meeting_time_th: time_of(meeting),
        place: place_of(meeting),
        actions: action_lines(db, action_ids).await?,
        link: link.as_ref().map(|(_, url)| url.clone()),
        link_expires_th: link.map(|(row, _)| {
            ThaiDate(
                row.expires_at
                    .with_timezone(&crate::state::bangkok())
                    .date_naive(),
            )
            .date_long(Digits::Arabic)
        }),
    };
    Ok(render::render(
        &cfg.templates,
        kind::ACTIONS_ASSIGNED,
        &view,
    )?)
}

/// Queues the emails for newly assigned actions (inside the caller's transaction): one per
/// office and meeting, merged into a still-waiting email of the same office and meeting.
/// Returns how many emails were queued or widened.
pub async fn enqueue_for_actions(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    today: NaiveDate,
    new_actions: &[actions::Model],
) -> Result<usize, MailError> {
    let mut groups: BTreeMap<(i32, i32), Vec<i32>> = BTreeMap::new();
    for a in new_actions {
        groups
            .entry((a.meeting_id, a.office_id))
            .or_default()
            .push(a.id);
    }
    if groups.is_empty() {
        return Ok(0);
    }
    let office_ids: Vec<i32> = groups.keys().map(|(_, o)| *o).collect();
    let mut who = recipients(db, &office_ids, today).await?;
    let meeting_ids: BTreeSet<i32> = groups.keys().map(|(m, _)| *m).collect();
    let meetings: BTreeMap<i32, meetings::Model> = meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(meeting_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let mut n = 0;
    for ((meeting_id, office_id), ids) in groups {
        let (Some(meeting), Some((office, to))) =
            (meetings.get(&meeting_id), who.remove(&office_id))
        else {
            continue;
        };
        if merge_into_waiting(db, cfg, now, meeting, &office, &to, &ids).await? {
            n += 1;
            continue;
        }
        let link = if outbox::plausible_address(&to.email) {
            let (row, token) = links::create(db, cfg, &to.email, office_id, &ids, now).await?;
            Some((row, links::url(cfg, &token)))
        } else {
            None
        };
        let rendered = render_for(
            db,
            cfg,
            meeting,
            &office,
            &to,
            &ids,
            link.as_ref().map(|(r, u)| (r, u.clone())),
        )
        .await?;
        let first = ids.iter().min().copied().unwrap_or_default();
        let mut mail = NewMail::new(kind::ACTIONS_ASSIGNED, &to.email, rendered, now);
        mail.dedupe_key = Some(format!("{}:o{office_id}:a{first}", kind::ACTIONS_ASSIGNED));
        mail.to_name = to.name.clone();
        mail.cc = to.cc.clone();
        mail.meeting_id = Some(meeting_id);
        mail.office_id = Some(office_id);
        mail.available_at = Some(now + cfg.coalesce);
        mail.data = serde_json::json!({
            "action_ids": ids,
            "link_id": link.as_ref().map(|(r, _)| r.id),
        });
        outbox::enqueue(db, mail).await?;
        n += 1;
    }
    Ok(n)
}

/// Widens a waiting email of the same office and meeting (queued, never tried, still inside
/// its coalescing window); `false` if there is none or a worker took it meanwhile.
async fn merge_into_waiting(
    db: &impl ConnectionTrait,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    meeting: &meetings::Model,
    office: &agency_offices::Model,
    to: &Recipient,
    ids: &[i32],
) -> Result<bool, MailError> {
    let waiting = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Kind.eq(kind::ACTIONS_ASSIGNED))
        .filter(outbox_messages::Column::MeetingId.eq(meeting.id))
        .filter(outbox_messages::Column::OfficeId.eq(office.id))
        .filter(outbox_messages::Column::Status.eq(OutboxStatus::Queued))
        .filter(outbox_messages::Column::Attempts.eq(0))
        .filter(outbox_messages::Column::AvailableAt.gt(now))
        .order_by_desc(outbox_messages::Column::Id)
        .one(db)
        .await?;
    let Some(row) = waiting else {
        return Ok(false);
    };
    let mut payload = Payload::of(&row);
    let mut all: Vec<i32> = payload.data["action_ids"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_i64().and_then(|v| i32::try_from(v).ok()))
                .collect()
        })
        .unwrap_or_default();
    all.extend_from_slice(ids);
    all.sort_unstable();
    all.dedup();
    let link_row = match payload.data["link_id"].as_i64() {
        Some(id) => {
            response_links::Entity::find_by_id(i32::try_from(id).unwrap_or_default())
                .one(db)
                .await?
        }
        None => None,
    };
    let link = match link_row {
        Some(r) => {
            let (r, token) = links::rebind(db, cfg, r, &all).await?;
            Some((r, links::url(cfg, &token)))
        }
        None => None,
    };
    let rendered = render_for(
        db,
        cfg,
        meeting,
        office,
        to,
        &all,
        link.as_ref().map(|(r, u)| (r, u.clone())),
    )
    .await?;
    payload.text = rendered.text;
    payload.html = rendered.html;
    payload.data["action_ids"] = serde_json::json!(all);
    Ok(outbox::replace_queued(db, &row, rendered.subject, &payload).await?)
}
