//! "Valid on a day" for the rows that carry validity dates (zone memberships, office heads). The
//! interval is half-open, `[valid_from, valid_to)` (docs/data-model.md): a change on day X
//! closes the old row with `valid_to = X` and opens the new one with `valid_from = X`.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition};

use crate::db::entities::{office_heads, zone_memberships};

/// Zone memberships in force on `day`.
pub fn zone_membership_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(zone_memberships::Column::ValidFrom.lte(day))
        .add(
            Condition::any()
                .add(zone_memberships::Column::ValidTo.is_null())
                .add(zone_memberships::Column::ValidTo.gt(day)),
        )
}

/// Office heads in office on `day`.
pub fn office_head_on(day: NaiveDate) -> Condition {
    Condition::all()
        .add(office_heads::Column::ValidFrom.lte(day))
        .add(
            Condition::any()
                .add(office_heads::Column::ValidTo.is_null())
                .add(office_heads::Column::ValidTo.gt(day)),
        )
}
