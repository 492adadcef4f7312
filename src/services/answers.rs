//! Answering by signed link (no account): the page of a link's actions, an update posted
//! through it (recorded "via email link" in the action's history and the audit log, with the
//! link marked used), and a fresh link sent to the address on file when one has expired.

use std::collections::BTreeMap;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use super::Ctx;
use super::updates::{self, UpdateCommand, UpdateView, Upload};
use crate::db::entities::{action_updates, actions, agency_offices, response_links};
use crate::domain::access::Actor;
use crate::domain::calendar::{Digits, ThaiDate};
use crate::domain::status::{ActionStatus, Role, UpdateChannel};
use crate::error::AppError;
use crate::mail::links::{self, Refused};
use crate::mail::outbox::{self, NewMail};
use crate::mail::{MailConfig, assigned, kind, render};
use crate::state::Clock;

/// The text of an acknowledgement.
pub const ACK_TEXT: &str = "รับทราบข้อสั่งการแล้ว";

/// One action on the page.
#[derive(Debug, Clone, Serialize)]
pub struct LinkAction {
    /// The action and its directive, as in the email.
    pub line: assigned::ActionLine,
    /// Status in Thai.
    pub status_th: String,
    /// Status (stored).
    pub status: String,
    /// Progress %.
    pub progress: i32,
    /// Metric name.
    pub metric_name: Option<String>,
    /// Metric unit.
    pub metric_unit: Option<String>,
    /// Current value.
    pub metric_current: Option<f64>,
    /// Reports so far.
    pub updates: Vec<UpdateView>,
}

/// The page of a link.
#[derive(Debug, Clone, Serialize)]
pub struct LinkPage {
    /// The office.
    pub office: String,
    /// Until when the link works, BE.
    pub expires_th: String,
    /// Its actions.
    pub actions: Vec<LinkAction>,
}

/// Who acts through a link: the office's head, without an account, within the office only.
pub fn ctx_for(link: &response_links::Model, office: &agency_offices::Model, clock: &Clock) -> Ctx {
    Ctx {
        actor: Actor::new(
            0,
            Role::AgencyHead,
            Default::default(),
            None,
            Some((office.id, office.province_id.unwrap_or_default())),
        ),
        user_id: None,
        label: format!(
            "{} — {} ({})",
            office.name_th,
            link.recipient_email,
            UpdateChannel::EmailLink.label_th()
        ),
        now: clock.now(),
        today: clock.today(),
    }
}

/// A verified link and its office.
pub async fn open(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    token: &str,
    clock: &Clock,
) -> Result<Result<(response_links::Model, agency_offices::Model), Refused>, AppError> {
    let link = match links::verify(db, cfg, token, clock.now()).await {
        Ok(l) => l,
        Err(r) => return Ok(Err(r)),
    };
    let office = agency_offices::Entity::find_by_id(link.office_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Ok((link, office)))
}

