//! Column types for the `domain` enums stored as snake_case strings (`status: MeetingStatus`).
//!
//! An unknown stored value fails the read with an error naming the column, the enum and the
//! value; it is never skipped. `domain` stays free of sea-orm: the traits are implemented here, with one macro. A column typed
//! this way is still a `string` column holding `as_str()` (no migration); `Option<Enum>` works for
//! nullable columns through sea-orm's blanket impls (`Nullable` gives the SQL null).

use crate::domain::agenda::{AgendaItemKind, AgendaSectionKind};
use crate::domain::calendar::Digits;
use crate::domain::minutes::Certification;
use crate::domain::numbering::NumberingScope;
use crate::domain::status::{
    ActionStatus, AttendanceStatus, DirectiveStatus, Horizon, InspectionLevel, IssuerRole,
    MeetingKind, MeetingStatus, MinutesState, OutboxStatus, Role, UpdateChannel, UpdateReview,
};

/// Implements `TryGetable`, `ValueType`, `Nullable` and `From<Enum> for Value` for enums with
/// `as_str()`, `FromStr` (error: `domain::status::UnknownValue`) and `KIND_TH`.
macro_rules! stored_enum {
    ($($t:ty),+ $(,)?) => {$(
        impl sea_orm::TryGetable for $t {
            fn try_get_by<I: sea_orm::ColIdx>(
                res: &sea_orm::QueryResult,
                index: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let s = <String as sea_orm::TryGetable>::try_get_by(res, index)?;
                s.parse::<$t>().map_err(|e| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "column {index:?}: {} is not a {} ({}): {e}",
                        s.escape_debug(),
                        stringify!($t),
                        <$t>::KIND_TH,
                    )))
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $t {
            fn try_from(
                v: sea_orm::Value,
            ) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                match v {
                    sea_orm::Value::String(Some(s)) => {
                        s.parse().map_err(|_| sea_orm::sea_query::ValueTypeErr)
                    }
                    _ => Err(sea_orm::sea_query::ValueTypeErr),
                }
            }

            fn type_name() -> String {
                stringify!($t).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                <String as sea_orm::sea_query::ValueType>::array_type()
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $t {
            fn null() -> sea_orm::Value {
                <String as sea_orm::sea_query::Nullable>::null()
            }
        }

        impl From<$t> for sea_orm::Value {
            fn from(v: $t) -> Self {
                sea_orm::Value::String(Some(v.as_str().to_owned()))
            }
        }
    )+};
}

stored_enum!(
    ActionStatus,
    AgendaItemKind,
    AgendaSectionKind,
    AttendanceStatus,
    Certification,
    Digits,
    DirectiveStatus,
    Horizon,
    InspectionLevel,
    IssuerRole,
    MeetingKind,
    MeetingStatus,
    MinutesState,
    NumberingScope,
    OutboxStatus,
    Role,
    UpdateChannel,
    UpdateReview,
);
