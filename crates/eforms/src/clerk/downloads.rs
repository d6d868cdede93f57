//! The files of the submissions screens, served by plain HTTP routes (a browser downloads
//! them with a link): a submission's export (JSON, CSV, PDF) and the files attached to it.
//! Each request is authenticated from its session cookie and served in the user's own
//! municipality only, like a server function.
use http::HeaderMap;
use sea_orm::DatabaseConnection;

use super::ExportFormat;
use crate::service::found_id;
use openasp_core::error::AppError;
use openasp_framework::request::member_tx_from_headers;
use openasp_framework::session::Download;

/// `submission`'s answers in `format` (`json`, `csv`, `pdf`).
pub async fn export(
    db: &DatabaseConnection,
    headers: &HeaderMap,
    submission: &str,
    format: &str,
) -> Result<Download, AppError> {
    let format = ExportFormat::from_code(format).ok_or(AppError::NotFound)?;
    let submission = found_id(submission)?;
    let tx = member_tx_from_headers(db, headers).await?;
    let (file_name, bytes) = super::service::export(&tx, submission, format).await?;
    tx.commit().await?;
    Ok(Download {
        file_name,
        content_type: format.content_type(),
        bytes,
    })
}

/// A file attached to `submission`.
pub async fn file(
    db: &DatabaseConnection,
    headers: &HeaderMap,
    submission: &str,
    upload: &str,
) -> Result<Download, AppError> {
    let (submission, upload) = (found_id(submission)?, found_id(upload)?);
    let tx = member_tx_from_headers(db, headers).await?;
    let file = super::service::submission_file(&tx, submission, upload).await?;
    tx.commit().await?;
    // The type the server measured at upload (never the browser's label).
    let content_type = match file.content_type.as_str() {
        "application/pdf" => "application/pdf",
        "image/jpeg" => "image/jpeg",
        "image/png" => "image/png",
        _ => "application/octet-stream",
    };
    Ok(Download {
        file_name: file.file_name,
        content_type,
        bytes: file.content,
    })
}
