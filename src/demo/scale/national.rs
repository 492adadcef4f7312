//! `prachum demo --scale national`: every province with provincial offices × three fiscal years
//! (2567–2569) at the province-year's density (300 meetings and 12,000 actions each, with their
//! agenda, attendance, directives and progress reports). Each province-year is planned from a
//! seed of its own (Sisaket 2569 is exactly the `province-year` set) and written in one
//! transaction, so a load is resumable and idempotent: province-years already present are
//! skipped. Bangkok has no provincial offices (see [`crate::domain::offices`]) and is skipped.

use std::fmt;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Statement,
};

use super::plan::{self, BIG_ATTENDANCES, FISCAL_YEAR, ProvinceYear, SEED};
use super::write::{self, PROVINCE, Scope};
use crate::db::entities::{meeting_series, meetings, provinces};
use crate::domain::fiscal::FiscalYear;

/// From this many province-years to write, a load sets the text indexes aside (SQLite: their
/// triggers; PostgreSQL: the trigram indexes) and builds them once at its end (a smaller load
/// keeps them: a rebuild reads every row of the database).
pub const BULK_PROVINCE_YEARS: usize = 12;

/// The fiscal years of the national set.
pub const YEARS: [FiscalYear; 3] = [FiscalYear(2567), FiscalYear(2568), FiscalYear(2569)];

/// What to load: all provinces and [`YEARS`] by default, or a sample.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Province codes (`TH-33`); empty: every province.
    pub provinces: Vec<String>,
    /// Fiscal years; empty: [`YEARS`].
    pub years: Vec<FiscalYear>,
    /// Draw a progress bar on standard error (hidden when it is not a terminal).
    pub progress: bool,
    /// From how many province-years to write the text indexes are built once at the end
    /// instead of row by row (`None`: [`BULK_PROVINCE_YEARS`]).
    pub bulk_from: Option<usize>,
}

/// Rows written by a load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rows {
    /// Meetings.
    pub meetings: usize,
    /// Agenda items.
    pub agenda_items: usize,
    /// Attendance rows.
    pub attendances: usize,
    /// Directives.
    pub directives: usize,
    /// Actions.
    pub actions: usize,
    /// Progress reports.
    pub updates: usize,
}

impl Rows {
    fn of(plan: &ProvinceYear) -> Self {
        let ms = &plan.meetings;
        let directives = || ms.iter().flat_map(|m| &m.directives);
        Self {
            meetings: ms.len(),
            agenda_items: ms.iter().map(|m| m.items.len()).sum(),
            attendances: ms.iter().map(|m| m.attendance.len()).sum(),
            directives: directives().count(),
            actions: plan.action_count(),
            updates: directives()
                .flat_map(|d| &d.actions)
                .map(|a| a.updates.len())
                .sum(),
        }
    }

    fn add(&mut self, o: Self) {
        self.meetings += o.meetings;
        self.agenda_items += o.agenda_items;
        self.attendances += o.attendances;
        self.directives += o.directives;
        self.actions += o.actions;
        self.updates += o.updates;
    }

    /// All rows of the main tables (plus sections, targets and province links: about 2×).
    pub fn total(&self) -> usize {
        self.meetings
            + self.agenda_items
            + self.attendances
            + self.directives
            + self.actions
            + self.updates
    }
}

/// What a national load did.
#[derive(Debug, Clone)]
pub struct NationalReport {
    /// Province-years written by this load.
    pub created: usize,
    /// Province-years found already loaded.
    pub present: usize,
    /// Provinces skipped for want of offices (Bangkok), with their office count.
    pub skipped: Vec<(String, usize)>,
    /// Rows written by this load.
    pub written: Rows,
    /// Generated meetings in the database afterwards (all provinces and years).
    pub meetings_total: u64,
    /// Wall time.
    pub elapsed: Duration,
    /// The big meeting of Sisaket 2569, when that province-year is loaded.
    pub big_meeting_id: Option<i32>,
}

impl fmt::Display for NationalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.written;
        let secs = self.elapsed.as_secs_f64();
        writeln!(
            f,
            "national scale data: {} province-years created, {} already present; {} generated meetings in the database",
            self.created, self.present, self.meetings_total
        )?;
        writeln!(
            f,
            "written: {} meetings, {} agenda items, {} attendance rows, {} directives, {} actions, {} progress reports in {:.1} s ({:.0} rows/s)",
            w.meetings,
            w.agenda_items,
            w.attendances,
            w.directives,
            w.actions,
            w.updates,
            secs,
            w.total() as f64 / secs.max(0.001)
        )?;
        for (code, offices) in &self.skipped {
            writeln!(
                f,
                "skipped {code}: {offices} provincial offices (the generator needs {BIG_ATTENDANCES})"
            )?;
        }
        match self.big_meeting_id {
            Some(id) => write!(f, "big meeting id: {id}"),
            None => write!(f, "big meeting id: none (Sisaket 2569 not loaded)"),
        }
    }
}

