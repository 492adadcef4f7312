//! The inspection issues of a round: add, change and remove, within the round's zones.

use super::*;

/// An inspection issue as the API sends it (read into an [`IssueCommand`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IssueInput {
    /// Title.
    #[serde(default)]
    pub title: String,
    /// Key issue.
    #[serde(default)]
    pub is_key: bool,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
}

pub(super) async fn issue_round<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<(inspection_issues::Model, Vec<i32>), AppError> {
    ensure_may_edit(ctx)?;
    let issue = inspection_issues::Entity::find_by_id(issue_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (_, zones) = editable(db, ctx, issue.round_id).await?;
    Ok((issue, zones))
}

/// Adds an issue at the end of a round's list.
pub async fn add_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    round_id: i32,
    input: &IssueCommand,
) -> Result<inspection_issues::Model, AppError> {
    ensure_may_edit(ctx)?;
    let txn = crate::db::begin_write(db).await?;
    let (_, zones) = editable(&txn, ctx, round_id).await?;
    let last: Option<i32> = inspection_issues::Entity::find()
        .select_only()
        .column_as(inspection_issues::Column::Position.max(), "m")
        .filter(inspection_issues::Column::RoundId.eq(round_id))
        .into_tuple::<Option<i32>>()
        .one(&txn)
        .await?
        .flatten();
    let issue = inspection_issues::ActiveModel {
        round_id: Set(round_id),
        position: Set(last.unwrap_or(0) + 1),
        title: Set(input.title.clone()),
        is_key: Set(input.is_key),
        description: Set(input.description.clone()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::created(
        &txn,
        ctx,
        Change {
            action: "issue.create",
            kind: "inspection_issue",
            id: issue.id,
            at: location(&zones),
        },
        &issue.view(),
    )
    .await?;
    txn.commit().await?;
    Ok(issue)
}

/// Edits an issue.
pub async fn update_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
    input: &IssueCommand,
) -> Result<inspection_issues::Model, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (before, zones) = issue_round(&txn, ctx, issue_id).await?;
    let mut m: inspection_issues::ActiveModel = before.clone().into();
    m.title = Set(input.title.clone());
    m.is_key = Set(input.is_key);
    m.description = Set(input.description.clone());
    let issue = m.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "issue.update",
            kind: "inspection_issue",
            id: issue_id,
            at: location(&zones),
        },
        audit::json(&before.view()),
        audit::json(&issue.view()),
    )
    .await?;
    txn.commit().await?;
    Ok(issue)
}

/// Removes an issue (and its indicators), unless a meeting refers to it. Returns its round id.
pub async fn delete_issue(
    db: &DatabaseConnection,
    ctx: &Ctx,
    issue_id: i32,
) -> Result<i32, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (issue, zones) = issue_round(&txn, ctx, issue_id).await?;
    let used = meeting_issues::Entity::find()
        .filter(meeting_issues::Column::IssueId.eq(issue_id))
        .count(&txn)
        .await?;
    if used > 0 {
        return Err(AppError::BadRequest(
            "ประเด็นนี้ถูกอ้างถึงในการประชุมแล้ว จึงลบไม่ได้ (แก้ไขได้)".to_owned(),
        ));
    }
    indicators::Entity::delete_many()
        .filter(indicators::Column::IssueId.eq(issue_id))
        .exec(&txn)
        .await?;
    let round_id = issue.round_id;
    let before = audit::json(&issue.view());
    issue.delete(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "issue.delete",
            kind: "inspection_issue",
            id: issue_id,
            at: location(&zones),
        },
        before,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok(round_id)
}
