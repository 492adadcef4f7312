//! Fixture builders: a meeting with its agenda, attendance, directives and actions, in any
//! province, built through the same services the screens and the API call, so a test says what
//! it needs in one line and nothing is written behind the rules' back:
//!
//! ```ignore
//! let built = MeetingBuilder::new(&app).in_province("TH-40").with_agenda(6)
//!     .with_attendance(10).with_directives(2, 3).build().await;
//! ```

use prachum::db::entities::{
    actions, agency_offices, agenda_items, agenda_sections, directives, meetings, provinces,
};
use prachum::domain::status::IssuerRole;
use prachum::services::actions::NewAction;
use prachum::services::agenda::{ItemCommand, ItemInput};
use prachum::services::attendance::{AttendanceCommand, RowInput};
use prachum::services::directives::DirectiveCommand;
use prachum::services::meetings::{MeetingCommand, MeetingInput};
use prachum::services::{
    Ctx, actions as asvc, agenda, attendance, directives as dsvc, meetings as msvc,
};
use prachum::state::Clock;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::commands::{self, action, be};
use super::{TestApp, fixed_now};

/// The active offices of a province, by id.
pub async fn offices_of(app: &TestApp, code: &str) -> Vec<agency_offices::Model> {
    let p = provinces::Entity::find()
        .filter(provinces::Column::Code.eq(code))
        .one(&app.state.db)
        .await
        .expect("query")
        .unwrap_or_else(|| panic!("province {code}"));
    agency_offices::Entity::find()
        .filter(agency_offices::Column::ProvinceId.eq(p.id))
        .filter(agency_offices::Column::Active.eq(true))
        .order_by_asc(agency_offices::Column::Id)
        .all(&app.state.db)
        .await
        .expect("offices")
}

/// What a [`MeetingBuilder`] made.
pub struct Built {
    /// The meeting, as stored after everything was added.
    pub meeting: meetings::Model,
    /// Its agenda items, in the order added.
    pub agenda: Vec<agenda_items::Model>,
    /// Its directives, in the order drafted.
    pub directives: Vec<directives::Model>,
    /// The actions of every directive, in the order created.
    pub actions: Vec<actions::Model>,
}

/// Builds a meeting step by step; every step goes through a service as the system (full rights).
pub struct MeetingBuilder<'a> {
    app: &'a TestApp,
    province: &'static str,
    title: String,
    date_be: String,
    agenda: usize,
    attendance: usize,
    directives: usize,
    actions_each: usize,
    publish: bool,
    status: &'static str,
}

