//! Builds the [`MinutesDoc`] of a meeting from its record (attendance, agenda and what the
//! secretary wrote, published directives and their actions) with a fixed number of queries.
//! The document never depends on who reads it.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::super::meeting_page::{self as detail, MeetingDetail, Named};
use super::super::{Ctx, actions as action_svc};
use super::attendees;
use crate::db::entities::{actions, attendances, directives, minutes};
use crate::documents::minutes::{
    ActionRow, DirectiveGroup, DirectiveLine, Item, MinutesDoc, Section, Signer,
};
use crate::domain::agenda::{AUTO_CERTIFY_PREVIOUS, AUTO_MATTERS_ARISING};
use crate::domain::calendar::{Digits, ThaiDate, apply_digits, time};
use crate::domain::minutes::{Certification, DEFAULT_OPENING, Notes};
use crate::domain::status::{DirectiveStatus, IssuerRole};
use crate::error::AppError;

/// "None", written explicitly where a part of the minutes is empty.
const NONE: &str = "\\- ไม่มี -";

/// The meeting's record and the document assembled from it.
pub struct Assembled {
    /// The meeting as its page shows it.
    pub detail: MeetingDetail,
    /// The document.
    pub doc: MinutesDoc,
}

/// Assembles the minutes of meeting `id` with the secretary's `notes` (which override the
/// notes stored on the agenda items, so an unsaved edit can be previewed).
pub async fn assemble<C: ConnectionTrait + Sync>(
    db: &C,
    ctx: &Ctx,
    id: i32,
    notes: Option<&Notes>,
    digits: Option<Digits>,
) -> Result<Assembled, AppError> {
    let sys = ctx.with_full_rights();
    let detail = detail::load(db, &sys, id).await?;
    let m = &detail.meeting;
    let digits = digits.unwrap_or(m.digit_style);
    let d = |s: &str| apply_digits(s, digits);
    let attendance = attendances::Entity::find()
        .filter(attendances::Column::MeetingId.eq(m.id))
        .order_by_asc(attendances::Column::Position)
        .order_by_asc(attendances::Column::Id)
        .all(db)
        .await?;
    let mut directive_rows = directives::Entity::find()
        .filter(directives::Column::MeetingId.eq(m.id))
        .filter(directives::Column::Status.eq(DirectiveStatus::Published))
        .order_by_asc(directives::Column::Number)
        .order_by_asc(directives::Column::Id)
        .all(db)
        .await?;
    directive_rows.sort_by_key(|x| (x.number, x.id));
    let action_rows = actions::Entity::find()
        .filter(actions::Column::MeetingId.eq(m.id))
        .filter(
            actions::Column::DirectiveId
                .is_in(directive_rows.iter().map(|x| x.id).collect::<Vec<_>>()),
        )
        .order_by_asc(actions::Column::Id)
        .all(db)
        .await?;
    let offices = action_svc::office_names(db, action_rows.iter().map(|a| a.office_id)).await?;
    let previous_certified = match &detail.agenda.previous {
        Some(p) => {
            minutes::Entity::find()
                .filter(minutes::Column::MeetingId.eq(p.id))
                .filter(minutes::Column::CertifiedByMeetingId.eq(m.id))
                .one(db)
                .await?
        }
        None => None,
    };
    let notes = match notes {
        Some(n) => n.clone(),
        None => {
            let row = super::super::lookup::minutes_row(db, m.id).await?;
            super::current_notes(db, row.as_ref(), &detail.agenda).await?
        }
    };

    let [present, absent, participants] = attendees::lists(&attendance, &detail, digits);
    let mut placement = Placement::of(&directive_rows, &detail, digits);
    let sections = sections(
        &detail,
        &notes,
        previous_certified.as_ref(),
        &placement,
        digits,
    );
    let actions = action_lines(&action_rows, &directive_rows, &offices, &placement, digits);
    let (when, venue) = when_and_where(&detail, digits);
    let start = m
        .start_time
        .or(detail.sessions.first().map(|s| s.starts_at));
    let end = m
        .end_time
        .or(detail.sessions.last().and_then(|s| s.ends_at));
    let signer = |n: &Option<Named>| Signer {
        name: n.as_ref().map(|n| n.name.clone()).unwrap_or_default(),
        position: n.as_ref().and_then(|n| n.title.clone()).unwrap_or_default(),
    };
    let doc = MinutesDoc {
        heading: heading(&m.title),
        number: detail.number.as_deref().map(&d).unwrap_or_default(),
        when,
        venue,
        present,
        absent,
        participants,
        start_time: start
            .map(|t| format!("{} น.", time(t, digits)))
            .unwrap_or_default(),
        chair: chair_line(&detail).unwrap_or_default(),
        opening_md: if notes.opening_md.trim().is_empty() {
            DEFAULT_OPENING.to_owned()
        } else {
            notes.opening_md.clone()
        },
        sections,
        directive_groups: placement.placed.remove(&None).unwrap_or_default(),
        actions,
        closing_md: notes.closing_md.clone(),
        end_time: end
            .map(|t| format!("{} น.", time(t, digits)))
            .unwrap_or_default(),
        taker: signer(&detail.minute_taker),
        checker: signer(&detail.minute_checker),
    };
    Ok(Assembled { detail, doc })
}

