//! What the search screen's server functions answer (shared by server and browser).
use openasp_core::paging::Page;
use serde::{Deserialize, Serialize};

/// One found document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    pub document_id: i64,
    pub case_file_id: i64,
    pub registry_number: String,
    pub subject: String,
    pub sender: Option<String>,
    /// `YYYY-MM-DD`.
    pub registered_at: String,
    pub document_state: String,
    pub case_state: String,
    /// The case file's handling clerk.
    pub handler: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub page: Page<SearchHit>,
    /// More hits than counted: `page.total` is the cap.
    pub capped: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedOption {
    pub id: i64,
    pub name: String,
}

/// The choices of the search form's selects.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchOptions {
    pub clerks: Vec<NamedOption>,
    pub retention_items: Vec<NamedOption>,
}
