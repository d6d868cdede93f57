//! Server functions of the clerks' submissions screens: thin (who is asking, which
//! municipality, the service).
use leptos::prelude::*;

use crate::types::{SubmissionDetail, SubmissionRow};
use openasp_core::error::AppError;
use openasp_core::paging::Page;

#[cfg(feature = "ssr")]
use openasp_framework::request::member_tx;

/// A page of the acting municipality's submissions (`status` empty: all).
#[server(endpoint = "eforms/clerk/submissions/page")]
pub async fn submissions_page(status: String, page: u64) -> Result<Page<SubmissionRow>, AppError> {
    use openasp_core::paging::PageNumber;
    let tx = member_tx().await?;
    let rows = super::service::submissions_page(&tx, status.trim(), PageNumber::new(page)).await?;
    tx.commit().await?;
    Ok(rows)
}

/// One submission, its answers labelled from the exact form version.
#[server(endpoint = "eforms/clerk/submission/detail")]
pub async fn get_submission_detail(submission: String) -> Result<SubmissionDetail, AppError> {
    let id = crate::service::found_id(&submission)?;
    let tx = member_tx().await?;
    let detail = super::service::submission_detail(&tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}
