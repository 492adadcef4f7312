//! What pages, documents and the JSON API see of stored rows: one view per entity that leaves the
//! services, built from its model. Entities are not serialisable, so a column added later (a hash,
//! a token, an internal flag) reaches no page or response unless its view names it. Each view
//! keeps the field names and types of its row, so the JSON shapes of the API are unchanged.
//!
//! Longer than 500 lines on purpose: one small view per entity with its `From` impls, the same
//! shape repeated, kept together so that everything that leaves the services is reviewed in one
//! file.

pub mod charts;
pub mod labels;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use crate::db::entities;
use crate::domain::agenda::AgendaItemKind;
use crate::domain::calendar::Digits;
use crate::domain::numbering::NumberingScope;
use crate::domain::status::ActionStatus;
use crate::domain::status::Horizon;
use crate::domain::status::MeetingKind;
use crate::domain::status::MeetingStatus;
use crate::domain::status::UpdateChannel;
use crate::domain::status::UpdateReview;

/// One choice in a select or checkbox list.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The value.
    pub value: String,
    /// Thai label.
    pub label: String,
}

/// A stored row that has a view.
pub trait Viewed {
    /// Its view.
    type View: Serialize;
    /// The view of this row.
    fn view(&self) -> Self::View;
}

/// What is shown of an agency office.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficeView {
    pub id: i32,
    pub agency_id: i32,
    pub province_id: Option<i32>,
    pub name_th: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub code: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_until: Option<NaiveDate>,
    pub merged_into_id: Option<i32>,
}

impl From<entities::agency_offices::Model> for OfficeView {
    fn from(m: entities::agency_offices::Model) -> Self {
        Self {
            id: m.id,
            agency_id: m.agency_id,
            province_id: m.province_id,
            name_th: m.name_th,
            email: m.email,
            phone: m.phone,
            contact_name: m.contact_name,
            contact_email: m.contact_email,
            active: m.active,
            created_at: m.created_at,
            code: m.code,
            valid_from: m.valid_from,
            valid_until: m.valid_until,
            merged_into_id: m.merged_into_id,
        }
    }
}

