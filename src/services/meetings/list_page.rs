//! Pages of the meetings list: ids newest first ([`newest`], [`rows`]), and a zone's or a
//! province's page ([`page`]) in two parts that never overlap (`scope::meetings_in_parts`): its
//! own meetings (a zone's `meetings.zone_id`, a province's `host_province_id`, walked newest
//! first along their index) and the few it joins from elsewhere. Counted and paged apart, then
//! merged: one query of the whole scope (`id IN (… UNION …)`) counted and sorted every meeting
//! of the scope for every page (7–12 ms for zone 14's 3,600 meetings at national scale; 3–10 ms
//! on PostgreSQL for Sisaket's 900).

use chrono::NaiveDate;
use sea_orm::sea_query::SelectStatement;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sea_orm::{DbErr, QuerySelect, QueryTrait, Select, TransactionTrait};

use crate::db::entities::meetings;
use crate::db::repo::count;
use crate::domain::paging::Paging;
use crate::error::AppError;

/// `q`'s ids and dates, newest first (the list's order), `limit` of them from `offset`.
pub fn newest(q: Select<meetings::Entity>, offset: u64, limit: u64) -> Select<meetings::Entity> {
    q.select_only()
        .column(meetings::Column::Id)
        .column(meetings::Column::MeetingDate)
        .order_by_desc(meetings::Column::MeetingDate)
        .order_by_desc(meetings::Column::Id)
        .offset(offset)
        .limit(limit)
}

/// The ids and dates [`newest`] selects (planned for its values on PostgreSQL when `own_plan`).
pub async fn rows<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    q: Select<meetings::Entity>,
    own_plan: bool,
) -> Result<Vec<(i32, NaiveDate)>, DbErr> {
    crate::db::repo::plans::all(db, &q.into_query(), own_plan)
        .await?
        .iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

/// Joined meetings a page lists by their ids, as bound values: past this many they are found
/// again by their subquery, which every query of the page then reruns (SQLite takes at most
/// 32,766 bound values in a statement).
pub const LISTED_GUESTS: usize = 1_000;

/// The count (up to `cap`, see `db::repo::count::up_to`) and the page's ids of the meetings
/// `kept` keeps of a scope in two parts (`scope::meetings_in_parts`): `own`, walked along its
/// index, and `guests`, the few joined from elsewhere.
pub async fn page<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    (own, guests): (Condition, SelectStatement),
    kept: Condition,
    paging: Paging,
    cap: u64,
    own_plan: bool,
) -> Result<(u64, Vec<i32>), AppError> {
    let listed = guests
        .clone()
        .limit(u64::try_from(LISTED_GUESTS).unwrap_or(u64::MAX) + 1)
        .to_owned();
    let listed = crate::db::repo::plans::ids(db, &listed, false).await?;
    let own = meetings::Entity::find().filter(own).filter(kept.clone());
    let (offset, size) = (paging.index() * paging.size(), paging.size());
    if listed.is_empty() {
        let (counted, ids) = tokio::try_join!(
            count::up_to(db, own.clone(), meetings::Column::Id, cap, own_plan),
            rows(db, newest(own, offset, size), own_plan),
        )?;
        return Ok((counted, ids.into_iter().map(|(id, _)| id).collect()));
    }
    // The joined part first (a few rows): with `g` of them kept, a row of the page has at most
    // `g` joined rows before it, so the scope's own rows from `offset - g` on hold the rest of
    // the page. A deep page reads `size + g` own rows, not `offset + size`.
    let joined = if listed.len() <= LISTED_GUESTS {
        meetings::Column::Id.is_in(listed)
    } else {
        meetings::Column::Id.in_subquery(guests)
    };
    let joined = meetings::Entity::find().filter(joined).filter(kept);
    let (own_count, joined_count, mut merged) = tokio::try_join!(
        count::up_to(db, own.clone(), meetings::Column::Id, cap, own_plan),
        count::up_to(db, joined.clone(), meetings::Column::Id, cap, own_plan),
        rows(db, newest(joined, 0, offset + size), own_plan),
    )?;
    let from = offset.saturating_sub(merged.len() as u64);
    merged.extend(rows(db, newest(own, from, offset + size - from), own_plan).await?);
    Ok((
        own_count + joined_count,
        merged_page(merged, offset - from, size),
    ))
}

/// The ids of `rows[offset..offset + size]` once sorted newest first (date, then id). The
/// rows are the joined part's first ones and the scope's own from some rank `from` on; `offset`
/// counts from `from`: a joined row newer than the first own row read then falls before the
/// page whatever its true place, and every later row's place is exact.
fn merged_page(mut rows: Vec<(i32, NaiveDate)>, offset: u64, size: u64) -> Vec<i32> {
    rows.sort_by_key(|&(id, date)| std::cmp::Reverse((date, id)));
    let skip = usize::try_from(offset).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    rows.into_iter()
        .skip(skip)
        .take(take)
        .map(|(id, _)| id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::merged_page;
    use chrono::NaiveDate;

    #[test]
    fn two_parts_merge_newest_first_and_page_after_merging() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
        // The scope's own meetings (newest first) and one joined from elsewhere in between.
        let rows = vec![(9, d(20)), (7, d(18)), (5, d(18)), (3, d(2)), (8, d(19))];
        assert_eq!(merged_page(rows.clone(), 0, 2), vec![9, 8]);
        assert_eq!(merged_page(rows.clone(), 2, 2), vec![7, 5]);
        assert_eq!(merged_page(rows, 4, 2), vec![3]);
    }

    #[test]
    fn a_deep_page_from_the_own_rows_near_it_equals_the_page_of_everything() {
        let d = |day| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Days::new(day);
        // Twenty own meetings every other day, three joined ones among and after them.
        let own: Vec<(i32, NaiveDate)> = (0..20).rev().map(|i| (i, d(2 * i as u64))).collect();
        let joined = vec![(100, d(39)), (101, d(21)), (102, d(0))];
        let mut all = own.clone();
        all.extend(joined.clone());
        for size in [1, 2, 5] {
            for offset in 0..25 {
                let want = merged_page(all.clone(), offset, size);
                let kept = &joined[..joined.len().min((offset + size) as usize)];
                let from = offset.saturating_sub(kept.len() as u64);
                let mut rows = kept.to_vec();
                rows.extend(
                    own.iter()
                        .skip(from as usize)
                        .take((offset + size - from) as usize),
                );
                assert_eq!(
                    merged_page(rows, offset - from, size),
                    want,
                    "{offset}+{size}"
                );
            }
        }
    }
}
