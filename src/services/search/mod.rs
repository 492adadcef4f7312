//! Thai full-text search (`/search`, `GET /api/v1/search`): one box over meetings, agenda items
//! (with their notes and resolutions), directives, actions, progress reports and minutes, within
//! the reader's scope, filtered by kind, province and meeting date; an exact phrase ranks first,
//! then the newest. Matching and snippets: `domain::search`; queries: `db/repo/search.rs`.
//!
//! Longer than 500 lines on purpose: one query function per kind of hit (six), each with its own
//! scope condition and heading, under the ranking that merges them.

mod index_scope;

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use migrations::search::{SOURCES, Source};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{Ctx, lookup, scope};
use crate::db::entities::{
    action_updates, actions, agenda_items, directives, meetings, minutes, minutes_revisions,
};
use crate::db::repo::search::{Lookup, ids};
use crate::domain::access::Scope;
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::search::{Piece, SearchQuery, matches, snippet};
use crate::domain::status::{DirectiveStatus, MinutesState};
use crate::error::AppError;
use index_scope::IndexScope;

/// What a hit is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A meeting (title, summary).
    Meeting,
    /// An agenda item (title, notes, resolution).
    Agenda,
    /// A directive.
    Directive,
    /// An action.
    Action,
    /// A progress report.
    Update,
    /// Minutes text.
    Minutes,
}

impl Kind {
    /// Every kind, in the order results of equal rank are shown.
    pub const ALL: [Kind; 6] = [
        Kind::Meeting,
        Kind::Agenda,
        Kind::Directive,
        Kind::Action,
        Kind::Update,
        Kind::Minutes,
    ];

    /// The stored name (`meeting`, …), as in the query string.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Meeting => "meeting",
            Kind::Agenda => "agenda",
            Kind::Directive => "directive",
            Kind::Action => "action",
            Kind::Update => "update",
            Kind::Minutes => "minutes",
        }
    }

    /// Thai label.
    pub fn label_th(self) -> &'static str {
        match self {
            Kind::Meeting => "การประชุม",
            Kind::Agenda => "ระเบียบวาระ",
            Kind::Directive => "ข้อสั่งการ",
            Kind::Action => "การดำเนินการ",
            Kind::Update => "รายงานความก้าวหน้า",
            Kind::Minutes => "รายงานการประชุม",
        }
    }

    /// From the query string.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    fn source(self) -> Option<&'static Source> {
        SOURCES.iter().find(|s| s.kind == self.as_str())
    }
}

/// The filters beside the box.
#[derive(Debug, Clone, Default)]
pub struct SearchFilter {
    /// One kind only.
    pub kind: Option<Kind>,
    /// Meetings of (hosted by or joined by) this province, and what belongs to them.
    pub province: Option<i32>,
    /// Meetings on or after.
    pub from: Option<NaiveDate>,
    /// Meetings on or before.
    pub to: Option<NaiveDate>,
}

/// One hit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    /// What it is.
    pub kind: Kind,
    /// In Thai.
    pub kind_th: String,
    /// Its id.
    pub id: i32,
    /// Heading (a meeting's title, a directive's number and meeting, …).
    pub title: String,
    /// Where it is shown.
    pub href: String,
    /// The meeting's date (a report: the day it was sent).
    pub date: NaiveDate,
    /// The same, BE.
    pub date_th: String,
    /// The text around the first match, matches marked.
    pub snippet: Vec<Piece>,
    /// Holds the whole query as typed.
    pub exact: bool,
}

/// The results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    /// The query, normalised.
    pub query: String,
    /// Every term had fewer than three characters: matched without the index, newest first.
    pub short_query: bool,
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// More rows matched than were read (narrow the search with the filters).
    pub more: bool,
}

/// Rows read per kind (all of them with one kind chosen).
const PER_KIND: u64 = 25;
/// Rows read with one kind chosen.
const ONE_KIND: u64 = 100;

