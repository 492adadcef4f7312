//! Scope as SQL: the one place that turns a user's [`Scope`] into query conditions for each
//! kind of object. Every list and every fetch goes through these, so an object outside the
//! scope is simply not found (404), never shown.

use std::collections::BTreeSet;

use sea_orm::sea_query::{Expr, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, Condition};

use crate::db::entities::{
    actions, attendances, audit_events, directives, inspection_rounds, meeting_provinces,
    meeting_series, meetings, round_zones, zone_memberships,
};
use crate::domain::access::{Location, Scope};

fn nothing() -> Condition {
    Condition::all().add(Expr::cust("1 = 0"))
}

/// Meetings within scope: a zone's meetings for inspectors; hosted or covered meetings for a
/// province; for an agency head, the meetings its office was invited to or owes actions from.
pub fn meetings(scope: &Scope) -> Condition {
    match scope {
        Scope::Everything => Condition::all(),
        // A zone reads its meetings and those its provinces join (a centrally hosted meeting
        // whose first joining province lies in another zone), by today's zone membership.
        // Each scope is one `id IN (… UNION …)`: an `OR` of two conditions made PostgreSQL scan
        // every meeting of the country to count a province's (90 ms at national scale; 5 ms so).
        Scope::Zones(z) => Condition::all().add(
            meetings::Column::Id.in_subquery(
                Query::select()
                    .column(meetings::Column::Id)
                    .from(meetings::Entity)
                    .and_where(meetings::Column::ZoneId.is_in(z.iter().copied()))
                    .union(UnionType::All, zone_guests(z))
                    .to_owned(),
            ),
        ),
        Scope::Province(p) => Condition::all().add(
            meetings::Column::Id.in_subquery(
                Query::select()
                    .column(meetings::Column::Id)
                    .from(meetings::Entity)
                    .and_where(meetings::Column::HostProvinceId.eq(*p))
                    .union(
                        UnionType::Distinct,
                        Query::select()
                            .column(meeting_provinces::Column::MeetingId)
                            .from(meeting_provinces::Entity)
                            .and_where(meeting_provinces::Column::ProvinceId.eq(*p))
                            .to_owned(),
                    )
                    .to_owned(),
            ),
        ),
        Scope::Office { office_id, .. } => Condition::all().add(
            meetings::Column::Id.in_subquery(
                Query::select()
                    .column(attendances::Column::MeetingId)
                    .from(attendances::Entity)
                    .and_where(attendances::Column::OfficeId.eq(*office_id))
                    .union(
                        UnionType::Distinct,
                        Query::select()
                            .column(actions::Column::MeetingId)
                            .from(actions::Entity)
                            .and_where(actions::Column::OfficeId.eq(*office_id))
                            .to_owned(),
                    )
                    .to_owned(),
            ),
        ),
        Scope::Nothing => nothing(),
    }
}

/// The meetings that the provinces of zones `z` (today's members) join from another zone: the
/// second part of a zone's meetings, which never overlaps the first (`meetings.zone_id IN z`).
/// Read from the index on each row's copy of its meeting's zone (migration
/// `m20261204_000028_meeting_zone_copy`): a province-hosted meeting lists its host too, so
/// without the copy this part was the zone's own meetings again.
pub fn zone_guests(z: &BTreeSet<i32>) -> SelectStatement {
    Query::select()
        .column(meeting_provinces::Column::MeetingId)
        .from(meeting_provinces::Entity)
        .and_where(
            meeting_provinces::Column::ProvinceId.in_subquery(
                Query::select()
                    .column(zone_memberships::Column::ProvinceId)
                    .from(zone_memberships::Entity)
                    .and_where(zone_memberships::Column::ZoneId.is_in(z.iter().copied()))
                    .and_where(zone_memberships::Column::ValidTo.is_null())
                    .to_owned(),
            ),
        )
        .cond_where(
            Condition::any()
                .add(meeting_provinces::Column::MeetingZoneId.is_null())
                .add(meeting_provinces::Column::MeetingZoneId.is_not_in(z.iter().copied())),
        )
        .to_owned()
}

/// A zone's or a province's meetings in two parts that never overlap, for its list
/// (`services::meetings::list_page`): its own, walked newest first along an index (a zone's
/// `meetings.zone_id`, a province's `host_province_id`), and the few it joins from elsewhere
/// ([`zone_guests`], [`province_guests`]). Together they are [`meetings`]' scope. `None` for the
/// other scopes.
pub fn meetings_in_parts(scope: &Scope) -> Option<(Condition, SelectStatement)> {
    match scope {
        Scope::Zones(z) => Some((
            Condition::all().add(meetings::Column::ZoneId.is_in(z.iter().copied())),
            zone_guests(z),
        )),
        Scope::Province(p) => Some((
            Condition::all().add(meetings::Column::HostProvinceId.eq(*p)),
            province_guests(*p),
        )),
        _ => None,
    }
}

