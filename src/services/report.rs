//! The zone report of an inspection round, within the caller's scope: a provincial office
//! sees its own province's part only, an inspector their zones, an administrator everything.
//! A fixed number of queries whatever the size of the round.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{Ctx, actions as action_svc, meetings as svc_meetings, rounds, scope};
use crate::db::entities::{actions, directives, meetings, provinces};
use crate::documents::report::{
    CountRow, DirectiveItem, IssueDirectives, MeetingLine, ProvinceMeetings, ReportDoc,
};
use crate::documents::{Document, Documents};
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::collate::sort_thai_by;
use crate::domain::status::{ActionStatus, DirectiveStatus};
use crate::error::AppError;

/// Builds the report of round `id` as of `ctx.today`.
pub async fn build<C: ConnectionTrait>(db: &C, ctx: &Ctx, id: i32) -> Result<ReportDoc, AppError> {
    let data = RoundData::load(db, ctx, id).await?;
    let round = &data.round;
    let statuses = ActionStatus::ALL;
    let mut status_heads: Vec<String> = statuses.iter().map(|s| s.label_th().to_owned()).collect();
    status_heads.push("เกินกำหนด".to_owned());
    status_heads.push("รวม".to_owned());
    let (by_province, by_office) = data.action_counts(ctx);
    Ok(ReportDoc {
        heading: format!("รายงานผลการตรวจราชการ {}", round.label),
        round: format!(
            "{} ปีงบประมาณ พ.ศ. {}",
            round.organisation_th, round.fiscal_year
        ),
        zones: round
            .zones
            .iter()
            .map(|z| z.name_th.clone())
            .collect::<Vec<_>>()
            .join(", "),
        period: match (&round.starts_th, &round.ends_th) {
            (Some(a), Some(b)) => format!("ระหว่างวันที่ {a} ถึง {b}"),
            _ => String::new(),
        },
        as_of: format!("ข้อมูล ณ {}", ThaiDate(ctx.today).official(Digits::Arabic)),
        inspectors: round
            .inspectors
            .iter()
            .map(|i| {
                format!("{} {}", i.name, i.title_as_printed)
                    .trim()
                    .to_owned()
            })
            .collect(),
        provinces: data.meetings_by_province(),
        issues: data.directives_by_issue(),
        status_heads,
        by_province,
        by_office,
    })
}

/// What the report counts: the round, its meetings within scope, their published directives
/// and their actions, with the names of provinces and offices.
struct RoundData {
    round: rounds::RoundView,
    meetings: Vec<meetings::Model>,
    directives: Vec<directives::Model>,
    actions: Vec<actions::Model>,
    province_names: BTreeMap<i32, String>,
    offices: HashMap<i32, String>,
}

