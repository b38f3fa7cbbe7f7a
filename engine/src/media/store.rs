//! Where media files live: the database (the default, so every app server serves them with no shared disk), a
//! directory, or an S3-compatible bucket. The last two go through `object_store`, one interface for both.

use std::sync::Arc;

use object_store::{ObjectStore, ObjectStoreExt, PutPayload, path::Path as ObjectPath};

use crate::{EngineError, EngineResult, db::Db, now_ms};

/// Which store the shop's uploaded media go to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum MediaStorage {
    /// Rows of the shop's database.
    #[default]
    Database,
    /// Files below this directory, created if missing.
    Directory(std::path::PathBuf),
    /// A bucket of an S3-compatible service. Credentials and region come from the usual `AWS_*` environment
    /// variables, so they are never part of the shop's settings or logs.
    S3 {
        /// The bucket.
        bucket: String,
        /// The service's address for a service that is not AWS (MinIO, Ceph, a local test server); `None` for AWS.
        endpoint: Option<String>,
    },
}

/// The store a running engine writes to and reads from.
#[derive(Clone)]
pub(crate) enum MediaStore {
    Database,
    Objects(Arc<dyn ObjectStore>),
}

impl MediaStore {
    /// Opens the store `storage` names.
    pub(crate) fn open(storage: &MediaStorage) -> EngineResult<Self> {
        let failed = |e: object_store::Error| EngineError::Conflict(format!("media store: {e}"));
        Ok(match storage {
            MediaStorage::Database => Self::Database,
            MediaStorage::Directory(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| EngineError::Conflict(format!("media directory: {e}")))?;
                Self::Objects(Arc::new(
                    object_store::local::LocalFileSystem::new_with_prefix(dir).map_err(failed)?,
                ))
            }
            MediaStorage::S3 { bucket, endpoint } => {
                let mut builder =
                    object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
                if let Some(endpoint) = endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                Self::Objects(Arc::new(builder.build().map_err(failed)?))
            }
        })
    }

    /// Stores `bytes` at `path` (below `/media/`).
    pub(crate) async fn put(
        &self,
        db: &Db,
        path: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> EngineResult<()> {
        match self {
            Self::Database => {
                sqlx::query(
                    "INSERT INTO media_files (path, content_type, bytes, created_at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (path) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes",
                )
                .bind(path)
                .bind(content_type)
                .bind(bytes)
                .bind(now_ms())
                .execute(&db.pool)
                .await?;
            }
            Self::Objects(store) => {
                store
                    .put(&ObjectPath::from(path), PutPayload::from(bytes))
                    .await
                    .map_err(|e| EngineError::Conflict(format!("media store: {e}")))?;
            }
        }
        Ok(())
    }

    /// The bytes stored at `path`, if any; the content type follows from the name, which the shop chose.
    pub(crate) async fn get(&self, db: &Db, path: &str) -> EngineResult<Option<(String, Vec<u8>)>> {
        match self {
            Self::Database => Ok(sqlx::query_as(
                "SELECT content_type, bytes FROM media_files WHERE path = $1",
            )
            .bind(path)
            .fetch_optional(&db.pool)
            .await?),
            Self::Objects(store) => match store.get(&ObjectPath::from(path)).await {
                Ok(found) => {
                    let bytes = found
                        .bytes()
                        .await
                        .map_err(|e| EngineError::Conflict(format!("media store: {e}")))?;
                    Ok(Some((content_type_of(path).to_owned(), bytes.to_vec())))
                }
                Err(object_store::Error::NotFound { .. }) => Ok(None),
                Err(e) => Err(EngineError::Conflict(format!("media store: {e}"))),
            },
        }
    }
}

/// The content type of a file the shop named: uploads are stored under the extension of what they hold.
pub(crate) fn content_type_of(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("webp") => "image/webp",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
