//! Media the shop serves itself: the illustrations it generates (SVG text in the database) and images staff upload
//! (stored through [`MediaStorage`]: the database by default, a directory, or an S3-compatible bucket).

mod images;
mod store;
mod upload;

use sqlx::FromRow;

pub use images::{MAX_PIXELS, MAX_UPLOAD_BYTES, PreparedImage, Rendition, WIDTHS, prepare};
pub use store::MediaStorage;
pub(crate) use store::MediaStore;

use crate::{Engine, EngineError, EngineResult};

/// A stored file.
#[derive(Debug, Clone)]
pub struct Media {
    /// MIME type, e.g. `image/svg+xml`.
    pub content_type: String,
    /// The file's bytes.
    pub body: Vec<u8>,
    /// Last change, epoch milliseconds: the validator for conditional requests. 0 for an upload, whose address
    /// names its content and never changes.
    pub updated_at: i64,
    /// Whether the file at this address never changes (an upload's files are named for their content), so it may be
    /// cached for good.
    pub immutable: bool,
}

#[derive(FromRow)]
struct Generated {
    content_type: String,
    body: String,
    updated_at: i64,
}

impl Engine {
    /// The file stored at `path` (below `/media/`).
    pub async fn media(&self, path: &str) -> EngineResult<Media> {
        if let Some(path) = path.strip_prefix(upload::UPLOADS) {
            let path = format!("{}{path}", upload::UPLOADS);
            return match self.media_store.get(&self.db, &path).await? {
                Some((content_type, body)) => Ok(Media {
                    content_type,
                    body,
                    updated_at: 0,
                    immutable: true,
                }),
                None => Err(EngineError::not_found("media", path)),
            };
        }
        let generated: Generated =
            sqlx::query_as("SELECT content_type, body, updated_at FROM media WHERE path = $1")
                .bind(path)
                .fetch_optional(&self.db.pool)
                .await?
                .ok_or_else(|| EngineError::not_found("media", path))?;
        Ok(Media {
            content_type: generated.content_type,
            body: generated.body.into_bytes(),
            updated_at: generated.updated_at,
            immutable: false,
        })
    }
}
