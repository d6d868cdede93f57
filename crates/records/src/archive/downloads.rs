//! The files of the archive screens, served by plain HTTP routes (a browser downloads them
//! with a link): the printed register book (PDF) and the transfer package for the public
//! archives (JSON). Each request is authenticated from its session cookie and served in the
//! user's own municipality only, like a server function.
use http::HeaderMap;
use sea_orm::DatabaseConnection;

use crate::types::RegisterBookId;
use openasp_core::error::AppError;
use openasp_framework::request::member_tx_from_headers;
use openasp_framework::session::Download;

/// The register book `book` of the user's municipality as a PDF.
pub async fn book_pdf(
    db: &DatabaseConnection,
    headers: &HeaderMap,
    book: RegisterBookId,
) -> Result<Download, AppError> {
    let tx = member_tx_from_headers(db, headers).await?;
    let (file_name, bytes) = super::service::book_pdf(&tx, book).await?;
    tx.commit().await?;
    Ok(Download {
        file_name,
        content_type: "application/pdf",
        bytes,
    })
}

/// The case files due for transfer to the public archives, with their documents and history.
pub async fn transfer_package(
    db: &DatabaseConnection,
    headers: &HeaderMap,
) -> Result<Download, AppError> {
    let tx = member_tx_from_headers(db, headers).await?;
    let package = super::service::transfer_package(&tx).await?;
    tx.commit().await?;
    let bytes = serde_json::to_vec_pretty(&package).map_err(AppError::internal)?;
    Ok(Download {
        file_name: format!(
            "leveltari-atadas-{}.json",
            openasp_framework::tenancy::now().format("%Y%m%d")
        ),
        content_type: "application/json; charset=utf-8",
        bytes,
    })
}