impl RoundData {
    async fn load<C: ConnectionTrait>(db: &C, ctx: &Ctx, id: i32) -> Result<Self, AppError> {
        let round = rounds::get(db, ctx, id).await?;
        let ms = meetings::Entity::find()
            .filter(meetings::Column::RoundId.eq(id))
            .filter(scope::meetings(&ctx.actor.scope))
            .order_by_asc(meetings::Column::MeetingDate)
            .order_by_asc(meetings::Column::Id)
            .all(db)
            .await?;
        // The round's meetings within scope, as a subquery: a zone-year holds some 1,200
        // meetings and 48,000 actions, more than SQLite takes as bound values in one statement.
        let round_meetings = sea_orm::sea_query::Query::select()
            .column(meetings::Column::Id)
            .from(meetings::Entity)
            .and_where(meetings::Column::RoundId.eq(id))
            .cond_where(scope::meetings(&ctx.actor.scope))
            .to_owned();
        let ds = directives::Entity::find()
            .filter(directives::Column::MeetingId.in_subquery(round_meetings.clone()))
            .filter(directives::Column::Status.eq(DirectiveStatus::Published))
            .order_by_asc(directives::Column::MeetingId)
            .order_by_asc(directives::Column::Number)
            .all(db)
            .await?;
        let acts = actions::Entity::find()
            .filter(actions::Column::MeetingId.in_subquery(round_meetings))
            .filter(scope::actions(&ctx.actor.scope))
            .all(db)
            .await?;
        let province_names: BTreeMap<i32, String> = provinces::Entity::find()
            .filter(
                provinces::Column::Id.is_in(
                    ms.iter()
                        .filter_map(|m| m.host_province_id)
                        .chain(acts.iter().filter_map(|a| a.province_id))
                        .collect::<std::collections::BTreeSet<_>>(),
                ),
            )
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name_th))
            .collect();
        let offices = action_svc::office_names(db, acts.iter().map(|a| a.office_id)).await?;
        Ok(Self {
            round,
            meetings: ms,
            directives: ds,
            actions: acts,
            province_names,
            offices,
        })
    }

    /// `จังหวัด…` (Bangkok as itself), or the zone level for none.
    fn province(&self, p: Option<i32>) -> String {
        match p.and_then(|p| self.province_names.get(&p)) {
            Some(n) if n == "กรุงเทพมหานคร" => n.clone(),
            Some(n) => format!("จังหวัด{n}"),
            None => "ระดับเขต".to_owned(),
        }
    }

    /// 1. Meetings per province (Thai order), each with its counts.
    fn meetings_by_province(&self) -> Vec<ProvinceMeetings> {
        let mut per_meeting: BTreeMap<i32, (usize, usize)> = BTreeMap::new();
        for d in &self.directives {
            per_meeting.entry(d.meeting_id).or_default().0 += 1;
        }
        for a in &self.actions {
            per_meeting.entry(a.meeting_id).or_default().1 += 1;
        }
        let mut by_province: BTreeMap<String, Vec<&meetings::Model>> = BTreeMap::new();
        for m in &self.meetings {
            by_province
                .entry(self.province(m.host_province_id))
                .or_default()
                .push(m);
        }
        let mut out: Vec<ProvinceMeetings> = by_province
            .into_iter()
            .map(|(name, list)| ProvinceMeetings {
                province: name,
                meetings: list
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let (nd, na) = per_meeting.get(&m.id).copied().unwrap_or_default();
                        MeetingLine {
                            no: (i + 1).to_string(),
                            date: ThaiDate(m.meeting_date).short(Digits::Arabic),
                            number: svc_meetings::number_of(m)
                                .map(|n| format!("ครั้งที่ {n}"))
                                .unwrap_or_default(),
                            title: m.title.clone(),
                            status: m.status.label_th().to_owned(),
                            directives: nd.to_string(),
                            actions: na.to_string(),
                        }
                    })
                    .collect(),
            })
            .collect();
        sort_thai_by(&mut out, |p| &p.province);
        out
    }

    /// 2. Directives by issue, in the round's issue order; those without an issue last.
    fn directives_by_issue(&self) -> Vec<IssueDirectives> {
        let round = &self.round;
        let meeting_of: BTreeMap<i32, &meetings::Model> =
            self.meetings.iter().map(|m| (m.id, m)).collect();
        let mut issues: Vec<IssueDirectives> = round
            .issues
            .iter()
            .map(|i| IssueDirectives {
                issue: i.title.clone(),
                directives: vec![],
            })
            .collect();
        let mut other = IssueDirectives {
            issue: "ข้อสั่งการอื่น ๆ".to_owned(),
            directives: vec![],
        };
        for d in &self.directives {
            let Some(m) = meeting_of.get(&d.meeting_id) else {
                continue;
            };
            let item = DirectiveItem {
                province: self.province(m.host_province_id),
                meeting: match svc_meetings::number_of(m) {
                    Some(n) => format!(
                        "ครั้งที่ {n} ({})",
                        ThaiDate(m.meeting_date).short(Digits::Arabic)
                    ),
                    None => ThaiDate(m.meeting_date).short(Digits::Arabic),
                },
                issuer: d.issuer_role.label_th().to_owned(),
                text_md: d.text_md.clone(),
            };
            match d
                .issue_id
                .and_then(|i| round.issues.iter().position(|x| x.id == i))
            {
                Some(k) => issues[k].directives.push(item),
                None => other.directives.push(item),
            }
        }
        issues.retain(|i| !i.directives.is_empty());
        if !other.directives.is_empty() {
            issues.push(other);
        }
        issues
    }

    /// 3–4. Action status counts per province (with the grand total) and per office.
    fn action_counts(&self, ctx: &Ctx) -> (Vec<CountRow>, Vec<CountRow>) {
        let statuses = ActionStatus::ALL;
        let count_rows = |keyed: BTreeMap<String, Vec<&actions::Model>>| -> Vec<CountRow> {
            let mut rows: Vec<CountRow> = keyed
                .into_iter()
                .map(|(name, list)| CountRow {
                    counts: counts(&list, statuses, ctx),
                    name,
                })
                .collect();
            sort_thai_by(&mut rows, |r| &r.name);
            rows
        };
        let mut per_province: BTreeMap<String, Vec<&actions::Model>> = BTreeMap::new();
        let mut per_office: BTreeMap<String, Vec<&actions::Model>> = BTreeMap::new();
        for a in &self.actions {
            per_province
                .entry(self.province(a.province_id))
                .or_default()
                .push(a);
            let office = self.offices.get(&a.office_id).cloned().unwrap_or_default();
            per_office.entry(office).or_default().push(a);
        }
        let mut by_province = count_rows(per_province);
        by_province.push(CountRow {
            name: "รวมทั้งสิ้น".to_owned(),
            counts: counts(&self.actions.iter().collect::<Vec<_>>(), statuses, ctx),
        });
        (by_province, count_rows(per_office))
    }
}

fn counts(list: &[&actions::Model], statuses: &[ActionStatus], ctx: &Ctx) -> Vec<String> {
    let mut out: Vec<String> = statuses
        .iter()
        .map(|s| list.iter().filter(|a| a.status == *s).count().to_string())
        .collect();
    let overdue = list
        .iter()
        .filter(|a| a.status.is_overdue(a.due_on, ctx.today))
        .count();
    out.push(overdue.to_string());
    out.push(list.len().to_string());
    out
}

/// The zone report of a round, as a [`Document`].
pub async fn document<C: ConnectionTrait>(
    db: &C,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
) -> Result<Document, AppError> {
    let doc = build(db, ctx, id).await?;
    Ok(Document {
        title: doc.heading.clone(),
        stem: format!("zone-report-{id}"),
        markdown: doc.markdown(docs)?,
        footer: None,
        thai_digits: false,
        archival: false,
        draft: false,
    })
}
