//! SeaORM entities, one module per table. They mirror the migrations in the `migrations`
//! crate one-to-one: change a table there and here together (see `docs/data-model.md`).

pub mod prelude;

pub mod action_updates;
pub mod actions;
pub mod agencies;
pub mod agency_offices;
pub mod agenda_items;
pub mod agenda_sections;
pub mod api_tokens;
pub mod attachments;
pub mod attendances;
pub mod audit_events;
pub mod calendar_feeds;
pub mod directive_targets;
pub mod directives;
pub mod indicators;
pub mod inspection_issues;
pub mod inspection_rounds;
pub mod instance_leases;
pub mod login_failures;
pub mod meeting_inspectors;
pub mod meeting_issues;
pub mod meeting_provinces;
pub mod meeting_series;
pub mod meeting_sessions;
pub mod meetings;
pub mod minutes;
pub mod minutes_revisions;
pub mod office_heads;
pub mod outbox_messages;
pub mod people;
pub mod provinces;
pub mod public_calendars;
pub mod remote_sites;
pub mod response_links;
pub mod round_inspectors;
pub mod round_zones;
pub mod sessions;
pub mod setup_links;
pub mod user_zones;
pub mod users;
pub mod zone_memberships;
pub mod zones;
