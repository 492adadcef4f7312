//! A reader's scope asked of the search index: the scope tokens (migration
//! `m20261203_000025_search_scope`) that keep the rows of a zone, a province or an office, so that the index yields the reader's own matches, newest first,
//! without the country's in between.

use migrations::search::scope_token;
use sea_orm::DatabaseConnection;

use super::{Kind, SearchFilter};
use crate::db::repo::zones;
use crate::domain::access::Scope;
use crate::error::AppError;
use crate::services::Ctx;

/// The index's scope condition for each family of kinds; `None` where the reader's scope is
/// not one the index holds (an agency head's meetings: those their office attends or acts on).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct IndexScope {
    /// Meetings, agenda items, directives and minutes: by the meeting's zone and provinces.
    meetings: Option<Vec<Vec<String>>>,
    /// Actions and progress reports: by the action's zone, province and office.
    actions: Option<Vec<Vec<String>>>,
}

impl IndexScope {
    /// The tokens for `ctx`'s reader and the filters, without dates (a date
    /// filter reads the scope's meetings of those days directly); `None` when the index is not
    /// asked: an administrator without a province filter has nothing to narrow, a reader with
    /// no scope sees nothing anyway.
    pub(super) async fn of(
        db: &DatabaseConnection,
        ctx: &Ctx,
        f: &SearchFilter,
    ) -> Result<Option<Self>, AppError> {
        if f.from.is_some() || f.to.is_some() {
            return Ok(None);
        }
        let province = f.province.map(|p| vec![scope_token('p', p)]);
        let (meetings, actions) = match &ctx.actor.scope {
            Scope::Everything => (Some(Vec::new()), Some(Vec::new())),
            Scope::Zones(z) => {
                let zone_tokens: Vec<String> = z.iter().map(|&z| scope_token('z', z)).collect();
                let mut meetings = zone_tokens.clone();
                meetings.extend(
                    zones::current_provinces(db, z.iter().copied())
                        .await?
                        .into_iter()
                        .map(|p| scope_token('p', p)),
                );
                (Some(meetings), Some(zone_tokens))
            }
            Scope::Province(p) => (
                Some(vec![scope_token('p', *p)]),
                Some(vec![scope_token('p', *p)]),
            ),
            Scope::Office { office_id, .. } => (None, Some(vec![scope_token('o', *office_id)])),
            Scope::Nothing => return Ok(None),
        };
        // Every group holds one of the row's tokens: the reader's scope, and the province
        // filter.
        let both = |reader: Option<Vec<String>>| {
            reader.and_then(|r| {
                let groups: Vec<Vec<String>> = [Some(r), province.clone()]
                    .into_iter()
                    .flatten()
                    .filter(|g| !g.is_empty())
                    .collect();
                (!groups.is_empty()).then_some(groups)
            })
        };
        let out = Self {
            meetings: both(meetings),
            actions: both(actions),
        };
        Ok((out != Self::default()).then_some(out))
    }

    /// The condition for `kind`'s index, if it is asked.
    pub(super) fn for_kind(&self, kind: Kind) -> Option<&[Vec<String>]> {
        match kind {
            Kind::Action | Kind::Update => self.actions.as_deref(),
            Kind::Meeting | Kind::Agenda | Kind::Directive | Kind::Minutes => {
                self.meetings.as_deref()
            }
        }
    }
}
