//! Files of the website (server only): an editor attaches a document or an image to an item;
//! visitors download the files of published items.
//!
//! Files are recognised by their first bytes, never by their name, and limited in size. They
//! are stored content-addressed (SHA-256) under `{data_dir}/website/{municipality}/`, so a
//! file's address never changes and it can be cached for good.
use std::path::{Path, PathBuf};

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};
use sha2::{Digest, Sha256};

use super::domain::{FileType, ItemKind, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES};
use crate::db::{website_file, website_item};
use crate::error::{AppError, Problem};
use crate::framework::audit::AuditEvent;
use crate::framework::ids::MunicipalityId;
use crate::framework::roles::Role;
use crate::framework::tenancy::{PublicReadTx, TenantTx, now};

/// Where a municipality's files are.
pub fn directory(data_dir: &Path, municipality: MunicipalityId) -> PathBuf {
    data_dir.join("website").join(municipality.0.to_string())
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A file name as visitors download it: the last path segment, without control characters
/// or quotes, at most 120 characters.
pub fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_owned();
    if cleaned.is_empty() {
        "fajl".to_owned()
    } else {
        cleaned
    }
}

/// What an editor sent.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The image's alternative text (required for images).
    pub alt: String,
}

/// Attaches a file to an item of the acting municipality: a document's file, or an item's
/// image (which must have an alternative text). Returns the file's SHA-256.
pub async fn attach(
    tx: &TenantTx,
    data_dir: &Path,
    item_id: i64,
    upload: Upload,
) -> Result<String, AppError> {
    tx.require_role(Role::WebsiteEditor)?;
    let item = website_item::Entity::find_by_id((tx.municipality().0, item_id))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(kind) = FileType::sniff(&upload.bytes) else {
        return Err(AppError::invalid("file", Problem::Malformed));
    };
    let limit = if kind.is_image() {
        MAX_IMAGE_BYTES
    } else {
        MAX_DOCUMENT_BYTES
    };
    if upload.bytes.len() > limit {
        return Err(AppError::invalid("file", Problem::TooLong));
    }
    let alt = upload.alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if kind.is_image() && alt.is_empty() {
        return Err(AppError::invalid("alt", Problem::MissingAltText));
    }
    if !kind.is_image() && item.kind != ItemKind::Document.code() {
        // Only documents carry a downloadable file; other items take images.
        return Err(AppError::invalid("file", Problem::Malformed));
    }
    let sha = Sha256::digest(&upload.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let dir = directory(data_dir, tx.municipality());
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let path = dir.join(&sha);
    if tokio::fs::metadata(&path).await.is_err() {
        // Written under a temporary name and renamed: a reader never sees half a file.
        let partial = dir.join(format!("{sha}.part"));
        tokio::fs::write(&partial, &upload.bytes)
            .await
            .map_err(AppError::internal)?;
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(AppError::internal)?;
    }
    let file_name = clean_file_name(&upload.file_name);
    website_file::Entity::insert(website_file::ActiveModel {
        municipality_id: Set(tx.municipality().0),
        sha256: Set(sha.clone()),
        media_type: Set(kind.media_type().to_owned()),
        size: Set(i64::try_from(upload.bytes.len()).unwrap_or(i64::MAX)),
        original_name: Set(file_name.clone()),
        width: Set(None),
        height: Set(None),
        created_at: Set(now()),
    })
    .on_conflict(
        OnConflict::columns([
            website_file::Column::MunicipalityId,
            website_file::Column::Sha256,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(tx.conn())
    .await?;
    let mut update = website_item::ActiveModel {
        municipality_id: Set(item.municipality_id),
        id: Set(item.id),
        updated_at: Set(now()),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    };
    if kind.is_image() {
        update.image_sha256 = Set(Some(sha.clone()));
        update.image_alt = Set(Some(alt));
    } else {
        update.file_sha256 = Set(Some(sha.clone()));
        update.file_name = Set(Some(file_name.clone()));
    }
    website_item::Entity::update(update).exec(tx.conn()).await?;
    tx.audit(AuditEvent::new(
        "website.file",
        "website_item",
        Some(item.id.to_string()),
        format!(
            "{file_name} ({}, {} bytes)",
            kind.media_type(),
            upload.bytes.len()
        ),
    ))
    .await?;
    Ok(sha)
}

/// A file visitors may download: its type and bytes. `None` unless a visible item (or the
/// site's logo) uses it.
pub async fn public_file(
    tx: &PublicReadTx,
    data_dir: &Path,
    sha: &str,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    if !is_sha256(sha) {
        return Ok(None);
    }
    if !super::repo::file_is_public(tx, sha, now()).await? {
        return Ok(None);
    }
    let Some(row) = website_file::Entity::find_by_id((tx.municipality().0, sha.to_owned()))
        .one(tx.conn())
        .await?
    else {
        return Ok(None);
    };
    let path = directory(data_dir, tx.municipality()).join(sha);
    match tokio::fs::read(&path).await {
        Ok(bytes) => Ok(Some((row.media_type, bytes))),
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "website file missing");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(
            clean_file_name("C:\\Users\\x\\rendelet.pdf"),
            "rendelet.pdf"
        );
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b<c>.pdf"), "abc.pdf");
        assert_eq!(clean_file_name(""), "fajl");
        assert!(is_sha256(&"a".repeat(64)));
        assert!(!is_sha256("../x"));
        assert!(!is_sha256(&"A".repeat(64)));
    }
}
