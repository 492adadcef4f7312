//! Progress updates on an action, with evidence files, and their review by an inspector.
//!
//! Status rules: an update on an open action moves it to "in progress"; an update at 100 %
//! leaves it "in progress" pending review; an inspector (or administrator) accepting an update
//! at 100 % marks the action done (`closed_at`). Files are checked by extension and by their
//! first bytes, stored once by content under `files_dir/<sha256[..2]>/<sha256>`; the
//! `storage_path` column keeps that relative path with `#<update>-<n>` appended (the column is
//! unique and the same content may be attached many times); reads always use `sha256`.
//!
//! Longer than 500 lines on purpose: a progress report and its evidence files are one use-case
//! (spooling, sniffing and naming the uploads belong to it); tests close the file.

use std::path::{Path, PathBuf};

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

pub mod command;

pub use command::{ReviewCommand, UpdateCommand};

use super::audit::{self, Change};
use super::lookup::{action_in_scope, instant_th};
use super::{Ctx, scope};
use crate::db::entities::{action_updates, actions, attachments};
use crate::domain::fields::FieldErrors;
use crate::domain::status::{ActionStatus, Role, UpdateChannel, UpdateReview};
use crate::error::AppError;
use crate::storage::{FileStore, key_of};

/// An update as typed (numbers as text, so the form can keep what was typed); read into an
/// [`UpdateCommand`].
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UpdateInput {
    /// Progress in percent (0–100).
    #[serde(default)]
    pub progress: Option<String>,
    /// Current metric value.
    #[serde(default)]
    pub metric_value: Option<String>,
    /// Text (Markdown).
    #[serde(default)]
    pub text_md: Option<String>,
}

/// An uploaded file, spooled to disk while it was read (never held in memory whole).
#[derive(Debug)]
pub struct Upload {
    /// The name as sent.
    pub filename: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// Its first and last bytes: what [`sniff`] looks at.
    pub probe: Vec<u8>,
    /// The spooled file.
    pub spool: Spool,
}

/// A spooled file, removed when dropped unless [`Spool::persist`] moved it into the store.
#[derive(Debug)]
pub struct Spool(Option<PathBuf>);

impl Spool {
    /// Guards `path`.
    pub fn new(path: PathBuf) -> Self {
        Self(Some(path))
    }

    /// Stores the file under `key` in the file store (the local folder renames it: never half
    /// a file; S3 uploads it). Content stored before under the key is kept; the spooled copy
    /// is removed in every case.
    pub async fn persist(self, files: &FileStore, key: &str) -> Result<(), AppError> {
        let Some(from) = self.0.as_deref() else {
            return Ok(());
        };
        files.put_file(key, from).await.map_err(AppError::Internal)
        // `self` drops here and removes whatever is left of the spooled file.
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The Thai message for a file over the size limit.
pub fn too_large_message(max: u64) -> String {
    format!(
        "ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน {} MB)",
        max.div_ceil(1024 * 1024)
    )
}

const TYPE_MESSAGE: &str = "ไฟล์ไม่ใช่ชนิดที่รับได้ (รับเฉพาะ PDF, JPEG, PNG, Word .docx และ Excel .xlsx)";

/// The content type of an allowed file, checked by extension and by its first bytes.
pub fn sniff(filename: &str, bytes: &[u8]) -> Option<&'static str> {
    let ext = Path::new(filename)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)?;
    let zip = bytes.starts_with(b"PK\x03\x04");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    match ext.as_str() {
        "pdf" if bytes.starts_with(b"%PDF-") => Some("application/pdf"),
        "jpg" | "jpeg" if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) => Some("image/jpeg"),
        "png" if bytes.starts_with(b"\x89PNG\r\n\x1a\n") => Some("image/png"),
        "docx" if zip && has(b"word/") => {
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        }
        "xlsx" if zip && has(b"xl/") => {
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        _ => None,
    }
}

fn safe_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if clean.trim().is_empty() {
        "file".to_owned()
    } else {
        crate::domain::text::normalize_single_line(&clean)
    }
}

