//! The files of the archive screens, served by plain HTTP routes (a browser downloads them
//! with a link): the printed register book (PDF) and the transfer package for the public
//! archives (JSON). Each request is authenticated from its session cookie and served in the
//! user's own municipality only, like a server function.
use http::HeaderMap;
use sea_orm::DatabaseConnection;

use crate::framework::session::{Principal, SessionStage, resolve, token_from_cookie_header};
use crate::framework::tenancy::{PEER_ADDRESS_HEADER, RequestMeta, TenantTx};
use openasp_core::error::AppError;

/// A file to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// The signed-in user of a plain HTTP request (its session cookie), or `Unauthenticated`.
pub async fn principal_from_headers(
    db: &DatabaseConnection,
    headers: &HeaderMap,
) -> Result<Principal, AppError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let token = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
        .ok_or(AppError::Unauthenticated)?;
    let meta = RequestMeta {
        ip: header(PEER_ADDRESS_HEADER),
        request_id: header("x-request-id"),
        user_agent: header("user-agent").map(|ua| ua.chars().take(300).collect()),
    };
    let mut principal = resolve(db, &token, SessionStage::Active)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    principal.meta = meta;
    Ok(principal)
}

/// The register book `book` of the user's municipality as a PDF.
pub async fn book_pdf(
    db: &DatabaseConnection,
    headers: &HeaderMap,
    book: i64,
) -> Result<Download, AppError> {
    let principal = principal_from_headers(db, headers).await?;
    let tx = TenantTx::begin(db, &principal).await?;
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
    let principal = principal_from_headers(db, headers).await?;
    let tx = TenantTx::begin(db, &principal).await?;
    let package = super::service::transfer_package(&tx).await?;
    tx.commit().await?;
    let bytes = serde_json::to_vec_pretty(&package).map_err(AppError::internal)?;
    Ok(Download {
        file_name: format!(
            "leveltari-atadas-{}.json",
            crate::framework::tenancy::now().format("%Y%m%d")
        ),
        content_type: "application/json; charset=utf-8",
        bytes,
    })
}
