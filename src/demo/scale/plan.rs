//! The province-year as plain data, decided before anything is written: which meetings happen
//! when, their status, agenda, attendance, directives, actions and progress reports. Pure and
//! deterministic (a fixed seed), so every load produces the same data set with exact totals.
//!
//! Longer than 500 lines on purpose: the whole province-year is planned together (meetings,
//! agenda, attendance, directives, actions, reports) so that its totals are exact; pure, with its
//! tests at the end.

use chrono::{Duration, NaiveDate, Weekday};

use super::texts::{ANNOUNCEMENTS, DISTRICTS, OTHER_BUSINESS, SERIES, SeriesSpec, THEMES};
use crate::domain::agenda::{AUTO_CERTIFY_PREVIOUS, AUTO_MATTERS_ARISING, AgendaItemKind};
use crate::domain::fiscal::FiscalYear;
use crate::domain::recurrence::MonthlyNthWeekday;
use crate::domain::status::{
    ActionStatus, AttendanceStatus, MeetingKind, MeetingStatus, UpdateChannel,
};

/// The fiscal year the data set covers (1 Oct 2025 – 30 Sep 2026).
pub const FISCAL_YEAR: FiscalYear = FiscalYear(2569);
/// Meetings generated.
pub const MEETINGS: usize = 300;
/// Actions generated.
pub const ACTIONS: usize = 12_000;
/// Series of the big meeting (the integrated inspection meetings).
pub const BIG_SERIES: usize = 0;
/// Number of the big meeting in its series (March 2026).
pub const BIG_NUMBER: i32 = 6;
/// Agenda items of the big meeting.
pub const BIG_ITEMS: usize = 60;
/// Attendance rows of the big meeting.
pub const BIG_ATTENDANCES: usize = 45;
/// Directives of the big meeting.
pub const BIG_DIRECTIVES: usize = 30;
/// Actions per directive of the big meeting (90 in all).
pub const BIG_ACTIONS_PER_DIRECTIVE: usize = 3;

/// Seed of Sisaket's fiscal year 2569 (the province-year; the national set reuses it there).
pub const SEED: u64 = 0x5153_4b33_2569;
/// Days between a meeting and an action's due date.
const DUE_AFTER_DAYS: [i64; 9] = [7, 15, 30, 30, 45, 60, 90, 120, 180];
/// Parents of the big meeting's section 4 and the sub-items under each.
const BIG_PARENTS: usize = 7;
const BIG_CHILDREN: usize = 5;

/// The day the data set pictures: mid-August 2569, six weeks before the fiscal year ends.
/// Meetings after it are still planned; actions due before it are mostly done.
pub fn as_of() -> NaiveDate {
    FISCAL_YEAR.end() - Duration::days(47)
}

/// A small deterministic generator (SplitMix64), enough for shuffling demo data.
pub struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// `true` with the given probability in percent.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Shares `total` out in proportion to `weights` (largest remainder), so the parts add up
/// exactly. All parts are 0 if every weight is 0.
pub fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let total = total as u64;
    let mut parts: Vec<usize> = weights.iter().map(|w| (total * w / sum) as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(total * weights[i] % sum), i));
    let missing = total as usize - parts.iter().sum::<usize>();
    for &i in order.iter().take(missing) {
        parts[i] += 1;
    }
    parts
}

/// Everything the generator writes.
pub struct ProvinceYear {
    /// The meetings, series by series in date order.
    pub meetings: Vec<MeetingPlan>,
}

impl ProvinceYear {
    /// Actions over all meetings.
    pub fn action_count(&self) -> usize {
        self.meetings.iter().map(MeetingPlan::action_count).sum()
    }
}

/// One meeting.
pub struct MeetingPlan {
    /// Fiscal year of its number (`ครั้งที่ n/2569`).
    pub fiscal_year: FiscalYear,
    /// Index into [`SERIES`].
    pub series: usize,
    /// Number within the series and fiscal year (`ครั้งที่ n/2569`).
    pub number: i32,
    /// Date.
    pub date: NaiveDate,
    /// Status as of [`as_of`].
    pub status: MeetingStatus,
    /// Whether this is the one big meeting.
    pub big: bool,
    /// Index into the room pool.
    pub room: usize,
    /// Also held online.
    pub online: bool,
    /// Agenda items over the five customary sections.
    pub items: Vec<ItemPlan>,
    /// Attendance rows.
    pub attendance: Vec<AttendancePlan>,
    /// Directives, numbered from 1.
    pub directives: Vec<DirectivePlan>,
}