/// What a hit needs before ranking: its text, heading, link and date.
struct Found {
    kind: Kind,
    id: i32,
    title: String,
    href: String,
    date: NaiveDate,
    text: String,
    meeting_id: Option<i32>,
}

/// Meetings within scope and the filters, as a subquery of ids; `None` when that is every
/// meeting (an administrator without filters), so that the query does not list them all.
fn meeting_ids(ctx: &Ctx, f: &SearchFilter) -> Option<sea_orm::sea_query::SelectStatement> {
    if matches!(ctx.actor.scope, Scope::Everything)
        && f.province.is_none()
        && f.from.is_none()
        && f.to.is_none()
    {
        return None;
    }
    let mut c = scope::meetings(&ctx.actor.scope);
    if let Some(p) = f.province {
        c = c.add(scope::meetings(&Scope::Province(p)));
    }
    if let Some(d) = f.from {
        c = c.add(meetings::Column::MeetingDate.gte(d));
    }
    if let Some(d) = f.to {
        c = c.add(meetings::Column::MeetingDate.lte(d));
    }
    Some(
        Query::select()
            .column(meetings::Column::Id)
            .from(meetings::Entity)
            .cond_where(c)
            .to_owned(),
    )
}

/// `column IN (meetings within scope and the filters)`, or nothing when that is every meeting.
fn in_meetings(column: impl ColumnTrait, ctx: &Ctx, f: &SearchFilter) -> Condition {
    match meeting_ids(ctx, f) {
        Some(ids) => Condition::all().add(column.in_subquery(ids)),
        None => Condition::all(),
    }
}

/// Actions within scope and the filters.
fn action_condition(ctx: &Ctx, f: &SearchFilter) -> Condition {
    let mut c = scope::actions(&ctx.actor.scope);
    if let Some(p) = f.province {
        c = c.add(actions::Column::ProvinceId.eq(p));
    }
    if f.from.is_some() || f.to.is_some() {
        c = c.add(in_meetings(actions::Column::MeetingId, ctx, f));
    }
    c
}

