//! Media the shop generates and serves itself (product illustrations), stored in the database so every app server
//! can serve them without a shared disk.

use sqlx::FromRow;

use crate::{Engine, EngineError, EngineResult};

/// A stored file.
#[derive(Debug, Clone, FromRow)]
pub struct Media {
    /// MIME type, e.g. `image/svg+xml`.
    pub content_type: String,
    /// The file's text.
    pub body: String,
    /// Last change, epoch milliseconds: the validator for conditional requests.
    pub updated_at: i64,
}

impl Engine {
    /// The file stored at `path` (below `/media/`).
    pub async fn media(&self, path: &str) -> EngineResult<Media> {
        sqlx::query_as("SELECT content_type, body, updated_at FROM media WHERE path = $1")
            .bind(path)
            .fetch_optional(&self.db.pool)
            .await?
            .ok_or_else(|| EngineError::not_found("media", path))
    }
}