impl MeetingPlan {
    /// The series this meeting belongs to.
    pub fn spec(&self) -> &'static SeriesSpec {
        &SERIES[self.series]
    }

    /// Actions over all directives.
    pub fn action_count(&self) -> usize {
        self.directives.iter().map(|d| d.actions.len()).sum()
    }
}

/// One agenda item.
pub struct ItemPlan {
    /// Section index `0..5` in the customary order.
    pub section: usize,
    /// Position among its siblings, from 1.
    pub position: i32,
    /// Index of the parent item in the meeting's item list.
    pub parent: Option<usize>,
    /// Self-filling kind (certify previous minutes, matters arising).
    pub auto_kind: Option<AgendaItemKind>,
    /// Title.
    pub title: String,
    /// Index of the presenting office.
    pub presenter: Option<usize>,
    /// `(theme, topic)` in [`THEMES`] when the item discusses a topic.
    pub topic: Option<(usize, usize)>,
}

/// One attendance row.
pub struct AttendancePlan {
    /// Index of the office.
    pub office: usize,
    /// How the head attended.
    pub status: AttendanceStatus,
    /// Index into the staff-name, position and absence-reason pools.
    pub staff: usize,
}

/// One directive.
pub struct DirectivePlan {
    /// Number within the meeting, from 1.
    pub number: i32,
    /// Index of the agenda item it was issued under.
    pub item: Option<usize>,
    /// `(theme, topic)` in [`THEMES`].
    pub topic: (usize, usize),
    /// Published (visible to agencies) or still a draft.
    pub published: bool,
    /// One action per responsible office (distinct offices).
    pub actions: Vec<ActionPlan>,
}

/// One office's action.
pub struct ActionPlan {
    /// Index of the office.
    pub office: usize,
    /// Due date.
    pub due_on: Option<NaiveDate>,
    /// Status as of [`as_of`].
    pub status: ActionStatus,
    /// Progress in percent.
    pub progress: i32,
    /// When it was finished.
    pub closed_on: Option<NaiveDate>,
    /// Progress reports, oldest first.
    pub updates: Vec<UpdatePlan>,
}

/// One progress report.
pub struct UpdatePlan {
    /// Date sent.
    pub on: NaiveDate,
    /// Progress reported.
    pub progress: i32,
    /// Status after the report.
    pub status_after: ActionStatus,
    /// How it arrived.
    pub channel: UpdateChannel,
    /// Reviewed and accepted (otherwise pending review).
    pub accepted: bool,
    /// Index into the update-text pool.
    pub text: usize,
}

/// Plans the whole province-year (Sisaket, [`FISCAL_YEAR`], [`SEED`]) for a province with
/// `offices` agency offices.
pub fn province_year(offices: usize) -> anyhow::Result<ProvinceYear> {
    province_year_in(offices, FISCAL_YEAR, SEED)
}

/// Plans one province-year of fiscal year `fiscal_year` from `seed`, at the same density.
pub fn province_year_in(
    offices: usize,
    fiscal_year: FiscalYear,
    seed: u64,
) -> anyhow::Result<ProvinceYear> {
    anyhow::ensure!(
        offices >= BIG_ATTENDANCES,
        "the province has {offices} agency offices; the big meeting needs {BIG_ATTENDANCES}"
    );
    let mut rng = Rng::new(seed);
    let mut meetings = schedule(&mut rng, fiscal_year)?;
    let quotas = action_quotas(&meetings, &mut rng);
    for (m, quota) in meetings.iter_mut().zip(quotas) {
        if m.big {
            fill_big(m, &mut rng);
        } else {
            fill_regular(m, quota, offices, &mut rng)?;
        }
    }
    let plan = ProvinceYear { meetings };
    anyhow::ensure!(
        plan.meetings.len() == MEETINGS && plan.action_count() == ACTIONS,
        "planned {} meetings and {} actions",
        plan.meetings.len(),
        plan.action_count()
    );
    Ok(plan)
}

