//! Files of the website (server only): an editor attaches a document or an image to an item;
//! visitors download the files of published items.
//!
//! Files are recognised by their first bytes, never by their name, and limited in size. They
//! are stored content-addressed (SHA-256) under `{data_dir}/website/{municipality}/`, so a
//! file's address never changes and it can be cached for good.
use std::path::{Path, PathBuf};

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use sha2::{Digest, Sha256};

use super::domain::{FileType, ItemKind, MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES};
use crate::db::{website_file, website_image_variant, website_item, website_site};
use crate::problems::WebsiteProblem;
use openasp_core::error::{AppError, Problem};
use openasp_core::ids::MunicipalityId;
use openasp_framework::audit::AuditEvent;
use openasp_framework::roles::Role;
use openasp_framework::tenancy::{PublicReadTx, TenantTx, now};

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

/// A file name as visitors download it (`openasp_core::text::safe_file_name`: one extension,
/// no path, no control or quoting characters).
pub fn clean_file_name(name: &str) -> String {
    openasp_core::text::safe_file_name(name, None, 120, "fajl")
}

/// What an editor sent.
pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The image's alternative text (required for images).
    pub alt: String,
}

/// The widths (CSS pixels) an uploaded image is resized to, for `srcset`; an image is never
/// enlarged, so only the widths below its own are made.
pub const VARIANT_WIDTHS: [u32; 4] = [320, 640, 1024, 1600];
/// The largest image decoded (either side), and the memory its decoder may take.
const MAX_IMAGE_SIDE: u32 = 12_000;
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;
const JPEG_QUALITY: u8 = 82;

/// A resized copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

/// An upload checked (type by content, size, alternative text) and, for a JPEG or PNG
/// image, resized — before any transaction is opened.
pub struct Prepared {
    pub kind: FileType,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub alt: String,
    pub sha256: String,
    /// The image's own size (as shown, after its EXIF orientation), when decoded.
    pub dimensions: Option<(u32, u32)>,
    pub variants: Vec<Variant>,
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Decodes a JPEG or PNG (within limits against decompression bombs), turns it upright by
/// its EXIF orientation, and makes a copy at every width of [`VARIANT_WIDTHS`] below its own,
/// in its own format (JPEG quality 82, or PNG). The copies carry no metadata. CPU-heavy: run
/// it off the async runtime (`spawn_blocking`).
pub fn resize_image(bytes: &[u8], kind: FileType) -> Result<((u32, u32), Vec<Variant>), AppError> {
    use image::codecs::jpeg::JpegEncoder;
    use image::codecs::png::PngEncoder;
    use image::imageops::FilterType;
    use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
    let malformed = |_| AppError::invalid("file", Problem::Malformed);
    let format = match kind {
        FileType::Jpeg => ImageFormat::Jpeg,
        FileType::Png => ImageFormat::Png,
        _ => return Err(AppError::invalid("file", Problem::Malformed)),
    };
    let mut reader = ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_IMAGE_SIDE);
    limits.max_image_height = Some(MAX_IMAGE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(malformed)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(malformed)?;
    picture.apply_orientation(orientation);
    let (width, height) = (picture.width(), picture.height());
    let mut variants = Vec::new();
    for target in VARIANT_WIDTHS.into_iter().filter(|w| *w < width) {
        let scaled = u64::from(height) * u64::from(target) / u64::from(width).max(1);
        let target_height = u32::try_from(scaled).unwrap_or(u32::MAX).max(1);
        let small = picture.resize_exact(target, target_height, FilterType::Triangle);
        let mut out = Vec::new();
        match kind {
            FileType::Jpeg => DynamicImage::ImageRgb8(small.to_rgb8())
                .write_with_encoder(JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)),
            _ => small.write_with_encoder(PngEncoder::new(&mut out)),
        }
        .map_err(AppError::internal)?;
        variants.push(Variant {
            width: target,
            height: target_height,
            bytes: out,
        });
    }
    Ok(((width, height), variants))
}

/// Checks an upload and resizes an image (on a blocking thread). `image_only` refuses
/// anything but images (the coat of arms).
pub async fn prepare(upload: Upload, image_only: bool) -> Result<Prepared, AppError> {
    let Some(kind) = FileType::sniff(&upload.bytes) else {
        return Err(AppError::invalid("file", Problem::Malformed));
    };
    if image_only && !kind.is_image() {
        return Err(AppError::invalid("file", Problem::Malformed));
    }
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
        return Err(AppError::invalid(
            "alt",
            Problem::from(WebsiteProblem::MissingAltText),
        ));
    }
    let bytes = upload.bytes;
    let (bytes, sha256, resized) = tokio::task::spawn_blocking(move || {
        let sha = sha256_hex(&bytes);
        let resized = match kind {
            FileType::Jpeg | FileType::Png => Some(resize_image(&bytes, kind)),
            _ => None,
        };
        (bytes, sha, resized)
    })
    .await
    .map_err(AppError::internal)?;
    let (dimensions, variants) = match resized.transpose()? {
        Some((size, variants)) => (Some(size), variants),
        None => (None, Vec::new()),
    };
    Ok(Prepared {
        kind,
        file_name: clean_file_name(&upload.file_name),
        bytes,
        alt,
        sha256,
        dimensions,
        variants,
    })
}

