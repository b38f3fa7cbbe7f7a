//! The first run: a shop without staff gets a one-time setup token at every start, written to
//! `<data folder>/setup-token` readable by its owner only. Only the file's path is logged, so whoever can read the
//! server's log but not its files cannot take the shop over.

use std::{io::Write, path::Path};

use anyhow::Context;
use engine::Engine;

/// The token file's name in the data folder.
pub const SETUP_FILE: &str = "setup-token";

/// Issues a setup token for a shop without staff and writes it to the data folder; removes an old file once the
/// shop has staff. Returns the file's path when it wrote one.
pub async fn prepare(
    engine: &Engine,
    data_dir: &Path,
) -> anyhow::Result<Option<std::path::PathBuf>> {
    let path = data_dir.join(SETUP_FILE);
    let Some(token) = engine.issue_setup_token().await? else {
        let _ = std::fs::remove_file(&path);
        return Ok(None);
    };
    crate::key_file::create_private_dir(data_dir)
        .with_context(|| format!("creating the data folder {}", data_dir.display()))?;
    // A file from an earlier start holds a token that no longer works.
    let _ = std::fs::remove_file(&path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&path)
        .with_context(|| format!("creating {}", path.display()))?;
    writeln!(file, "{token}")
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(Some(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_token_file_is_the_owners_alone_and_goes_once_there_is_staff() {
        let dir = std::env::temp_dir().join(format!("kontor-setup-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let engine = Engine::connect("sqlite::memory:", engine::EngineConfig::default())
            .await
            .unwrap();
        engine.migrate().await.unwrap();
        let path = prepare(&engine, &dir).await.unwrap().unwrap();
        let token = std::fs::read_to_string(&path).unwrap();
        assert_eq!(token.trim().len(), 64);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let again = prepare(&engine, &dir).await.unwrap().unwrap();
        assert_ne!(
            std::fs::read_to_string(&again).unwrap(),
            token,
            "a new start, a new token"
        );

        engine.seed_demo_staff().await.unwrap();
        assert!(prepare(&engine, &dir).await.unwrap().is_none());
        assert!(!path.exists(), "a shop with staff keeps no setup token");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