/// How a kind's rows are looked through.
#[derive(Clone, Copy)]
enum Look<'a> {
    /// The rows of these meetings (the scope's newest, within the filters) only, read directly.
    Newest(&'a [i32]),
    /// Every match in the index, kept by the scope and the filters' conditions.
    Scope,
    /// The matches that the index holds under these scope tokens (`IndexScope`); no other
    /// condition of scope.
    Index(&'a [Vec<String>]),
}

/// `column IN (recent)` in a first look, else nothing.
fn among(column: impl ColumnTrait, look: Look<'_>) -> Condition {
    match look {
        Look::Newest(ids) => Condition::all().add(column.is_in(ids.iter().copied())),
        Look::Scope | Look::Index(_) => Condition::all(),
    }
}

/// The meeting `column` within scope and the filters: among the `recent` meetings in a first
/// look (they are within both already), else in the scope's meetings; nothing where the index
/// keeps the scope.
fn scoped(column: impl ColumnTrait, ctx: &Ctx, f: &SearchFilter, look: Look<'_>) -> Condition {
    match look {
        Look::Newest(_) => among(column, look),
        Look::Scope => in_meetings(column, ctx, f),
        Look::Index(_) => Condition::all(),
    }
}

/// The first looks of a reader with a narrower scope than the country, or with filters: the
/// rows of the scope's newest meetings only, this many and then this many (each look keeps
/// the kinds that filled their page; the others look at every row).
///
/// Why: the index yields matches newest first over the whole country, or (PostgreSQL) all of
/// them at once, and a zone's or a province's own may lie behind hundreds of thousands of
/// others' (a zone inspector's two-word search took 0.5 s on SQLite and 1.1 s on PostgreSQL at
/// national scale); the rows of a few hundred meetings are read directly in milliseconds. A
/// common word fills a page from the newest meetings; a rare one is found by the index.
const RECENT_LOOKS: [u64; 2] = [48, 384];

/// The ids of the `n` newest meetings within scope and the filters (by meeting date), or
/// `None` when that is every meeting of the country.
async fn newest_meetings(
    db: &DatabaseConnection,
    ctx: &Ctx,
    f: &SearchFilter,
    n: u64,
) -> Result<Option<Vec<i32>>, AppError> {
    let Some(ids) = meeting_ids(ctx, f) else {
        return Ok(None);
    };
    Ok(Some(
        meetings::Entity::find()
            .filter(meetings::Column::Id.in_subquery(ids))
            .select_only()
            .column(meetings::Column::Id)
            .order_by_desc(meetings::Column::MeetingDate)
            .order_by_desc(meetings::Column::Id)
            .limit(n)
            .into_tuple()
            .all(db)
            .await?,
    ))
}

/// Searches within the caller's scope.
pub async fn search(
    db: &DatabaseConnection,
    ctx: &Ctx,
    q: &SearchQuery,
    f: &SearchFilter,
) -> Result<SearchResults, AppError> {
    let limit = if f.kind.is_some() { ONE_KIND } else { PER_KIND };
    let mut found: Vec<Found> = Vec::new();
    let mut more = false;
    // Terms of one or two characters have no trigram to ask the index for: a scoped reader's
    // rows are then read from their newest meetings (the first looks), not by the index.
    let index = if q.only_short_terms() {
        None
    } else {
        IndexScope::of(db, ctx, f).await?
    };
    let mut newest: Option<Option<Vec<i32>>> = None;
    for kind in Kind::ALL {
        if f.kind.is_some_and(|k| k != kind) {
            continue;
        }
        let Some(source) = kind.source() else {
            continue;
        };
        let ask = Ask {
            db,
            ctx,
            q,
            f,
            source,
            limit,
        };
        let rows = if let Some(tokens) = index.as_ref().and_then(|i| i.for_kind(kind)) {
            find_kind(&ask, kind, Look::Index(tokens)).await?
        } else {
            if newest.is_none() {
                let n = RECENT_LOOKS[RECENT_LOOKS.len() - 1];
                newest = Some(newest_meetings(db, ctx, f, n).await?);
            }
            look_through(&ask, kind, newest.as_ref().and_then(|n| n.as_deref())).await?
        };
        more |= rows.len() as u64 >= limit;
        found.extend(rows);
    }
    // Agency heads read the notes and minutes of a meeting only once the minutes are out.
    if matches!(ctx.actor.scope, Scope::Office { .. }) {
        let meeting_ids: BTreeSet<i32> = found
            .iter()
            .filter(|h| matches!(h.kind, Kind::Agenda | Kind::Minutes))
            .filter_map(|h| h.meeting_id)
            .collect();
        let states: HashMap<i32, MinutesState> = if meeting_ids.is_empty() {
            HashMap::new()
        } else {
            minutes::Entity::find()
                .filter(minutes::Column::MeetingId.is_in(meeting_ids))
                .all(db)
                .await?
                .into_iter()
                .map(|m| (m.meeting_id, m.state))
                .collect()
        };
        found.retain(|h| {
            !matches!(h.kind, Kind::Agenda | Kind::Minutes)
                || h.meeting_id.is_some_and(|m| {
                    ctx.actor
                        .scope
                        .reads_minutes_text(states.get(&m).copied().unwrap_or(MinutesState::Draft))
                })
        });
    }
    let mut hits: Vec<Hit> = found
        .into_iter()
        .filter_map(|h| {
            let (all, exact) = matches(&h.text, q);
            // The index matched the normalised text; this keeps the rows whose text as read
            // holds every term too (always, unless a row changed in between).
            all.then(|| Hit {
                kind: h.kind,
                kind_th: h.kind.label_th().to_owned(),
                id: h.id,
                snippet: snippet(&h.text, q, 160),
                title: h.title,
                href: h.href,
                date_th: ThaiDate(h.date).table(Digits::Arabic),
                date: h.date,
                exact,
            })
        })
        .collect();
    hits.sort_by(|a, b| {
        b.exact
            .cmp(&a.exact)
            .then(b.date.cmp(&a.date))
            .then(a.kind.cmp(&b.kind))
            .then(b.id.cmp(&a.id))
    });
    Ok(SearchResults {
        query: q.text.clone(),
        short_query: q.only_short_terms(),
        hits,
        more,
    })
}

/// A kind's hits by first looks at the rows of the scope's `newest` meetings (the fewer, then
/// the more), and by the whole index when those do not fill its page.
async fn look_through(
    ask: &Ask<'_>,
    kind: Kind,
    newest: Option<&[i32]>,
) -> Result<Vec<Found>, AppError> {
    if let Some(newest) = newest {
        for n in RECENT_LOOKS {
            let recent = &newest[..newest.len().min(n as usize)];
            let look = find_kind(ask, kind, Look::Newest(recent)).await?;
            if look.len() as u64 >= ask.limit {
                return Ok(look);
            }
            if recent.len() == newest.len() {
                break;
            }
        }
    }
    find_kind(ask, kind, Look::Scope).await
}

/// What each kind's query needs.
#[derive(Clone, Copy)]
struct Ask<'a> {
    db: &'a DatabaseConnection,
    ctx: &'a Ctx,
    q: &'a SearchQuery,
    f: &'a SearchFilter,
    source: &'a Source,
    limit: u64,
}

