//! Provinces by code.

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use crate::db::entities::provinces;

/// The id of the province with this ISO 3166-2 code (`TH-33`), if there is one.
pub async fn id_of_code<C: ConnectionTrait>(db: &C, code: &str) -> Result<Option<i32>, DbErr> {
    provinces::Entity::find()
        .select_only()
        .column(provinces::Column::Id)
        .filter(provinces::Column::Code.eq(code.trim().to_ascii_uppercase()))
        .into_tuple()
        .one(db)
        .await
}
