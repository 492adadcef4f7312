//! Pagination shared by lists (pages and API): `?page=1&per_page=50`, clamped.

use serde::{Deserialize, Serialize};

/// Largest page size.
pub const MAX_PER_PAGE: u64 = 200;
/// Default page size.
pub const DEFAULT_PER_PAGE: u64 = 50;
/// Highest page number looked at (the API refuses larger ones with a 400; its offset, at most
/// 200 × 2³¹, fits every database): a larger number in a page's URL shows that last page,
/// empty, instead of overflowing.
pub const MAX_PAGE: u64 = 2_147_483_647;
/// Lists with many rows stop counting here: past it a list says "more than 10,000" instead of
/// counting every row (an exact COUNT of the country's open actions reads half a million index
/// entries, ~270 ms on SQLite; a capped one reads 10,001, ~1 ms).
pub const COUNT_CAP: u64 = 10_000;
/// A list filtered by text stops counting here ("มากกว่า 200 รายการ"): the count walks the list's
/// order and tests each title, reading some eight rows for each it keeps of a common word.
/// Within one province, counting 1,001 in-progress actions by "ครัวเรือน" read 8,120 of
/// Sisaket's 9,804 (10 ms on either database, twice the list's budget); 201 read about 1,800.
/// Past a couple of hundred matches a reader narrows the search rather than reads on: the pages
/// still run on.
pub const TEXT_COUNT_CAP: u64 = 200;

/// Where a list's count stops: [`TEXT_COUNT_CAP`] with a text filter, else [`COUNT_CAP`].
pub fn count_cap(text_filter: bool) -> u64 {
    if text_filter {
        TEXT_COUNT_CAP
    } else {
        COUNT_CAP
    }
}

/// A requested page (1-based in URLs).
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Paging {
    /// 1-based page number.
    #[serde(default = "one")]
    pub page: u64,
    /// Items per page.
    #[serde(default = "default_per_page")]
    pub per_page: u64,
}

fn one() -> u64 {
    1
}

fn default_per_page() -> u64 {
    DEFAULT_PER_PAGE
}

impl Default for Paging {
    fn default() -> Self {
        Self {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

impl Paging {
    /// The page size, clamped to 1..=MAX_PER_PAGE.
    pub fn size(&self) -> u64 {
        self.per_page.clamp(1, MAX_PER_PAGE)
    }

    /// The 0-based page index for sea-orm's paginator.
    pub fn index(&self) -> u64 {
        self.page.clamp(1, MAX_PAGE) - 1
    }
}

/// A page of results with its position, as the API returns it and templates show it.
#[derive(Debug, Clone, Serialize)]
pub struct PageOf<T> {
    /// The items.
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Items in all pages.
    pub total: u64,
    /// Number of pages.
    pub pages: u64,
    /// The count stopped at its cap ([`count_cap`]): there are more than `total` items, and
    /// more pages than `pages` may follow.
    pub more: bool,
}

impl<T> PageOf<T> {
    /// Wraps a fetched page.
    pub fn new(items: Vec<T>, paging: Paging, total: u64) -> Self {
        let per_page = paging.size();
        Self {
            items,
            page: paging.page.clamp(1, MAX_PAGE),
            per_page,
            total,
            pages: total.div_ceil(per_page).max(1),
            more: false,
        }
    }

    /// Wraps a fetched page whose count was capped at `cap` (`counted` is at most `cap + 1`):
    /// past the cap, `total` is the cap, `more` is set, and the pages run on while a page comes
    /// back full.
    pub fn capped(items: Vec<T>, paging: Paging, counted: u64, cap: u64) -> Self {
        if counted <= cap {
            return Self::new(items, paging, counted);
        }
        let full = u64::try_from(items.len()).unwrap_or(u64::MAX) >= paging.size();
        let mut page = Self::new(items, paging, cap);
        page.more = true;
        page.pages = page.pages.max(page.page + u64::from(full));
        page
    }

    /// Maps the items.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> PageOf<U> {
        PageOf {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            per_page: self.per_page,
            total: self.total,
            pages: self.pages,
            more: self.more,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_page_numbers_stay_within_range() {
        let p = Paging {
            page: u64::MAX,
            per_page: u64::MAX,
        };
        assert_eq!(p.index(), MAX_PAGE - 1);
        assert_eq!(p.size(), MAX_PER_PAGE);
        assert!(i64::try_from(p.index() * p.size()).is_ok());
        let zero = Paging {
            page: 0,
            per_page: 0,
        };
        assert_eq!((zero.index(), zero.size()), (0, 1));
    }

    #[test]
    fn a_capped_count_says_more_and_keeps_the_next_page() {
        let at = |page| Paging { page, per_page: 50 };
        let exact = PageOf::capped(vec![0; 50], at(1), COUNT_CAP, COUNT_CAP);
        assert_eq!(
            (exact.total, exact.pages, exact.more),
            (COUNT_CAP, 200, false)
        );
        let more = PageOf::capped(vec![0; 50], at(1), COUNT_CAP + 1, COUNT_CAP);
        assert_eq!((more.total, more.pages, more.more), (COUNT_CAP, 200, true));
        let deep = PageOf::capped(vec![0; 50], at(250), COUNT_CAP + 1, COUNT_CAP);
        assert_eq!(
            deep.pages, 251,
            "a full page past the cap links to the next"
        );
        let last = PageOf::capped(vec![0; 7], at(250), COUNT_CAP + 1, COUNT_CAP);
        assert_eq!(last.pages, 250);
    }

    #[test]
    fn a_text_filter_counts_to_a_lower_cap() {
        assert_eq!(count_cap(false), COUNT_CAP);
        assert_eq!(count_cap(true), TEXT_COUNT_CAP);
        let at = Paging {
            page: 1,
            per_page: 50,
        };
        let page = PageOf::capped(vec![0; 50], at, TEXT_COUNT_CAP + 1, TEXT_COUNT_CAP);
        assert_eq!((page.total, page.more), (TEXT_COUNT_CAP, true));
    }
}
