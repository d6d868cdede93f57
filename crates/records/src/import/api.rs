//! The legacy-register import's server function and report.
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use openasp_core::error::AppError;

/// A line of the file that was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedLine {
    /// 1-based line of the file.
    pub line: u64,
    /// 1-based column, when one column is at fault.
    pub column: Option<u32>,
    /// Why, in Hungarian.
    pub reason: String,
}

/// What an import did: everything, or (with any line rejected) nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub imported: bool,
    pub books: usize,
    pub partners: usize,
    pub case_files: usize,
    pub documents: usize,
    pub rejected: Vec<RejectedLine>,
}

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
