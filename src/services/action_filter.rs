//! The filters of the action list, as one SQL condition: the list, its exports and the
//! dashboard's figures all count through [`condition`], so a figure and the list behind its link
//! cannot disagree.

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, DbBackend};
use serde::{Deserialize, Serialize};

use super::{Ctx, scope};
use crate::db::entities::{
    action_updates, actions, agencies, agency_offices, directives, meetings,
};
use crate::domain::fields::FieldErrors;
use crate::domain::fiscal::FiscalYear;
use crate::domain::status::{ActionStatus, Horizon, UpdateReview};
use crate::error::AppError;

/// Filters of the action list.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ActionFilter {
    /// Responsible office.
    #[serde(default)]
    pub office: Option<i32>,
    /// Province of the action (the home page's per-province counts link here).
    #[serde(default)]
    pub province: Option<i32>,
    /// Zone of the action.
    #[serde(default)]
    pub zone: Option<i32>,
    /// Status (stored string).
    #[serde(default)]
    pub status: Option<String>,
    /// Only overdue actions.
    #[serde(default)]
    pub overdue: bool,
    /// Only actions due this week (Monday to Sunday).
    #[serde(default)]
    pub due_week: bool,
    /// Due on or before this date.
    #[serde(default)]
    pub due_before: Option<NaiveDate>,
    /// Of one meeting.
    #[serde(default)]
    pub meeting: Option<i32>,
    /// Text in the title.
    #[serde(default)]
    pub q: Option<String>,
    /// Of meetings held in this fiscal year (Buddhist Era, e.g. 2569).
    #[serde(default)]
    pub fiscal_year: Option<i32>,
    /// Of meetings of this inspection round.
    #[serde(default)]
    pub round: Option<i32>,
    /// Of directives on this inspection issue.
    #[serde(default)]
    pub issue: Option<i32>,
    /// Horizon (stored string).
    #[serde(default)]
    pub horizon: Option<String>,
    /// Of offices of agencies of this ministry (the dashboard's heat map).
    #[serde(default)]
    pub ministry: Option<String>,
    /// Only actions with a progress report awaiting review.
    #[serde(default)]
    pub awaiting_review: bool,
    /// Only actions done on or before their due date.
    #[serde(default)]
    pub done_on_time: bool,
    /// Created in this month (first day of the month).
    #[serde(default)]
    pub opened_in: Option<NaiveDate>,
    /// Closed in this month (first day of the month).
    #[serde(default)]
    pub closed_in: Option<NaiveDate>,
}

pub use crate::db::repo::actions::{TO_DO, closed_on_time};

/// The rows the filter keeps, within the caller's scope. `q` is left to the caller (it needs the
/// backend's text index, see `db::repo::text`). Refuses an unknown status or horizon.
pub fn condition(ctx: &Ctx, f: &ActionFilter, backend: DbBackend) -> Result<Condition, AppError> {
    let mut c = scope::actions(&ctx.actor.scope);
    if let Some(o) = f.office {
        c = c.add(actions::Column::OfficeId.eq(o));
    }
    if let Some(p) = f.province {
        c = c.add(actions::Column::ProvinceId.eq(p));
    }
    if let Some(z) = f.zone {
        c = c.add(actions::Column::ZoneId.eq(z));
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        let s = s
            .parse::<ActionStatus>()
            .map_err(|e| AppError::Invalid(FieldErrors::one("status", e)))?;
        c = c.add(actions::Column::Status.eq(s));
    }
    if f.overdue {
        // Spelled with literal values so that the partial "to do" indexes serve it
        // (migration m20261202_000022); the values are `ActionStatus::Open` and `InProgress`.
        c = c
            .add(actions::Column::DueOn.lt(ctx.today))
            .add(Expr::cust(TO_DO));
    }
    if f.due_week {
        let (mon, sun) = week_of(ctx.today);
        c = c.add(actions::Column::DueOn.between(mon, sun));
    }
    if let Some(d) = f.due_before {
        c = c.add(actions::Column::DueOn.lte(d));
    }
    if let Some(m) = f.meeting {
        c = c.add(actions::Column::MeetingId.eq(m));
    }
    c = related(f, c);
    if let Some(h) = f.horizon.as_deref().filter(|s| !s.is_empty()) {
        let h = h
            .parse::<Horizon>()
            .map_err(|e| AppError::Invalid(FieldErrors::one("horizon", e)))?;
        c = c.add(actions::Column::Horizon.eq(h));
    }
    if f.done_on_time {
        c = c
            .add(actions::Column::Status.eq(ActionStatus::Done))
            .add(Expr::cust(closed_on_time(backend)));
    }
    if let Some(month) = f.opened_in {
        let (from, to) = month_bounds(month);
        c = c
            .add(actions::Column::CreatedAt.gte(from))
            .add(actions::Column::CreatedAt.lt(to));
    }
    if let Some(month) = f.closed_in {
        let (from, to) = month_bounds(month);
        c = c
            .add(actions::Column::ClosedAt.gte(from))
            .add(actions::Column::ClosedAt.lt(to));
    }
    Ok(c)
}

