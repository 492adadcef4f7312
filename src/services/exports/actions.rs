//! The action list as an export: the list's own query (`action_filter::select`: scope, filters
//! and text), read in keyset chunks by id, each chunk with its offices, meetings and
//! provinces in three more queries.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

use crate::db::entities::{actions, meetings, provinces};
use crate::domain::status::{ActionStatus, Horizon};
use crate::error::AppError;
use crate::export::{CHUNK, Cell, Chunks, Column, Row, Table};
use crate::services::Ctx;
use crate::services::actions::{ActionFilter, office_names};

/// The export's columns.
pub fn table(today: NaiveDate) -> Table {
    Table::new(
        format!("การดำเนินการตามข้อสั่งการ {}", super::be_stamp(today)),
        format!("actions-{}", super::ce_stamp(today)),
        vec![
            Column::new("รหัส", 8.0),
            Column::new("ชื่องาน", 60.0),
            Column::new("หน่วยงานที่รับผิดชอบ", 40.0),
            Column::new("จังหวัด", 16.0),
            Column::new("การประชุม", 40.0),
            Column::new("วันที่ประชุม", 13.0),
            Column::new("กำหนดแล้วเสร็จ", 13.0),
            Column::new("สถานะ", 14.0),
            Column::new("เกินกำหนด", 10.0),
            Column::new("ความก้าวหน้า (%)", 10.0),
            Column::new("ระยะเวลาดำเนินการ", 16.0),
            Column::new("ตัวชี้วัด", 30.0),
            Column::new("ค่าเป้าหมาย", 12.0),
            Column::new("ผลปัจจุบัน", 12.0),
            Column::new("หน่วยนับ", 10.0),
            Column::new("ลิงก์", 36.0),
        ],
    )
}

#[derive(Debug, sea_orm::FromQueryResult)]
struct Listed {
    id: i32,
    meeting_id: i32,
    office_id: i32,
    province_id: Option<i32>,
    title: String,
    due_on: Option<NaiveDate>,
    horizon: Option<Horizon>,
    status: ActionStatus,
    progress: i32,
    metric_name: Option<String>,
    metric_unit: Option<String>,
    metric_target: Option<f64>,
    metric_current: Option<f64>,
}

/// The actions within the caller's scope that the list's filters select, in chunks by id.
pub struct ActionRows {
    db: DatabaseConnection,
    query: Select<actions::Entity>,
    today: NaiveDate,
    base_url: String,
    after: i32,
    done: bool,
    provinces: Option<HashMap<i32, String>>,
}

impl ActionRows {
    /// The rows of the list `f` selects for `ctx`; links start with `base_url`.
    pub fn new(
        db: &DatabaseConnection,
        ctx: &Ctx,
        f: &ActionFilter,
        base_url: &str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            query: crate::services::action_filter::select(db, ctx, f)?,
            db: db.clone(),
            today: ctx.today,
            base_url: base_url.trim_end_matches('/').to_owned(),
            after: 0,
            done: false,
            provinces: None,
        })
    }

    async fn fetch(&mut self) -> Result<Option<Vec<Row>>, AppError> {
        if self.done {
            return Ok(None);
        }
        let list: Vec<Listed> = self
            .query
            .clone()
            .select_only()
            .columns([
                actions::Column::Id,
                actions::Column::MeetingId,
                actions::Column::OfficeId,
                actions::Column::ProvinceId,
                actions::Column::Title,
                actions::Column::DueOn,
                actions::Column::Horizon,
                actions::Column::Status,
                actions::Column::Progress,
                actions::Column::MetricName,
                actions::Column::MetricUnit,
                actions::Column::MetricTarget,
                actions::Column::MetricCurrent,
            ])
            .filter(actions::Column::Id.gt(self.after))
            .order_by_asc(actions::Column::Id)
            .limit(CHUNK)
            .into_model()
            .all(&self.db)
            .await?;
        if u64::try_from(list.len()).unwrap_or(u64::MAX) < CHUNK {
            self.done = true;
        }
        let Some(last) = list.last() else {
            return Ok(None);
        };
        self.after = last.id;
        if self.provinces.is_none() {
            let all: Vec<(i32, String)> = provinces::Entity::find()
                .select_only()
                .column(provinces::Column::Id)
                .column(provinces::Column::NameTh)
                .into_tuple()
                .all(&self.db)
                .await?;
            self.provinces = Some(all.into_iter().collect());
        }
        let offices = office_names(&self.db, list.iter().map(|a| a.office_id)).await?;
        let mut meeting_ids: Vec<i32> = list.iter().map(|a| a.meeting_id).collect();
        meeting_ids.sort_unstable();
        meeting_ids.dedup();
        let held: HashMap<i32, (NaiveDate, String)> = meetings::Entity::find()
            .select_only()
            .column(meetings::Column::Id)
            .column(meetings::Column::MeetingDate)
            .column(meetings::Column::Title)
            .filter(meetings::Column::Id.is_in(meeting_ids))
            .into_tuple::<(i32, NaiveDate, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|(id, d, t)| (id, (d, t)))
            .collect();
        let provinces = self.provinces.as_ref();
        Ok(Some(
            list.into_iter()
                .map(|a| {
                    let meeting = held.get(&a.meeting_id);
                    vec![
                        a.id.into(),
                        a.title.into(),
                        offices.get(&a.office_id).cloned().into(),
                        a.province_id
                            .and_then(|p| provinces.and_then(|all| all.get(&p)).cloned())
                            .into(),
                        meeting.map(|m| m.1.clone()).into(),
                        meeting.map(|m| m.0).into(),
                        a.due_on.into(),
                        a.status.label_th().into(),
                        if a.status.is_overdue(a.due_on, self.today) {
                            "เกินกำหนด".into()
                        } else {
                            Cell::Empty
                        },
                        a.progress.into(),
                        a.horizon.map(|h| h.label_th()).into(),
                        a.metric_name.into(),
                        a.metric_target.into(),
                        a.metric_current.into(),
                        a.metric_unit.into(),
                        format!("{}/actions/{}", self.base_url, a.id).into(),
                    ]
                })
                .collect(),
        ))
    }
}

impl Chunks for ActionRows {
    async fn next_chunk(&mut self) -> Result<Option<Vec<Row>>, AppError> {
        self.fetch().await
    }
}