/// The page of a verified link: only its actions that still belong to its office.
pub async fn page(
    db: &DatabaseConnection,
    link: &response_links::Model,
    office: &agency_offices::Model,
) -> Result<LinkPage, AppError> {
    let ids = links::action_ids(link);
    let rows: BTreeMap<i32, actions::Model> = actions::Entity::find()
        .filter(actions::Column::Id.is_in(ids.clone()))
        .filter(actions::Column::OfficeId.eq(office.id))
        .order_by_asc(actions::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let lines = assigned::action_lines(db, &rows.keys().copied().collect::<Vec<_>>()).await?;
    let mut out = Vec::new();
    for line in lines {
        let Some(a) = rows.get(&line.id) else {
            continue;
        };
        out.push(LinkAction {
            status_th: a.status.label_th().to_owned(),
            status: a.status.as_str().to_owned(),
            progress: a.progress,
            metric_name: a.metric_name.clone(),
            metric_unit: a.metric_unit.clone(),
            metric_current: a.metric_current,
            updates: updates::for_action(db, a.id).await?,
            line,
        });
    }
    Ok(LinkPage {
        office: office.name_th.clone(),
        expires_th: ThaiDate(
            link.expires_at
                .with_timezone(&crate::state::bangkok())
                .date_naive(),
        )
        .date_long(Digits::Arabic),
        actions: out,
    })
}

/// Who answers through the link, when the action is one of the link's and still its office's:
/// "not found" otherwise, like any action out of scope.
pub async fn answerable(
    db: &DatabaseConnection,
    link: &response_links::Model,
    office: &agency_offices::Model,
    clock: &Clock,
    action_id: i32,
) -> Result<Ctx, AppError> {
    if !links::action_ids(link).contains(&action_id) {
        return Err(AppError::NotFound);
    }
    let ctx = ctx_for(link, office, clock);
    updates::postable_action(db, &ctx, action_id).await?;
    Ok(ctx)
}

/// Posts an update on one of the link's actions (an acknowledgement when `ack`). An action
/// the link does not cover is "not found", like any action out of scope.
#[allow(clippy::too_many_arguments)]
pub async fn answer(
    db: &DatabaseConnection,
    store: &crate::storage::FileStore,
    link: response_links::Model,
    office: &agency_offices::Model,
    clock: &Clock,
    action_id: i32,
    cmd: &UpdateCommand,
    files: Vec<Upload>,
) -> Result<action_updates::Model, AppError> {
    let ctx = answerable(db, &link, office, clock, action_id).await?;
    updates::post_via(
        db,
        &ctx,
        store,
        action_id,
        cmd,
        files,
        UpdateChannel::EmailLink,
        Some(link),
    )
    .await
}

/// Sends a fresh link to the address on file for the refused link's office (its current head,
/// or the address the old link went to), at most once a day per link. Revoked links get none.
/// Says nothing about whether anything was sent.
pub async fn renew(
    db: &DatabaseConnection,
    cfg: &MailConfig,
    refused: Refused,
    clock: &Clock,
) -> Result<(), AppError> {
    let old = match refused {
        Refused::Expired(r) | Refused::Invalid(Some(r)) => r,
        Refused::Revoked(_) | Refused::Invalid(None) => return Ok(()),
    };
    let now = clock.now();
    let today = clock.today();
    let mut who = assigned::recipients(db, &[old.office_id], today).await?;
    let Some((office, to)) = who.remove(&old.office_id) else {
        return Ok(());
    };
    let email = if outbox::plausible_address(&to.email) {
        to.email.clone()
    } else {
        old.recipient_email.clone()
    };
    // Only the actions still open and still the office's.
    let open: Vec<i32> = actions::Entity::find()
        .filter(actions::Column::Id.is_in(links::action_ids(&old)))
        .filter(actions::Column::OfficeId.eq(office.id))
        .filter(actions::Column::Status.ne(ActionStatus::Done))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let txn = crate::db::begin_write(db).await?;
    let (row, token) = links::create(&txn, cfg, &email, office.id, &open, now).await?;
    let view = serde_json::json!({
        "office": office.name_th,
        "greeting": to.greeting,
        "link": links::url(cfg, &token),
        "link_expires_th": ThaiDate(row.expires_at.with_timezone(&crate::state::bangkok()).date_naive()).date_long(Digits::Arabic),
    });
    let rendered = render::render(&cfg.templates, kind::LINK_RENEWED, &view)?;
    let mut mail = NewMail::new(kind::LINK_RENEWED, &email, rendered, now);
    mail.dedupe_key = Some(format!("{}:l{}:{}", kind::LINK_RENEWED, old.id, today));
    mail.to_name = to.name;
    mail.office_id = Some(office.id);
    mail.data = serde_json::json!({"action_ids": open, "link_id": row.id, "renews": old.id});
    match outbox::enqueue(&txn, mail).await? {
        outbox::Enqueued::Queued(_) => txn.commit().await?,
        // Already asked for today: the new link row is not kept.
        outbox::Enqueued::Duplicate => txn.rollback().await?,
    }
    Ok(())
}
