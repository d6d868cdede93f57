//! The whole case file in one server call.
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;

/// The case file `id` of the acting municipality with everything in it (one transaction).
#[server(endpoint = "records/find/case")]
pub async fn case_file(id: String) -> Result<CaseView, AppError> {
    // Any whole number, as always: zero or a negative id is then simply not found.
    let id = crate::types::CaseFileId(id.trim().parse().map_err(|_| AppError::NotFound)?);
    let tx = openasp_framework::request::member_tx().await?;
    let view = super::service::load(&tx, id).await?;
    tx.commit().await?;
    Ok(view)
}
