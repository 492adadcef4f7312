//! Scheduled messages, queued by the worker loop (and `prachum mail send-due`) from the clock:
//! reminders before due dates (`mail.reminder_days`, default 7 and 1 days before), escalations
//! of overdue actions (`mail.escalation_days`, default: day 0 to the head; day 7 to the head with
//! the provincial office in Cc; from day 14 in the inspector's digest), and the weekly digest of
//! each inspector (on Mondays, Bangkok time). Every message has a dedupe key, so running the
//! schedule again (or from two workers) queues nothing twice, and a message's signed link is
//! written in the message's transaction (a racing duplicate leaves no unmailed link). The
//! worker runs the schedule in one instance at a time (the worker lease). Day 0 of being
//! overdue is the day after the due date.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::outbox::{self, NewMail};
use super::{MailConfig, assigned, kind, links, render};
use crate::db::entities::{
    actions, agency_offices, inspection_rounds, meetings, provinces, user_zones, users, zones,
};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::{ActionStatus, DirectiveStatus, OutboxStatus, Role};

/// Queues every scheduled message due at `now`; returns how many were queued.
pub async fn run_due(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let today = now.with_timezone(&crate::state::bangkok()).date_naive();
    let mut n = reminders(db, cfg, now, today).await?;
    n += escalations(db, cfg, now, today).await?;
    n += digests(db, cfg, now, today).await?;
    Ok(n)
}

fn open_statuses() -> [&'static str; 2] {
    [
        ActionStatus::Open.as_str(),
        ActionStatus::InProgress.as_str(),
    ]
}

/// Only actions whose office has been told of them: the directive is published and its
/// "actions assigned" email to the office went out (no reminder may arrive before it).
fn assignment_sent() -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::Expr::cust(format!(
        "EXISTS (SELECT 1 FROM outbox_messages o, directives d \
         WHERE d.id = actions.directive_id AND d.status = '{}' \
         AND o.kind = '{}' AND o.office_id = actions.office_id \
         AND o.status = '{}' AND o.sent_at >= d.published_at)",
        DirectiveStatus::Published.as_str(),
        kind::ACTIONS_ASSIGNED,
        OutboxStatus::Sent.as_str()
    ))
}

