//! Column types for the `domain` enums stored as snake_case strings (`status: MeetingStatus`).
//!
//! An unknown stored value fails the read with an error naming the column, the enum and the
//! value; it is never skipped. `domain` stays free of sea-orm: the traits are implemented here,
//! with one macro. A column typed this way is still a `string` column holding `as_str()` (no
//! migration); `Option<Enum>` works for nullable columns through sea-orm's blanket impls
//! (`Nullable` gives the SQL null).

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
                        "column {index:?}: {s:?} is not a known {} ({}): {e}",
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use sea_orm::Value;
    use sea_orm::sea_query::{ColumnType, Nullable, StringLen, ValueType};

    use super::*;

    #[test]
    fn values_are_the_stored_strings() {
        assert_eq!(
            Value::from(MeetingStatus::MinutesDraft),
            Value::String(Some("minutes_draft".to_owned()))
        );
        assert_eq!(
            Value::from(Some(Horizon::LongTerm)),
            Value::String(Some("long_term".to_owned()))
        );
        assert_eq!(Value::from(None::<Horizon>), Value::String(None));
        assert_eq!(<OutboxStatus as Nullable>::null(), Value::String(None));
        assert_eq!(
            <Digits as ValueType>::try_from(Value::String(Some("thai".to_owned()))).unwrap(),
            Digits::Thai
        );
        assert!(
            <OutboxStatus as ValueType>::try_from(Value::String(Some("pending".to_owned())))
                .is_err()
        );
        assert!(<Role as ValueType>::try_from(Value::Int(Some(1))).is_err());
        assert_eq!(
            <Option<Certification> as ValueType>::try_from(Value::String(None)).unwrap(),
            None
        );
        assert_eq!(
            <AgendaSectionKind as ValueType>::column_type(),
            ColumnType::String(StringLen::None)
        );
        assert_eq!(<UpdateReview as ValueType>::type_name(), "UpdateReview");
    }
}