/// The filters that follow a link to another table: the meeting's fiscal year and round, the
/// directive's issue, the office's ministry, an update awaiting review.
fn related(f: &ActionFilter, mut c: Condition) -> Condition {
    if let Some(fy) = f.fiscal_year {
        let fy = FiscalYear(fy);
        c = c.add(
            actions::Column::MeetingId.in_subquery(
                Query::select()
                    .column(meetings::Column::Id)
                    .from(meetings::Entity)
                    .and_where(meetings::Column::MeetingDate.between(fy.start(), fy.end()))
                    .to_owned(),
            ),
        );
    }
    if let Some(r) = f.round {
        c = c.add(
            actions::Column::MeetingId.in_subquery(
                Query::select()
                    .column(meetings::Column::Id)
                    .from(meetings::Entity)
                    .and_where(meetings::Column::RoundId.eq(r))
                    .to_owned(),
            ),
        );
    }
    if let Some(i) = f.issue {
        c = c.add(
            actions::Column::DirectiveId.in_subquery(
                Query::select()
                    .column(directives::Column::Id)
                    .from(directives::Entity)
                    .and_where(directives::Column::IssueId.eq(i))
                    .to_owned(),
            ),
        );
    }
    if let Some(m) = f.ministry.as_deref().filter(|s| !s.is_empty()) {
        c = c.add(
            actions::Column::OfficeId.in_subquery(
                Query::select()
                    .column((agency_offices::Entity, agency_offices::Column::Id))
                    .from(agency_offices::Entity)
                    .inner_join(
                        agencies::Entity,
                        Expr::col((agencies::Entity, agencies::Column::Id))
                            .equals((agency_offices::Entity, agency_offices::Column::AgencyId)),
                    )
                    .and_where(agencies::Column::MinistryTh.eq(m))
                    .to_owned(),
            ),
        );
    }
    if f.awaiting_review {
        c = c.add(
            actions::Column::Id.in_subquery(
                Query::select()
                    .column(action_updates::Column::ActionId)
                    .from(action_updates::Entity)
                    .and_where(action_updates::Column::Review.eq(UpdateReview::Pending))
                    .to_owned(),
            ),
        );
    }
    c
}

/// The rows of the action list for `f` (scope, filters and title text), without order or paging:
/// what the exports read in chunks by id and the dashboard counts. Unlike the list
/// ([`row_by_row`]), a title text within a province is matched row by row on PostgreSQL too:
/// read in id order, not along a due-order index, a chunk of 500 of Sisaket's "ครัวเรือน" took
/// 73–81 ms with the plain `LIKE` (the planner intersected the title index's 327,000 entries
/// with the province's) and 36–61 ms row by row.
pub fn select(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    f: &ActionFilter,
) -> Result<sea_orm::Select<actions::Entity>, AppError> {
    select_walking(db, ctx, f, narrow(ctx, f))
}

/// Whether the filter and the scope keep the rows of one province or office at most (some
/// 40,000 actions at national scale): a title text is then matched row by row among them.
pub fn narrow(ctx: &Ctx, f: &ActionFilter) -> bool {
    f.province.is_some() || f.office.is_some() || ctx.actor.scope.within_one_province()
}

