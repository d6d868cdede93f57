//! The legacy-register import's report (shared by server and browser).
use serde::{Deserialize, Serialize};

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
