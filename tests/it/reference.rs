//! Reference data in the database: loaded on migrate, idempotent.

use prachum::db::entities::{agencies, provinces, zone_memberships, zones};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

use crate::helpers::TestApp;

#[tokio::test]
async fn reference_data_is_loaded_once_however_often_we_migrate() {
    let app = TestApp::spawn().await;
    let db = &app.state.db;
    for _ in 0..2 {
        prachum::db::migrate(db).await.expect("migrate again");
    }
    assert_eq!(zones::Entity::find().count(db).await.expect("zones"), 19);
    assert_eq!(
        provinces::Entity::find()
            .count(db)
            .await
            .expect("provinces"),
        77
    );
    assert_eq!(
        zone_memberships::Entity::find()
            .count(db)
            .await
            .expect("memberships"),
        77
    );
    assert_eq!(
        agencies::Entity::find().count(db).await.expect("agencies"),
        50
    );
    let sisaket = provinces::Entity::find()
        .filter(provinces::Column::Code.eq("TH-33"))
        .one(db)
        .await
        .expect("query")
        .expect("Sisaket");
    assert_eq!(sisaket.name_th, "ศรีสะเกษ");
    let membership = zone_memberships::Entity::find()
        .filter(zone_memberships::Column::ProvinceId.eq(sisaket.id))
        .one(db)
        .await
        .expect("query")
        .expect("membership");
    let zone = zones::Entity::find_by_id(membership.zone_id)
        .one(db)
        .await
        .expect("query")
        .expect("zone");
    assert_eq!(zone.number, 14);
    assert!(membership.valid_to.is_none());
}