impl Ask<'_> {
    /// The ids of this kind's rows matching the query `within` a condition; in a first look
    /// (`Newest`), read row by row among the rows of those meetings; with `Index`, the index
    /// keeps the scope.
    async fn ids<E: EntityTrait>(
        &self,
        id: E::Column,
        within: Condition,
        look: Look<'_>,
    ) -> Result<Vec<i32>, sea_orm::DbErr>
    where
        E::Column: ColumnTrait,
    {
        let how = match look {
            Look::Newest(_) => Lookup::Scan,
            Look::Scope => Lookup::Index(None),
            Look::Index(tokens) => Lookup::Index(Some(tokens)),
        };
        ids::<E, _>(self.db, self.source, id, self.q, within, self.limit, how).await
    }
}

/// The hits of one kind.
async fn find_kind(ask: &Ask<'_>, kind: Kind, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    match kind {
        Kind::Meeting => meeting_hits(ask, look).await,
        Kind::Agenda => agenda_hits(ask, look).await,
        Kind::Directive => directive_hits(ask, look).await,
        Kind::Action => action_hits(ask, look).await,
        Kind::Update => update_hits(ask, look).await,
        Kind::Minutes => minutes_hits(ask, look).await,
    }
}

/// Meetings matching `q` within scope and the filters.
async fn meeting_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    let within = scoped(meetings::Column::Id, ctx, f, look);
    let ids = ask
        .ids::<meetings::Entity>(meetings::Column::Id, within, look)
        .await?;
    Ok(meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| Found {
            kind: Kind::Meeting,
            id: m.id,
            href: format!("/meetings/{}", m.id),
            date: m.meeting_date,
            text: format!("{} {}", m.title, m.summary.unwrap_or_default()),
            title: m.title,
            meeting_id: Some(m.id),
        })
        .collect())
}

