//! Where attachment contents live (server only): behind [`BlobStore`], content-addressed by
//! SHA-256 so that the same content is stored once. The local disk is the default; an
//! S3-compatible store can implement the same trait later.
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::domain::is_sha256_hex;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not a SHA-256 name: {0}")]
    BadName(String),
    #[error("blob {0} not found")]
    Missing(String),
    #[error("storage I/O: {0}")]
    Io(#[from] std::io::Error),
}

pub type BlobFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StorageError>> + Send + 'a>>;

/// A store of contents named by their SHA-256 (lower-case hex).
pub trait BlobStore: Send + Sync + 'static {
    /// Stores `bytes` under `sha256`; storing what is already there does nothing.
    fn put<'a>(&'a self, sha256: &'a str, bytes: &'a [u8]) -> BlobFuture<'a, ()>;
    fn get<'a>(&'a self, sha256: &'a str) -> BlobFuture<'a, Vec<u8>>;
}

pub type SharedBlobStore = Arc<dyn BlobStore>;

/// The SHA-256 of `bytes` in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Blobs as files: `<root>/ab/abcdef…` (two-letter fan-out keeps directories small).
#[derive(Debug, Clone)]
pub struct LocalDiskStore {
    root: PathBuf,
}

impl LocalDiskStore {
    /// The store under the data directory (`<data dir>/blobs`).
    pub fn in_data_dir(data_dir: &Path) -> LocalDiskStore {
        LocalDiskStore {
            root: data_dir.join("blobs"),
        }
    }

    fn path(&self, sha256: &str) -> Result<PathBuf, StorageError> {
        // Only a hash ever becomes a path: nothing a user typed can walk the disk.
        if !is_sha256_hex(sha256) {
            return Err(StorageError::BadName(sha256.chars().take(80).collect()));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }
}

impl BlobStore for LocalDiskStore {
    fn put<'a>(&'a self, sha256: &'a str, bytes: &'a [u8]) -> BlobFuture<'a, ()> {
        Box::pin(async move {
            let path = self.path(sha256)?;
            if tokio::fs::try_exists(&path).await? {
                return Ok(());
            }
            let dir = path.parent().unwrap_or(&self.root).to_owned();
            tokio::fs::create_dir_all(&dir).await?;
            // Written aside and renamed into place: a reader never sees half a file.
            let partial = dir.join(format!("{sha256}.{}.part", uuid_like()));
            tokio::fs::write(&partial, bytes).await?;
            tokio::fs::rename(&partial, &path).await?;
            Ok(())
        })
    }

    fn get<'a>(&'a self, sha256: &'a str) -> BlobFuture<'a, Vec<u8>> {
        Box::pin(async move {
            let path = self.path(sha256)?;
            match tokio::fs::read(&path).await {
                Ok(bytes) => Ok(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    Err(StorageError::Missing(sha256.to_owned()))
                }
                Err(e) => Err(e.into()),
            }
        })
    }
}

/// A random suffix for temporary files (two uploads of the same content may race).
fn uuid_like() -> String {
    use rand::Rng;
    format!("{:016x}", rand::thread_rng().r#gen::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn same_content_is_stored_once_and_names_are_checked() {
        let dir = std::env::temp_dir().join(format!("openasp-blobs-{}", uuid_like()));
        let store = LocalDiskStore::in_data_dir(&dir);
        let hash = sha256_hex(b"hello");
        assert_eq!(
            hash,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        store.put(&hash, b"hello").await.unwrap();
        store.put(&hash, b"hello").await.unwrap();
        assert_eq!(store.get(&hash).await.unwrap(), b"hello");
        let files = std::fs::read_dir(dir.join("blobs").join("2c"))
            .unwrap()
            .count();
        assert_eq!(files, 1);
        assert!(matches!(
            store.get("../../etc/passwd").await,
            Err(StorageError::BadName(_))
        ));
        assert!(matches!(
            store.get(&sha256_hex(b"other")).await,
            Err(StorageError::Missing(_))
        ));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