impl<'a> MeetingBuilder<'a> {
    /// A working-group meeting in Sisaket on 19/04/2565 with nothing in it.
    pub fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            province: "TH-33",
            title: "ประชุมคณะทำงานติดตามข้อสั่งการ".to_owned(),
            date_be: "19/04/2565".to_owned(),
            agenda: 0,
            attendance: 0,
            directives: 0,
            actions_each: 0,
            publish: false,
            status: "held",
        }
    }

    /// Hosted by this province (ISO code, `TH-40`).
    pub fn in_province(mut self, code: &'static str) -> Self {
        self.province = code;
        self
    }

    /// Its title.
    pub fn titled(mut self, title: &str) -> Self {
        title.clone_into(&mut self.title);
        self
    }

    /// Its date, Buddhist Era as typed in the form (`19/04/2565`).
    pub fn on(mut self, date_be: &str) -> Self {
        date_be.clone_into(&mut self.date_be);
        self
    }

    /// Its status as created (`held` unless told: `planned`, `invited`, `cancelled`, ...).
    pub fn status(mut self, status: &'static str) -> Self {
        self.status = status;
        self
    }

    /// `n` items under the agenda's fourth section (matters for consideration).
    pub fn with_agenda(mut self, n: usize) -> Self {
        self.agenda = n;
        self
    }

    /// `n` attendance rows, one per office of the province (at most as many as it has).
    pub fn with_attendance(mut self, n: usize) -> Self {
        self.attendance = n;
        self
    }

    /// `n` directives of the inspector, each with `actions_each` actions for distinct offices.
    pub fn with_directives(mut self, n: usize, actions_each: usize) -> Self {
        self.directives = n;
        self.actions_each = actions_each;
        self
    }

    /// Publishes the directives (their actions are then assigned and mailed).
    pub fn published(mut self) -> Self {
        self.publish = true;
        self
    }

    /// Creates it all; panics with the service's error when a step is refused.
    pub async fn build(self) -> Built {
        let db = &self.app.state.db;
        let ctx = Ctx::system(&Clock::Fixed(fixed_now()));
        let input = MeetingInput {
            kind: "working_group".to_owned(),
            title: self.title.clone(),
            host_province: self.province.to_owned(),
            meeting_date: self.date_be.clone(),
            session_label: vec![String::new()],
            session_start: vec!["09.00".to_owned()],
            session_end: vec!["12.00".to_owned()],
            venue_room: "ห้องประชุมศาลากลางจังหวัด".to_owned(),
            chair_name: "นายทดสอบ ประธาน".to_owned(),
            chair_title: "รองผู้ว่าราชการจังหวัด".to_owned(),
            status: self.status.to_owned(),
            digit_style: "arabic".to_owned(),
            ..MeetingInput::default()
        };
        let command = MeetingCommand::try_from(&input).unwrap_or_else(|e| panic!("meeting: {e:?}"));
        let meeting = msvc::create(db, &ctx, &command)
            .await
            .unwrap_or_else(|e| panic!("meeting: {e:?}"));
        let offices = offices_of(self.app, self.province).await;
        let mut agenda_rows = Vec::new();
        if self.agenda > 0 {
            let sections = agenda_sections::Entity::find()
                .filter(agenda_sections::Column::MeetingId.eq(meeting.id))
                .order_by_asc(agenda_sections::Column::Position)
                .all(db)
                .await
                .expect("sections");
            let section = sections
                .get(3)
                .or(sections.last())
                .expect("the meeting has agenda sections");
            for i in 0..self.agenda {
                let item = ItemInput {
                    section_id: section.id.to_string(),
                    title: format!("เรื่องที่ {} เพื่อพิจารณา", i + 1),
                    notes_md: format!("ที่ประชุมรับทราบรายงานเรื่องที่ {}", i + 1),
                    ..ItemInput::default()
                };
                let item = ItemCommand::try_from(&item).unwrap_or_else(|e| panic!("item: {e:?}"));
                agenda_rows.push(
                    agenda::add_item(db, &ctx, meeting.id, &item)
                        .await
                        .unwrap_or_else(|e| panic!("agenda item {i}: {e:?}")),
                );
            }
        }
        if self.attendance > 0 {
            let rows: Vec<RowInput> = offices
                .iter()
                .take(self.attendance)
                .enumerate()
                .map(|(i, o)| RowInput {
                    office_id: Some(o.id),
                    name: format!("นายผู้แทน ลำดับที่{}", i + 1),
                    title: o.name_th.clone(),
                    status: "present".to_owned(),
                    ..RowInput::default()
                })
                .collect();
            let rows = AttendanceCommand::try_from(rows.as_slice())
                .unwrap_or_else(|e| panic!("attendance: {e:?}"));
            attendance::save(db, &ctx, meeting.id, &rows)
                .await
                .unwrap_or_else(|e| panic!("attendance: {e:?}"));
        }
        let mut drafted = Vec::new();
        let mut all_actions = Vec::new();
        for d in 0..self.directives {
            let command = DirectiveCommand {
                issuer_name: Some("นายพิจิตร บุญทัน".to_owned()),
                agenda_item_id: agenda_rows.get(d).map(|i| i.id),
                ..commands::directive(
                    IssuerRole::Inspector,
                    &format!("ให้หน่วยงานที่เกี่ยวข้องเร่งรัดการดำเนินการเรื่องที่ {}", d + 1),
                    &[],
                )
            };
            let directive = dsvc::draft(db, &ctx, meeting.id, &command)
                .await
                .unwrap_or_else(|e| panic!("directive {d}: {e:?}"));
            let rows: Vec<NewAction> = offices
                .iter()
                .cycle()
                .skip(d * self.actions_each)
                .take(self.actions_each)
                .enumerate()
                .map(|(a, o)| NewAction {
                    due: Some(be("30/09/2570")),
                    ..action(
                        o.id,
                        &format!("ดำเนินการตามข้อสั่งการที่ {} ส่วนที่ {}", d + 1, a + 1),
                    )
                })
                .collect();
            if !rows.is_empty() {
                let made = asvc::create(
                    db,
                    &ctx,
                    &self.app.state.mail,
                    directive.id,
                    &commands::actions(rows, true),
                )
                .await
                .unwrap_or_else(|e| panic!("actions of directive {d}: {e:?}"));
                all_actions.extend(made);
            }
            let directive = if self.publish {
                dsvc::publish(db, &ctx, &self.app.state.mail, directive.id)
                    .await
                    .unwrap_or_else(|e| panic!("publish {d}: {e:?}"))
            } else {
                directive
            };
            drafted.push(directive);
        }
        let meeting = meetings::Entity::find_by_id(meeting.id)
            .one(db)
            .await
            .expect("query")
            .expect("meeting");
        Built {
            meeting,
            agenda: agenda_rows,
            directives: drafted,
            actions: all_actions,
        }
    }
}