/// An action the caller may report progress on: 404 outside scope, 403 without the right.
pub async fn postable_action<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    action_id: i32,
) -> Result<actions::Model, AppError> {
    let a = action_in_scope(db, ctx, action_id).await?;
    if !ctx.actor.can_post_update(scope::action_location(&a)) {
        return Err(AppError::Forbidden);
    }
    Ok(a)
}

/// An update the caller may review, with its action: 404 outside scope, 403 without the right.
pub async fn reviewable<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    update_id: i32,
) -> Result<(action_updates::Model, actions::Model), AppError> {
    let up = action_updates::Entity::find_by_id(update_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let a = action_in_scope(db, ctx, up.action_id).await?;
    if !ctx.actor.can_publish(scope::action_location(&a)) {
        return Err(AppError::Forbidden);
    }
    Ok((up, a))
}

/// Posts a progress update (the office's head, or the provincial office on its behalf, or an
/// administrator). `via_api` records the API channel for a head.
pub async fn report(
    db: &DatabaseConnection,
    ctx: &Ctx,
    files_store: &FileStore,
    action_id: i32,
    cmd: &UpdateCommand,
    files: Vec<Upload>,
    via_api: bool,
) -> Result<action_updates::Model, AppError> {
    let channel = if via_api {
        UpdateChannel::Api
    } else {
        UpdateChannel::Web
    };
    post_via(db, ctx, files_store, action_id, cmd, files, channel, None).await
}

/// Posts an update through a channel (`Web`, `Api`, or `EmailLink` for an answer by signed
/// link); the provincial office and administrators always post "on behalf". A signed link the
/// update came through is marked used in the update's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn post_via(
    db: &DatabaseConnection,
    ctx: &Ctx,
    files_store: &FileStore,
    action_id: i32,
    cmd: &UpdateCommand,
    files: Vec<Upload>,
    via: UpdateChannel,
    link: Option<crate::db::entities::response_links::Model>,
) -> Result<action_updates::Model, AppError> {
    let a = postable_action(db, ctx, action_id).await?;
    let at = scope::action_location(&a);
    let mut e = FieldErrors::new();
    let progress = cmd.progress;
    let metric = cmd.metric_value;
    let text = cmd.text_md.clone();
    let checked = check_files(files, files_store, &mut e);
    if cmd.is_empty() && checked.is_empty() {
        e.add(
            "progress",
            "กรุณากรอกความก้าวหน้า รายละเอียด หรือแนบไฟล์อย่างน้อยหนึ่งอย่าง",
        );
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let mut stored = Vec::with_capacity(checked.len());
    for (filename, ct, sha, size, spool) in checked {
        spool.persist(files_store, &key_of(&sha)).await?;
        stored.push((filename, ct, sha, size));
    }
    let checked = stored;
    let channel = match ctx.actor.role {
        Role::ProvincialOffice | Role::Admin => UpdateChannel::OnBehalf,
        _ => via,
    };
    let current = a.status;
    let status_after = match current {
        ActionStatus::Open => ActionStatus::InProgress,
        s => s,
    };
    let txn = crate::db::begin_write(db).await?;
    let up = action_updates::ActiveModel {
        action_id: Set(a.id),
        author_user_id: Set(ctx.user_id),
        author_name: Set(Some(ctx.label.clone())),
        channel: Set(channel),
        progress: Set(progress),
        metric_value: Set(metric),
        text_md: Set(text),
        status_after: Set(Some(status_after)),
        review: Set(UpdateReview::Pending),
        created_at: Set(ctx.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    attach(&txn, ctx, up.id, &checked).await?;
    let before = serde_json::json!({"status": a.status, "progress": a.progress});
    let mut am: actions::ActiveModel = a.clone().into();
    am.status = Set(status_after);
    if let Some(p) = progress {
        am.progress = Set(p);
    }
    if metric.is_some() {
        am.metric_current = Set(metric);
    }
    am.updated_at = Set(ctx.now);
    let a2 = am.update(&txn).await?;
    audit::record(
        &txn,
        ctx,
        Change {
            action: "action.update_posted",
            kind: "action",
            id: a.id,
            at,
        },
        Some(before),
        Some(serde_json::json!({
            "update_id": up.id, "channel": up.channel, "status": a2.status,
            "progress": a2.progress, "files": checked.len(),
        })),
    )
    .await?;
    if let Some(link) = link {
        crate::mail::links::touch(&txn, link, ctx.now).await?;
    }
    txn.commit().await?;
    Ok(up)
}

/// A file as stored: its safe name, content type, SHA-256 and size.
type StoredFile = (String, &'static str, String, u64);

/// The uploads with a name, each within the size limit and of an accepted type (errors into
/// `e` under `files`), still spooled.
fn check_files(
    files: Vec<Upload>,
    files_store: &FileStore,
    e: &mut FieldErrors,
) -> Vec<(String, &'static str, String, u64, Spool)> {
    let max = files_store.settings().max_upload_bytes;
    let mut checked = Vec::new();
    for f in files.into_iter().filter(|f| !f.filename.is_empty()) {
        if f.size > max {
            e.add("files", too_large_message(max));
            continue;
        }
        match sniff(&f.filename, &f.probe) {
            Some(ct) => checked.push((safe_filename(&f.filename), ct, f.sha256, f.size, f.spool)),
            None => e.add("files", TYPE_MESSAGE),
        }
    }
    checked
}

/// The stored files' rows, attached to update `update_id`.
async fn attach<C: ConnectionTrait>(
    txn: &C,
    ctx: &Ctx,
    update_id: i32,
    files: &[StoredFile],
) -> Result<(), AppError> {
    for (n, (filename, ct, sha, size)) in files.iter().enumerate() {
        // Unique by construction (the update's id and the file's place in it): looking first
        // whether the content's path was taken raced with another report of the same file
        // (two instances, two agency heads sending the same circular) and answered 500.
        let storage_path = format!("{}/{}#{}-{n}", sha.get(..2).unwrap_or("00"), sha, update_id);
        attachments::ActiveModel {
            action_update_id: Set(Some(update_id)),
            filename: Set(filename.clone()),
            content_type: Set((*ct).to_owned()),
            size_bytes: Set(i64::try_from(*size).unwrap_or(i64::MAX)),
            sha256: Set(sha.clone()),
            storage_path: Set(storage_path),
            uploaded_by_user_id: Set(ctx.user_id),
            created_at: Set(ctx.now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// An inspector's decision on an update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Accept.
    Accept,
    /// Send back with a comment.
    Return,
}

/// Reviews an update (inspectors and administrators). Accepting an update at 100 % closes the
/// action.
pub async fn review(
    db: &DatabaseConnection,
    ctx: &Ctx,
    update_id: i32,
    cmd: &ReviewCommand,
) -> Result<action_updates::Model, AppError> {
    let (up, a) = reviewable(db, ctx, update_id).await?;
    let at = scope::action_location(&a);
    let comment = cmd.comment.clone();
    let to = match cmd.decision {
        Decision::Accept => UpdateReview::Accepted,
        Decision::Return => UpdateReview::Returned,
    };
    let from = up.review;
    from.transition(to)?;
    let txn = crate::db::begin_write(db).await?;
    let mut am: action_updates::ActiveModel = up.clone().into();
    am.review = Set(to);
    am.reviewed_by_user_id = Set(ctx.user_id);
    am.reviewed_at = Set(Some(ctx.now));
    am.review_comment = Set(comment);
    let out = am.update(&txn).await?;
    let mut after = serde_json::json!({"update_id": out.id, "review": out.review});
    if to == UpdateReview::Accepted && up.progress == Some(100) {
        let current = a.status;
        if current != ActionStatus::Done {
            current.transition(ActionStatus::Done)?;
            let mut aa: actions::ActiveModel = a.clone().into();
            aa.status = Set(ActionStatus::Done);
            aa.progress = Set(100);
            aa.closed_at = Set(Some(ctx.now));
            aa.updated_at = Set(ctx.now);
            aa.update(&txn).await?;
            after["status"] = serde_json::json!(ActionStatus::Done.as_str());
        }
    }
    audit::record(
        &txn,
        ctx,
        Change {
            action: match to {
                UpdateReview::Accepted => "action.update_accepted",
                _ => "action.update_returned",
            },
            kind: "action",
            id: a.id,
            at,
        },
        Some(serde_json::json!({"update_id": up.id, "review": up.review})),
        Some(after),
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// An attachment in an update.
#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    /// Id (served at `/files/{id}`).
    pub id: i32,
    /// File name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
}

/// An update as the action page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateView {
    /// Id.
    pub id: i32,
    /// Author.
    pub author: Option<String>,
    /// Channel (stored).
    pub channel: String,
    /// Channel in Thai.
    pub channel_th: String,
    /// Progress %.
    pub progress: Option<i32>,
    /// Metric value.
    pub metric_value: Option<f64>,
    /// Text (Markdown).
    pub text_md: Option<String>,
    /// Review state (stored).
    pub review: String,
    /// Review state in Thai.
    pub review_th: String,
    /// Reviewer's comment.
    pub review_comment: Option<String>,
    /// When posted.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When posted, BE.
    pub created_th: String,
    /// Evidence files.
    pub files: Vec<FileView>,
}

/// The updates of an action with their files, oldest first (two queries).
pub async fn for_action<C: ConnectionTrait>(
    db: &C,
    action_id: i32,
) -> Result<Vec<UpdateView>, AppError> {
    let ups = action_updates::Entity::find()
        .filter(action_updates::Column::ActionId.eq(action_id))
        .order_by_asc(action_updates::Column::CreatedAt)
        .order_by_asc(action_updates::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = ups.iter().map(|u| u.id).collect();
    let files = if ids.is_empty() {
        vec![]
    } else {
        attachments::Entity::find()
            .filter(attachments::Column::ActionUpdateId.is_in(ids))
            .order_by_asc(attachments::Column::Id)
            .all(db)
            .await?
    };
    Ok(ups
        .into_iter()
        .map(|u| UpdateView {
            id: u.id,
            author: u.author_name,
            channel_th: u.channel.label_th().to_owned(),
            channel: u.channel.as_str().to_owned(),
            progress: u.progress,
            metric_value: u.metric_value,
            text_md: u.text_md,
            review_th: u.review.label_th().to_owned(),
            review: u.review.as_str().to_owned(),
            review_comment: u.review_comment,
            created_th: instant_th(u.created_at),
            created_at: u.created_at,
            files: files
                .iter()
                .filter(|f| f.action_update_id == Some(u.id))
                .map(|f| FileView {
                    id: f.id,
                    filename: f.filename.clone(),
                    content_type: f.content_type.clone(),
                    size_bytes: f.size_bytes,
                })
                .collect(),
        })
        .collect())
}

/// An evidence file within the caller's scope (the scope of its action), and its key in the
/// file store.
pub async fn file(
    db: &DatabaseConnection,
    ctx: &Ctx,
    id: i32,
) -> Result<(attachments::Model, String), AppError> {
    let f = attachments::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let update_id = f.action_update_id.ok_or(AppError::NotFound)?;
    let up = action_updates::Entity::find_by_id(update_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    action_in_scope(db, ctx, up.action_id).await?;
    let key = key_of(&f.sha256);
    Ok((f, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_needs_extension_and_magic() {
        assert_eq!(sniff("a.PDF", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(sniff("a.pdf", b"MZ\x90\x00"), None);
        assert_eq!(sniff("a.exe", b"%PDF-1.7"), None);
        assert_eq!(sniff("a.png", b"\x89PNG\r\n\x1a\nxxxx"), Some("image/png"));
        assert_eq!(
            sniff("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert!(sniff("a.docx", b"PK\x03\x04....word/document.xml").is_some());
        assert!(sniff("a.xlsx", b"PK\x03\x04....word/document.xml").is_none());
        assert_eq!(
            safe_filename("../../etc/pass\"wd.pdf"),
            "pass wd.pdf".replace(' ', "")
        );
    }
}
