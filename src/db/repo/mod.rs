//! Queries, one module per area: entity ↔ page/domain mapping lives here, not in handlers.

pub mod actions;
pub mod calendar;
pub mod count;
pub mod dashboard;
pub mod data_version;
pub mod meeting_parts;
pub mod page;
pub mod plans;
pub mod provinces;
pub mod search;
pub mod text;
pub mod validity;
pub mod zones;