/// The meetings province `p` joins and does not host (a centrally hosted one, or another
/// province's): the second part of a province's meetings, which never overlaps the first
/// (`meetings.host_province_id = p`). Its `meeting_provinces` rows `EXCEPT` the meetings it
/// hosts, both read from an index alone (migration `m20261204_000029_list_orders`): a join
/// read each of the province's 900 meetings for its host (2 ms on PostgreSQL).
pub fn province_guests(p: i32) -> SelectStatement {
    Query::select()
        .column(meeting_provinces::Column::MeetingId)
        .from(meeting_provinces::Entity)
        .and_where(meeting_provinces::Column::ProvinceId.eq(p))
        .union(
            UnionType::Except,
            Query::select()
                .column(meetings::Column::Id)
                .from(meetings::Entity)
                .and_where(meetings::Column::HostProvinceId.eq(p))
                .to_owned(),
        )
        .to_owned()
}

/// The ids of the meetings within scope, as a subquery.
pub fn meeting_ids(scope: &Scope) -> SelectStatement {
    Query::select()
        .column(meetings::Column::Id)
        .from(meetings::Entity)
        .cond_where(meetings(scope))
        .to_owned()
}

/// Actions within scope, by their own province, zone and office columns.
pub fn actions(scope: &Scope) -> Condition {
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Zones(z) => Condition::all().add(actions::Column::ZoneId.is_in(z.iter().copied())),
        Scope::Province(p) => Condition::all().add(actions::Column::ProvinceId.eq(*p)),
        Scope::Office { office_id, .. } => {
            Condition::all().add(actions::Column::OfficeId.eq(*office_id))
        }
        Scope::Nothing => nothing(),
    }
}

/// Directives of the meetings within scope.
pub fn directives(scope: &Scope) -> Condition {
    match scope {
        Scope::Everything => Condition::all(),
        _ => Condition::all().add(directives::Column::MeetingId.in_subquery(meeting_ids(scope))),
    }
}

/// Rounds covering the user's zones (a province's or an office's zone included).
pub fn rounds(scope: &Scope) -> Condition {
    let covering = |zones: SelectStatement| {
        Condition::all().add(
            inspection_rounds::Column::Id.in_subquery(
                Query::select()
                    .column(round_zones::Column::RoundId)
                    .from(round_zones::Entity)
                    .and_where(round_zones::Column::ZoneId.in_subquery(zones))
                    .to_owned(),
            ),
        )
    };
    let zones_of_province = |p: i32| {
        Query::select()
            .column(zone_memberships::Column::ZoneId)
            .from(zone_memberships::Entity)
            .and_where(zone_memberships::Column::ProvinceId.eq(p))
            .to_owned()
    };
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Zones(z) => Condition::all().add(
            inspection_rounds::Column::Id.in_subquery(
                Query::select()
                    .column(round_zones::Column::RoundId)
                    .from(round_zones::Entity)
                    .and_where(round_zones::Column::ZoneId.is_in(z.iter().copied()))
                    .to_owned(),
            ),
        ),
        Scope::Province(p) => covering(zones_of_province(*p)),
        Scope::Office { province_id, .. } => covering(zones_of_province(*province_id)),
        Scope::Nothing => nothing(),
    }
}

/// Series (standing bodies) within scope: a province's own, a zone's (zone-wide series and those
/// of the zone's provinces). Agency heads see meetings, not series: a series lists meetings
/// their office was not invited to.
pub fn series(scope: &Scope) -> Condition {
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Province(p) => Condition::all().add(meeting_series::Column::ProvinceId.eq(*p)),
        Scope::Zones(z) => Condition::any()
            .add(meeting_series::Column::ZoneId.is_in(z.iter().copied()))
            .add(
                meeting_series::Column::ProvinceId.in_subquery(
                    Query::select()
                        .column(zone_memberships::Column::ProvinceId)
                        .from(zone_memberships::Entity)
                        .and_where(zone_memberships::Column::ZoneId.is_in(z.iter().copied()))
                        .to_owned(),
                ),
            ),
        Scope::Office { .. } | Scope::Nothing => nothing(),
    }
}

/// Audit events within scope, by the province and zone recorded with each event (an agency head
/// reads its province's trail).
pub fn audit_events(scope: &Scope) -> Condition {
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Zones(z) => {
            Condition::all().add(audit_events::Column::ZoneId.is_in(z.iter().copied()))
        }
        Scope::Province(p) | Scope::Office { province_id: p, .. } => {
            Condition::all().add(audit_events::Column::ProvinceId.eq(*p))
        }
        Scope::Nothing => nothing(),
    }
}

/// Where a meeting sits, for permission checks.
pub fn meeting_location(m: &meetings::Model) -> Location {
    Location {
        zone_id: m.zone_id,
        province_id: m.host_province_id,
        office_id: None,
    }
}

/// Where an action sits, for permission checks.
pub fn action_location(a: &actions::Model) -> Location {
    Location {
        zone_id: a.zone_id,
        province_id: a.province_id,
        office_id: Some(a.office_id),
    }
}
