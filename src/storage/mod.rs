//! The file store: evidence uploads and circulated minutes PDFs, by key (`<sha[..2]>/<sha>`,
//! content-addressed, so storing the same bytes twice is harmless). Two backends chosen by
//! `storage.backend`: the local folder `storage.files_dir` (one machine, the default) and an
//! S3-compatible object store (every instance sees every file), through `object_store`.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::Context;
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStoreExt, PutPayload};

use crate::config::{S3Settings, StorageBackend, StorageSettings};

/// The key of content with this SHA-256 (lowercase hex): `ab/abcdef…`.
pub fn key_of(sha: &str) -> String {
    format!("{}/{sha}", sha.get(..2).unwrap_or("00"))
}

/// Whether a key stays inside the store (plain names separated by `/`).
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && Path::new(key)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// A file store (cheap to clone), with the `[storage]` settings it was built from (upload
/// limits).
#[derive(Clone, Debug)]
pub struct FileStore {
    backend: Arc<Backend>,
    settings: Arc<StorageSettings>,
}

#[derive(Debug)]
enum Backend {
    Local(PathBuf),
    S3 {
        settings: S3Settings,
        /// Built on first use (or by [`FileStore::check`] at start), then shared.
        client: OnceLock<Result<AmazonS3, String>>,
    },
}

impl FileStore {
    /// The store of the settings (an S3 client is built on first use; see [`Self::check`]).
    pub fn from_settings(s: &StorageSettings) -> Self {
        let backend = match &s.backend {
            StorageBackend::Local => Backend::Local(s.files_dir.clone()),
            StorageBackend::S3(settings) => Backend::S3 {
                settings: settings.clone(),
                client: OnceLock::new(),
            },
        };
        Self {
            backend: Arc::new(backend),
            settings: Arc::new(s.clone()),
        }
    }

    /// The `[storage]` settings (limits, the spool folder under `files_dir`).
    pub fn settings(&self) -> &StorageSettings {
        &self.settings
    }

    /// `local` or `s3`.
    pub fn kind(&self) -> &'static str {
        match *self.backend {
            Backend::Local(_) => "local",
            Backend::S3 { .. } => "s3",
        }
    }

    /// Builds the S3 client (a configuration error shows here, at start, not on the first
    /// upload). Nothing to do for the local folder.
    pub fn check(&self) -> anyhow::Result<()> {
        match &*self.backend {
            Backend::Local(_) => Ok(()),
            Backend::S3 { .. } => self.s3().map(|_| ()),
        }
    }

    fn s3(&self) -> anyhow::Result<(&AmazonS3, &S3Settings)> {
        let Backend::S3 { settings, client } = &*self.backend else {
            anyhow::bail!("not an S3 store");
        };
        let built = client.get_or_init(|| build_s3(settings).map_err(|e| format!("{e:#}")));
        match built {
            Ok(c) => Ok((c, settings)),
            Err(e) => Err(anyhow::anyhow!("storage.s3_*: {e}")),
        }
    }

    fn object(settings: &S3Settings, key: &str) -> ObjectPath {
        ObjectPath::from(format!("{}{key}", settings.prefix))
    }

    fn checked(key: &str) -> anyhow::Result<()> {
        anyhow::ensure!(
            valid_key(key),
            "a stored file's key must stay inside the store"
        );
        Ok(())
    }

    /// Whether a file is stored under `key`.
    pub async fn exists(&self, key: &str) -> anyhow::Result<bool> {
        Self::checked(key)?;
        match &*self.backend {
            Backend::Local(dir) => Ok(tokio::fs::try_exists(dir.join(key)).await?),
            Backend::S3 { .. } => {
                let (c, s) = self.s3()?;
                match c.head(&Self::object(s, key)).await {
                    Ok(_) => Ok(true),
                    Err(object_store::Error::NotFound { .. }) => Ok(false),
                    Err(e) => Err(anyhow::Error::new(e).context("S3 HEAD")),
                }
            }
        }
    }

    /// Stores bytes under `key` (never half a file; kept as is if the key exists already).
    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> anyhow::Result<()> {
        Self::checked(key)?;
        if self.exists(key).await? {
            return Ok(());
        }
        match &*self.backend {
            Backend::Local(dir) => {
                let path = dir.join(key);
                let parent = path.parent().unwrap_or(dir);
                tokio::fs::create_dir_all(parent)
                    .await
                    .with_context(|| format!("create {}", parent.display()))?;
                let tmp = parent.join(format!(
                    ".{}.{}.tmp",
                    key.replace('/', "_"),
                    crate::auth::secret::random_token().get(..12).unwrap_or("t")
                ));
                tokio::fs::write(&tmp, bytes)
                    .await
                    .with_context(|| format!("write {}", tmp.display()))?;
                tokio::fs::rename(&tmp, &path)
                    .await
                    .with_context(|| format!("rename {}", path.display()))
            }
            Backend::S3 { .. } => {
                let (c, s) = self.s3()?;
                c.put(&Self::object(s, key), PutPayload::from(bytes))
                    .await
                    .context("S3 PUT")?;
                Ok(())
            }
        }
    }

    /// Stores the file at `spooled` under `key`: the local folder renames it (same file
    /// system), S3 uploads it (the caller removes the spooled file).
    pub async fn put_file(&self, key: &str, spooled: &Path) -> anyhow::Result<()> {
        Self::checked(key)?;
        match &*self.backend {
            Backend::Local(dir) => {
                let to = dir.join(key);
                if tokio::fs::try_exists(&to).await.unwrap_or(false) {
                    return Ok(());
                }
                if let Some(parent) = to.parent() {
                    tokio::fs::create_dir_all(parent)
                        .await
                        .with_context(|| format!("create {}", parent.display()))?;
                }
                tokio::fs::rename(spooled, &to)
                    .await
                    .with_context(|| format!("store {}", to.display()))
            }
            Backend::S3 { .. } => {
                if self.exists(key).await? {
                    return Ok(());
                }
                let bytes = tokio::fs::read(spooled)
                    .await
                    .with_context(|| format!("read {}", spooled.display()))?;
                self.put(key, bytes).await
            }
        }
    }

    /// The bytes stored under `key`, or `None` when there is no such file.
    pub async fn get(&self, key: &str) -> anyhow::Result<Option<Vec<u8>>> {
        Self::checked(key)?;
        match &*self.backend {
            Backend::Local(dir) => match tokio::fs::read(dir.join(key)).await {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(anyhow::Error::new(e).context(format!("read stored file {key}"))),
            },
            Backend::S3 { .. } => {
                let (c, s) = self.s3()?;
                match c.get(&Self::object(s, key)).await {
                    Ok(r) => Ok(Some(r.bytes().await.context("S3 GET body")?.to_vec())),
                    Err(object_store::Error::NotFound { .. }) => Ok(None),
                    Err(e) => Err(anyhow::Error::new(e).context("S3 GET")),
                }
            }
        }
    }
}