/// Dates, numbers and statuses of every meeting of every series.
fn schedule(rng: &mut Rng, fiscal_year: FiscalYear) -> anyhow::Result<Vec<MeetingPlan>> {
    let mut meetings = Vec::with_capacity(MEETINGS);
    for (s, spec) in SERIES.iter().enumerate() {
        for (i, date) in series_dates(s, spec, fiscal_year)?.into_iter().enumerate() {
            let number = i32::try_from(i + 1)?;
            let big = s == BIG_SERIES && number == BIG_NUMBER;
            meetings.push(MeetingPlan {
                fiscal_year,
                series: s,
                number,
                date,
                status: meeting_status(date, big, rng),
                big,
                room: rng.below(4),
                online: spec.kind == MeetingKind::QuarterlyWorkshop || rng.chance(20),
                items: Vec::new(),
                attendance: Vec::new(),
                directives: Vec::new(),
            });
        }
    }
    Ok(meetings)
}

/// The meeting dates of one series within the fiscal year.
fn series_dates(
    index: usize,
    spec: &SeriesSpec,
    fiscal_year: FiscalYear,
) -> anyhow::Result<Vec<NaiveDate>> {
    let (start, end) = (fiscal_year.start(), fiscal_year.end());
    let dates = match spec.monthly {
        Some((nth, weekday)) => MonthlyNthWeekday { nth, weekday }.occurrences(start, end),
        None => spread(start, end, spec.count, index as i64 % 3 - 1),
    };
    anyhow::ensure!(
        dates.len() == spec.count,
        "series «{}» has {} dates, expected {}",
        spec.name,
        dates.len(),
        spec.count
    );
    Ok(dates)
}

/// `count` working days spread evenly over `start..=end`, nudged by `shift` days.
fn spread(start: NaiveDate, end: NaiveDate, count: usize, shift: i64) -> Vec<NaiveDate> {
    let span = (end - start).num_days() + 1;
    let count = count as i64;
    (0..count)
        .map(|i| {
            let day = start + Duration::days((2 * i + 1) * span / (2 * count) + shift);
            let day = match chrono::Datelike::weekday(&day) {
                Weekday::Sat => day - Duration::days(1),
                Weekday::Sun => day + Duration::days(1),
                _ => day,
            };
            day.clamp(start, end)
        })
        .collect()
}

/// Status as of [`as_of`]: later meetings are planned or invited; earlier ones move through
/// the minutes life cycle with age; a few were cancelled. The big meeting is certified.
fn meeting_status(date: NaiveDate, big: bool, rng: &mut Rng) -> MeetingStatus {
    let as_of = as_of();
    if big {
        return MeetingStatus::Certified;
    }
    if date > as_of {
        return if (date - as_of).num_days() <= 14 {
            MeetingStatus::Invited
        } else {
            MeetingStatus::Planned
        };
    }
    if rng.chance(3) {
        return MeetingStatus::Cancelled;
    }
    match (as_of - date).num_days() {
        0..=13 => MeetingStatus::Held,
        14..=27 => MeetingStatus::MinutesDraft,
        28..=41 => MeetingStatus::Circulated,
        _ if rng.chance(25) => MeetingStatus::Published,
        _ => MeetingStatus::Certified,
    }
}

/// Whether a meeting in this status took place (and so has attendance and directives).
pub fn took_place(status: MeetingStatus) -> bool {
    matches!(
        status,
        MeetingStatus::Held
            | MeetingStatus::MinutesDraft
            | MeetingStatus::Circulated
            | MeetingStatus::Certified
            | MeetingStatus::Published
    )
}