/// Writes a file under its name unless it is there (temporary name, then rename: a reader
/// never sees half a file).
async fn store(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), AppError> {
    let path = dir.join(name);
    if tokio::fs::metadata(&path).await.is_err() {
        let partial = dir.join(format!("{name}.part"));
        tokio::fs::write(&partial, bytes)
            .await
            .map_err(AppError::internal)?;
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(AppError::internal)?;
    }
    Ok(())
}

/// Stores a prepared file and its resized copies for the acting municipality, and records
/// them (`website_file`, `website_image_variant`).
pub async fn save_file(
    tx: &TenantTx,
    data_dir: &Path,
    prepared: &Prepared,
) -> Result<(), AppError> {
    let municipality = tx.municipality().0;
    let dir = directory(data_dir, tx.municipality());
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let sha = &prepared.sha256;
    store(&dir, sha, &prepared.bytes).await?;
    let dimension = |v: u32| i32::try_from(v).ok();
    website_file::Entity::insert(website_file::ActiveModel {
        municipality_id: Set(municipality),
        sha256: Set(sha.clone()),
        media_type: Set(prepared.kind.media_type().to_owned()),
        size: Set(i64::try_from(prepared.bytes.len()).unwrap_or(i64::MAX)),
        original_name: Set(prepared.file_name.clone()),
        width: Set(prepared.dimensions.and_then(|(w, _)| dimension(w))),
        height: Set(prepared.dimensions.and_then(|(_, h)| dimension(h))),
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
    for variant in &prepared.variants {
        store(&dir, &format!("{sha}-{}", variant.width), &variant.bytes).await?;
        website_image_variant::Entity::insert(website_image_variant::ActiveModel {
            municipality_id: Set(municipality),
            sha256: Set(sha.clone()),
            width: Set(dimension(variant.width).unwrap_or(i32::MAX)),
            height: Set(dimension(variant.height).unwrap_or(i32::MAX)),
            media_type: Set(prepared.kind.media_type().to_owned()),
            size: Set(i64::try_from(variant.bytes.len()).unwrap_or(i64::MAX)),
        })
        .on_conflict(
            OnConflict::columns([
                website_image_variant::Column::MunicipalityId,
                website_image_variant::Column::Sha256,
                website_image_variant::Column::Width,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(tx.conn())
        .await?;
    }
    Ok(())
}

/// Attaches a prepared file to an item of the acting municipality: a document's file, or an
/// item's image (with its alternative text).
pub async fn attach(
    tx: &TenantTx,
    data_dir: &Path,
    item_id: crate::types::ItemId,
    prepared: Prepared,
) -> Result<String, AppError> {
    tx.require_role(Role::WebsiteEditor)?;
    let item = website_item::Entity::find_by_id((tx.municipality().0, item_id.0))
        .one(tx.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = prepared.kind;
    if !kind.is_image() && item.kind != ItemKind::Document.code() {
        // Only documents carry a downloadable file; other items take images.
        return Err(AppError::invalid("file", Problem::Malformed));
    }
    save_file(tx, data_dir, &prepared).await?;
    let sha = prepared.sha256.clone();
    let file_name = prepared.file_name.clone();
    let mut update = website_item::ActiveModel {
        municipality_id: Set(item.municipality_id),
        id: Set(item.id),
        updated_at: Set(now()),
        updated_by: Set(tx.actor().user_id.map(|u| u.0)),
        ..Default::default()
    };
    if kind.is_image() {
        update.image_sha256 = Set(Some(sha.clone()));
        update.image_alt = Set(Some(prepared.alt.clone()));
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
            "{file_name} ({}, {} bytes, {} resized)",
            kind.media_type(),
            prepared.bytes.len(),
            prepared.variants.len()
        ),
    ))
    .await?;
    Ok(sha)
}

/// The largest coat of arms (logo) accepted.
pub const MAX_LOGO_BYTES: usize = 2 * 1024 * 1024;

/// Sets the site's coat of arms (logo): an image (JPEG, PNG or WebP, at most
/// [`MAX_LOGO_BYTES`]) with its alternative text. The settings row is made when missing.
pub async fn set_logo(tx: &TenantTx, data_dir: &Path, prepared: Prepared) -> Result<(), AppError> {
    tx.require_role(Role::WebsiteEditor)?;
    if !prepared.kind.is_image() {
        return Err(AppError::invalid("file", Problem::Malformed));
    }
    if prepared.bytes.len() > MAX_LOGO_BYTES {
        return Err(AppError::invalid("file", Problem::TooLong));
    }
    save_file(tx, data_dir, &prepared).await?;
    let municipality = tx.municipality().0;
    let existing = website_site::Entity::find_by_id(municipality)
        .one(tx.conn())
        .await?;
    let at = now();
    let by = tx.actor().user_id.map(|u| u.0);
    if existing.is_some() {
        website_site::Entity::update(website_site::ActiveModel {
            municipality_id: Set(municipality),
            logo_sha256: Set(Some(prepared.sha256.clone())),
            logo_alt: Set(Some(prepared.alt.clone())),
            updated_at: Set(at),
            updated_by: Set(by),
            ..Default::default()
        })
        .exec(tx.conn())
        .await?;
    } else {
        let name = openasp_gazetteer::repo::link_by_id(tx.conn(), tx.municipality())
            .await?
            .map(|m| m.name)
            .unwrap_or_default();
        website_site::Entity::insert(website_site::ActiveModel {
            municipality_id: Set(municipality),
            site_name: Set(name),
            tagline: Set(String::new()),
            host_name: Set(None),
            primary_color: Set(super::domain::DEFAULT_COLOR.to_owned()),
            address: Set(String::new()),
            phone: Set(String::new()),
            email: Set(String::new()),
            office_hours: Set(String::new()),
            social_links: Set(String::new()),
            accessibility_contact: Set(String::new()),
            logo_sha256: Set(Some(prepared.sha256.clone())),
            logo_alt: Set(Some(prepared.alt.clone())),
            updated_at: Set(at),
            updated_by: Set(by),
        })
        .exec_without_returning(tx.conn())
        .await?;
    }
    tx.audit(AuditEvent::new(
        "website.logo",
        "website_site",
        None,
        format!("{} ({})", prepared.alt, prepared.kind.media_type()),
    ))
    .await
}

/// Removes the site's coat of arms from the header.
pub async fn remove_logo(tx: &TenantTx) -> Result<(), AppError> {
    tx.require_role(Role::WebsiteEditor)?;
    website_site::Entity::update_many()
        .col_expr(
            website_site::Column::LogoSha256,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .col_expr(
            website_site::Column::LogoAlt,
            sea_orm::sea_query::Expr::value(Option::<String>::None),
        )
        .col_expr(
            website_site::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now()),
        )
        .filter(website_site::Column::MunicipalityId.eq(tx.municipality()))
        .exec(tx.conn())
        .await?;
    tx.audit(AuditEvent::new(
        "website.logo",
        "website_site",
        None,
        "removed".to_owned(),
    ))
    .await
}

/// A file visitors may download (`{sha}`, or a resized copy `{sha}-{width}`): its type and
/// bytes. `None` unless a visible item (or the site's logo) uses the original.
pub async fn public_file(
    tx: &PublicReadTx,
    data_dir: &Path,
    name: &str,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    // Only the names this module writes: a SHA-256, and one of the known widths.
    let (sha, width) = match name.split_once('-') {
        Some((sha, width)) => match VARIANT_WIDTHS.into_iter().find(|w| w.to_string() == width) {
            Some(w) => (sha, Some(i32::try_from(w).unwrap_or(0))),
            None => return Ok(None),
        },
        None => (name, None),
    };
    if !is_sha256(sha) {
        return Ok(None);
    }
    if !super::repo::file_is_public(tx, sha, now()).await? {
        return Ok(None);
    }
    let media_type = match width {
        None => website_file::Entity::find_by_id((tx.municipality().0, sha.to_owned()))
            .one(tx.conn())
            .await?
            .map(|row| row.media_type),
        Some(width) => {
            website_image_variant::Entity::find_by_id((tx.municipality().0, sha.to_owned(), width))
                .one(tx.conn())
                .await?
                .map(|row| row.media_type)
        }
    };
    let Some(media_type) = media_type else {
        return Ok(None);
    };
    let path = directory(data_dir, tx.municipality()).join(name);
    match tokio::fs::read(&path).await {
        Ok(bytes) => Ok(Some((media_type, bytes))),
        Err(error) => {
            tracing::warn!(%error, path = %path.display(), "website file missing");
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture =
            image::GrayImage::from_fn(width, height, |x, _| image::Luma([(x % 256) as u8]));
        let mut out = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn images_are_resized_down_only() {
        let ((w, h), variants) = resize_image(&png(700, 350), FileType::Png).unwrap();
        assert_eq!((w, h), (700, 350));
        let sizes: Vec<_> = variants.iter().map(|v| (v.width, v.height)).collect();
        assert_eq!(sizes, [(320, 160), (640, 320)]);
        for variant in &variants {
            assert_eq!(FileType::sniff(&variant.bytes), Some(FileType::Png));
        }
        let (_, none) = resize_image(&png(320, 10), FileType::Png).unwrap();
        assert!(
            none.is_empty(),
            "never enlarged, nor copied at its own width"
        );
        // A header claiming a huge (here also broken) picture, and garbage, are refused.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        assert!(resize_image(&bomb, FileType::Png).is_err());
        assert!(resize_image(b"\xff\xd8\xff garbage", FileType::Jpeg).is_err());
    }

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
