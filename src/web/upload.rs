//! The update form with evidence files (multipart), read within limits: at most
//! `storage.max_files` files, each at most `storage.max_upload_bytes`, everything together at
//! most `storage.max_request_bytes`, each text field at most [`MAX_TEXT_BYTES`]. Files are
//! streamed to a spool folder beside the file store while their SHA-256 is computed, so a
//! request never holds a file in memory; a limit crossed stops reading at once (413, in Thai).
//! Callers check identity and scope *before* calling [`read`].

use std::path::{Path, PathBuf};

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::config::StorageSettings;
use crate::error::AppError;
use crate::services::updates::{Spool, UpdateInput, Upload, too_large_message};

/// Longest text field accepted in an update form, in bytes (the longest text, 20,000 Thai
/// characters, is 60,000 bytes of UTF-8).
pub const MAX_TEXT_BYTES: usize = 128 * 1024;

/// Bytes kept from the start and the end of each file for [`crate::services::updates::sniff`]
/// (magic numbers at the start, a ZIP's central directory at the end).
const PROBE_HEAD: usize = 8 * 1024;
const PROBE_TAIL: usize = 64 * 1024;

/// The limits of one form.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Most files.
    pub max_files: usize,
    /// Largest file.
    pub max_file: u64,
    /// Largest body.
    pub max_total: u64,
}

impl Limits {
    /// From `[storage]`.
    pub fn of(s: &StorageSettings) -> Self {
        Self {
            max_files: s.max_files,
            max_file: s.max_upload_bytes,
            max_total: s.max_request_bytes.max(s.max_upload_bytes),
        }
    }

    /// The Thai message for a body over the whole limit.
    pub fn total_message(&self) -> String {
        format!(
            "ข้อมูลที่ส่งมีขนาดรวมใหญ่เกินกำหนด (ไม่เกิน {} MB ต่อครั้ง)",
            self.max_total.div_ceil(1024 * 1024)
        )
    }

    /// Refuses at once a body whose declared length is over the whole limit (413), before a
    /// byte of it is read.
    pub fn check_declared(&self, headers: &HeaderMap) -> Result<(), AppError> {
        let declared = headers
            .get(axum::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        match declared {
            Some(n) if n > self.max_total.saturating_add(64 * 1024) => {
                Err(AppError::TooLarge(self.total_message()))
            }
            _ => Ok(()),
        }
    }
}

/// What the form sent.
#[derive(Debug, Default)]
pub struct UpdateForm {
    /// The CSRF token (`_csrf`), carried as a field of the form, never in the URL.
    pub csrf: Option<String>,
    /// The text fields.
    pub input: UpdateInput,
    /// The files, spooled.
    pub files: Vec<Upload>,
}

fn malformed<E>(_: E) -> AppError {
    AppError::BadRequest("ข้อมูลแบบฟอร์มไม่ถูกต้อง".to_owned())
}

/// A form that could not be read: why, and the text fields read before it stopped (so that the
/// page shown again keeps what the person typed).
#[derive(Debug)]
pub struct Refused {
    /// Why: [`AppError::TooLarge`] with the Thai message, or a malformed body.
    pub error: AppError,
    /// The text fields read so far.
    pub input: UpdateInput,
}

/// Reads the form. Over a limit: [`AppError::TooLarge`] with the Thai message (no file kept).
pub async fn read(
    mp: Multipart,
    limits: Limits,
    storage: &StorageSettings,
) -> Result<UpdateForm, Refused> {
    let mut form = UpdateForm::default();
    match read_into(mp, limits, storage, &mut form).await {
        Ok(()) => Ok(form),
        Err(error) => Err(Refused {
            error,
            input: form.input,
        }),
    }
}

async fn read_into(
    mut mp: Multipart,
    limits: Limits,
    storage: &StorageSettings,
    form: &mut UpdateForm,
) -> Result<(), AppError> {
    let spool_dir = storage.files_dir.join(".incoming");
    let mut total = 0u64;
    while let Some(mut field) = mp.next_field().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        if let Some(filename) = field.file_name().map(str::to_owned) {
            if filename.is_empty() {
                // An empty file input: nothing chosen (its body is empty or ignored).
                drain(&mut field, &mut total, limits).await?;
                continue;
            }
            if form.files.len() >= limits.max_files {
                return Err(AppError::TooLarge(format!(
                    "แนบไฟล์ได้ไม่เกิน {} ไฟล์ต่อครั้ง",
                    limits.max_files
                )));
            }
            let upload = spool(&mut field, filename, &spool_dir, &mut total, limits).await?;
            form.files.push(upload);
            continue;
        }
        let mut buf = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(malformed)? {
            total += chunk.len() as u64;
            if total > limits.max_total {
                return Err(AppError::TooLarge(limits.total_message()));
            }
            if buf.len() + chunk.len() > MAX_TEXT_BYTES {
                return Err(AppError::TooLarge(
                    "ข้อความที่กรอกยาวเกินกำหนด กรุณาย่อข้อความแล้วส่งอีกครั้ง".to_owned(),
                ));
            }
            buf.extend_from_slice(&chunk);
        }
        let value = String::from_utf8(buf).map_err(malformed)?;
        match name.as_str() {
            crate::edge::identity::CSRF_FIELD => form.csrf = Some(value),
            "progress" => form.input.progress = Some(value),
            "metric_value" => form.input.metric_value = Some(value),
            "text_md" => form.input.text_md = Some(value),
            _ => {}
        }
    }
    Ok(())
}

async fn drain(field: &mut Field<'_>, total: &mut u64, limits: Limits) -> Result<(), AppError> {
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        *total += chunk.len() as u64;
        if *total > limits.max_total {
            return Err(AppError::TooLarge(limits.total_message()));
        }
    }
    Ok(())
}

/// Streams one file to the spool folder, hashing it and keeping its probe bytes.
async fn spool(
    field: &mut Field<'_>,
    filename: String,
    dir: &Path,
    total: &mut u64,
    limits: Limits,
) -> Result<Upload, AppError> {
    let io = |e: std::io::Error| AppError::Internal(anyhow::anyhow!("spooling an upload: {e}"));
    tokio::fs::create_dir_all(dir).await.map_err(io)?;
    let path: PathBuf = dir.join(format!(
        "{}.part",
        crate::auth::secret::random_token()
            .get(..32)
            .unwrap_or("upload")
    ));
    // The guard removes the file on every early return below.
    let guard = Spool::new(path.clone());
    let mut file = tokio::fs::File::create(&path).await.map_err(io)?;
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::new();
    let mut tail: Vec<u8> = Vec::new();
    let mut size = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(malformed)? {
        size += chunk.len() as u64;
        *total += chunk.len() as u64;
        if size > limits.max_file {
            return Err(AppError::TooLarge(too_large_message(limits.max_file)));
        }
        if *total > limits.max_total {
            return Err(AppError::TooLarge(limits.total_message()));
        }
        hasher.update(&chunk);
        if head.len() < PROBE_HEAD {
            let take = (PROBE_HEAD - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        tail.extend_from_slice(&chunk);
        if tail.len() > PROBE_TAIL {
            tail.drain(..tail.len() - PROBE_TAIL);
        }
        file.write_all(&chunk).await.map_err(io)?;
    }
    file.sync_all().await.map_err(io)?;
    drop(file);
    let mut probe = head;
    if size as usize > probe.len() {
        // The tail may overlap the head for small files; sniffing only looks for markers.
        probe.extend_from_slice(&tail);
    }
    Ok(Upload {
        filename,
        size,
        sha256: crate::auth::secret::hex(&hasher.finalize()),
        probe,
        spool: guard,
    })
}
