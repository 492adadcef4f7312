//! The meetings list as an export: the list's scope and filters
//! (`services::meetings::filtered`), read in keyset chunks by id, each chunk with its host
//! provinces in one more query.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::db::entities::{meetings, provinces};
use crate::error::AppError;
use crate::export::{CHUNK, Chunks, Column, Row, Table};
use crate::services::Ctx;
use crate::services::meetings::{ListFilter, filtered, number_of};

/// The export's columns.
pub fn table(today: NaiveDate) -> Table {
    Table::new(
        format!("การประชุม {}", super::be_stamp(today)),
        format!("meetings-{}", super::ce_stamp(today)),
        vec![
            Column::new("รหัส", 8.0),
            Column::new("วันที่ประชุม", 13.0),
            Column::new("ชื่อการประชุม", 60.0),
            Column::new("ครั้งที่", 10.0),
            Column::new("ประเภท", 22.0),
            Column::new("จังหวัด", 16.0),
            Column::new("สถานะ", 16.0),
            Column::new("ลิงก์", 36.0),
        ],
    )
}

/// The meetings within the caller's scope that the list's filters select, in chunks by id.
pub struct MeetingRows {
    db: DatabaseConnection,
    query: Select<meetings::Entity>,
    base_url: String,
    after: i32,
    done: bool,
}

impl MeetingRows {
    /// The rows of the list `f` selects for `ctx` (dates in BE on pages, ISO when `iso`);
    /// invalid filters are a 422.
    pub async fn new(
        db: &DatabaseConnection,
        ctx: &Ctx,
        f: &ListFilter,
        iso: bool,
        base_url: &str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            query: filtered(db, ctx, f, iso).await?,
            db: db.clone(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            after: 0,
            done: false,
        })
    }
}

impl Chunks for MeetingRows {
    async fn next_chunk(&mut self) -> Result<Option<Vec<Row>>, AppError> {
        if self.done {
            return Ok(None);
        }
        let list: Vec<meetings::Model> = self
            .query
            .clone()
            .filter(meetings::Column::Id.gt(self.after))
            .order_by_asc(meetings::Column::Id)
            .limit(CHUNK)
            .all(&self.db)
            .await?;
        if u64::try_from(list.len()).unwrap_or(u64::MAX) < CHUNK {
            self.done = true;
        }
        let Some(last) = list.last() else {
            return Ok(None);
        };
        self.after = last.id;
        let mut ids: Vec<i32> = list.iter().filter_map(|m| m.host_province_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let names: HashMap<i32, String> = provinces::Entity::find()
            .select_only()
            .column(provinces::Column::Id)
            .column(provinces::Column::NameTh)
            .filter(provinces::Column::Id.is_in(ids))
            .into_tuple::<(i32, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        Ok(Some(
            list.iter()
                .map(|m| {
                    vec![
                        m.id.into(),
                        m.meeting_date.into(),
                        m.title.clone().into(),
                        number_of(m).into(),
                        m.kind.label_th().into(),
                        m.host_province_id
                            .and_then(|p| names.get(&p).cloned())
                            .into(),
                        m.status.label_th().into(),
                        format!("{}/meetings/{}", self.base_url, m.id).into(),
                    ]
                })
                .collect(),
        ))
    }
}