/// Actions per meeting: the big meeting's fixed share, the rest shared out over the meetings
/// that took place, weighted by series and a little chance.
fn action_quotas(meetings: &[MeetingPlan], rng: &mut Rng) -> Vec<usize> {
    let weights: Vec<u64> = meetings
        .iter()
        .map(|m| {
            let jitter = rng.range(70, 130) as u64;
            if m.big || !took_place(m.status) {
                0
            } else {
                m.spec().action_weight * jitter
            }
        })
        .collect();
    let big_actions = BIG_DIRECTIVES * BIG_ACTIONS_PER_DIRECTIVE;
    apportion(ACTIONS - big_actions, &weights)
        .into_iter()
        .zip(meetings)
        .map(|(n, m)| if m.big { big_actions } else { n })
        .collect()
}

/// The two self-filling items (sections 2 and 3) every agenda starts with.
fn auto_items(number: i32, fiscal_year: FiscalYear) -> [ItemPlan; 2] {
    let certify = if number > 1 {
        format!("รับรองรายงานการประชุมครั้งที่ {}/{}", number - 1, fiscal_year.0)
    } else {
        "รับรองรายงานการประชุมครั้งที่ผ่านมา".to_owned()
    };
    let arising = "การติดตามข้อสั่งการและการดำเนินการที่ค้างจากการประชุมครั้งก่อน".to_owned();
    [
        ItemPlan {
            auto_kind: Some(AUTO_CERTIFY_PREVIOUS),
            ..item(1, 1, None, certify, None, None)
        },
        ItemPlan {
            auto_kind: Some(AUTO_MATTERS_ARISING),
            ..item(2, 1, None, arising, None, None)
        },
    ]
}

/// Shorthand for a plain agenda item.
fn item(
    section: usize,
    position: usize,
    parent: Option<usize>,
    title: String,
    presenter: Option<usize>,
    topic: Option<(usize, usize)>,
) -> ItemPlan {
    ItemPlan {
        section,
        position: i32::try_from(position).unwrap_or(i32::MAX),
        parent,
        auto_kind: None,
        title,
        presenter,
        topic,
    }
}

/// A regular meeting: a short agenda and, if it took place, attendance and `quota` actions.
fn fill_regular(
    m: &mut MeetingPlan,
    quota: usize,
    offices: usize,
    rng: &mut Rng,
) -> anyhow::Result<()> {
    if rng.chance(70) {
        let title = ANNOUNCEMENTS[rng.below(ANNOUNCEMENTS.len())].to_owned();
        m.items.push(item(0, 1, None, title, None, None));
    }
    m.items.extend(auto_items(m.number, m.fiscal_year));
    let first_topic = m.items.len();
    let themes = m.spec().themes;
    for position in 1..=rng.range(2, 5) {
        let topic = (themes[rng.below(themes.len())], rng.below(3));
        let title = THEMES[topic.0][topic.1].item.to_owned();
        let presenter = Some(rng.below(offices));
        m.items
            .push(item(3, position, None, title, presenter, Some(topic)));
    }
    let topic_items: Vec<usize> = (first_topic..m.items.len()).collect();
    if rng.chance(40) {
        let title = OTHER_BUSINESS[rng.below(OTHER_BUSINESS.len())].to_owned();
        m.items.push(item(4, 1, None, title, None, None));
    }
    if !took_place(m.status) {
        return Ok(());
    }
    let count = rng.range(12, 30).min(offices);
    let start = rng.below(offices);
    m.attendance = (0..count)
        .map(|j| AttendancePlan {
            office: (start + j) % offices,
            status: regular_attendance(rng),
            staff: rng.below(8),
        })
        .collect();
    regular_directives(m, quota, offices, &topic_items, rng)
}

/// Mostly present, some online, represented or acting, a few absent.
fn regular_attendance(rng: &mut Rng) -> AttendanceStatus {
    match rng.below(100) {
        0..62 => AttendanceStatus::Present,
        62..72 => AttendanceStatus::Online,
        72..84 => AttendanceStatus::Represented,
        84..89 => AttendanceStatus::Acting,
        _ => AttendanceStatus::Absent,
    }
}

