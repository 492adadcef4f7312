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
    // Written whole to a file of this process, then published under the key's name with a hard
    // link, which fails if another process published first: a start never reads a key file
    // that is still being written (three simultaneous starts once read an empty one).
    let tmp = path.with_extension(format!("tmp-{}-{}", std::process::id(), &key[..8]));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut f| {
        f.write_all(key.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e).with_context(|| format!("cannot write {}", tmp.display()));
    }
    let published = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match published {
        Ok(()) => {
            tracing::info!(path = %path.display(), "generated a signing key");
            Ok(key)
        }
        // Another process published first: use theirs (complete, since it was linked whole).
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

    #[test]
    fn racing_starts_all_read_the_one_whole_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let keys: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| read_or_create(&path).unwrap()))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(keys[0].len() >= 32);
        assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "temporary files left behind");
    }
}