/// Directives under the agenda item where they were given (those without one, or whose item
/// is gone, in a closing section), grouped by issuer in order of first appearance and numbered
/// from 1 for each issuer in each place.
struct Placement {
    /// Agenda item numbers by item id (with the document's digits).
    item_numbers: BTreeMap<i32, String>,
    /// The groups of each place (`None`: the closing section).
    placed: BTreeMap<Option<i32>, Vec<DirectiveGroup>>,
    /// Each directive's place, issuer heading and number.
    number_of: BTreeMap<i32, (Option<i32>, String, String)>,
}

impl Placement {
    fn of(directive_rows: &[directives::Model], detail: &MeetingDetail, digits: Digits) -> Self {
        let d = |s: &str| apply_digits(s, digits);
        let item_numbers: BTreeMap<i32, String> = detail
            .agenda
            .sections
            .iter()
            .flat_map(|s| s.items.iter().map(|i| (i.id, d(&i.number))))
            .collect();
        let mut placed: BTreeMap<Option<i32>, Vec<DirectiveGroup>> = BTreeMap::new();
        let mut number_of = BTreeMap::new();
        for x in directive_rows {
            let issuer = issuer_heading(x.issuer_role, x.issuer_name_as_printed.as_deref());
            let place = x.agenda_item_id.filter(|i| item_numbers.contains_key(i));
            let groups = placed.entry(place).or_default();
            let k = match groups.iter().position(|g| g.issuer == issuer) {
                Some(k) => k,
                None => {
                    groups.push(DirectiveGroup {
                        issuer: issuer.clone(),
                        directives: Vec::new(),
                    });
                    groups.len() - 1
                }
            };
            let number = d(&(groups[k].directives.len() + 1).to_string());
            number_of.insert(x.id, (place, issuer, number.clone()));
            groups[k].directives.push(DirectiveLine {
                number,
                text_md: x.text_md.clone(),
            });
        }
        Self {
            item_numbers,
            placed,
            number_of,
        }
    }

    /// How an action names its directive: `4.1 ข้อ 1`, with the issuer where several gave
    /// points.
    fn reference(&self, id: i32) -> String {
        let Some((place, issuer, number)) = self.number_of.get(&id) else {
            return String::new();
        };
        let several = self.placed.get(place).is_some_and(|g| g.len() > 1);
        let mut r = match place.and_then(|p| self.item_numbers.get(&p)) {
            Some(item) => format!("{item} ข้อ {number}"),
            None => format!("ข้อ {number}"),
        };
        if several {
            r.push_str(&format!(" ({issuer})"));
        }
        r
    }
}

