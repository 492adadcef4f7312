//! Use-cases for directives (to be built).

use sea_orm::DatabaseConnection;
use serde::Serialize;

use super::Ctx;
use crate::error::AppError;

/// The directives and actions of one meeting, as the meeting page shows them
/// (`templates/directives/_meeting_section.html.j2`). Loaded with a fixed number of queries.
#[derive(Debug, Default, Serialize)]
pub struct MeetingFollowup {}

/// The follow-up section of a meeting the caller can already read.
pub async fn meeting_followup(
    _db: &DatabaseConnection,
    _ctx: &Ctx,
    _meeting_id: i32,
) -> Result<MeetingFollowup, AppError> {
    Ok(MeetingFollowup::default())
}