/// `quota` actions over 4–12 published directives (one per topic item in turn); a meeting
/// whose minutes are not yet drafted also has one draft directive without actions.
fn regular_directives(
    m: &mut MeetingPlan,
    quota: usize,
    offices: usize,
    topic_items: &[usize],
    rng: &mut Rng,
) -> anyhow::Result<()> {
    if quota == 0 {
        return Ok(());
    }
    let count = rng.range(4, 12).max(quota.div_ceil(12)).min(quota);
    let weights: Vec<u64> = (0..count).map(|_| rng.range(1, 3) as u64).collect();
    let sizes = apportion(quota - count, &weights);
    for (d, extra) in sizes.into_iter().enumerate() {
        let size = extra + 1;
        anyhow::ensure!(size <= offices, "directive needs {size} distinct offices");
        let item = topic_items[d % topic_items.len()];
        let topic = m.items[item].topic.unwrap_or((0, 0));
        let start = rng.below(offices);
        let actions = (0..size)
            .map(|j| action((start + j) % offices, m.date, rng))
            .collect();
        m.directives
            .push(directive(d, Some(item), topic, true, actions)?);
    }
    if m.status == MeetingStatus::Held {
        let item = topic_items[0];
        let topic = m.items[item].topic.unwrap_or((0, 0));
        m.directives
            .push(directive(count, Some(item), topic, false, Vec::new())?);
    }
    Ok(())
}

/// Directive number `index + 1`.
fn directive(
    index: usize,
    item: Option<usize>,
    topic: (usize, usize),
    published: bool,
    actions: Vec<ActionPlan>,
) -> anyhow::Result<DirectivePlan> {
    Ok(DirectivePlan {
        number: i32::try_from(index + 1)?,
        item,
        topic,
        published,
        actions,
    })
}

/// The big meeting: 60 agenda items (section 4 reports district by district in sub-items),
/// every office in attendance, 30 directives with three offices each.
fn fill_big(m: &mut MeetingPlan, rng: &mut Rng) {
    let sub_items = big_agenda(m);
    m.attendance = (0..BIG_ATTENDANCES)
        .map(|office| AttendancePlan {
            office,
            status: big_attendance(office),
            staff: office % 8,
        })
        .collect();
    m.directives = (0..BIG_DIRECTIVES)
        .map(|d| {
            let item = sub_items[d % sub_items.len()];
            let actions = (0..BIG_ACTIONS_PER_DIRECTIVE)
                .map(|j| {
                    let office = (d * BIG_ACTIONS_PER_DIRECTIVE + j) % BIG_ATTENDANCES;
                    action(office, m.date, rng)
                })
                .collect();
            DirectivePlan {
                number: i32::try_from(d + 1).unwrap_or(i32::MAX),
                item: Some(item),
                topic: m.items[item].topic.unwrap_or((0, 0)),
                published: true,
                actions,
            }
        })
        .collect();
}

/// The big meeting's agenda: 6 announcements, the certification, 8 matters arising, 7 topics
/// with 5 district sub-items each, 3 other items; returns the indexes of the sub-items.
fn big_agenda(m: &mut MeetingPlan) -> Vec<usize> {
    for (i, title) in ANNOUNCEMENTS.iter().enumerate() {
        m.items
            .push(item(0, i + 1, None, (*title).to_owned(), None, None));
    }
    m.items.extend(auto_items(m.number, m.fiscal_year));
    for (t, topics) in THEMES.iter().enumerate().take(BIG_PARENTS) {
        let title = format!("ติดตามข้อสั่งการเรื่อง{}", topics[1].item);
        m.items
            .push(item(2, t + 2, None, title, Some(t), Some((t, 1))));
    }
    let mut sub_items = Vec::new();
    for (p, topics) in THEMES.iter().enumerate().take(BIG_PARENTS) {
        let parent = m.items.len();
        let title = topics[0].item.to_owned();
        m.items
            .push(item(3, p + 1, None, title, Some(p), Some((p, 0))));
        for c in 0..BIG_CHILDREN {
            let district = DISTRICTS[(p * BIG_CHILDREN + c) % DISTRICTS.len()];
            let title = format!("ผลการดำเนินงานของอำเภอ{district}");
            sub_items.push(m.items.len());
            m.items
                .push(item(3, c + 1, Some(parent), title, None, Some((p, 0))));
        }
    }
    for (i, title) in OTHER_BUSINESS.iter().take(3).enumerate() {
        m.items
            .push(item(4, i + 1, None, (*title).to_owned(), None, None));
    }
    sub_items
}