impl From<&entities::agency_offices::Model> for OfficeView {
    fn from(m: &entities::agency_offices::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of an agenda item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaItemView {
    pub id: i32,
    pub meeting_id: i32,
    pub section_id: i32,
    pub parent_item_id: Option<i32>,
    pub position: i32,
    pub auto_kind: Option<AgendaItemKind>,
    pub title: String,
    pub presenter_office_id: Option<i32>,
    pub presenter_name: Option<String>,
    pub time_budget_minutes: Option<i32>,
    pub issue_id: Option<i32>,
    pub notes_md: Option<String>,
    pub resolution_md: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<entities::agenda_items::Model> for AgendaItemView {
    fn from(m: entities::agenda_items::Model) -> Self {
        Self {
            id: m.id,
            meeting_id: m.meeting_id,
            section_id: m.section_id,
            parent_item_id: m.parent_item_id,
            position: m.position,
            auto_kind: m.auto_kind,
            title: m.title,
            presenter_office_id: m.presenter_office_id,
            presenter_name: m.presenter_name,
            time_budget_minutes: m.time_budget_minutes,
            issue_id: m.issue_id,
            notes_md: m.notes_md,
            resolution_md: m.resolution_md,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

impl From<&entities::agenda_items::Model> for AgendaItemView {
    fn from(m: &entities::agenda_items::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionView {
    pub id: i32,
    pub directive_id: i32,
    pub meeting_id: i32,
    pub office_id: i32,
    pub province_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub title: String,
    pub expected_md: Option<String>,
    pub due_on: Option<NaiveDate>,
    pub horizon: Option<Horizon>,
    pub metric_name: Option<String>,
    pub metric_unit: Option<String>,
    pub metric_target: Option<f64>,
    pub metric_current: Option<f64>,
    pub status: ActionStatus,
    pub progress: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<entities::actions::Model> for ActionView {
    fn from(m: entities::actions::Model) -> Self {
        Self {
            id: m.id,
            directive_id: m.directive_id,
            meeting_id: m.meeting_id,
            office_id: m.office_id,
            province_id: m.province_id,
            zone_id: m.zone_id,
            title: m.title,
            expected_md: m.expected_md,
            due_on: m.due_on,
            horizon: m.horizon,
            metric_name: m.metric_name,
            metric_unit: m.metric_unit,
            metric_target: m.metric_target,
            metric_current: m.metric_current,
            status: m.status,
            progress: m.progress,
            created_at: m.created_at,
            updated_at: m.updated_at,
            closed_at: m.closed_at,
        }
    }
}

impl From<&entities::actions::Model> for ActionView {
    fn from(m: &entities::actions::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of a meeting.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingView {
    pub id: i32,
    pub series_id: Option<i32>,
    pub round_id: Option<i32>,
    pub kind: MeetingKind,
    pub title: String,
    pub number: Option<i32>,
    pub number_year: Option<i32>,
    pub host_province_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub meeting_date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub venue_room: Option<String>,
    pub venue_floor: Option<String>,
    pub venue_building: Option<String>,
    pub online_platform: Option<String>,
    pub online_link: Option<String>,
    pub recording_ref: Option<String>,
    pub chair_person_id: Option<i32>,
    pub chair_title: Option<String>,
    pub delegated_by_person_id: Option<i32>,
    pub delegated_by_title: Option<String>,
    pub minute_taker_person_id: Option<i32>,
    pub minute_taker_title: Option<String>,
    pub minute_checker_person_id: Option<i32>,
    pub minute_checker_title: Option<String>,
    pub participant_count: Option<i32>,
    pub status: MeetingStatus,
    pub cancelled_reason: Option<String>,
    pub rescheduled_from: Option<NaiveDate>,
    pub summary: Option<String>,
    pub digit_style: Digits,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub host_org_th: Option<String>,
    pub source_headline: Option<String>,
    pub source_url: Option<String>,
    pub source_published_on: Option<NaiveDate>,
}

impl From<entities::meetings::Model> for MeetingView {
    fn from(m: entities::meetings::Model) -> Self {
        Self {
            id: m.id,
            series_id: m.series_id,
            round_id: m.round_id,
            kind: m.kind,
            title: m.title,
            number: m.number,
            number_year: m.number_year,
            host_province_id: m.host_province_id,
            zone_id: m.zone_id,
            meeting_date: m.meeting_date,
            start_time: m.start_time,
            end_time: m.end_time,
            venue_room: m.venue_room,
            venue_floor: m.venue_floor,
            venue_building: m.venue_building,
            online_platform: m.online_platform,
            online_link: m.online_link,
            recording_ref: m.recording_ref,
            chair_person_id: m.chair_person_id,
            chair_title: m.chair_title,
            delegated_by_person_id: m.delegated_by_person_id,
            delegated_by_title: m.delegated_by_title,
            minute_taker_person_id: m.minute_taker_person_id,
            minute_taker_title: m.minute_taker_title,
            minute_checker_person_id: m.minute_checker_person_id,
            minute_checker_title: m.minute_checker_title,
            participant_count: m.participant_count,
            status: m.status,
            cancelled_reason: m.cancelled_reason,
            rescheduled_from: m.rescheduled_from,
            summary: m.summary,
            digit_style: m.digit_style,
            created_at: m.created_at,
            updated_at: m.updated_at,
            host_org_th: m.host_org_th,
            source_headline: m.source_headline,
            source_url: m.source_url,
            source_published_on: m.source_published_on,
        }
    }
}

impl From<&entities::meetings::Model> for MeetingView {
    fn from(m: &entities::meetings::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of a meeting series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingSeriesView {
    pub id: i32,
    pub name: String,
    pub body_name: Option<String>,
    pub kind: MeetingKind,
    pub province_id: Option<i32>,
    pub zone_id: Option<i32>,
    pub round_id: Option<i32>,
    pub numbering_scope: NumberingScope,
    pub recurrence_rule: Option<String>,
    pub default_start: Option<NaiveTime>,
    pub default_end: Option<NaiveTime>,
    pub agenda_template: Option<String>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

impl From<entities::meeting_series::Model> for MeetingSeriesView {
    fn from(m: entities::meeting_series::Model) -> Self {
        Self {
            id: m.id,
            name: m.name,
            body_name: m.body_name,
            kind: m.kind,
            province_id: m.province_id,
            zone_id: m.zone_id,
            round_id: m.round_id,
            numbering_scope: m.numbering_scope,
            recurrence_rule: m.recurrence_rule,
            default_start: m.default_start,
            default_end: m.default_end,
            agenda_template: m.agenda_template,
            active: m.active,
            created_at: m.created_at,
        }
    }
}

impl From<&entities::meeting_series::Model> for MeetingSeriesView {
    fn from(m: &entities::meeting_series::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of an indicator of an inspection issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorView {
    pub id: i32,
    pub issue_id: i32,
    pub position: i32,
    pub name: String,
    pub unit: String,
    pub target: Option<f64>,
    pub current: Option<f64>,
    pub as_of: Option<NaiveDate>,
}

impl From<entities::indicators::Model> for IndicatorView {
    fn from(m: entities::indicators::Model) -> Self {
        Self {
            id: m.id,
            issue_id: m.issue_id,
            position: m.position,
            name: m.name,
            unit: m.unit,
            target: m.target,
            current: m.current,
            as_of: m.as_of,
        }
    }
}

impl From<&entities::indicators::Model> for IndicatorView {
    fn from(m: &entities::indicators::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of an inspection issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueView {
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    pub title: String,
    pub is_key: bool,
    pub description: Option<String>,
}

impl From<entities::inspection_issues::Model> for IssueView {
    fn from(m: entities::inspection_issues::Model) -> Self {
        Self {
            id: m.id,
            round_id: m.round_id,
            position: m.position,
            title: m.title,
            is_key: m.is_key,
            description: m.description,
        }
    }
}

impl From<&entities::inspection_issues::Model> for IssueView {
    fn from(m: &entities::inspection_issues::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of an update on an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpdateView {
    pub id: i32,
    pub action_id: i32,
    pub author_user_id: Option<i32>,
    pub author_name: Option<String>,
    pub channel: UpdateChannel,
    pub progress: Option<i32>,
    pub metric_value: Option<f64>,
    pub text_md: Option<String>,
    pub status_after: Option<ActionStatus>,
    pub review: UpdateReview,
    pub reviewed_by_user_id: Option<i32>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub review_comment: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<entities::action_updates::Model> for UpdateView {
    fn from(m: entities::action_updates::Model) -> Self {
        Self {
            id: m.id,
            action_id: m.action_id,
            author_user_id: m.author_user_id,
            author_name: m.author_name,
            channel: m.channel,
            progress: m.progress,
            metric_value: m.metric_value,
            text_md: m.text_md,
            status_after: m.status_after,
            review: m.review,
            reviewed_by_user_id: m.reviewed_by_user_id,
            reviewed_at: m.reviewed_at,
            review_comment: m.review_comment,
            created_at: m.created_at,
        }
    }
}

impl From<&entities::action_updates::Model> for UpdateView {
    fn from(m: &entities::action_updates::Model) -> Self {
        Self::from(m.clone())
    }
}

/// What is shown of a province.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProvinceView {
    pub id: i32,
    pub code: String,
    pub name_th: String,
    pub name_en: String,
    pub region_th: String,
    pub abbr_th: Option<String>,
    pub moph_health_region: Option<i32>,
}

impl From<entities::provinces::Model> for ProvinceView {
    fn from(m: entities::provinces::Model) -> Self {
        Self {
            id: m.id,
            code: m.code,
            name_th: m.name_th,
            name_en: m.name_en,
            region_th: m.region_th,
            abbr_th: m.abbr_th,
            moph_health_region: m.moph_health_region,
        }
    }
}

impl From<&entities::provinces::Model> for ProvinceView {
    fn from(m: &entities::provinces::Model) -> Self {
        Self::from(m.clone())
    }
}

impl Viewed for entities::agency_offices::Model {
    type View = OfficeView;
    fn view(&self) -> OfficeView {
        OfficeView::from(self)
    }
}

impl Viewed for entities::agenda_items::Model {
    type View = AgendaItemView;
    fn view(&self) -> AgendaItemView {
        AgendaItemView::from(self)
    }
}

impl Viewed for entities::actions::Model {
    type View = ActionView;
    fn view(&self) -> ActionView {
        ActionView::from(self)
    }
}

impl Viewed for entities::meetings::Model {
    type View = MeetingView;
    fn view(&self) -> MeetingView {
        MeetingView::from(self)
    }
}

impl Viewed for entities::meeting_series::Model {
    type View = MeetingSeriesView;
    fn view(&self) -> MeetingSeriesView {
        MeetingSeriesView::from(self)
    }
}

impl Viewed for entities::indicators::Model {
    type View = IndicatorView;
    fn view(&self) -> IndicatorView {
        IndicatorView::from(self)
    }
}

impl Viewed for entities::inspection_issues::Model {
    type View = IssueView;
    fn view(&self) -> IssueView {
        IssueView::from(self)
    }
}

impl Viewed for entities::action_updates::Model {
    type View = UpdateView;
    fn view(&self) -> UpdateView {
        UpdateView::from(self)
    }
}

impl Viewed for entities::provinces::Model {
    type View = ProvinceView;
    fn view(&self) -> ProvinceView {
        ProvinceView::from(self)
    }
}
