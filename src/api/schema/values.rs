//! String enumerations of the document, generated from the domain's own value lists
//! (`ALL` / `as_str`), so the document cannot name a value the services refuse or miss one they
//! accept.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

use crate::domain::minutes::Certification;
use crate::domain::status;

/// Builds a string schema listing `values`.
fn string_enum(description: &str, values: Vec<&'static str>) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .into()
}

macro_rules! values_of {
    ($(#[$doc:meta])* $name:ident = $values:expr, $description:literal) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                string_enum($description, $values)
            }
        }

        impl utoipa::ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

macro_rules! all {
    ($t:ty) => {
        <$t>::ALL.iter().map(|v| v.as_str()).collect()
    };
}

values_of!(
    /// A role.
    Role = all!(status::Role), "Role of an account"
);
values_of!(
    /// Level of a round.
    InspectionLevel = all!(status::InspectionLevel), "Level of an inspection round"
);
values_of!(
    /// Kind of meeting.
    MeetingKind = all!(status::MeetingKind), "Kind of meeting"
);
values_of!(
    /// Status of a meeting.
    MeetingStatus = all!(status::MeetingStatus), "Status of a meeting (changes follow its life cycle)"
);
values_of!(
    /// Status of an attendance row as sent; blank removes the row.
    AttendanceStatusInput = {
        let mut v: Vec<&'static str> = all!(status::AttendanceStatus);
        v.push("");
        v
    },
    "Attendance status; blank removes the row"
);
values_of!(
    /// Status of an action.
    ActionStatus = all!(status::ActionStatus), "Status of an action"
);
values_of!(
    /// Horizon of an action.
    Horizon = all!(status::Horizon), "Time horizon of an action"
);
values_of!(
    /// Status of a directive.
    DirectiveStatus = all!(status::DirectiveStatus), "Status of a directive"
);
values_of!(
    /// Who issued a directive.
    IssuerRole = all!(status::IssuerRole), "Who issued a directive"
);
values_of!(
    /// State of the minutes.
    MinutesState = all!(status::MinutesState), "State of the minutes"
);
values_of!(
    /// Review of a progress update.
    UpdateReview = all!(status::UpdateReview), "Review of a progress update"
);
values_of!(
    /// How minutes are certified.
    CertifyMethod = Certification::ALL.iter().map(|v| v.as_str()).collect(),
    "How the minutes are certified"
);
values_of!(
    /// Digits of printed documents.
    DigitStyle = vec!["arabic", "thai"], "Digits in printed documents (blank: arabic)"
);
