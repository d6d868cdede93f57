//! Server functions of the search screen: thin (authenticate, tenant handle, service).
// The search takes each filter as its own form field (the search page is a plain GET form);
// the browser-side function the macro generates takes them all as arguments too.
#![allow(clippy::too_many_arguments)]
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use openasp_core::error::AppError;
use openasp_core::paging::Page;

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

/// Searches the acting municipality's documents.
#[server(endpoint = "records/find/search")]
pub async fn search_documents(
    q: String,
    number: String,
    partner: String,
    clerk: String,
    from: String,
    until: String,
    state: String,
    retention: String,
    sort: String,
    page: u64,
) -> Result<SearchResults, AppError> {
    use super::domain::SearchForm;
    let form = SearchForm {
        q,
        number,
        partner,
        clerk,
        from,
        until,
        state,
        retention,
        sort,
    };
    let tx = openasp_framework::request::member_tx().await?;
    let results = super::service::search(&tx, &form, page, super::domain::SEARCH_PAGE_SIZE).await?;
    tx.commit().await?;
    Ok(results)
}

/// The clerks and retention items the search form offers.
#[server(endpoint = "records/find/options")]
pub async fn search_choices() -> Result<SearchOptions, AppError> {
    let tx = openasp_framework::request::member_tx().await?;
    let options = super::service::options(&tx).await?;
    tx.commit().await?;
    Ok(options)
}
