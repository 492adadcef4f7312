//! The minutes' life after drafting: circulated to the members for comment (แจ้งเวียน),
//! certified (รับรองรายงานการประชุม) with a content hash, and published.

use super::*;

/// Circulates the draft to the members with a reply deadline (แจ้งเวียน): the PDF of the draft
/// is stored, and one email per member office (with the PDF) is queued in the same transaction
/// as the change of state.
pub async fn circulate(
    db: &DatabaseConnection,
    docs: &Documents,
    files: &crate::storage::FileStore,
    ctx: &Ctx,
    id: i32,
    deadline: NaiveDate,
) -> Result<NaiveDate, AppError> {
    // The PDF first (slow, outside the transaction), for a caller who may circulate.
    svc_meetings::find_managed(db, ctx, id).await?;
    let pdf = document(db, docs, ctx, id)
        .await?
        .produce(docs, crate::documents::Format::Pdf)
        .await?;
    let sha = crate::auth::secret::hex(&sha2::Sha256::digest(&pdf));
    let stored = crate::storage::key_of(&sha);
    files.put(&stored, pdf).await.map_err(AppError::Internal)?;
    let txn = crate::db::begin_write(db).await?;
    // Permission before validation: a caller who may not circulate learns nothing more.
    let (m, row) = for_change(&txn, ctx, id).await?;
    if deadline < ctx.today {
        return Err(invalid("deadline", "วันที่ต้องตอบกลับต้องไม่ก่อนวันนี้"));
    }
    let day = deadline;
    minutes_state(Some(&row)).transition(MinutesState::Circulated)?;
    minutes::Entity::update_many()
        .col_expr(
            minutes::Column::State,
            Expr::value(MinutesState::Circulated),
        )
        .col_expr(minutes::Column::CirculationDeadline, Expr::value(day))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(minutes::Column::Id.eq(row.id))
        .exec(&txn)
        .await?;
    follow(&txn, ctx, &m, MeetingStatus::Circulated).await?;
    let sent = crate::mail::circulated::enqueue_for_minutes(
        &txn,
        docs.templates(),
        &m,
        &stored,
        day,
        ctx.now,
    )
    .await?;
    record(
        &txn,
        ctx,
        &m,
        "minutes.circulate",
        serde_json::json!({ "deadline": day, "emails": sent }),
    )
    .await?;
    txn.commit().await?;
    Ok(day)
}

fn invalid(field: &str, message: impl ToString) -> AppError {
    let mut e = FieldErrors::new();
    e.add(field, message);
    AppError::Invalid(e)
}

/// The refusal of a certification whose fields did not parse: the meeting (managed, not
/// cancelled) comes first, as for a parsed one; then the field errors.
/// A circulation whose deadline did not parse: refused as certification is, scope and a
/// cancelled meeting first, then the field errors.
pub async fn refused_circulate(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
) -> AppError {
    refused_certify(db, ctx, id, errors).await
}

pub async fn refused_certify(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    errors: FieldErrors,
) -> AppError {
    match svc_meetings::find_managed(db, ctx, id).await {
        Ok(m) if m.status == MeetingStatus::Cancelled => RuleViolation::MeetingCancelled.into(),
        Ok(_) => AppError::Invalid(errors),
        Err(e) => e,
    }
}

/// Input of a certification (the form's and the API's; parsed into a [`CertifyCommand`]).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct CertifyInput {
    /// `next_meeting`, `same_meeting` or `circulation`.
    pub method: String,
    /// The certifying meeting (next meeting only).
    #[serde(default)]
    pub by_meeting_id: Option<i32>,
    /// Corrections made at certification (Markdown), empty for "without changes".
    #[serde(default)]
    pub corrections_md: String,
}

/// Certifies the minutes: the text is frozen as a last revision and its SHA-256 recorded.
pub async fn certify(
    db: &DatabaseConnection,
    docs: &Documents,
    ctx: &Ctx,
    id: i32,
    input: &CertifyCommand,
) -> Result<String, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (m, row) = for_change(&txn, ctx, id).await?;
    let method = input.method;
    let state = minutes_state(Some(&row));
    state.transition(MinutesState::Certified)?;
    let by = match method {
        Certification::SameMeeting => m.id,
        Certification::Circulation => {
            if state != MinutesState::Circulated {
                return Err(RuleViolation::MinutesNotCirculated.into());
            }
            m.id
        }
        Certification::NextMeeting => {
            let later = later_in_series(&txn, &m).await?;
            match input.by_meeting_id {
                Some(b) if later.iter().any(|(l, _)| *l == b) => b,
                _ => return Err(RuleViolation::NotTheNextMeeting.into()),
            }
        }
    };
    let digits = digits_of(&m, Some(&row));
    let content = assemble::assemble(&txn, ctx, m.id, None, Some(digits))
        .await?
        .doc
        .markdown(docs)?;
    let hash = content_hash(&content);
    let revision = row.current_revision + 1;
    let notes = {
        let agenda = super::super::agenda::load(&txn, &ctx.with_full_rights(), &m).await?;
        current_notes(&txn, Some(&row), &agenda).await?
    };
    let done = minutes::Entity::update_many()
        .col_expr(minutes::Column::State, Expr::value(MinutesState::Certified))
        .col_expr(minutes::Column::CurrentRevision, Expr::value(revision))
        .col_expr(minutes::Column::CertifiedAt, Expr::value(ctx.now))
        .col_expr(minutes::Column::CertificationMethod, Expr::value(method))
        .col_expr(minutes::Column::CertifiedByMeetingId, Expr::value(by))
        .col_expr(
            minutes::Column::CorrectionsMd,
            Expr::value(input.corrections_md.clone()),
        )
        .col_expr(minutes::Column::ContentSha256, Expr::value(hash.clone()))
        .col_expr(minutes::Column::UpdatedAt, Expr::value(ctx.now))
        .filter(minutes::Column::Id.eq(row.id))
        .filter(minutes::Column::CurrentRevision.eq(row.current_revision))
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Err(AppError::Stale(STALE.to_owned()));
    }
    minutes_revisions::ActiveModel {
        minutes_id: Set(row.id),
        revision: Set(revision),
        content_md: Set(content),
        notes_json: Set(serde_json::to_string(&notes).ok()),
        author_user_id: Set(ctx.user_id),
        comment: Set(Some(format!("รับรอง: {}", method.label_th()))),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    follow(&txn, ctx, &m, MeetingStatus::Certified).await?;
    record(
        &txn,
        ctx,
        &m,
        "minutes.certify",
        serde_json::json!({ "method": method.as_str(), "by_meeting_id": by, "sha256": hash }),
    )
    .await?;
    txn.commit().await?;
    Ok(hash)
}

/// Publishes certified minutes on the public page, or withdraws them.
pub async fn set_published(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
    published: bool,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let (m, row) = for_change(&txn, ctx, id).await?;
    if minutes_state(Some(&row)) != MinutesState::Certified {
        return Err(RuleViolation::MinutesNotCertified.into());
    }
    minutes::ActiveModel {
        published: Set(published),
        updated_at: Set(ctx.now),
        ..row.into()
    }
    .update(&txn)
    .await?;
    follow(
        &txn,
        ctx,
        &m,
        if published {
            MeetingStatus::Published
        } else {
            MeetingStatus::Certified
        },
    )
    .await?;
    record(
        &txn,
        ctx,
        &m,
        if published {
            "minutes.publish"
        } else {
            "minutes.unpublish"
        },
        serde_json::json!({ "published": published }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
