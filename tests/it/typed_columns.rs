//! Status and kind columns are typed (`db::stored_enum`): values round-trip, and a stored value
//! no enum knows makes the read fail with an error naming the column, the enum and the value
//! (never a row silently skipped or a rule silently not applied).

use prachum::db::entities::{minutes, outbox_messages};
use prachum::domain::status::OutboxStatus;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::helpers::{TestApp, fixed_now};

async fn queued(db: &sea_orm::DatabaseConnection) -> i32 {
    outbox_messages::ActiveModel {
        kind: Set("actions_assigned".to_owned()),
        recipient_email: Set("head@example.go.th".to_owned()),
        payload: Set("{}".to_owned()),
        status: Set(OutboxStatus::Queued),
        attempts: Set(0),
        available_at: Set(fixed_now()),
        created_at: Set(fixed_now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

#[tokio::test]
async fn a_typed_status_round_trips_and_filters() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let id = queued(db).await;
    let row = outbox_messages::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, OutboxStatus::Queued);
    let n = outbox_messages::Entity::find()
        .filter(outbox_messages::Column::Status.eq(OutboxStatus::Queued))
        .filter(outbox_messages::Column::Id.eq(id))
        .all(db)
        .await
        .unwrap()
        .len();
    assert_eq!(n, 1);
    // A nullable typed column reads NULL as None (no minutes yet: none to read).
    let none: Vec<minutes::Model> = minutes::Entity::find()
        .filter(minutes::Column::CertificationMethod.is_null())
        .all(db)
        .await
        .unwrap();
    assert!(none.iter().all(|m| m.certification_method.is_none()));
}

#[tokio::test]
async fn an_unknown_stored_status_fails_the_read_with_a_clear_error() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    let id = queued(db).await;
    // 'pending' is what the old documentation called a queued message: no status has that name.
    db.execute_unprepared(&format!(
        "UPDATE outbox_messages SET status = 'pending' WHERE id = {id}"
    ))
    .await
    .unwrap();
    let err = outbox_messages::Entity::find_by_id(id)
        .one(db)
        .await
        .expect_err("an unknown status must not read as a value");
    let msg = err.to_string();
    assert!(msg.contains("pending"), "{msg}");
    assert!(msg.contains("OutboxStatus"), "{msg}");
    assert!(msg.contains("status"), "{msg}");
    // A list fails as a whole: the row is not skipped.
    assert!(outbox_messages::Entity::find().all(db).await.is_err());
}