/// Agenda items (title, notes, resolution) matching `q`.
async fn agenda_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    let within = scoped(agenda_items::Column::MeetingId, ctx, f, look);
    let ids = ask
        .ids::<agenda_items::Entity>(agenda_items::Column::Id, within, look)
        .await?;
    let items = agenda_items::Entity::find()
        .filter(agenda_items::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let titles = meeting_titles(db, items.iter().map(|i| i.meeting_id)).await?;
    Ok(items
        .into_iter()
        .map(|i| {
            let (mt, date) = titles.get(&i.meeting_id).cloned().unwrap_or_default();
            Found {
                kind: Kind::Agenda,
                id: i.id,
                href: format!("/meetings/{}#item-{}", i.meeting_id, i.id),
                date,
                text: format!(
                    "{} {} {}",
                    i.title,
                    i.notes_md.unwrap_or_default(),
                    i.resolution_md.unwrap_or_default()
                ),
                title: format!("{} — {mt}", i.title),
                meeting_id: Some(i.meeting_id),
            }
        })
        .collect())
}

/// Directives matching `q` that the reader may see.
async fn directive_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    let within = match look {
        // The index keeps the scope: only the drafts are left out for those who do not see them.
        Look::Index(_) if lookup::sees_drafts(ctx) => Condition::all(),
        Look::Index(_) => {
            Condition::all().add(directives::Column::Status.eq(DirectiveStatus::Published))
        }
        _ => {
            lookup::visible_directives(ctx).add(scoped(directives::Column::MeetingId, ctx, f, look))
        }
    };
    let ids = ask
        .ids::<directives::Entity>(directives::Column::Id, within, look)
        .await?;
    let list = directives::Entity::find()
        .filter(directives::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let titles = meeting_titles(db, list.iter().map(|d| d.meeting_id)).await?;
    Ok(list
        .into_iter()
        .map(|d| {
            let (mt, date) = titles.get(&d.meeting_id).cloned().unwrap_or_default();
            Found {
                kind: Kind::Directive,
                id: d.id,
                href: format!("/directives/{}", d.id),
                date,
                text: d.text_md,
                title: format!("ข้อสั่งการที่ {} — {mt}", d.number),
                meeting_id: Some(d.meeting_id),
            }
        })
        .collect())
}

/// Actions matching `q` within scope.
async fn action_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    let within = match look {
        Look::Index(_) => Condition::all(),
        _ => action_condition(ctx, f).add(among(actions::Column::MeetingId, look)),
    };
    let ids = ask
        .ids::<actions::Entity>(actions::Column::Id, within, look)
        .await?;
    let list = actions::Entity::find()
        .filter(actions::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let titles = meeting_titles(db, list.iter().map(|a| a.meeting_id)).await?;
    Ok(list
        .into_iter()
        .map(|a| {
            let (_, date) = titles.get(&a.meeting_id).cloned().unwrap_or_default();
            Found {
                kind: Kind::Action,
                id: a.id,
                href: format!("/actions/{}", a.id),
                date,
                text: format!("{} {}", a.title, a.expected_md.unwrap_or_default()),
                title: a.title,
                meeting_id: Some(a.meeting_id),
            }
        })
        .collect())
}

