//! The signing key when none is configured (development): a random 256-bit key generated on
//! first start and kept in the data folder, readable by its owner only. Production never gets
//! here: it refuses to start without `security.secret_key`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::SecretString;

use crate::config::Settings;

/// File name of the generated key inside the data folder.
pub const FILE_NAME: &str = "secret_key";

/// The data folder: the parent of `storage.files_dir` (`data/` by default).
pub fn data_dir(settings: &Settings) -> PathBuf {
    settings
        .storage
        .files_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Fills in `security.secret_key` from the data folder's key file, creating the file with a
/// fresh random key (mode 0600) when there is none. A configured key is left alone.
pub fn ensure(settings: &mut Settings) -> anyhow::Result<()> {
    if settings.security.secret_key.is_some() {
        return Ok(());
    }
    let dir = data_dir(settings);
    let key = read_or_create(&dir.join(FILE_NAME))?;
    settings.security.secret_key = Some(SecretString::from(key));
    Ok(())
}

fn read_or_create(path: &Path) -> anyhow::Result<String> {
    match std::fs::read_to_string(path) {
        Ok(k) if k.trim().len() >= 32 => return Ok(k.trim().to_owned()),
        Ok(_) => anyhow::bail!("{} is too short to be a key; remove it", path.display()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let key = super::secret::random_token();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(mut f) => {
            f.write_all(key.as_bytes())
                .and_then(|()| f.sync_all())
                .with_context(|| format!("cannot write {}", path.display()))?;
            tracing::info!(path = %path.display(), "generated a signing key");
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let k = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok(k.trim().to_owned())
        }
        Err(e) => Err(e).with_context(|| format!("cannot create {}", path.display())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_generated_once_owner_only_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FILE_NAME);
        let a = read_or_create(&path).unwrap();
        let b = read_or_create(&path).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = tempfile::tempdir().unwrap();
        let c = read_or_create(&other.path().join(FILE_NAME)).unwrap();
        assert_ne!(a, c, "random, not derived");
    }
}