/// Open actions due within `[from, to]` whose assignment email has been sent.
async fn open_due_between(
    db: &DatabaseConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<actions::Model>, sea_orm::DbErr> {
    actions::Entity::find()
        .filter(actions::Column::Status.is_in(open_statuses()))
        .filter(assignment_sent())
        .filter(actions::Column::DueOn.gte(from))
        .filter(actions::Column::DueOn.lte(to))
        .order_by_asc(actions::Column::Id)
        .all(db)
        .await
}

#[derive(Serialize)]
struct NoticeView {
    greeting: String,
    office: String,
    due_th: String,
    days: i64,
    stage: usize,
    actions: Vec<assigned::ActionLine>,
    link: Option<String>,
    link_expires_th: Option<String>,
    round_text: Option<String>,
}

/// The reminder wording of the round of a meeting, if its round has one.
async fn round_text(
    db: &DatabaseConnection,
    meeting_id: i32,
) -> Result<Option<String>, sea_orm::DbErr> {
    let Some(m) = meetings::Entity::find_by_id(meeting_id).one(db).await? else {
        return Ok(None);
    };
    let Some(r) = m.round_id else {
        return Ok(None);
    };
    Ok(inspection_rounds::Entity::find_by_id(r)
        .one(db)
        .await?
        .and_then(|r| r.reminder_text)
        .filter(|t| !t.trim().is_empty()))
}

/// One email per office and due date: the office's actions, a fresh link to answer.
#[allow(clippy::too_many_arguments)]
async fn notice(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    today: NaiveDate,
    mail_kind: &str,
    key: String,
    acts: &[&actions::Model],
    days: i64,
    stage: usize,
    extra_cc: Vec<String>,
) -> anyhow::Result<bool> {
    let Some(first) = acts.first() else {
        return Ok(false);
    };
    let office_id = first.office_id;
    // Already queued: nothing more to do (no new link either).
    if outbox_messages_has(db, &key).await? {
        return Ok(false);
    }
    let Some((office, to)) = assigned::recipients(db, &[office_id], today)
        .await?
        .remove(&office_id)
    else {
        return Ok(false);
    };
    let ids: Vec<i32> = acts.iter().map(|a| a.id).collect();
    let lines = assigned::action_lines(db, &ids).await?;
    let round_text = round_text(db, first.meeting_id).await?;
    // The link and its message are written together: when another instance queued the same
    // message first, both are rolled back, so no link exists that is never mailed.
    let txn = crate::db::begin_write(db).await?;
    let link = if outbox::plausible_address(&to.email) {
        let (row, token) = links::create(&txn, cfg, &to.email, office_id, &ids, now).await?;
        Some((row, links::url(cfg, &token)))
    } else {
        None
    };
    let due = first.due_on.unwrap_or(today);
    let view = NoticeView {
        greeting: to.greeting.clone(),
        office: office.name_th.clone(),
        due_th: ThaiDate(due).date_long(Digits::Arabic),
        days,
        stage,
        actions: lines,
        link: link.as_ref().map(|(_, u)| u.clone()),
        link_expires_th: link.as_ref().map(|(r, _)| {
            ThaiDate(
                r.expires_at
                    .with_timezone(&crate::state::bangkok())
                    .date_naive(),
            )
            .date_long(Digits::Arabic)
        }),
        round_text,
    };
    let rendered = render::render(&cfg.templates, mail_kind, &view)?;
    let mut mail = NewMail::new(mail_kind, &to.email, rendered, now);
    mail.dedupe_key = Some(key);
    mail.to_name = to.name.clone();
    mail.cc = to.cc.into_iter().chain(extra_cc).collect();
    mail.meeting_id = Some(first.meeting_id);
    mail.office_id = Some(office_id);
    mail.data = serde_json::json!({
        "action_ids": ids,
        "link_id": link.as_ref().map(|(r, _)| r.id),
        "stage": stage,
    });
    match outbox::enqueue(&txn, mail).await? {
        outbox::Enqueued::Queued(_) => {
            txn.commit().await?;
            Ok(true)
        }
        outbox::Enqueued::Duplicate => {
            txn.rollback().await?;
            Ok(false)
        }
    }
}

async fn outbox_messages_has(db: &DatabaseConnection, key: &str) -> Result<bool, sea_orm::DbErr> {
    use crate::db::entities::outbox_messages;
    Ok(outbox_messages::Entity::find()
        .filter(outbox_messages::Column::DedupeKey.eq(key))
        .one(db)
        .await?
        .is_some())
}

fn by_office_and_due(acts: &[actions::Model]) -> BTreeMap<(i32, NaiveDate), Vec<&actions::Model>> {
    let mut g: BTreeMap<(i32, NaiveDate), Vec<&actions::Model>> = BTreeMap::new();
    for a in acts {
        if let Some(d) = a.due_on {
            g.entry((a.office_id, d)).or_default().push(a);
        }
    }
    g
}

/// Reminders: for each offset `d` (ascending), actions due in `(today + previous offset,
/// today + d]`, so that an action learns of each offset once even if a day was missed.
async fn reminders(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let mut offsets = cfg.reminder_days.clone();
    offsets.sort_unstable();
    offsets.dedup();
    let mut n = 0;
    let mut lower = 0i64;
    for d in offsets {
        let d = i64::from(d);
        if d == 0 {
            continue;
        }
        let acts = open_due_between(
            db,
            today + Duration::days(lower + 1),
            today + Duration::days(d),
        )
        .await?;
        for ((office, due), group) in by_office_and_due(&acts) {
            let key = format!("{}:o{office}:{due}:{d}d", kind::REMINDER);
            let days = (due - today).num_days();
            if notice(
                db,
                cfg,
                now,
                today,
                kind::REMINDER,
                key,
                &group,
                days,
                0,
                vec![],
            )
            .await?
            {
                n += 1;
            }
        }
        lower = d;
    }
    Ok(n)
}

/// The provincial office's addresses (active accounts of the province).
async fn provincial_office(
    db: &DatabaseConnection,
    province_id: Option<i32>,
) -> Result<Vec<String>, sea_orm::DbErr> {
    let Some(p) = province_id else {
        return Ok(vec![]);
    };
    Ok(users::Entity::find()
        .filter(users::Column::Role.eq(Role::ProvincialOffice))
        .filter(users::Column::ProvinceId.eq(p))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect())
}

/// Escalations: stage 0 (overdue day `e0` to `e1 − 1`) to the head; stage 1 (day `e1` to
/// `e2 − 1`) to the head with the provincial office in Cc. Stage 2 is the digest's.
async fn escalations(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    let [e0, e1, e2] = cfg.escalation_days.map(i64::from);
    let mut n = 0;
    for (stage, (from_day, to_day)) in [(e0, e1 - 1), (e1, e2 - 1)].into_iter().enumerate() {
        if to_day < from_day {
            continue;
        }
        // Overdue day k means due_on = today − 1 − k.
        let acts = open_due_between(
            db,
            today - Duration::days(1 + to_day),
            today - Duration::days(1 + from_day),
        )
        .await?;
        for ((office, due), group) in by_office_and_due(&acts) {
            let key = format!("{}:o{office}:{due}:s{stage}", kind::ESCALATION);
            let days = (today - due).num_days() - 1;
            let cc = if stage == 1 {
                provincial_office(db, group[0].province_id).await?
            } else {
                vec![]
            };
            if notice(
                db,
                cfg,
                now,
                today,
                kind::ESCALATION,
                key,
                &group,
                days,
                stage,
                cc,
            )
            .await?
            {
                n += 1;
            }
        }
    }
    Ok(n)
}

#[derive(Serialize)]
struct ZoneLine {
    zone: String,
    open: usize,
    overdue: usize,
}

#[derive(Serialize)]
struct CountLine {
    province: String,
    agency: String,
    overdue: usize,
}

#[derive(Serialize)]
struct LongOverdue {
    title: String,
    office: String,
    due_th: String,
    days: i64,
}

#[derive(Serialize)]
struct DigestView {
    name: String,
    week_th: String,
    zones: Vec<ZoneLine>,
    overdue: Vec<CountLine>,
    escalated: Vec<LongOverdue>,
    escalation_day: i64,
}

/// An inspector's digest: open and overdue actions per zone, overdue counts per province and
/// agency, and the actions overdue past the last escalation day (`e2`).
async fn digest_view(
    db: &DatabaseConnection,
    u: &users::Model,
    zone_ids: &BTreeSet<i32>,
    today: NaiveDate,
    e2: i64,
) -> anyhow::Result<DigestView> {
    let acts = actions::Entity::find()
        .filter(actions::Column::Status.is_in(open_statuses()))
        .filter(actions::Column::ZoneId.is_in(zone_ids.iter().copied()))
        .all(db)
        .await?;
    let zone_names: BTreeMap<i32, String> = zones::Entity::find()
        .filter(zones::Column::Id.is_in(zone_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|z| (z.id, z.name_th))
        .collect();
    let office_ids: BTreeSet<i32> = acts.iter().map(|a| a.office_id).collect();
    let offices: BTreeMap<i32, agency_offices::Model> = agency_offices::Entity::find()
        .filter(agency_offices::Column::Id.is_in(office_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let province_ids: BTreeSet<i32> = acts.iter().filter_map(|a| a.province_id).collect();
    let province_names: BTreeMap<i32, String> = provinces::Entity::find()
        .filter(provinces::Column::Id.is_in(province_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name_th))
        .collect();
    let overdue = |a: &actions::Model| a.due_on.is_some_and(|d| d < today);
    let zones_view = zone_ids
        .iter()
        .map(|z| ZoneLine {
            zone: zone_names.get(z).cloned().unwrap_or_default(),
            open: acts.iter().filter(|a| a.zone_id == Some(*z)).count(),
            overdue: acts
                .iter()
                .filter(|a| a.zone_id == Some(*z) && overdue(a))
                .count(),
        })
        .collect();
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut escalated = Vec::new();
    for a in acts.iter().filter(|a| overdue(a)) {
        let province = a
            .province_id
            .and_then(|p| province_names.get(&p).cloned())
            .unwrap_or_default();
        let office = offices
            .get(&a.office_id)
            .map(|o| o.name_th.clone())
            .unwrap_or_default();
        *counts.entry((province, office.clone())).or_default() += 1;
        let due = a.due_on.unwrap_or(today);
        let days = (today - due).num_days() - 1;
        if days >= e2 {
            escalated.push(LongOverdue {
                title: a.title.clone(),
                office,
                due_th: ThaiDate(due).date_long(Digits::Arabic),
                days,
            });
        }
    }
    escalated.sort_by_key(|e| std::cmp::Reverse(e.days));
    Ok(DigestView {
        name: u.display_name.clone(),
        week_th: ThaiDate(today).date_long(Digits::Arabic),
        zones: zones_view,
        overdue: counts
            .into_iter()
            .map(|((province, agency), overdue)| CountLine {
                province,
                agency,
                overdue,
            })
            .collect(),
        escalated,
        escalation_day: e2,
    })
}

/// The weekly digest of each inspector, on Mondays (Bangkok).
async fn digests(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> anyhow::Result<usize> {
    if today.weekday() != Weekday::Mon {
        return Ok(0);
    }
    let e2 = i64::from(cfg.escalation_days[2]);
    let inspectors = users::Entity::find()
        .filter(users::Column::Role.eq(Role::Inspector))
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Id)
        .all(db)
        .await?;
    let week = today.iso_week();
    let mut n = 0;
    for u in inspectors {
        let key = format!(
            "{}:u{}:{}-W{:02}",
            kind::DIGEST,
            u.id,
            week.year(),
            week.week()
        );
        if outbox_messages_has(db, &key).await? {
            continue;
        }
        let zone_ids: BTreeSet<i32> = user_zones::Entity::find()
            .filter(user_zones::Column::UserId.eq(u.id))
            .all(db)
            .await?
            .into_iter()
            .map(|z| z.zone_id)
            .collect();
        if zone_ids.is_empty() {
            continue;
        }
        let view = digest_view(db, &u, &zone_ids, today, e2).await?;
        let rendered = render::render(&cfg.templates, kind::DIGEST, &view)?;
        let mut mail = NewMail::new(kind::DIGEST, &u.email, rendered, now);
        mail.dedupe_key = Some(key);
        mail.to_name = Some(u.display_name.clone());
        if let outbox::Enqueued::Queued(_) = outbox::enqueue(db, mail).await? {
            n += 1;
        }
    }
    Ok(n)
}
