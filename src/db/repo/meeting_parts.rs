//! The parts of a stored meeting read with it (its sessions, remote sites, inspectors and the
//! names of the people it names): shared by the meeting page and the meeting's edit command.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::db::entities::{meeting_inspectors, meeting_sessions, meetings, people, remote_sites};

/// The meeting's sessions, in order.
pub async fn sessions<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<Vec<meeting_sessions::Model>, DbErr> {
    meeting_sessions::Entity::find()
        .filter(meeting_sessions::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_sessions::Column::Position)
        .all(db)
        .await
}

/// The meeting's remote sites, in the order entered.
pub async fn remote_sites<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<Vec<remote_sites::Model>, DbErr> {
    remote_sites::Entity::find()
        .filter(remote_sites::Column::MeetingId.eq(meeting_id))
        .order_by_asc(remote_sites::Column::Id)
        .all(db)
        .await
}

/// The inspectors present, in order.
pub async fn inspectors<C: ConnectionTrait>(
    db: &C,
    meeting_id: i32,
) -> Result<Vec<meeting_inspectors::Model>, DbErr> {
    meeting_inspectors::Entity::find()
        .filter(meeting_inspectors::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_inspectors::Column::Position)
        .all(db)
        .await
}

/// The names of the meeting's chair, delegator, minute-taker, checker and inspectors, by
/// person id, in one query (none when it names nobody).
pub async fn person_names<C: ConnectionTrait>(
    db: &C,
    m: &meetings::Model,
    inspectors: &[meeting_inspectors::Model],
) -> Result<BTreeMap<i32, String>, DbErr> {
    let ids: Vec<i32> = [
        m.chair_person_id,
        m.delegated_by_person_id,
        m.minute_taker_person_id,
        m.minute_checker_person_id,
    ]
    .into_iter()
    .flatten()
    .chain(inspectors.iter().map(|i| i.person_id))
    .collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(people::Entity::find()
        .filter(people::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.full_name))
        .collect())
}
