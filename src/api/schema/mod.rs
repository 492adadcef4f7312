//! The OpenAPI schemas of what the API sends and takes where the Rust type lives outside
//! `src/api` (service views, stored rows, domain notes): one documented mirror per shape. The
//! tests validate real responses against these schemas, with undocumented fields refused, so a
//! mirror that drifts from its type fails.

pub mod actions;
pub mod meetings;
pub mod minutes;
pub mod offices;
pub mod rounds;
pub mod values;

use serde::Serialize;
use utoipa::ToSchema;

/// The error body every failure answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Error {
    /// What went wrong.
    pub error: ErrorBody,
}

/// The inside of [`Error`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine code: `bad_request`, `not_found`, `validation_failed`, `unauthenticated`,
    /// `forbidden`, `rule_violation`, `stale_revision`, `payload_too_large`, …
    #[schema(examples("not_found"))]
    pub code: String,
    /// Thai, fit to show.
    pub message: String,
    /// Per-field messages, when a field is to blame.
    #[schema(required = false)]
    pub fields: Option<std::collections::BTreeMap<String, String>>,
}

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    /// The items of this page.
    pub items: Vec<T>,
    /// 1-based page number.
    pub page: u64,
    /// Items per page.
    pub per_page: u64,
    /// Items in all pages (at most 10,000, or 1,000 with a text filter `q`: see `more`).
    pub total: u64,
    /// Number of pages (at least 1).
    pub pages: u64,
    /// The count stopped at its cap (10,000; 1,000 with a text filter): there are more items
    /// than `total`, and pages after `pages` while a page comes back full. Narrow the filters
    /// for an exact count.
    pub more: bool,
}