/// Attendance of the big meeting, in a fixed cycle of 15 so every status appears.
fn big_attendance(row: usize) -> AttendanceStatus {
    use AttendanceStatus::{Absent, Acting, Online, Present, Represented};
    const CYCLE: [AttendanceStatus; 15] = [
        Present,
        Present,
        Represented,
        Present,
        Online,
        Present,
        Absent,
        Present,
        Represented,
        Acting,
        Present,
        Online,
        Present,
        Represented,
        Present,
    ];
    CYCLE[row % CYCLE.len()]
}

/// An office's action on a directive of a meeting held on `date`: due dates spread over
/// the following weeks; those due before [`as_of`] are mostly done.
fn action(office: usize, date: NaiveDate, rng: &mut Rng) -> ActionPlan {
    let due_on = (!rng.chance(5))
        .then(|| date + Duration::days(DUE_AFTER_DAYS[rng.below(DUE_AFTER_DAYS.len())]));
    let past_due = due_on.is_some_and(|d| d < as_of());
    let roll = rng.below(100);
    let status = match (past_due, roll) {
        (true, 0..60) | (false, 0..15) => ActionStatus::Done,
        (true, 60..85) | (false, 15..60) => ActionStatus::InProgress,
        _ => ActionStatus::Open,
    };
    let progress = match status {
        ActionStatus::Done => 100,
        ActionStatus::InProgress => i32::try_from(rng.range(1, 9) * 10).unwrap_or(50),
        _ => 0,
    };
    // Work finishes (or was last reported) some time between the meeting and the due date.
    let window = (due_on.unwrap_or(as_of()).min(as_of()) - date).num_days();
    let finish = date + Duration::days(1 + rng.below(window.max(1) as usize) as i64);
    let updates = if status != ActionStatus::Open && rng.chance(12) {
        updates(status, progress, date, finish, rng)
    } else {
        Vec::new()
    };
    let closed_on = (status == ActionStatus::Done).then(|| updates.last().map_or(finish, |u| u.on));
    ActionPlan {
        office,
        due_on,
        status,
        progress,
        closed_on,
        updates,
    }
}

