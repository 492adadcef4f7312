//! The one integration-test binary: drives the real router (and the real binary) on a fresh
//! database per test — a temp SQLite file, or PostgreSQL when PRACHUM_TEST_DATABASE_URL is set.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test code: a failed expectation is a failed test"
)]

mod helpers;

mod cli;
mod demo;
mod pages;
mod reference;
mod scale;