/// Titles that hold a word this often are matched one by one in the list's order
/// ([`select_walking`]): a page of them is near at hand, and the index would list them all first.
pub const COMMON_TITLE_MATCHES: u64 = 20_000;

/// Whether the list matches its title text row by row in its own order ([`select_walking`])
/// rather than through the title index: on SQLite, for a common word ([`common_title_word`]).
/// A word found in no title or a few was matched against each of a province's rows (SQLite
/// 31 ms for "ไฟป่า" among Sisaket's 9,800 actions in progress), where the FTS5 index answers at
/// once; the index lists every match of a common word (327,000 of "ครัวเรือน" in 170 ms) before
/// the first page, which the walk finds in a few hundred rows.
///
/// PostgreSQL always keeps the plain `LIKE`: its planner estimates the word's frequency from
/// the column's statistics and, the list's count walking the list's order like its page
/// (`services::actions::list`), walks the scope's due-order index for a common word (1.9 ms
/// to count 201 of a province's "ครัวเรือน", 2.9 ms of a zone's) and reads the trigram index
/// for a rare one (0.3 ms). The row-by-row form hid the word from it: estimating a handful of
/// matches, it sorted a zone's 144,000 actions for a page (365 ms).
pub async fn row_by_row(
    db: &impl sea_orm::ConnectionTrait,
    f: &ActionFilter,
) -> Result<bool, sea_orm::DbErr> {
    match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => common_title_word(db, f).await,
        _ => Ok(false),
    }
}

/// Whether the list's title text is a common word: in at least [`COMMON_TITLE_MATCHES`] titles
/// (`db::repo::text::in_many_titles`: SQLite counts them, 4 ms for a common word; always false
/// on PostgreSQL). The answer only chooses how the rows are matched, never
/// which: both ways keep the same rows. So it is kept for the process (bounded), and a word
/// that becomes common later is still found, by the index, only slower.
pub async fn common_title_word(
    db: &impl sea_orm::ConnectionTrait,
    f: &ActionFilter,
) -> Result<bool, sea_orm::DbErr> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Words asked at most, before the memo starts again.
    const KEPT: usize = 1024;
    static MEMO: OnceLock<Mutex<HashMap<String, bool>>> = OnceLock::new();
    let Some(text) = f.text().filter(|t| may_be_common(t)) else {
        return Ok(false);
    };
    let text = crate::domain::text::normalize_single_line(text);
    let memo = MEMO.get_or_init(Mutex::default);
    let known = memo.lock().ok().and_then(|m| m.get(&text).copied());
    if let Some(known) = known {
        return Ok(known);
    }
    let common = crate::db::repo::text::in_many_titles(
        db,
        crate::db::repo::text::Titled::Actions,
        &text,
        COMMON_TITLE_MATCHES,
    )
    .await?;
    if let Ok(mut m) = memo.lock() {
        if m.len() >= KEPT {
            m.clear();
        }
        m.insert(text, common);
    }
    Ok(common)
}

/// The longest text [`common_title_word`] asks about (and keeps): the list's `q` is otherwise
/// bounded only by the request line (hundreds of KB), which the memo must not hold a thousand
/// times over. A longer text goes to the index: the same rows, perhaps slower.
pub const MAX_COMMON_WORD: usize = 100;

/// Whether `text` may be a common word worth asking the index about: three characters at least
/// (the trigram index finds nothing shorter) and [`MAX_COMMON_WORD`] at most.
pub fn may_be_common(text: &str) -> bool {
    (3..=MAX_COMMON_WORD).contains(&text.chars().count())
}

/// [`select`], with the title text matched row by row when `row_by_row` ([`row_by_row`]), else
/// through the title index.
pub fn select_walking(
    db: &impl sea_orm::ConnectionTrait,
    ctx: &Ctx,
    f: &ActionFilter,
    row_by_row: bool,
) -> Result<sea_orm::Select<actions::Entity>, AppError> {
    use sea_orm::{EntityTrait, QueryFilter};
    let backend = db.get_database_backend();
    let mut q = actions::Entity::find().filter(condition(ctx, f, backend)?);
    if let Some(text) = f.text() {
        let text = crate::domain::text::normalize_single_line(text);
        q = q.filter(crate::db::repo::text::title_contains(
            backend,
            crate::db::repo::text::Titled::Actions,
            actions::Column::Id,
            actions::Column::Title,
            &text,
            row_by_row,
        ));
    }
    Ok(q)
}