/// The agenda with the secretary's words, the generated texts and the directives placed there.
fn sections(
    detail: &MeetingDetail,
    notes: &Notes,
    previous_certified: Option<&minutes::Model>,
    placement: &Placement,
    digits: Digits,
) -> Vec<Section> {
    let d = |s: &str| apply_digits(s, digits);
    let mut sections = Vec::new();
    for s in &detail.agenda.sections {
        let mut items = Vec::new();
        for i in &s.items {
            let written = notes.items.get(&i.id).cloned().unwrap_or_default();
            let generated_md = match i.auto_kind {
                Some(AUTO_CERTIFY_PREVIOUS) => {
                    certify_previous_text(detail, previous_certified, digits)
                }
                Some(AUTO_MATTERS_ARISING) => matters_text(detail, digits),
                _ => String::new(),
            };
            let presenter = match (&i.presenter_name, &i.presenter_office) {
                (Some(n), Some(o)) => format!("{n} {o}"),
                (Some(n), None) => n.clone(),
                (None, Some(o)) => o.clone(),
                (None, None) => String::new(),
            };
            let generated_md = if generated_md == NONE && !written.notes_md.trim().is_empty() {
                String::new()
            } else {
                generated_md
            };
            let directives = placement
                .placed
                .get(&Some(i.id))
                .cloned()
                .unwrap_or_default();
            // An automatic item with nothing to say (certification with no previous meeting,
            // no matters arising) is left out: the section then reads "- ไม่มี -" once.
            let empty = i.auto_kind.is_some()
                && generated_md == NONE
                && written.notes_md.trim().is_empty()
                && written.resolution_md.trim().is_empty()
                && directives.is_empty();
            if empty {
                continue;
            }
            items.push(Item {
                number: d(&i.number),
                title: i.title.clone(),
                presenter,
                notes_md: written.notes_md,
                generated_md,
                resolution_md: written.resolution_md,
                directives,
            });
        }
        // Section titles are often stored with their label ("ระเบียบวาระที่ 1 เรื่อง…").
        let (label, title) = match s.title.strip_prefix("ระเบียบวาระที่")
        {
            Some(rest) => {
                let rest = rest.trim_start();
                let cut = rest.find(char::is_whitespace).unwrap_or(rest.len());
                (
                    d(&format!("ระเบียบวาระที่ {}", &rest[..cut])),
                    rest[cut..].trim().to_owned(),
                )
            }
            None => (d(&format!("ระเบียบวาระที่ {}", s.number)), s.title.clone()),
        };
        sections.push(Section {
            label,
            title,
            items,
            body_md: String::new(),
        });
    }
    sections
}

/// The table of actions, in the order of their directives.
fn action_lines(
    action_rows: &[actions::Model],
    directive_rows: &[directives::Model],
    offices: &HashMap<i32, String>,
    placement: &Placement,
    digits: Digits,
) -> Vec<ActionRow> {
    let mut ordered: Vec<&actions::Model> = action_rows.iter().collect();
    ordered.sort_by_key(|a| {
        (
            directive_rows
                .iter()
                .position(|x| x.id == a.directive_id)
                .unwrap_or(usize::MAX),
            a.id,
        )
    });
    ordered
        .into_iter()
        .enumerate()
        .map(|(i, a)| ActionRow {
            no: apply_digits(&(i + 1).to_string(), digits),
            title: a.title.clone(),
            directive: placement.reference(a.directive_id),
            office: offices.get(&a.office_id).cloned().unwrap_or_default(),
            due: a
                .due_on
                .map_or_else(|| "-".to_owned(), |x| ThaiDate(x).date_long(digits)),
        })
        .collect()
}

/// When (the date and the start time) and where (the room, online, the remote sites).
fn when_and_where(detail: &MeetingDetail, digits: Digits) -> (String, String) {
    let m = &detail.meeting;
    let start = m
        .start_time
        .or(detail.sessions.first().map(|s| s.starts_at));
    let mut when = ThaiDate(m.meeting_date).long(digits);
    if let Some(t) = start {
        when.push_str(&format!(" เวลา {} น.", time(t, digits)));
    }
    let mut venue = detail.venue.clone().unwrap_or_default();
    if let Some(p) = m
        .online_platform
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        if venue.is_empty() {
            venue = format!("ระบบประชุมออนไลน์ {p}");
        } else {
            venue.push_str(&format!(" และผ่านระบบ {p}"));
        }
    }
    if !detail.remote_sites.is_empty() {
        venue.push_str(&format!(" (จุดเชื่อมต่อ: {})", detail.remote_sites.join(", ")));
    }
    (when, venue)
}

