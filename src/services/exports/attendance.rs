//! A meeting's attendance as an export: the checklist the attendance page shows (every office
//! of the host province, then people and guests), for a meeting within the caller's scope.

use sea_orm::DatabaseConnection;

use crate::error::AppError;
use crate::export::{AllRows, Cell, Column, Table};
use crate::services::{Ctx, attendance, meetings};

/// The attendance of meeting `id` as a table and its rows (404 outside the caller's scope).
pub async fn sheet(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
) -> Result<(Table, AllRows), AppError> {
    let m = meetings::find(db, ctx, id).await?;
    let sheet = attendance::sheet(db, ctx, &m).await?;
    let table = Table::new(
        format!("ผู้เข้าประชุม {} {}", m.id, super::be_stamp(m.meeting_date)),
        format!("attendance-{}-{}", m.id, super::ce_stamp(m.meeting_date)),
        vec![
            Column::new("ลำดับ", 7.0),
            Column::new("วันที่ประชุม", 13.0),
            Column::new("หน่วยงาน", 40.0),
            Column::new("ชื่อ", 28.0),
            Column::new("ตำแหน่ง", 36.0),
            Column::new("สถานะ", 16.0),
            Column::new("ผู้แทน/ผู้รักษาการ", 28.0),
            Column::new("ตำแหน่งผู้แทน", 30.0),
            Column::new("เหตุผลที่ไม่มา", 30.0),
            Column::new("ส่งรายงานเป็นเอกสาร", 12.0),
            Column::new("จำนวนคน (กลุ่ม)", 10.0),
        ],
    );
    let blank = |s: String| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    };
    let rows = sheet
        .rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                i64::try_from(i + 1).unwrap_or(i64::MAX).into(),
                m.meeting_date.into(),
                r.office_name.into(),
                blank(r.name),
                blank(r.title),
                if r.status.is_empty() {
                    "ยังไม่บันทึก".into()
                } else {
                    r.status_th.into()
                },
                blank(r.rep_name),
                blank(r.rep_title),
                blank(r.reason),
                if r.sent {
                    "ส่งแล้ว".into()
                } else {
                    Cell::Empty
                },
                r.group_count.map(i64::from).into(),
            ]
        })
        .collect();
    Ok((table, AllRows::new(rows)))
}