/// Progress reports between the meeting and `finish`: one for work in progress, a half-way
/// and a final report for finished work.
fn updates(
    status: ActionStatus,
    progress: i32,
    date: NaiveDate,
    finish: NaiveDate,
    rng: &mut Rng,
) -> Vec<UpdatePlan> {
    let span = (finish - date).num_days().max(2);
    let mid = date + Duration::days(span / 2);
    let mut report = |on: NaiveDate, progress: i32, status_after: ActionStatus| UpdatePlan {
        on,
        progress,
        status_after,
        channel: [
            UpdateChannel::Web,
            UpdateChannel::Web,
            UpdateChannel::EmailLink,
            UpdateChannel::OnBehalf,
        ][rng.below(4)],
        accepted: on < as_of() - Duration::days(7),
        text: rng.below(4),
    };
    if status == ActionStatus::Done {
        let mut last = report(finish, 100, ActionStatus::Done);
        last.text = 4;
        vec![report(mid, 50, ActionStatus::InProgress), last]
    } else {
        vec![report(mid, progress, ActionStatus::InProgress)]
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn apportion_adds_up_exactly() {
        assert_eq!(apportion(10, &[1, 1, 1]), vec![4, 3, 3]);
        assert_eq!(apportion(7, &[0, 0]), vec![0, 0]);
        assert_eq!(apportion(5, &[0, 3]), vec![0, 5]);
        let weights: Vec<u64> = (1..=257).collect();
        assert_eq!(apportion(11_910, &weights).iter().sum::<usize>(), 11_910);
    }

    #[test]
    fn the_year_has_exact_totals_and_one_big_meeting() -> anyhow::Result<()> {
        let plan = province_year(45)?;
        assert_eq!(plan.meetings.len(), MEETINGS);
        assert_eq!(plan.action_count(), ACTIONS);
        let big: Vec<&MeetingPlan> = plan.meetings.iter().filter(|m| m.big).collect();
        assert_eq!(big.len(), 1);
        let big = big[0];
        assert_eq!(big.items.len(), BIG_ITEMS);
        assert_eq!(big.attendance.len(), BIG_ATTENDANCES);
        assert_eq!(big.directives.len(), BIG_DIRECTIVES);
        assert_eq!(big.action_count(), 90);
        assert!(big.items.iter().filter(|i| i.parent.is_some()).count() >= 30);
        let sections: HashSet<usize> = big.items.iter().map(|i| i.section).collect();
        assert_eq!(sections.len(), 5);
        for status in [
            AttendanceStatus::Represented,
            AttendanceStatus::Absent,
            AttendanceStatus::Online,
        ] {
            assert!(big.attendance.iter().any(|a| a.status == status));
        }
        Ok(())
    }

    #[test]
    fn offices_are_distinct_per_directive_and_per_meeting_attendance() -> anyhow::Result<()> {
        let plan = province_year(45)?;
        for m in &plan.meetings {
            let att: HashSet<usize> = m.attendance.iter().map(|a| a.office).collect();
            assert_eq!(att.len(), m.attendance.len());
            for d in &m.directives {
                let offices: HashSet<usize> = d.actions.iter().map(|a| a.office).collect();
                assert_eq!(offices.len(), d.actions.len());
                assert!(d.actions.iter().all(|a| a.office < 45));
            }
            let numbers: HashSet<i32> = m.directives.iter().map(|d| d.number).collect();
            assert_eq!(numbers.len(), m.directives.len());
        }
        Ok(())
    }

    #[test]
    fn dates_statuses_and_progress_are_plausible() -> anyhow::Result<()> {
        let plan = province_year(45)?;
        let statuses: HashSet<MeetingStatus> = plan.meetings.iter().map(|m| m.status).collect();
        for s in [
            MeetingStatus::Planned,
            MeetingStatus::Held,
            MeetingStatus::Certified,
        ] {
            assert!(statuses.contains(&s), "{s:?}");
        }
        for m in &plan.meetings {
            assert!(FISCAL_YEAR.contains(m.date), "{}", m.date);
            if !took_place(m.status) {
                assert!(m.directives.is_empty() && m.attendance.is_empty());
            }
            for a in m.directives.iter().flat_map(|d| &d.actions) {
                assert!((0..=100).contains(&a.progress));
                assert_eq!(a.status == ActionStatus::Done, a.closed_on.is_some());
            }
        }
        let actions: Vec<&ActionPlan> = plan
            .meetings
            .iter()
            .flat_map(|m| m.directives.iter().flat_map(|d| &d.actions))
            .collect();
        for s in [
            ActionStatus::Open,
            ActionStatus::InProgress,
            ActionStatus::Done,
        ] {
            assert!(
                actions.iter().filter(|a| a.status == s).count() > 1000,
                "{s:?}"
            );
        }
        assert!(actions.iter().any(|a| !a.updates.is_empty()));
        Ok(())
    }

    #[test]
    fn another_fiscal_year_has_the_same_totals_within_its_dates() -> anyhow::Result<()> {
        let fy = FiscalYear(2567);
        let plan = province_year_in(60, fy, 7)?;
        assert_eq!(plan.meetings.len(), MEETINGS);
        assert_eq!(plan.action_count(), ACTIONS);
        assert!(plan.meetings.iter().all(|m| fy.contains(m.date)));
        assert_eq!(plan.meetings.iter().filter(|m| m.big).count(), 1);
        let again = province_year_in(60, fy, 7)?;
        let dates = |p: &ProvinceYear| -> Vec<(NaiveDate, usize)> {
            p.meetings
                .iter()
                .map(|m| (m.date, m.action_count()))
                .collect()
        };
        assert_eq!(dates(&plan), dates(&again), "same seed, same plan");
        assert_ne!(
            dates(&plan),
            dates(&province_year_in(60, fy, 8)?),
            "another seed, another plan"
        );
        Ok(())
    }

    #[test]
    fn too_few_offices_is_an_error() {
        assert!(province_year(10).is_err());
    }
}