/// "… เป็นประธานในที่ประชุม (แทน …)", the chair's name first.
fn chair_line(detail: &MeetingDetail) -> Option<String> {
    detail.chair.as_ref().map(|c| {
        let mut s = format!("{} เป็นประธานในที่ประชุม", c.title.clone().unwrap_or_default());
        if let Some(Named { title: Some(t), .. }) = &detail.delegated_by {
            s = format!("{s} แทน{t}");
        }
        // The name's own spaces are no-break: a line never splits it (see `pdf::markdown`).
        let name = c.name.split_whitespace().collect::<Vec<_>>().join("\u{a0}");
        let rest = s.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{name} {rest}")
    })
}

/// The heading of an issuer's points: the role with the printed name in brackets, or the printed
/// name alone when it already says the role (`ผู้ตรวจราชการกระทรวงมหาดไทย`, not
/// `ผู้ตรวจราชการ (ผู้ตรวจราชการกระทรวงมหาดไทย)`).
fn issuer_heading(role: IssuerRole, printed: Option<&str>) -> String {
    let role = role.label_th().to_owned();
    match printed.map(str::trim) {
        Some(n) if !n.is_empty() && (role.is_empty() || n.contains(role.as_str())) => n.to_owned(),
        Some(n) if !n.is_empty() => format!("{role} ({n})"),
        _ => role,
    }
}

/// `รายงานการประชุม…` from the meeting's title (which may itself start with "ประชุม").
pub fn heading(title: &str) -> String {
    let t = title.trim();
    let rest = t
        .strip_prefix("รายงานการประชุม")
        .or_else(|| t.strip_prefix("การประชุม"))
        .or_else(|| t.strip_prefix("ประชุม"))
        .unwrap_or(t);
    format!("รายงานการประชุม{}", rest.trim_start())
}

fn certify_previous_text(
    detail: &MeetingDetail,
    certified: Option<&minutes::Model>,
    digits: Digits,
) -> String {
    let Some(p) = &detail.agenda.previous else {
        return NONE.to_owned();
    };
    let which = match &p.number {
        Some(n) => format!("ครั้งที่ {} ", apply_digits(n, digits)),
        None => String::new(),
    };
    let what = format!("รายงานการประชุม{which}เมื่อ{}", p.date_th);
    match certified {
        Some(c) if c.certification_method == Some(Certification::NextMeeting) => {
            match c.corrections_md.as_deref().map(str::trim) {
                Some(fix) if !fix.is_empty() => {
                    format!("ที่ประชุมรับรอง{what} โดยมีการแก้ไข ดังนี้\n\n{fix}")
                }
                _ => format!("ที่ประชุมรับรอง{what} โดยไม่มีการแก้ไข"),
            }
        }
        _ => format!("เสนอที่ประชุมพิจารณารับรอง{what}"),
    }
}

fn matters_text(detail: &MeetingDetail, digits: Digits) -> String {
    let d = |s: &str| apply_digits(s, digits);
    let esc = crate::domain::markdown::escape_inline;
    if detail.agenda.matters.is_empty() {
        return NONE.to_owned();
    }
    let mut s = String::from(
        "| ที่ | เรื่อง | หน่วยงาน | จากการประชุม | สถานะ | ความก้าวหน้า |\n| ---: | --- | --- | --- | --- | ---: |\n",
    );
    for (i, a) in detail.agenda.matters.iter().enumerate() {
        let from = match &a.meeting_number {
            Some(n) => format!("ครั้งที่ {}", d(n)),
            None => d(&a.meeting_date_th),
        };
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            d(&(i + 1).to_string()),
            esc(&a.title),
            esc(&a.office),
            esc(&from),
            esc(&a.status_th),
            d(&format!("ร้อยละ {}", a.progress)),
        ));
    }
    s
}
