//! Prachum (ประชุม): inspection rounds, meetings, directives, actions and minutes for Thai
//! government inspection. `router(state)` is the whole web application, used by `main` and tests.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod documents;
pub mod domain;
pub mod edge;
pub mod error;
pub mod export;
pub mod mail;
pub mod pdf;
pub mod services;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod templating;
pub mod views;
pub mod web;

pub use state::AppState;
pub use web::router;
