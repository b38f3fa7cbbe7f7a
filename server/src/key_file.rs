//! The key file: when `KONTOR_SECRET_KEY` is unset, the key that seals stored secrets is made on first start and
//! kept in `<data folder>/secret.key`, readable by its owner only, so a shop works without setup and its database
//! alone never holds the secrets in clear.

use std::{io::Write, path::Path};

use anyhow::Context;
use engine::SecretKey;

/// The key file's name in the data folder.
pub const KEY_FILE: &str = "secret.key";

/// The key kept in `data_dir`, made (and the folder with it) when there is none yet.
pub fn load_or_create(data_dir: &Path) -> anyhow::Result<SecretKey> {
    let path = data_dir.join(KEY_FILE);
    if let Some(key) = read(&path)? {
        return Ok(key);
    }
    create_private_dir(data_dir)
        .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
    let key = SecretKey::generate();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(&path) {
        Ok(mut file) => {
            writeln!(file, "{}", key.to_base64())
                .and_then(|()| file.sync_all())
                .with_context(|| format!("writing {}", path.display()))?;
            tracing::warn!(
                path = %path.display(),
                "made a new key for stored secrets; back it up with the database (or set KONTOR_SECRET_KEY)"
            );
            Ok(key)
        }
        // Another process starting at the same moment made it first; its key is the one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => wait_for(&path),
        Err(e) => Err(e).with_context(|| format!("creating {}", path.display())),
    }
}

fn read(path: &Path) -> anyhow::Result<Option<SecretKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    tighten(path)?;
    SecretKey::parse(&text)
        .map(Some)
        .map_err(|why| anyhow::anyhow!("{}: {why}", path.display()))
}

fn wait_for(path: &Path) -> anyhow::Result<SecretKey> {
    for _ in 0..50 {
        if let Some(key) = read(path)? {
            return Ok(key);
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    anyhow::bail!("{} stays empty", path.display())
}

/// A key file others can read has leaked already, but it need not go on leaking.
fn tighten(path: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            tracing::warn!(path = %path.display(), "the key file was readable by others; it is now its owner's only");
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
                .with_context(|| format!("restricting {}", path.display()))?;
        }
    }
    Ok(())
}

pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh_dir(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("kontor-key-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_key_is_made_once_readable_by_its_owner_only_and_kept() {
        let dir = fresh_dir("made");
        let key = load_or_create(&dir).unwrap();
        assert_eq!(
            load_or_create(&dir).unwrap(),
            key,
            "the same key at every start"
        );
        let path = dir.join(KEY_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert_eq!(load_or_create(&dir).unwrap(), key);
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "tightened again: {mode:o}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_key_file_stops_start_up_naming_it() {
        let dir = fresh_dir("damaged");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(KEY_FILE), "not a key\n").unwrap();
        let err = load_or_create(&dir).unwrap_err().to_string();
        assert!(err.contains("secret.key"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
