//! The clerks' side of submitted e-forms: the paginated list, one submission's answers
//! labelled from the exact form version, its files, status changes with public notes, and
//! the JSON, CSV and PDF exports.
pub mod api;
#[cfg(feature = "ssr")]
pub mod downloads;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

/// Submissions per page of the list.
pub const PAGE_SIZE: u64 = 25;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
    Pdf,
}

impl ExportFormat {
    pub fn from_code(code: &str) -> Option<ExportFormat> {
        match code {
            "json" => Some(ExportFormat::Json),
            "csv" => Some(ExportFormat::Csv),
            "pdf" => Some(ExportFormat::Pdf),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Pdf => "pdf",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Json => "application/json; charset=utf-8",
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Pdf => "application/pdf",
        }
    }
}

/// Where a submission's export is downloaded.
pub fn export_href(submission: &str, format: ExportFormat) -> String {
    format!(
        "/ugyintezo/beadvanyok/{submission}/export/{}",
        format.code()
    )
}

/// Where a file of a submission is downloaded.
pub fn file_href(submission: &str, upload: &str) -> String {
    format!("/ugyintezo/beadvanyok/{submission}/fajl/{upload}")
}
