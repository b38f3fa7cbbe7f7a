//! Sessions kept between runs: one token per shop and buyer, in a file only its owner can read, so a run signs in
//! (and pays for a password hash on the shop) only when the shop refuses the token it has.

use std::{
    collections::BTreeMap,
    io::Write,
    path::{Path, PathBuf},
};

use anyhow::Context;

/// The file the tokens live in.
#[derive(Debug, Clone)]
pub struct SessionFile {
    path: PathBuf,
}

impl SessionFile {
    /// Tokens kept at `path`.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    /// The user's cache folder: `$XDG_CACHE_HOME/kontor/quick-order-sessions.json`, else under `~/.cache`
    /// (`%LOCALAPPDATA%` on Windows).
    pub fn default_location() -> anyhow::Result<Self> {
        let dir = std::env::var_os("XDG_CACHE_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
            .context("no cache folder: set XDG_CACHE_HOME or --session-file")?;
        Ok(Self::at(
            dir.join("kontor").join("quick-order-sessions.json"),
        ))
    }

    /// Where the tokens are kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The token kept for `email` at the shop `base`, if any.
    pub fn load(&self, base: &str, email: &str) -> Option<String> {
        self.read().remove(&entry(base, email))
    }

    /// Keeps `token` for `email` at the shop `base`, readable by the file's owner only.
    pub fn save(&self, base: &str, email: &str, token: &str) -> anyhow::Result<()> {
        let mut tokens = self.read();
        tokens.insert(entry(base, email), token.to_owned());
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        // Written beside and renamed over, so a run stopped half-way never leaves a truncated file.
        let temporary = self.path.with_extension("tmp");
        let mut file =
            private_file(&temporary).with_context(|| format!("writing {}", temporary.display()))?;
        file.write_all(serde_json::to_string_pretty(&tokens)?.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, &self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok(())
    }

    fn read(&self) -> BTreeMap<String, String> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }
}

fn entry(base: &str, email: &str) -> String {
    format!("{} {}", base.trim_end_matches('/'), email.to_lowercase())
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.is_dir() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

#[cfg(unix)]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // `mode` applies only to a file it creates; one left by an earlier run is narrowed too.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

#[cfg(not(unix))]
fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::create(path)
}
