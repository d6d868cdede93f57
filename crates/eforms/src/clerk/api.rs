//! Server functions of the clerks' submissions screens: thin (who is asking, which
//! municipality, the service).
use leptos::prelude::*;

use super::SubmissionRow;
use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[cfg(feature = "ssr")]
async fn staff_tx(
    db: &sea_orm::DatabaseConnection,
) -> Result<openasp_framework::tenancy::TenantTx, AppError> {
    let principal = openasp_framework::session::require_principal(db).await?;
    openasp_framework::tenancy::TenantTx::begin(db, &principal).await
}

/// A page of the acting municipality's submissions (`status` empty: all).
#[server(endpoint = "eforms/clerk/submissions/page")]
pub async fn submissions_page(status: String, page: u64) -> Result<Page<SubmissionRow>, AppError> {
    use openasp_core::paging::PageNumber;
    let db = openasp_ui::server_context::database()?;
    let tx = staff_tx(&db).await?;
    let rows = super::service::submissions_page(&tx, status.trim(), PageNumber::new(page)).await?;
    tx.commit().await?;
    Ok(rows)
}

/// One submission, its answers labelled from the exact form version.
#[server(endpoint = "eforms/clerk/submission/detail")]
pub async fn get_submission_detail(
    submission: String,
) -> Result<super::SubmissionDetail, AppError> {
    let id = crate::service::parse_id(&submission)?;
    let db = openasp_ui::server_context::database()?;
    let tx = staff_tx(&db).await?;
    let detail = super::service::submission_detail(&tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}
