//! `/dashboard/{table}.csv|.xlsx`: every table of the dashboard as a download (the roll-up, the
//! heat map, the monthly trend and the oldest overdue actions), with the page's own level and
//! filters and the same figures (the same service and cache).

use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::dashboard::{DashboardParams, query_of};
use crate::edge::identity::Me;
use crate::error::AppError;
use crate::export::{AllRows, Cell, Column, Format, Row, Table};
use crate::services::Ctx;
use crate::services::dashboard::{self as svc, Dashboard, Rollup};
use crate::state::AppState;

/// The tables, by the name in the path.
fn table(d: &Dashboard, name: &str) -> Option<(Table, Vec<Row>)> {
    Some(match name {
        "rollup" => rollup_table(d),
        "heat" => heat_table(d),
        "trend" => trend_table(d),
        "oldest" => oldest_table(d),
        _ => return None,
    })
}

/// A table's file name: what it is, then the dashboard's level.
fn file(d: &Dashboard, thai: &str) -> String {
    format!("{thai}-{}", d.title)
}

/// The the roll-up with its total row.
fn rollup_table(d: &Dashboard) -> (Table, Vec<Row>) {
    let columns = vec![
        Column::new("ชื่อ", 40.0),
        Column::new("งานทั้งหมด", 12.0),
        Column::new("ยังไม่ดำเนินการ", 14.0),
        Column::new("อยู่ระหว่างดำเนินการ", 16.0),
        Column::new("แล้วเสร็จ", 12.0),
        Column::new("เกินกำหนด", 12.0),
        Column::new("แล้วเสร็จทันกำหนด", 16.0),
        Column::new("ทันกำหนด (%)", 12.0),
        Column::new("มัธยฐานวันเกินกำหนด", 18.0),
        Column::new("งานที่มีรายงานรอตรวจสอบ", 20.0),
    ];
    let row = |r: &Rollup| -> Row {
        vec![
            Cell::from(r.name.as_str()),
            r.total.n.into(),
            r.open.n.into(),
            r.in_progress.n.into(),
            r.done.n.into(),
            r.overdue.n.into(),
            r.done_on_time.n.into(),
            r.on_time_pct.into(),
            r.median_days_overdue.into(),
            r.awaiting_review.n.into(),
        ]
    };
    let mut rows: Vec<Row> = d.rows.iter().map(row).collect();
    let mut total = row(&d.total);
    total[0] = Cell::from("รวม");
    rows.push(total);
    (
        Table::new(file(d, "ภาพรวม"), "dashboard-rollup", columns),
        rows,
    )
}

/// The provinces × ministries by overdue actions.
fn heat_table(d: &Dashboard) -> (Table, Vec<Row>) {
    let mut columns = vec![Column::new("จังหวัด", 24.0)];
    columns.extend(d.heat.columns.iter().map(|m| Column::new(m.clone(), 14.0)));
    let rows = d
        .heat
        .rows
        .iter()
        .map(|r| {
            let mut row: Row = vec![Cell::from(r.name.as_str())];
            row.extend(r.cells.iter().map(|c| Cell::from(c.n)));
            row
        })
        .collect();
    (
        Table::new(
            file(d, "งานเกินกำหนดรายจังหวัดและกระทรวง"),
            "dashboard-heat",
            columns,
        ),
        rows,
    )
}

/// The actions opened and closed by month.
fn trend_table(d: &Dashboard) -> (Table, Vec<Row>) {
    let columns = vec![
        Column::new("เดือน", 14.0),
        Column::new("เปิดใหม่", 12.0),
        Column::new("ปิดแล้ว", 12.0),
    ];
    let rows = d
        .trend
        .iter()
        .map(|m| {
            vec![
                Cell::from(m.label_th.as_str()),
                m.opened.n.into(),
                m.closed.n.into(),
            ]
        })
        .collect();
    (
        Table::new(file(d, "แนวโน้มรายเดือน"), "dashboard-trend", columns),
        rows,
    )
}

/// The the oldest overdue actions.
fn oldest_table(d: &Dashboard) -> (Table, Vec<Row>) {
    let columns = vec![
        Column::new("รหัสงาน", 10.0),
        Column::new("งาน", 50.0),
        Column::new("หน่วยงาน", 36.0),
        Column::new("กำหนดแล้วเสร็จ", 14.0),
        Column::new("เกินกำหนด (วัน)", 14.0),
        Column::new("รายงานล่าสุด", 20.0),
        Column::new("ข้อความรายงาน", 50.0),
    ];
    let rows = d
        .oldest
        .iter()
        .map(|a| {
            vec![
                Cell::from(a.id),
                Cell::from(a.title.as_str()),
                Cell::from(a.office.as_str()),
                a.due_on.into(),
                a.days_overdue.into(),
                a.last_update_th.clone().into(),
                a.last_update_text.clone().into(),
            ]
        })
        .collect();
    (
        Table::new(file(d, "งานเกินกำหนดนานที่สุด"), "dashboard-oldest", columns),
        rows,
    )
}

/// `GET /dashboard/{file}`: `rollup.csv`, `heat.xlsx`, …
pub async fn download(
    State(app): State<AppState>,
    Me(me): Me,
    Path(file): Path<String>,
    Query(p): Query<DashboardParams>,
) -> Result<Response, AppError> {
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let format = match ext {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => return Err(AppError::NotFound),
    };
    let ctx = Ctx::of(&me, &app.clock);
    let q = query_of(&app, &p).await?;
    let d = svc::get(&app.db, &app.dashboards, &ctx, &q).await?;
    let (table, rows) = table(&d, name).ok_or(AppError::NotFound)?;
    crate::edge::exports::respond(table, AllRows::new(rows), format).await
}
