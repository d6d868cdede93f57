//! The legacy-register import's server function and report.
use super::types::*;
use leptos::prelude::*;

use openasp_core::error::AppError;

/// Imports a legacy register (CSV text, docs/records-import.md) into the acting municipality.
#[server(endpoint = "records/import/run")]
pub async fn import_register(csv: String) -> Result<ImportReport, AppError> {
    let tx = openasp_framework::request::member_tx().await?;
    let report = super::service::import(&tx, &csv).await?;
    if report.imported {
        tx.commit().await?;
    }
    Ok(report)
}
