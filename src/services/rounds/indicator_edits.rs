//! The indicators of an inspection issue: add, change and remove, with their targets and
//! current values.

use super::*;

/// The indicator form as typed (`2,242`; BE date).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IndicatorForm {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Unit.
    #[serde(default)]
    pub unit: String,
    /// Target.
    #[serde(default)]
    pub target: String,
    /// Current value.
    #[serde(default)]
    pub current: String,
    /// As of (BE).
    #[serde(default)]
    pub as_of: String,
}

pub(super) fn parse_number(e: &mut FieldErrors, field: &str, s: &str) -> Option<f64> {
    let t: String = to_arabic_digits(s.trim())
        .chars()
        .filter(|c| *c != ',' && !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return None;
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() => Some(v),
        _ => {
            e.add(field, "กรุณากรอกตัวเลข เช่น 2,242 หรือ 85.5");
            None
        }
    }
}

impl IndicatorForm {
    /// The form filled from a stored indicator.
    pub fn of(x: &indicators::Model) -> Self {
        Self {
            name: x.name.clone(),
            unit: x.unit.clone(),
            target: x.target.map(format_number).unwrap_or_default(),
            current: x.current.map(format_number).unwrap_or_default(),
            as_of: be(x.as_of).unwrap_or_default(),
        }
    }
}

/// Adds an indicator to an issue.
pub async fn add_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
    d: &IndicatorCommand,
) -> Result<indicators::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (_, zones) = issue_round(&txn, ctx, issue_id).await?;
    let last: Option<i32> = indicators::Entity::find()
        .select_only()
        .column_as(indicators::Column::Position.max(), "m")
        .filter(indicators::Column::IssueId.eq(issue_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let x = indicators::ActiveModel {
        issue_id: Set(issue_id),
        position: Set(last.unwrap_or(0) + 1),
        name: Set(d.name.clone()),
        unit: Set(d.unit.clone()),
        target: Set(d.target),
        current: Set(d.current),
        as_of: Set(d.as_of),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::created(
        &txn,
        ctx,
        Change {
            action: "indicator.create",
            kind: "indicator",
            id: x.id,
            at: location(&zones),
        },
        &x.view(),
    )
    .await?;
    txn.commit().await?;
    Ok(x)
}

/// An indicator and its round id, for an edit (same checks as its round).
pub async fn indicator_for_edit<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    indicator_id: i32,
) -> Result<(indicators::Model, i32), AppError> {
    let x = indicators::Entity::find_by_id(indicator_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (issue, _) = issue_round(db, ctx, x.issue_id).await?;
    Ok((x, issue.round_id))
}

/// An issue for an edit (same checks as its round).
pub async fn issue_for_edit<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<inspection_issues::Model, AppError> {
    Ok(issue_round(db, ctx, issue_id).await?.0)
}

/// Whether the user may edit this round (for showing edit links).
pub async fn may_edit<C: ConnectionTrait>(db: &C, ctx: &Ctx, round_id: i32) -> bool {
    editable(db, ctx, round_id).await.is_ok()
}

/// Edits an indicator. Returns its round id.
pub async fn update_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    indicator_id: i32,
    d: &IndicatorCommand,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (before, round_id) = indicator_for_edit(&txn, ctx, indicator_id).await?;
    let zones = editable(&txn, ctx, round_id).await?.1;
    let mut m: indicators::ActiveModel = before.clone().into();
    m.name = Set(d.name.clone());
    m.unit = Set(d.unit.clone());
    m.target = Set(d.target);
    m.current = Set(d.current);
    m.as_of = Set(d.as_of);
    let x = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "indicator.update",
            kind: "indicator",
            id: x.id,
            at: location(&zones),
        },
        audit::json(&before.view()),
        audit::json(&x.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
}

/// Removes an indicator. Returns its round id.
pub async fn delete_indicator(
    db: &DatabaseConnection,
    ctx: &Ctx,
    indicator_id: i32,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (x, round_id) = indicator_for_edit(&txn, ctx, indicator_id).await?;
    let zones = editable(&txn, ctx, round_id).await?.1;
    let before = audit::json(&x.view());
    x.delete(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "indicator.delete",
            kind: "indicator",
            id: indicator_id,
            at: location(&zones),
        },
        before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
}
