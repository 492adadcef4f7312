//! Schemas of the minutes' text and of the minutes inputs the services define.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::values::CertifyMethod;

/// What the secretary wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct Notes {
    /// Opening words.
    #[schema(required = false)]
    pub opening_md: String,
    /// Closing words.
    #[schema(required = false)]
    pub closing_md: String,
    /// Per agenda item id.
    #[schema(required = false)]
    pub items: BTreeMap<String, ItemNotes>,
}

/// One agenda item's text in the minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemNotes {
    /// What was reported and discussed (Markdown).
    #[schema(required = false)]
    pub notes_md: String,
    /// The resolution (Markdown).
    #[schema(required = false)]
    pub resolution_md: String,
}

/// A save of the minutes.
#[derive(Debug, Serialize, ToSchema)]
pub struct MinutesSave {
    /// The revision the text was loaded from.
    pub revision: i32,
    /// The lock token the text was loaded from.
    pub base: String,
    /// The text.
    pub notes: Notes,
    /// A comment for the revision.
    #[schema(required = false)]
    pub comment: String,
}

/// A certification.
#[derive(Debug, Serialize, ToSchema)]
pub struct MinutesCertify {
    /// How.
    #[schema(value_type = CertifyMethod)]
    pub method: String,
    /// The certifying meeting (next meeting only).
    pub by_meeting_id: Option<i32>,
    /// Corrections made at certification (Markdown).
    #[schema(required = false)]
    pub corrections_md: String,
}
