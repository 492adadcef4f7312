//! The pure domain: Thai calendar, fiscal years, numbering, recurrence, statuses and their
//! rules, agenda templates, Thai text handling and collation. No axum, sea-orm or tokio here.

pub mod access;
pub mod agenda;
pub mod calendar;
pub mod collate;
pub mod fields;
pub mod fiscal;
pub mod markdown;
pub mod minutes;
pub mod numbering;
pub mod offices;
pub mod paging;
pub mod recurrence;
pub mod rules;
pub mod search;
pub mod status;
pub mod text;