fn build_s3(s: &S3Settings) -> anyhow::Result<AmazonS3> {
    let mut b = AmazonS3Builder::from_env()
        .with_bucket_name(&s.bucket)
        .with_region(&s.region);
    if let Some(e) = &s.endpoint {
        b = b
            .with_endpoint(e)
            .with_allow_http(e.starts_with("http://"))
            .with_virtual_hosted_style_request(false);
    }
    if let Some(k) = &s.access_key_id {
        b = b.with_access_key_id(k);
    }
    if let Some(k) = &s.secret_access_key {
        b = b.with_secret_access_key(k);
    }
    b.build().context("building the S3 client")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_content_addressed_and_stay_inside() {
        assert_eq!(key_of("abcdef"), "ab/abcdef");
        assert!(valid_key("ab/abcdef"));
        for bad in ["", "../etc/passwd", "/etc/passwd", "ab/../../x"] {
            assert!(!valid_key(bad), "{bad}");
        }
    }

    #[tokio::test]
    async fn the_local_folder_stores_once_and_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let settings =
            crate::config::Settings::defaults_with_database("sqlite://x.db").expect("settings");
        let mut storage = settings.storage;
        storage.files_dir = dir.path().to_path_buf();
        let store = FileStore::from_settings(&storage);
        assert_eq!(store.kind(), "local");
        assert_eq!(store.get("ab/abc").await.expect("get"), None);
        store.put("ab/abc", b"one".to_vec()).await.expect("put");
        store
            .put("ab/abc", b"two".to_vec())
            .await
            .expect("put again");
        assert_eq!(
            store.get("ab/abc").await.expect("get"),
            Some(b"one".to_vec())
        );
        let spooled = dir.path().join("spooled.part");
        std::fs::write(&spooled, b"file").expect("write");
        store.put_file("cd/cde", &spooled).await.expect("put_file");
        assert!(!spooled.exists(), "moved, not copied");
        assert_eq!(
            store.get("cd/cde").await.expect("get"),
            Some(b"file".to_vec())
        );
        assert!(store.get("../x").await.is_err());
    }
}
