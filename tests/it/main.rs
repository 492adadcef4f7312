//! The one integration-test binary: drives the real router (and the real binary) on a fresh
//! database per test — a temp SQLite file, or PostgreSQL when PRACHUM_TEST_DATABASE_URL is set.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test code: a failed expectation is a failed test"
)]

#[allow(
    dead_code,
    unused_imports,
    reason = "shared helpers; not every test uses each"
)]
mod helpers;

mod access;
mod actions;
mod admin;
mod agenda;
mod answer_links;
mod api;
mod api_contract;
mod attendance;
mod auth;
mod browser;
mod budgets;
mod calendar;
mod cli;
mod demo;
mod directives;
mod exports;
mod field_loop;
mod hardening;
mod home;
mod mail;
mod meetings;
mod minutes;
mod multi_instance;
mod offices;
mod oversight;
mod pages;
mod pdf;
mod provinces;
mod reference;
mod rounds;
mod scale;
mod shapes;
mod textlayer;
mod typed_columns;
mod workflow;