/// The seed of a province-year: Sisaket 2569 keeps the province-year's seed, the others mix
/// the province code and the year (FNV-1a), so any subset loads the same data.
pub fn seed(code: &str, year: FiscalYear) -> u64 {
    if code == PROVINCE && year == FISCAL_YEAR {
        return SEED;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code.bytes().chain(year.0.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Loads the normal demo (idempotent), then every missing province-year of `opts`, each in its
/// own transaction.
pub async fn load_national(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    opts: &Options,
) -> anyhow::Result<NationalReport> {
    let started = Instant::now();
    super::super::load(db, now).await?;
    let years = if opts.years.is_empty() {
        YEARS.to_vec()
    } else {
        opts.years.clone()
    };
    let mut wanted: Vec<(String, i32)> = provinces::Entity::find()
        .order_by_asc(provinces::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.code, p.id))
        .filter(|(c, _)| opts.provinces.is_empty() || opts.provinces.contains(c))
        .collect();
    for code in &opts.provinces {
        anyhow::ensure!(
            wanted.iter().any(|(c, _)| c == code),
            "unknown province {code}"
        );
    }
    wanted.dedup();
    let bar = if opts.progress {
        let bar = ProgressBar::new((wanted.len() * years.len()) as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {pos}/{len} province-years ({per_sec}, eta {eta}) {msg}",
            )
            .context("progress template")?
            .progress_chars("=> "),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut report = NationalReport {
        created: 0,
        present: 0,
        skipped: Vec::new(),
        written: Rows::default(),
        meetings_total: 0,
        elapsed: Duration::ZERO,
        big_meeting_id: None,
    };
    // A large load sets the text indexes aside and builds them once at the end.
    let mut missing = 0;
    for (_, id) in &wanted {
        for &year in &years {
            if loaded(db, *id, year).await? == 0 {
                missing += 1;
            }
        }
    }
    let bulk = missing >= opts.bulk_from.unwrap_or(BULK_PROVINCE_YEARS)
        || !text_indexes_present(db).await?;
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    if bulk {
        db.execute_unprepared(&if sqlite {
            migrations::search::sqlite_bulk_suspend()
        } else {
            migrations::search::pg_bulk_suspend()
        })
        .await?;
    }
    let outcome = load_missing(db, now, &wanted, &years, &bar, &mut report).await;
    if bulk {
        // Also after a failure: the rows written so far are found by the search again.
        bar.set_message("indexing the text for search");
        if sqlite {
            db.execute_unprepared(&migrations::search::sqlite_bulk_resume())
                .await?;
        } else {
            db.execute_unprepared(&migrations::search::pg_bulk_rescope())
                .await?;
            let [a, b] = migrations::search::pg_bulk_resume();
            tokio::try_join!(db.execute_unprepared(&a), db.execute_unprepared(&b))?;
            db.execute_unprepared(migrations::search::PG_AFTER_BULK)
                .await?;
        }
    }
    bar.finish_and_clear();
    outcome?;
    report.meetings_total = generated_meetings(db).await?;
    report.big_meeting_id = super::existing_report(db).await?.map(|r| r.big_meeting_id);
    report.elapsed = started.elapsed();
    Ok(report)
}

/// How many province-years are written at once: PostgreSQL writes one while the app builds the
/// next one's rows (two cores: 871 s one at a time on this machine); SQLite has one writer.
const PG_AT_ONCE: usize = 2;

/// What writing one province-year came to.
enum Written {
    /// The province has fewer offices than the big meeting's attendance.
    Skipped(usize),
    /// Already in the database.
    Present,
    /// Written now.
    Created(Rows),
}

/// Writes every province-year of `wanted` × `years` not yet in the database, each in its own
/// transaction; on PostgreSQL [`PG_AT_ONCE`] at a time.
async fn load_missing(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    wanted: &[(String, i32)],
    years: &[FiscalYear],
    bar: &ProgressBar,
    report: &mut NationalReport,
) -> anyhow::Result<()> {
    let at_once = match db.get_database_backend() {
        DbBackend::Postgres => PG_AT_ONCE,
        _ => 1,
    };
    let mut jobs: std::collections::VecDeque<(String, FiscalYear)> = wanted
        .iter()
        .flat_map(|(code, _)| years.iter().map(move |&year| (code.clone(), year)))
        .collect();
    // Provinces being written: two years of one province at once would each create the
    // province's series (a province's first year creates them, the next ones find them).
    let mut busy = std::collections::BTreeSet::new();
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.len() < at_once {
            let Some(next) = jobs.iter().position(|(code, _)| !busy.contains(code)) else {
                break;
            };
            let Some((code, year)) = jobs.remove(next) else {
                break;
            };
            busy.insert(code.clone());
            bar.set_message(format!("{code} {}", year.0));
            let db = db.clone();
            running.spawn(async move {
                let written = province_year(&db, now, &code, year).await;
                (code, written)
            });
        }
        // Dropping the set on an error aborts the others; their transactions roll back.
        let Some(done) = running.join_next().await else {
            break;
        };
        let (code, written) = done.context("a province-year's task")?;
        busy.remove(&code);
        match written? {
            Written::Skipped(offices) => {
                if !report.skipped.iter().any(|(c, _)| *c == code) {
                    report.skipped.push((code, offices));
                }
            }
            Written::Present => report.present += 1,
            Written::Created(rows) => {
                report.created += 1;
                report.written.add(rows);
            }
        }
        bar.inc(1);
    }
    Ok(())
}

/// Writes `code`'s province-year `year` in its own transaction, unless it is there already or
/// the province has too few offices.
async fn province_year(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    code: &str,
    year: FiscalYear,
) -> anyhow::Result<Written> {
    let txn = crate::db::begin_write(db).await?;
    let scope = Scope::load_province(&txn, now, code).await?;
    if scope.offices.len() < BIG_ATTENDANCES {
        txn.rollback().await?;
        return Ok(Written::Skipped(scope.offices.len()));
    }
    if loaded(&txn, scope.province_id, year).await? > 0 {
        txn.rollback().await?;
        return Ok(Written::Present);
    }
    let plan = plan::province_year_in(scope.offices.len(), year, seed(code, year))
        .with_context(|| format!("plan of {code} {}", year.0))?;
    write::province_year(&txn, &scope, &plan, now)
        .await
        .with_context(|| format!("writing {code} {}", year.0))?;
    txn.commit().await?;
    Ok(Written::Created(Rows::of(&plan)))
}

/// load then refills and restores them.
async fn text_indexes_present(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let backend = db.get_database_backend();
    let (names, query) = if backend == DbBackend::Sqlite {
        (
            migrations::search::sqlite_trigger_names(),
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN",
        )
    } else {
        (
            migrations::search::pg_indexes()
                .into_iter()
                .map(|(name, _)| name)
                .collect(),
            "SELECT COUNT(*) FROM pg_indexes WHERE indexname IN",
        )
    };
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let row = db
        .query_one_raw(Statement::from_string(backend, format!("{query} ({list})")))
        .await?
        .context("no count")?;
    let n: i64 = row.try_get_by_index(0)?;
    Ok(usize::try_from(n).is_ok_and(|n| n == names.len()))
}

/// Generated meetings of a province in a fiscal year.
async fn loaded<C: ConnectionTrait>(
    txn: &C,
    province_id: i32,
    year: FiscalYear,
) -> anyhow::Result<u64> {
    let series: Vec<i32> = meeting_series::Entity::find()
        .filter(meeting_series::Column::ProvinceId.eq(province_id))
        .filter(meeting_series::Column::Name.starts_with(super::MARK))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if series.is_empty() {
        return Ok(0);
    }
    Ok(meetings::Entity::find()
        .filter(meetings::Column::SeriesId.is_in(series))
        .filter(meetings::Column::NumberYear.eq(year.0))
        .count(txn)
        .await?)
}

/// Generated meetings in the database, all provinces and years.
async fn generated_meetings<C: ConnectionTrait>(db: &C) -> anyhow::Result<u64> {
    let series: Vec<i32> = meeting_series::Entity::find()
        .filter(meeting_series::Column::Name.starts_with(super::MARK))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if series.is_empty() {
        return Ok(0);
    }
    Ok(meetings::Entity::find()
        .filter(meetings::Column::SeriesId.is_in(series))
        .count(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_differ_by_province_and_year_and_sisaket_2569_keeps_its_own() {
        assert_eq!(seed(PROVINCE, FISCAL_YEAR), SEED);
        let a = seed("TH-55", FiscalYear(2568));
        assert_eq!(a, seed("TH-55", FiscalYear(2568)));
        assert_ne!(a, seed("TH-55", FiscalYear(2567)));
        assert_ne!(a, seed("TH-57", FiscalYear(2568)));
        assert_ne!(seed(PROVINCE, FiscalYear(2568)), SEED);
    }
}