/// Progress reports matching `q` on actions within scope, dated by the report's own day.
async fn update_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    // A report's own day counts for the date filter, not its meeting's: the actions are
    // taken without the dates, the reports' creation instants with them.
    let undated = SearchFilter {
        from: None,
        to: None,
        ..f.clone()
    };
    // A correlated test per candidate report (the index yields them newest first), not
    // `IN` the scope's actions, which SQLite would first list in full (200,000 for a
    // zone at national scale).
    let mut within = Condition::all();
    if !matches!(look, Look::Index(_)) {
        within = within.add(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(actions::Entity)
                .and_where(
                    Expr::col((actions::Entity, actions::Column::Id))
                        .equals((action_updates::Entity, action_updates::Column::ActionId)),
                )
                .cond_where(action_condition(ctx, &undated))
                .to_owned(),
        ));
    }
    if let Look::Newest(recent) = look {
        within = within.add(
            action_updates::Column::ActionId.in_subquery(
                Query::select()
                    .column(actions::Column::Id)
                    .from(actions::Entity)
                    .and_where(actions::Column::MeetingId.is_in(recent.iter().copied()))
                    .to_owned(),
            ),
        );
    }
    if let Some(d) = f.from {
        within = within.add(action_updates::Column::CreatedAt.gte(bangkok_midnight(d)));
    }
    if let Some(d) = f.to {
        within = within.add(
            action_updates::Column::CreatedAt.lt(bangkok_midnight(d + chrono::Duration::days(1))),
        );
    }
    let ids = ask
        .ids::<action_updates::Entity>(action_updates::Column::Id, within, look)
        .await?;
    let list = action_updates::Entity::find()
        .filter(action_updates::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let titles: HashMap<i32, String> = actions::Entity::find()
        .filter(
            actions::Column::Id.is_in(list.iter().map(|u| u.action_id).collect::<BTreeSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.title))
        .collect();
    Ok(list
        .into_iter()
        .map(|u| Found {
            kind: Kind::Update,
            id: u.id,
            href: format!("/actions/{}#update-{}", u.action_id, u.id),
            date: u
                .created_at
                .with_timezone(&crate::state::bangkok())
                .date_naive(),
            text: u.text_md.unwrap_or_default(),
            title: format!(
                "รายงานความก้าวหน้า: {}",
                titles.get(&u.action_id).cloned().unwrap_or_default()
            ),
            meeting_id: None,
        })
        .collect())
}

/// The current revision of minutes matching `q`.
async fn minutes_hits(ask: &Ask<'_>, look: Look<'_>) -> Result<Vec<Found>, AppError> {
    let Ask { db, ctx, f, .. } = *ask;
    // The current revision only: older ones are the history.
    let mut within = Condition::all().add(Expr::cust(
        "minutes_revisions.revision = (SELECT m.current_revision FROM minutes m \
     WHERE m.id = minutes_revisions.minutes_id)",
    ));
    let of_meetings = scoped(minutes::Column::MeetingId, ctx, f, look);
    if !of_meetings.is_empty() {
        within = within.add(
            minutes_revisions::Column::MinutesId.in_subquery(
                Query::select()
                    .column(minutes::Column::Id)
                    .from(minutes::Entity)
                    .cond_where(of_meetings)
                    .to_owned(),
            ),
        );
    }
    let ids = ask
        .ids::<minutes_revisions::Entity>(minutes_revisions::Column::Id, within, look)
        .await?;
    let list = minutes_revisions::Entity::find()
        .filter(minutes_revisions::Column::Id.is_in(ids))
        .all(db)
        .await?;
    let meeting_of: HashMap<i32, i32> = minutes::Entity::find()
        .filter(
            minutes::Column::Id.is_in(list.iter().map(|r| r.minutes_id).collect::<BTreeSet<_>>()),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m.meeting_id))
        .collect();
    let titles = meeting_titles(db, meeting_of.values().copied()).await?;
    Ok(list
        .into_iter()
        .filter_map(|r| {
            let meeting = *meeting_of.get(&r.minutes_id)?;
            let (mt, date) = titles.get(&meeting).cloned().unwrap_or_default();
            Some(Found {
                kind: Kind::Minutes,
                id: r.id,
                href: format!("/meetings/{meeting}/minutes"),
                date,
                text: r.content_md,
                title: format!("รายงานการประชุม — {mt}"),
                meeting_id: Some(meeting),
            })
        })
        .collect())
}

/// Midnight in Bangkok of `d`, as an instant.
fn bangkok_midnight(d: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    (d.and_time(chrono::NaiveTime::MIN) - chrono::Duration::hours(7)).and_utc()
}

/// Meeting titles and dates by id, in one query.
async fn meeting_titles(
    db: &DatabaseConnection,
    ids: impl Iterator<Item = i32>,
) -> Result<HashMap<i32, (String, NaiveDate)>, AppError> {
    let ids: BTreeSet<i32> = ids.collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(meetings::Entity::find()
        .filter(meetings::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, (m.title, m.meeting_date)))
        .collect())
}