/// Monday and Sunday of the week of `day`.
pub fn week_of(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (monday, monday + Duration::days(6))
}

/// The instants (UTC) a Bangkok calendar month starts and the next one starts.
pub fn month_bounds(
    month: NaiveDate,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    let first = month.with_day(1).unwrap_or(month);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(first);
    let at =
        |d: NaiveDate| (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(7)).and_utc();
    (at(first), at(next))
}

impl ActionFilter {
    /// The title text filtered by (`q`, trimmed), unless blank.
    pub fn text(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// Whether the titles are filtered by text.
    pub fn has_text(&self) -> bool {
        self.text().is_some()
    }

    /// The filter as a query string of the list (`/actions?…`), the inverse of the web list's
    /// parsing: what the dashboard's figures link to.
    pub fn query_string(&self, province_code: Option<&str>) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                s.append_pair(k, &v);
            }
        };
        put("zone", self.zone.map(|v| v.to_string()));
        put(
            "province",
            province_code
                .map(str::to_owned)
                .or(self.province.map(|v| v.to_string())),
        );
        put("office", self.office.map(|v| v.to_string()));
        put("status", self.status.clone());
        put("overdue", self.overdue.then(|| "1".to_owned()));
        put("fy", self.fiscal_year.map(|v| v.to_string()));
        put("round", self.round.map(|v| v.to_string()));
        put("issue", self.issue.map(|v| v.to_string()));
        put("horizon", self.horizon.clone());
        put("ministry", self.ministry.clone());
        put("review", self.awaiting_review.then(|| "pending".to_owned()));
        put("on_time", self.done_on_time.then(|| "1".to_owned()));
        put(
            "opened",
            self.opened_in.map(|d| d.format("%Y-%m").to_string()),
        );
        put(
            "closed",
            self.closed_in.map(|d| d.format("%Y-%m").to_string()),
        );
        put("meeting", self.meeting.map(|v| v.to_string()));
        put("q", self.q.clone());
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_text_of_three_to_a_hundred_characters_may_be_common() {
        assert!(!may_be_common("นา"));
        assert!(may_be_common("ไฟป่า"));
        assert!(may_be_common(&"ก".repeat(MAX_COMMON_WORD)));
        assert!(!may_be_common(&"ก".repeat(MAX_COMMON_WORD + 1)));
        let f = ActionFilter {
            q: Some("  ".into()),
            ..ActionFilter::default()
        };
        assert_eq!((f.text(), f.has_text()), (None, false));
        let f = ActionFilter {
            q: Some(" ไฟป่า ".into()),
            ..ActionFilter::default()
        };
        assert_eq!(f.text(), Some("ไฟป่า"));
    }

    #[test]
    fn a_bangkok_month_starts_at_17_00_utc_the_day_before() {
        let (from, to) = month_bounds(NaiveDate::from_ymd_opt(2026, 3, 15).unwrap());
        assert_eq!(from.to_rfc3339(), "2026-02-28T17:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-03-31T17:00:00+00:00");
    }

    #[test]
    fn the_query_string_carries_every_dashboard_filter() {
        let f = ActionFilter {
            zone: Some(3),
            status: Some("open".into()),
            overdue: true,
            fiscal_year: Some(2569),
            ministry: Some("กระทรวงมหาดไทย".into()),
            awaiting_review: true,
            opened_in: NaiveDate::from_ymd_opt(2026, 3, 1),
            ..Default::default()
        };
        let qs = f.query_string(Some("TH-33"));
        assert!(qs.starts_with("zone=3&province=TH-33&status=open&overdue=1&fy=2569"));
        assert!(qs.contains("review=pending") && qs.contains("opened=2026-03"));
    }
}
